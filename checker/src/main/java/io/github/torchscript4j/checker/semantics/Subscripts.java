package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Subscripts read as values: tuple indexing with a constant index (checked against the tuple's
 * length, as the reference does), list, dict, string and tensor indexing and slicing.
 *
 * A list index or dict key of the wrong type is matched against {@code aten::__getitem__}'s
 * schemas, which reports it.
 *
 * <p>Not done: tuple slices' types, user classes' {@code __getitem__}; those are unknown.
 */
final class Subscripts {
    private final ExpressionChecker exprs;

    Subscripts(ExpressionChecker exprs) {
        this.exprs = exprs;
    }

    /**
     * The type of {@code s}. A chain of subscripts ({@code x[0][1][2]...}, up to the parser's limit
     * of about a thousand) is walked iteratively, innermost first, recording each inner subscript's
     * type as {@link ExpressionChecker#evalWithHint} would, so that it cannot overflow the stack.
     */
    /**
     * {@code modules[i]} on a concrete {@code ModuleList} or {@code Sequential} (a constant int,
     * negative from the end) or {@code ModuleDict} (a constant string key): that submodule's type.
     */
    private Type containerItem(Expr.Subscript s, Type base, java.util.List<java.util.Map.Entry<String, Type.ModuleType>> items) {
        exprs.type(s.slice());
        if (ModuleContainers.of(base) != null) {
            return staticContainerItem(s, base, items);
        }
        String key = ConcreteModules.containerKey(s.slice(), base, items.size());
        if (key == null) {
            exprs.sink().error(Code.UNSUPPORTED_SYNTAX, s.range(), ConcreteModules.isModuleDict(base)
                    ? "Unable to extract string literal index. ModuleDict indexing is only supported with string "
                            + "literals. Enumeration of ModuleDict is supported, e.g. 'for k, v in self.items(): ...'"
                    : "Expected integer literal for index. ModuleList/Sequential indexing is only supported with "
                            + "integer literals. Enumeration is supported, e.g. 'for index, v in enumerate(self): ...'");
            return Types.UNKNOWN;
        }
        for (java.util.Map.Entry<String, Type.ModuleType> e : items) {
            if (e.getKey().equals(key)) {
                return e.getValue();
            }
        }
        exprs.sink().error(Code.NO_ATTRIBUTE, s.range(), ConcreteModules.isModuleDict(base)
                ? "Key Error, " + key : "Index " + s.slice().range().text() + " out of range of length " + items.size());
        return Types.UNKNOWN;
    }

    /**
     * {@code modules[i]} on a container inferred from source ({@link ModuleContainers}): as on a
     * built one where the index is a literal and the contents are known exactly; a comprehension's
     * element for any literal; a local variable as index is the reference's error; any other
     * index (a constant the reference may know) is the element type they all have, else unknown.
     */
    private Type staticContainerItem(Expr.Subscript s, Type base,
            java.util.List<java.util.Map.Entry<String, Type.ModuleType>> items) {
        boolean dict = ModuleContainers.isModuleDict(base);
        String key = ModuleContainers.key(s.slice(), dict, items.size());
        if (key == null) {
            if (s.slice() instanceof Expr.Name n && exprs.env().lookup(n.id()).isPresent()) {
                exprs.sink().error(Code.UNSUPPORTED_SYNTAX, s.range(), dict
                        ? "Unable to extract string literal index. ModuleDict indexing is only supported with string "
                                + "literals. Enumeration of ModuleDict is supported, e.g. 'for k, v in self.items(): ...'"
                        : "Expected integer literal for index. ModuleList/Sequential indexing is only supported with "
                                + "integer literals. Enumeration is supported, e.g. 'for index, v in enumerate(self): ...'");
                return Types.UNKNOWN;
            }
            return dict ? Types.UNKNOWN : ModuleContainers.homogeneous(items).map(t -> (Type) t).orElse(Types.UNKNOWN);
        }
        if (!ModuleContainers.exact(base)) {
            return dict ? Types.UNKNOWN : items.get(0).getValue();
        }
        if (dict) {
            for (java.util.Map.Entry<String, Type.ModuleType> e : items) {
                if (e.getKey().equals(key)) {
                    return e.getValue();
                }
            }
            // the reference's range of a string literal stops before its closing quote, and a subscript's one after its index
            exprs.sink().error(Code.NO_ATTRIBUTE, s.range().withEnd(s.range().end() - 1), "Key Error, " + key);
            return Types.UNKNOWN;
        }
        // by position (an OrderedDict Sequential's items are named, but indexed by position too)
        long i = Long.parseLong(key);
        if (i >= 0 && i < items.size()) {
            return items.get((int) i).getValue();
        }
        exprs.sink().error(Code.NO_ATTRIBUTE, s.range(), "Index " + s.slice().range().text() + " out of range of length "
                + items.size());
        return Types.UNKNOWN;
    }

    Type load(Expr.Subscript s) {
        ArrayDeque<Expr.Subscript> spine = new ArrayDeque<>();
        Expr e = s;
        while (e instanceof Expr.Subscript sub) {
            spine.push(sub);
            e = sub.value();
        }
        Type base = exprs.type(e);
        while (true) {
            Expr.Subscript sub = spine.pop();
            Type t = load(sub, base);
            if (spine.isEmpty()) {
                return t;
            }
            exprs.checker().record(sub, t);
            base = t;
        }
    }

