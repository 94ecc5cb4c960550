package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code for} loop or comprehension iterates over: the element type of {@code range(...)},
 * {@code enumerate(...)}, {@code zip(...)}, lists, tuples (unrolled by the reference), dicts (their
 * keys), strings and tensors. Unknown for anything else.
 */
final class Iteration {
    private Iteration() {}

    static Type elementType(ExpressionChecker exprs, Expr iter) {
        if (iter instanceof Expr.Call c && c.args().isEmpty() && c.keywords().isEmpty() && c.func() instanceof Expr.Attribute a
                && (a.attr().equals("items") || a.attr().equals("keys") || a.attr().equals("values"))) {
            Type owner = exprs.type(a.value());
            if (ModuleContainers.isModuleDict(owner)) {
                // a concrete ModuleDict's items, keys or values: unrolled, the body checked for the first submodule
                List<java.util.Map.Entry<String, Type.ModuleType>> items = ModuleContainers.items(owner).get();
                Type first = items.isEmpty() ? Types.UNKNOWN : items.get(0).getValue();
                return switch (a.attr()) {
                    case "items" -> new Type.TupleType(List.of(Types.STR, first));
                    case "keys" -> Types.STR;
                    default -> first;
                };
            }
        }
        if (iter instanceof Expr.Call c && c.keywords().isEmpty() && exprs.eval(c.func()) instanceof Value.Builtin b) {
            switch (b.qualifiedName()) {
                case "range":
                    rangeArguments(exprs, c);
                    return Types.INT;
                case "enumerate": {
                    if (c.args().size() != 1) {
                        c.args().forEach(exprs::type);
                        return Types.UNKNOWN;
                    }
                    return new Type.TupleType(List.of(Types.INT, elementType(exprs, c.args().get(0))));
                }
                case "zip": {
                    List<Type> elements = new ArrayList<>();
                    for (Expr a : c.args()) {
                        elements.add(elementType(exprs, a));
                    }
                    return elements.isEmpty() ? Types.UNKNOWN : new Type.TupleType(elements);
                }
                default:
                    break;
            }
        }
        Type t = exprs.type(iter);
        checkIterable(exprs, iter, t);
        return ofType(t);
    }

    /**
     * For a loop unrolled over a container's submodules through {@code enumerate(c)}, {@code
     * c.items()} or {@code c.values()}, where {@code c} is an attribute such as {@code self.layers}:
     * the loop target's type for each submodule class other than the first one's (the body is
     * checked for each, as the reference checks every unrolled trip). Empty for any other loop.
     */
    static List<Type> otherElementTypes(ExpressionChecker exprs, Expr iter) {
        if (!(iter instanceof Expr.Call c) || !c.keywords().isEmpty()) {
            return List.of();
        }
        if (c.args().isEmpty() && c.func() instanceof Expr.Attribute a && a.value() instanceof Expr.Attribute owner
                && (a.attr().equals("items") || a.attr().equals("values"))) {
            Type t = exprs.type(owner);
            if (!ModuleContainers.isModuleDict(t)) {
                return List.of();
            }
            List<Type> out = new ArrayList<>();
            List<java.util.Map.Entry<String, Type.ModuleType>> items = ModuleContainers.items(t).get();
            for (java.util.Map.Entry<String, Type.ModuleType> e : items) {
                Type v = e.getValue();
                if (!v.equals(items.get(0).getValue()) && !out.contains(v)) {
                    out.add(v);
                }
            }
            return out.stream().map(v -> a.attr().equals("items") ? new Type.TupleType(List.of(Types.STR, v)) : v)
                    .toList();
        }
        if (c.args().size() == 1 && c.args().get(0) instanceof Expr.Attribute owner
                && c.func() instanceof Expr.Name n && n.id().equals("enumerate")
                && exprs.eval(c.func()) instanceof Value.Builtin b && b.qualifiedName().equals("enumerate")) {
            return ModuleContainers.otherElementTypes(exprs.type(owner)).stream()
                    .map(v -> (Type) new Type.TupleType(List.of(Types.INT, v))).toList();
        }
        return List.of();
    }

    /** Reports iterating over a scalar or None: "'int' object is not iterable". */
    static void checkIterable(ExpressionChecker exprs, Expr iter, Type t) {
        if (t instanceof Type.IntType || t instanceof Type.FloatType || t instanceof Type.BoolType
                || t instanceof Type.NoneType) {
            exprs.sink().error(Code.CALL_ARGUMENTS, iter.range(), "'" + t.reprStr() + "' object is not iterable");
        }
    }

    /** Types {@code range(...)}'s arguments: each must be an {@code int}, as the reference requires. */
    static void rangeArguments(ExpressionChecker exprs, Expr.Call c) {
        boolean reported = false;
        for (int i = 0; i < c.args().size(); i++) {
            Type t = exprs.type(c.args().get(i));
            if (!reported && Environment.known(t) && !(t instanceof Type.IntType) && !(t instanceof Type.AnyType)
                    && !(t instanceof Type.NumberType) && !(t instanceof Type.UnionType) && !(c.args().get(i) instanceof Expr.Starred)) {
                exprs.sink().error(Code.CALL_ARGUMENTS, c.range(), "all inputs of range must be ints, found " + t.reprStr()
                        + " in argument " + i);
                reported = true;
            }
        }
        c.keywords().forEach(k -> exprs.type(k.value()));
    }

    static Type ofType(Type t) {
        java.util.Optional<List<java.util.Map.Entry<String, Type.ModuleType>>> modules = ModuleContainers.items(t);
        if (modules.isPresent()) {
            // unrolled: the body is checked for the first submodule (the emitter lowers it for each); a ModuleDict's keys
            if (ModuleContainers.isModuleDict(t)) {
                return Types.STR;
            }
            return modules.get().isEmpty() ? Types.UNKNOWN : modules.get().get(0).getValue();
        }
        if (t instanceof Type.ListType l) {
            return l.elem();
        }
        if (t instanceof Type.DictType d) {
            return d.key();
        }
        if (t instanceof Type.StrType) {
            return Types.STR;
        }
        if (t instanceof Type.TensorType) {
            return Types.TENSOR;
        }
        if (t instanceof Type.TupleType tuple && !tuple.elements().isEmpty()) {
            Type first = tuple.elements().get(0);
            boolean same = tuple.elements().stream().allMatch(e -> TypeRelations.sameType(e, first));
            return same ? first : Types.UNKNOWN;
        }
        return Types.UNKNOWN;
    }
}
