package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.ExprContext;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns expressions parsed in Load context into assignment or deletion targets: checks that they
 * are valid targets (names, attributes, subscripts, starred targets, lists and tuples of them),
 * reports CPython's "cannot assign to ..." / "cannot delete ..." otherwise, and rebuilds them with
 * Store or Del context. Also names expressions the way CPython's error messages do.
 */
final class Targets {
    private Targets() {}

    /** Where a target appears; decides the context and the wording of errors. */
    enum Kind {
        /** {@code a = ...}, {@code with ... as a}, walrus. */
        ASSIGN,
        /** {@code for a in ...} and comprehension clauses. */
        FOR,
        /** {@code del a}. */
        DEL
    }

    /**
     * Validates {@code e} as a target of {@code kind} and returns it with Store (or Del) context.
     * An invalid target is reported and returned unchanged. {@code firstOfStatement} selects
     * CPython's "... here. Maybe you meant '==' instead of '='?" wording for the first target of an
     * assignment statement.
     */
    static Expr store(TokenStream ts, Expr e, Kind kind, boolean firstOfStatement) {
        Expr invalid = findInvalid(e, kind);
        if (invalid != null) {
            String what = describe(invalid);
            String message;
            if (kind == Kind.DEL) {
                message = "cannot delete " + what;
            } else if (firstOfStatement && invalid == e && !isSingletonConstant(e)
                    && !(e instanceof Expr.List) && !(e instanceof Expr.Tuple)
                    && (isBitwiseOrLevel(e) || ts.parenthesized(e.range().start(), e.range().end()))) {
                message = "cannot assign to " + what + " here. Maybe you meant '==' instead of '='?";
            } else {
                message = "cannot assign to " + what;
            }
            ts.error(invalid.range().start(), invalid.range().end(), message);
            return e;
        }
        return withContext(e, kind == Kind.DEL ? ExprContext.DEL : ExprContext.STORE);
    }

    /** The first sub-expression of {@code e} that cannot be a target, or null. */
    static Expr findInvalid(Expr e, Kind kind) {
        if (e instanceof Expr.Name || e instanceof Expr.Attribute || e instanceof Expr.Subscript
                || e instanceof Expr.Error) {
            return null;
        }
        if (e instanceof Expr.Starred s) {
            return kind == Kind.DEL ? e : findInvalid(s.value(), kind);
        }
        List<Expr> elts = e instanceof Expr.Tuple t ? t.elts() : e instanceof Expr.List l ? l.elts() : null;
        if (elts == null) {
            return e;
        }
        for (Expr elt : elts) {
            Expr bad = findInvalid(elt, kind);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    /** {@code e} rebuilt with context {@code ctx}; {@code e} must be a valid target. */
    static Expr withContext(Expr e, ExprContext ctx) {
        if (e instanceof Expr.Name n) {
            return n.ctx() == ctx ? n : new Expr.Name(n.id(), ctx, n.range());
        }
        if (e instanceof Expr.Attribute a) {
            return new Expr.Attribute(a.value(), a.attr(), ctx, a.range());
        }
        if (e instanceof Expr.Subscript s) {
            return new Expr.Subscript(s.value(), s.slice(), ctx, s.range());
        }
        if (e instanceof Expr.Starred s) {
            return new Expr.Starred(withContext(s.value(), ctx), ctx, s.range());
        }
        if (e instanceof Expr.Tuple t) {
            return new Expr.Tuple(withContexts(t.elts(), ctx), ctx, t.range());
        }
        if (e instanceof Expr.List l) {
            return new Expr.List(withContexts(l.elts(), ctx), ctx, l.range());
        }
        return e;
    }

    private static List<Expr> withContexts(List<Expr> elts, ExprContext ctx) {
        List<Expr> out = new ArrayList<>(elts.size());
        for (Expr elt : elts) {
            out.add(withContext(elt, ctx));
        }
        return out;
    }

    /** Whether {@code e} may be an assignment statement's or augmented assignment's single target. */
    static boolean isSingleTarget(Expr e) {
        return e instanceof Expr.Name || e instanceof Expr.Attribute || e instanceof Expr.Subscript;
    }

    /** Whether {@code e} can be produced by CPython's {@code bitwise_or} rule (no comparison or boolean). */
    static boolean isBitwiseOrLevel(Expr e) {
        if (e instanceof Expr.BoolOp || e instanceof Expr.Compare || e instanceof Expr.IfExp
                || e instanceof Expr.Lambda || e instanceof Expr.NamedExpr || e instanceof Expr.Starred) {
            return false;
        }
        return !(e instanceof Expr.UnaryOp u && u.op() == UnaryOperator.NOT);
    }

    static boolean isSingletonConstant(Expr e) {
        return e instanceof Expr.Constant c
                && (c.value() instanceof Literal.Bool || c.value() instanceof Literal.None);
    }

    /** CPython's name for an expression in error messages ({@code _PyPegen_get_expr_name}). */
    static String describe(Expr e) {
        if (e instanceof Expr.Attribute) {
            return "attribute";
        } else if (e instanceof Expr.Subscript) {
            return "subscript";
        } else if (e instanceof Expr.Starred) {
            return "starred";
        } else if (e instanceof Expr.Name) {
            return "name";
        } else if (e instanceof Expr.List) {
            return "list";
        } else if (e instanceof Expr.Tuple) {
            return "tuple";
        } else if (e instanceof Expr.Lambda) {
            return "lambda";
        } else if (e instanceof Expr.Call) {
            return "function call";
        } else if (e instanceof Expr.BoolOp || e instanceof Expr.BinOp || e instanceof Expr.UnaryOp) {
            return "expression";
        } else if (e instanceof Expr.GeneratorExp) {
            return "generator expression";
        } else if (e instanceof Expr.Yield || e instanceof Expr.YieldFrom) {
            return "yield expression";
        } else if (e instanceof Expr.Await) {
            return "await expression";
        } else if (e instanceof Expr.ListComp) {
            return "list comprehension";
        } else if (e instanceof Expr.SetComp) {
            return "set comprehension";
        } else if (e instanceof Expr.DictComp) {
            return "dict comprehension";
        } else if (e instanceof Expr.Dict) {
            return "dict literal";
        } else if (e instanceof Expr.Set) {
            return "set display";
        } else if (e instanceof Expr.JoinedStr || e instanceof Expr.FormattedValue) {
            return "f-string expression";
        } else if (e instanceof Expr.Constant c) {
            Literal v = c.value();
            if (v instanceof Literal.None) {
                return "None";
            } else if (v instanceof Literal.Bool b) {
                return b.value() ? "True" : "False";
            } else if (v instanceof Literal.Ellipsis) {
                return "ellipsis";
            }
            return "literal";
        } else if (e instanceof Expr.Compare) {
            return "comparison";
        } else if (e instanceof Expr.IfExp) {
            return "conditional expression";
        } else if (e instanceof Expr.NamedExpr) {
            return "named expression";
        }
        return "expression";
    }
}