    private Type load(Expr.Subscript s, Type base) {
        java.util.Optional<java.util.List<java.util.Map.Entry<String, Type.ModuleType>>> modules =
                ModuleContainers.items(base);
        if (modules.isPresent()) {
            return containerItem(s, base, modules.get());
        }
        if (s.slice() instanceof Expr.Slice sl) {
            sl.lower().ifPresent(exprs::type);
            sl.upper().ifPresent(exprs::type);
            sl.step().ifPresent(exprs::type);
            if (base instanceof Type.ListType || base instanceof Type.StrType || base instanceof Type.TensorType) {
                return base instanceof Type.TensorType ? Types.TENSOR : base;
            }
            if (base instanceof Type.TupleType tuple) {
                return tupleSlice(tuple, sl);
            }
            return Types.UNKNOWN;
        }
        if (s.slice() instanceof Expr.Tuple t) {
            for (Expr e : t.elts()) {
                if (e instanceof Expr.Slice sl) {
                    sl.lower().ifPresent(exprs::type);
                    sl.upper().ifPresent(exprs::type);
                    sl.step().ifPresent(exprs::type);
                } else {
                    exprs.type(e);
                }
            }
            return base instanceof Type.TensorType ? Types.TENSOR : Types.UNKNOWN;
        }
        Type index = exprs.type(s.slice());
        if (base instanceof Type.TupleType tuple) {
            OptionalLong k = constantIndex(s.slice());
            if (k.isEmpty()) {
                return Types.UNKNOWN;
            }
            long i = k.getAsLong();
            int n = tuple.elements().size();
            if (i >= n) {
                exprs.sink().error(Code.TUPLE_INDEX, s.range(),
                        "Tuple index out of range. Tuple is length " + n + " and index is " + i);
                return Types.UNKNOWN;
            }
            if (i < -n) {
                exprs.sink().error(Code.TUPLE_INDEX, s.range(),
                        "Tuple index out of range. Tuple is length " + n + " and index is " + i);
                return Types.UNKNOWN;
            }
            return tuple.elements().get((int) (i < 0 ? i + n : i));
        }
        if (base instanceof Type.ListType l) {
            if (!(index instanceof Type.IntType) && Environment.known(index) && Environment.known(l)) {
                SchemaMatcher.operator(exprs, "aten::__getitem__", base, index, s.range()); // reports a wrong index type
            }
            return index instanceof Type.IntType ? l.elem() : Types.UNKNOWN;
        }
        if (base instanceof Type.DictType d) {
            if (Environment.known(index) && Environment.known(d) && !TypeRelations.isSubtypeOf(index, d.key())) {
                SchemaMatcher.operator(exprs, "aten::__getitem__", base, index, s.range()); // reports a wrong key type
            }
            return d.value();
        }
        if (base instanceof Type.StrType) {
            return Types.STR;
        }
        if (base instanceof Type.TensorType) {
            return Types.TENSOR;
        }
        return Types.UNKNOWN;
    }

    /**
     * {@code t[a:b:c]} of a tuple with constant (or absent) bounds: the tuple of the elements Python
     * selects; unknown when a bound is not a constant int or the step is zero.
     */
    private static Type tupleSlice(Type.TupleType tuple, Expr.Slice sl) {
        int n = tuple.elements().size();
        Long[] bounds = new Long[3];
        List<Optional<Expr>> parts = List.of(sl.lower(), sl.upper(), sl.step());
        for (int k = 0; k < 3; k++) {
            if (parts.get(k).isPresent()) {
                OptionalLong v = constantIndex(parts.get(k).get());
                if (v.isEmpty()) {
                    return Types.UNKNOWN;
                }
                bounds[k] = v.getAsLong();
            }
        }
        long step = bounds[2] == null ? 1 : bounds[2];
        if (step == 0) {
            return Types.UNKNOWN;
        }
        long lo = bounds[0] == null ? (step > 0 ? 0 : n - 1) : clampSliceBound(bounds[0], n, step);
        long hi = bounds[1] == null ? (step > 0 ? n : -1) : clampSliceBound(bounds[1], n, step);
        List<Type> elements = new java.util.ArrayList<>();
        for (long i = lo; step > 0 ? i < hi : i > hi; i += step) {
            elements.add(tuple.elements().get((int) i));
        }
        return new Type.TupleType(elements);
    }

    private static long clampSliceBound(long i, int n, long step) {
        if (i < 0) {
            i += n;
            if (i < 0) {
                return step > 0 ? 0 : -1;
            }
        } else if (i >= n) {
            return step > 0 ? n : n - 1;
        }
        return i;
    }

    /** The value of a constant integer index ({@code 2}, {@code -1}), if it is one. */
    static OptionalLong constantIndex(Expr e) {
        if (e instanceof Expr.Constant c && c.value() instanceof Literal.Int i && i.value().bitLength() < 63) {
            return OptionalLong.of(i.value().longValue());
        }
        if (e instanceof Expr.UnaryOp u && u.op() == UnaryOperator.USUB) {
            OptionalLong inner = constantIndex(u.operand());
            return inner.isPresent() ? OptionalLong.of(-inner.getAsLong()) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    static Optional<Type.TupleType> asTuple(Type t) {
        return t instanceof Type.TupleType tt ? Optional.of(tt) : Optional.empty();
    }
}
