package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.Optional;

/**
 * Expressions: CPython's {@code expr}. Inside this file {@code java.util.List} is written in full
 * because {@link Expr.List} mirrors CPython's {@code List} node.
 */
public sealed interface Expr extends Node
        permits Expr.BoolOp, Expr.NamedExpr, Expr.BinOp, Expr.UnaryOp, Expr.Lambda, Expr.IfExp,
                Expr.Dict, Expr.Set, Expr.ListComp, Expr.SetComp, Expr.DictComp,
                Expr.GeneratorExp, Expr.Await, Expr.Yield, Expr.YieldFrom, Expr.Compare,
                Expr.Call, Expr.FormattedValue, Expr.JoinedStr, Expr.Constant, Expr.Attribute,
                Expr.Subscript, Expr.Starred, Expr.Name, Expr.List, Expr.Tuple, Expr.Slice,
                Expr.Error {

    /** {@code a and b and c}: one node for a chain of the same operator. */
    record BoolOp(BoolOperator op, java.util.List<Expr> values, SourceRange range) implements Expr {
        public BoolOp {
            values = java.util.List.copyOf(values);
        }
    }

    /** {@code target := value}; the target is a {@link Name} in store context. */
    record NamedExpr(Expr target, Expr value, SourceRange range) implements Expr {}

    record BinOp(Expr left, Operator op, Expr right, SourceRange range) implements Expr {}

    record UnaryOp(UnaryOperator op, Expr operand, SourceRange range) implements Expr {}

    record Lambda(Arguments args, Expr body, SourceRange range) implements Expr {}

    /** {@code body if test else orelse}. */
    record IfExp(Expr test, Expr body, Expr orelse, SourceRange range) implements Expr {}

    /** A dict display; an empty key is a {@code **mapping} entry (CPython's {@code None} key). */
    record Dict(java.util.List<Optional<Expr>> keys, java.util.List<Expr> values, SourceRange range)
            implements Expr {
        public Dict {
            keys = java.util.List.copyOf(keys);
            values = java.util.List.copyOf(values);
        }
    }

    record Set(java.util.List<Expr> elts, SourceRange range) implements Expr {
        public Set {
            elts = java.util.List.copyOf(elts);
        }
    }

    record ListComp(Expr elt, java.util.List<Comprehension> generators, SourceRange range)
            implements Expr {
        public ListComp {
            generators = java.util.List.copyOf(generators);
        }
    }

    record SetComp(Expr elt, java.util.List<Comprehension> generators, SourceRange range)
            implements Expr {
        public SetComp {
            generators = java.util.List.copyOf(generators);
        }
    }

    record DictComp(Expr key, Expr value, java.util.List<Comprehension> generators, SourceRange range)
            implements Expr {
        public DictComp {
            generators = java.util.List.copyOf(generators);
        }
    }

    record GeneratorExp(Expr elt, java.util.List<Comprehension> generators, SourceRange range)
            implements Expr {
        public GeneratorExp {
            generators = java.util.List.copyOf(generators);
        }
    }

    record Await(Expr value, SourceRange range) implements Expr {}

    record Yield(Optional<Expr> value, SourceRange range) implements Expr {}

    record YieldFrom(Expr value, SourceRange range) implements Expr {}

    /** {@code left op1 c1 op2 c2 ...}: a comparison chain. */
    record Compare(
            Expr left, java.util.List<CmpOperator> ops, java.util.List<Expr> comparators, SourceRange range)
            implements Expr {
        public Compare {
            ops = java.util.List.copyOf(ops);
            comparators = java.util.List.copyOf(comparators);
        }
    }

    record Call(Expr func, java.util.List<Expr> args, java.util.List<Keyword> keywords, SourceRange range)
            implements Expr {
        public Call {
            args = java.util.List.copyOf(args);
            keywords = java.util.List.copyOf(keywords);
        }
    }

    /**
     * One {@code {value!conversion:format_spec}} of an f-string. {@code conversion} is -1 (none) or
     * the code point of {@code s}, {@code r} or {@code a}; the format spec is a {@link JoinedStr}.
     */
    record FormattedValue(Expr value, int conversion, Optional<Expr> formatSpec, SourceRange range)
            implements Expr {}

    /** An f-string (or a concatenation containing one): {@link Constant} and {@link FormattedValue} parts. */
    record JoinedStr(java.util.List<Expr> values, SourceRange range) implements Expr {
        public JoinedStr {
            values = java.util.List.copyOf(values);
        }
    }

    /** A literal; {@code kind} is {@code "u"} for a {@code u"..."} string, as in CPython. */
    record Constant(Literal value, Optional<String> kind, SourceRange range) implements Expr {}

    record Attribute(Expr value, String attr, ExprContext ctx, SourceRange range) implements Expr {}

    record Subscript(Expr value, Expr slice, ExprContext ctx, SourceRange range) implements Expr {}

    record Starred(Expr value, ExprContext ctx, SourceRange range) implements Expr {}

    /** A name; {@code id} is NFKC-normalized as CPython does for non-ASCII identifiers. */
    record Name(String id, ExprContext ctx, SourceRange range) implements Expr {}

    record List(java.util.List<Expr> elts, ExprContext ctx, SourceRange range) implements Expr {
        public List {
            elts = java.util.List.copyOf(elts);
        }
    }

    record Tuple(java.util.List<Expr> elts, ExprContext ctx, SourceRange range) implements Expr {
        public Tuple {
            elts = java.util.List.copyOf(elts);
        }
    }

    /** {@code lower:upper:step}, only directly inside a subscript (or a tuple there). */
    record Slice(Optional<Expr> lower, Optional<Expr> upper, Optional<Expr> step, SourceRange range)
            implements Expr {}

    /** Stands where the parser expected an expression and found a syntax error. Not in CPython. */
    record Error(SourceRange range) implements Expr {}
}
