package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.List;

/** Which statement lists leave their block early ({@code return}, {@code break}, {@code continue}). */
final class Exits {
    private Exits() {}

    /**
     * Whether every path through {@code stmts} ends in {@code return}, {@code break}, {@code
     * continue} or {@code raise}, and at least one in something other than {@code raise}: the
     * statements after such a list, in an {@code if}, belong to the other branch.
     */
    static boolean exits(List<Stmt> stmts) {
        return ends(stmts) && !onlyRaises(stmts);
    }

    /**
     * Whether every path through {@code stmts} ends in {@code return} or {@code raise}, and at
     * least one in {@code return}: the reference then emits the statements after the {@code if} in
     * the other branch. (After a {@code break} or {@code continue} it emits them after the {@code
     * if}, guarded by whether the iteration was left.)
     */
    static boolean returns(List<Stmt> stmts) {
        return exits(stmts) && !leavesIteration(stmts);
    }

    /** Whether a {@code break} or {@code continue} of the current loop is among the statements. */
    private static boolean leavesIteration(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
                return true;
            }
            if (s instanceof Stmt.If f && (leavesIteration(f.body()) || leavesIteration(f.orelse()))) {
                return true;
            }
            if (s instanceof Stmt.With w && leavesIteration(w.body())) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code return} in the statements, at any depth (not in nested definitions), or null. */
    static Stmt.Return firstReturn(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof Stmt.Return r) {
                return r;
            }
            List<List<Stmt>> inner = s instanceof Stmt.If f ? List.of(f.body(), f.orelse())
                    : s instanceof Stmt.For f ? List.of(f.body(), f.orelse())
                    : s instanceof Stmt.While w ? List.of(w.body(), w.orelse())
                    : s instanceof Stmt.With w ? List.of(w.body()) : List.of();
            for (List<Stmt> l : inner) {
                Stmt.Return r = firstReturn(l);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static boolean ends(List<Stmt> stmts) {
        if (stmts.isEmpty()) {
            return false;
        }
        for (Stmt s : stmts) {
            if (s instanceof Stmt.Return || s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Raise) {
                return true;
            }
            if (s instanceof Stmt.If f && ends(f.body()) && ends(f.orelse())) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlyRaises(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof Stmt.Return || s instanceof Stmt.Break || s instanceof Stmt.Continue) {
                return false;
            }
            if (s instanceof Stmt.Raise) {
                return true;
            }
            if (s instanceof Stmt.If f && ends(f.body()) && ends(f.orelse())) {
                return onlyRaises(f.body()) && onlyRaises(f.orelse());
            }
        }
        return true;
    }
}
