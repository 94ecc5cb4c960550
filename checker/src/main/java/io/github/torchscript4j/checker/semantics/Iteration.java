package io.github.torchscript4j.checker.semantics;

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
        if (iter instanceof Expr.Call c && c.keywords().isEmpty() && exprs.eval(c.func()) instanceof Value.Builtin b) {
            switch (b.qualifiedName()) {
                case "range":
                    c.args().forEach(exprs::type);
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
        return ofType(exprs.type(iter));
    }

    static Type ofType(Type t) {
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
