package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.ExceptHandler;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a piece of code the checker skips would assign, so that they can be bound to opaque
 * values: skipping code must never turn a later use into "undefined value".
 */
final class Opaque {
    private Opaque() {}

    static Set<String> assignedIn(List<Stmt> body) {
        Set<String> names = new LinkedHashSet<>();
        body.forEach(s -> collect(s, names));
        return names;
    }

    static Set<String> assigned(Stmt s) {
        Set<String> names = new LinkedHashSet<>();
        collect(s, names);
        return names;
    }

    private static void collect(Stmt s, Set<String> names) {
        if (s instanceof Stmt.Assign a) {
            a.targets().forEach(t -> target(t, names));
        } else if (s instanceof Stmt.AnnAssign a) {
            target(a.target(), names);
        } else if (s instanceof Stmt.AugAssign a) {
            target(a.target(), names);
        } else if (s instanceof Stmt.For f) {
            target(f.target(), names);
            f.body().forEach(b -> collect(b, names));
            f.orelse().forEach(b -> collect(b, names));
        } else if (s instanceof Stmt.AsyncFor f) {
            target(f.target(), names);
            f.body().forEach(b -> collect(b, names));
        } else if (s instanceof Stmt.While w) {
            w.body().forEach(b -> collect(b, names));
            w.orelse().forEach(b -> collect(b, names));
        } else if (s instanceof Stmt.If i) {
            i.body().forEach(b -> collect(b, names));
            i.orelse().forEach(b -> collect(b, names));
        } else if (s instanceof Stmt.With w) {
            w.items().forEach(it -> it.optionalVars().ifPresent(t -> target(t, names)));
            w.body().forEach(b -> collect(b, names));
        } else if (s instanceof Stmt.AsyncWith w) {
            w.body().forEach(b -> collect(b, names));
        } else if (s instanceof Stmt.Try t) {
            t.body().forEach(b -> collect(b, names));
            for (ExceptHandler h : t.handlers()) {
                h.name().ifPresent(names::add);
                h.body().forEach(b -> collect(b, names));
            }
            t.orelse().forEach(b -> collect(b, names));
            t.finalbody().forEach(b -> collect(b, names));
        } else if (s instanceof Stmt.FunctionDef f) {
            names.add(f.name());
        } else if (s instanceof Stmt.AsyncFunctionDef f) {
            names.add(f.name());
        } else if (s instanceof Stmt.ClassDef c) {
            names.add(c.name());
        } else if (s instanceof Stmt.Import imp) {
            imp.names().forEach(a -> names.add(a.asname().orElse(a.name().split("\\.")[0])));
        } else if (s instanceof Stmt.ImportFrom imp) {
            imp.names().forEach(a -> names.add(a.asname().orElse(a.name())));
        } else if (s instanceof Stmt.Global g) {
            names.addAll(g.names());
        } else if (s instanceof Stmt.Nonlocal g) {
            names.addAll(g.names());
        } else if (s instanceof Stmt.Match) {
            // captures are not collected; the match statement is rare in TorchScript and unsupported
        }
    }

    private static void target(Expr t, Set<String> names) {
        if (t instanceof Expr.Name n) {
            names.add(n.id());
        } else if (t instanceof Expr.Tuple tu) {
            tu.elts().forEach(e -> target(e, names));
        } else if (t instanceof Expr.List l) {
            l.elts().forEach(e -> target(e, names));
        } else if (t instanceof Expr.Starred s) {
            target(s.value(), names);
        }
    }
}
