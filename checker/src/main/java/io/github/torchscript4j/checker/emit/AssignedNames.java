package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.WithItem;
import java.util.List;
import java.util.Set;

/** The variables a statement list may assign, in source order (what a loop must carry). */
final class AssignedNames {
    private AssignedNames() {}

    static void collect(List<Stmt> stmts, Set<String> out) {
        for (Stmt s : stmts) {
            collect(s, out);
        }
    }

    private static void collect(Stmt s, Set<String> out) {
        if (s instanceof Stmt.Assign a) {
            for (Expr t : a.targets()) {
                target(t, out);
            }
        } else if (s instanceof Stmt.AnnAssign a) {
            target(a.target(), out);
        } else if (s instanceof Stmt.AugAssign a) {
            target(a.target(), out);
        } else if (s instanceof Stmt.For f) {
            target(f.target(), out);
            collect(f.body(), out);
            collect(f.orelse(), out);
        } else if (s instanceof Stmt.While w) {
            collect(w.body(), out);
            collect(w.orelse(), out);
        } else if (s instanceof Stmt.If f) {
            collect(f.body(), out);
            collect(f.orelse(), out);
        } else if (s instanceof Stmt.With w) {
            for (WithItem i : w.items()) {
                i.optionalVars().ifPresent(v -> target(v, out));
            }
            collect(w.body(), out);
        }
    }

    private static void target(Expr t, Set<String> out) {
        if (t instanceof Expr.Name n) {
            out.add(n.id());
        } else if (t instanceof Expr.Tuple tu) {
            tu.elts().forEach(e -> target(e, out));
        } else if (t instanceof Expr.List l) {
            l.elts().forEach(e -> target(e, out));
        } else if (t instanceof Expr.Starred st) {
            target(st.value(), out);
        }
    }
}
