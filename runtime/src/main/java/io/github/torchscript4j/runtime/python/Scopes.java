package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.Arguments;
import io.github.torchscript4j.checker.syntax.ast.Comprehension;
import io.github.torchscript4j.checker.syntax.ast.ExceptHandler;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.WithItem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The static scope facts of one function body, as CPython's symbol table finds them: which names
 * are local (assigned anywhere in the body, parameters included), which are declared {@code global}
 * or {@code nonlocal}, and whether the body yields (a generator, which the interpreter runs eagerly).
 */
final class Scopes {
    private Scopes() {}

    /** The facts of one body. */
    record Info(Set<String> locals, Set<String> globals, Set<String> nonlocals, boolean generator) {}

    static Info of(Arguments params, List<Stmt> body) {
        Set<String> locals = new HashSet<>();
        Set<String> globals = new HashSet<>();
        Set<String> nonlocals = new HashSet<>();
        boolean[] gen = {false};
        for (Arg a : params.posonlyargs()) {
            locals.add(a.arg());
        }
        for (Arg a : params.args()) {
            locals.add(a.arg());
        }
        for (Arg a : params.kwonlyargs()) {
            locals.add(a.arg());
        }
        params.vararg().ifPresent(a -> locals.add(a.arg()));
        params.kwarg().ifPresent(a -> locals.add(a.arg()));
        for (Stmt s : body) {
            stmt(s, locals, globals, nonlocals, gen);
        }
        locals.removeAll(globals);
        locals.removeAll(nonlocals);
        return new Info(locals, globals, nonlocals, gen[0]);
    }

    private static void stmts(List<Stmt> ss, Set<String> l, Set<String> g, Set<String> n, boolean[] gen) {
        for (Stmt s : ss) {
            stmt(s, l, g, n, gen);
        }
    }

    private static void stmt(Stmt s, Set<String> l, Set<String> g, Set<String> n, boolean[] gen) {
        if (s instanceof Stmt.FunctionDef f) {
            l.add(f.name());
            exprs(f.decoratorList(), gen);
            exprs(f.args().defaults(), gen);
        } else if (s instanceof Stmt.ClassDef c) {
            l.add(c.name());
            exprs(c.bases(), gen);
            exprs(c.decoratorList(), gen);
        } else if (s instanceof Stmt.Return r) {
            r.value().ifPresent(e -> expr(e, gen));
        } else if (s instanceof Stmt.Delete d) {
            d.targets().forEach(t -> target(t, l));
        } else if (s instanceof Stmt.Assign a) {
            a.targets().forEach(t -> target(t, l));
            expr(a.value(), gen);
        } else if (s instanceof Stmt.AugAssign a) {
            target(a.target(), l);
            expr(a.value(), gen);
        } else if (s instanceof Stmt.AnnAssign a) {
            if (a.value().isPresent() || a.simple() == 1) {
                target(a.target(), l);
            }
            a.value().ifPresent(e -> expr(e, gen));
        } else if (s instanceof Stmt.For f) {
            target(f.target(), l);
            expr(f.iter(), gen);
            stmts(f.body(), l, g, n, gen);
            stmts(f.orelse(), l, g, n, gen);
        } else if (s instanceof Stmt.While w) {
            expr(w.test(), gen);
            stmts(w.body(), l, g, n, gen);
            stmts(w.orelse(), l, g, n, gen);
        } else if (s instanceof Stmt.If i) {
            expr(i.test(), gen);
            stmts(i.body(), l, g, n, gen);
            stmts(i.orelse(), l, g, n, gen);
        } else if (s instanceof Stmt.With w) {
            for (WithItem item : w.items()) {
                expr(item.contextExpr(), gen);
                item.optionalVars().ifPresent(t -> target(t, l));
            }
            stmts(w.body(), l, g, n, gen);
        } else if (s instanceof Stmt.Try t) {
            stmts(t.body(), l, g, n, gen);
            for (ExceptHandler h : t.handlers()) {
                h.name().ifPresent(l::add);
                stmts(h.body(), l, g, n, gen);
            }
            stmts(t.orelse(), l, g, n, gen);
            stmts(t.finalbody(), l, g, n, gen);
        } else if (s instanceof Stmt.Import i) {
            i.names().forEach(a -> l.add(a.asname().orElse(a.name().split("\\.")[0])));
        } else if (s instanceof Stmt.ImportFrom i) {
            i.names().forEach(a -> {
                if (!a.name().equals("*")) {
                    l.add(a.asname().orElse(a.name()));
                }
            });
        } else if (s instanceof Stmt.Global gl) {
            g.addAll(gl.names());
        } else if (s instanceof Stmt.Nonlocal nl) {
            n.addAll(nl.names());
        } else if (s instanceof Stmt.ExprStmt e) {
            expr(e.value(), gen);
        } else if (s instanceof Stmt.Raise r) {
            r.exc().ifPresent(e -> expr(e, gen));
        } else if (s instanceof Stmt.Assert a) {
            expr(a.test(), gen);
        }
    }

