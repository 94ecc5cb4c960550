package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.List;

/**
 * Whether a block always exits — ends in {@code return}, {@code raise}, {@code break} or {@code
 * continue} on every path — judged from the syntax alone, for code the checker does not check.
 */
final class Exits {
    private Exits() {}

    static boolean always(List<Stmt> body) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Return || s instanceof Stmt.Raise || s instanceof Stmt.Break
                    || s instanceof Stmt.Continue) {
                return true;
            }
            if (s instanceof Stmt.If i && always(i.body()) && always(i.orelse())) {
                return true;
            }
            if (s instanceof Stmt.With w && always(w.body())) {
                return true;
            }
        }
        return false;
    }
}