    private static void target(Expr t, Set<String> l) {
        if (t instanceof Expr.Name nm) {
            l.add(nm.id());
        } else if (t instanceof Expr.Tuple tu) {
            tu.elts().forEach(e -> target(e, l));
        } else if (t instanceof Expr.List li) {
            li.elts().forEach(e -> target(e, l));
        } else if (t instanceof Expr.Starred st) {
            target(st.value(), l);
        }
    }

    private static void exprs(List<Expr> es, boolean[] gen) {
        for (Expr e : es) {
            expr(e, gen);
        }
    }

    /** Looks for {@code yield} outside nested functions and lambdas. */
    private static void expr(Expr e, boolean[] gen) {
        if (gen[0]) {
            return;
        }
        if (e instanceof Expr.Yield y) {
            gen[0] = true;
        } else if (e instanceof Expr.YieldFrom y) {
            gen[0] = true;
        } else if (e instanceof Expr.Lambda lam) {
        } else if (e instanceof Expr.BoolOp b) {
            exprs(b.values(), gen);
        } else if (e instanceof Expr.BinOp b) {
            expr(b.left(), gen);
            expr(b.right(), gen);
        } else if (e instanceof Expr.UnaryOp u) {
            expr(u.operand(), gen);
        } else if (e instanceof Expr.IfExp i) {
            expr(i.test(), gen);
            expr(i.body(), gen);
            expr(i.orelse(), gen);
        } else if (e instanceof Expr.Call c) {
            expr(c.func(), gen);
            exprs(c.args(), gen);
            for (Keyword k : c.keywords()) {
                expr(k.value(), gen);
            }
        } else if (e instanceof Expr.Compare c) {
            expr(c.left(), gen);
            exprs(c.comparators(), gen);
        } else if (e instanceof Expr.Attribute a) {
            expr(a.value(), gen);
        } else if (e instanceof Expr.Subscript s) {
            expr(s.value(), gen);
            expr(s.slice(), gen);
        } else if (e instanceof Expr.Tuple t) {
            exprs(t.elts(), gen);
        } else if (e instanceof Expr.List t) {
            exprs(t.elts(), gen);
        } else if (e instanceof Expr.Starred s) {
            expr(s.value(), gen);
        } else if (e instanceof Expr.NamedExpr ne) {
            expr(ne.value(), gen);
        } else if (e instanceof Expr.ListComp c) {
            comps(c.generators(), gen);
        } else if (e instanceof Expr.GeneratorExp c) {
            comps(c.generators(), gen);
        }
    }

    private static void comps(List<Comprehension> cs, boolean[] gen) {
        if (!cs.isEmpty()) {
            expr(cs.get(0).iter(), gen);
        }
    }
}
