package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.checker.types.Unification;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code dict(...)} constructor, which the reference compiles like a dict comprehension: no
 * argument, an iterable of 2-tuples, a mapping, keyword arguments (string keys). Under an
 * annotation the keys and values must fit it — "Dict type annotation `Dict[int, str]` did not
 * match the type of an actual key type `str`" — and a {@code Union} annotation must hold exactly
 * one {@code Dict} ("There are multiple candidate Dict types in the Union type annotation ...").
 *
 * <p>What it does not do: report a non-dict, non-union annotation, or argument forms it does not
 * know; those give an unknown (or the annotated) type, silently.
 */
final class DictConstructor {
    private DictConstructor() {}

    static Type call(ExpressionChecker exprs, Expr.Call c, Optional<Type> hint) {
        List<Type> keys = new ArrayList<>();
        List<Type> values = new ArrayList<>();
        boolean known = c.args().size() <= 1;
        for (Expr a : c.args()) {
            if (a instanceof Expr.List l && l.elts().isEmpty()) {
                exprs.type(a); // dict([]): no pairs, the default Dict[str, Tensor]
                continue;
            }
            // dict(zip(keys, values)) and dict(enumerate(values)): pairs from an iterator
            boolean iterator = a instanceof Expr.Call call && call.keywords().isEmpty()
                    && exprs.eval(call.func()) instanceof Value.Builtin b
                    && (b.qualifiedName().equals("zip") || b.qualifiedName().equals("enumerate"));
            Type t = iterator ? Types.UNKNOWN : exprs.type(a);
            Type elem = iterator ? Iteration.elementType(exprs, a) : t instanceof Type.DictType ? t : Iteration.ofType(t);
            if (t instanceof Type.DictType d) {
                keys.add(d.key());
                values.add(d.value());
            } else if (!iterator && !(t instanceof Type.ListType) || !(elem instanceof Type.TupleType pair)
                    || pair.elements().size() != 2) {
                known = false;
            } else {
                keys.add(pair.elements().get(0));
                values.add(pair.elements().get(1));
            }
        }
        for (Keyword k : c.keywords()) {
            Type t = exprs.type(k.value());
            if (k.arg().isEmpty()) {
                known = false;
            }
            keys.add(Types.STR);
            values.add(t);
        }
        Optional<Type.DictType> want = annotation(exprs, c, hint);
        if (want.isEmpty()) {
            return hint.isPresent() ? Types.UNKNOWN : known && keys.isEmpty() ? new Type.DictType(Types.STR, Types.TENSOR)
                    : unified(keys, values).orElse(Types.UNKNOWN);
        }
        Optional<Type> actual = known ? unified(keys, values) : Optional.empty();
        if (actual.isPresent() && actual.get() instanceof Type.DictType d && Environment.known(d)) {
            Type.DictType w = want.get();
            if (!TypeRelations.isSubtypeOf(d.key(), w.key())) {
                exprs.sink().error(Code.ANNOTATION_MISMATCH, c.range(), "Dict type annotation `" + w.annotationStr()
                        + "` did not match the type of an actual key type `" + d.key().annotationStr() + "`");
            } else if (!TypeRelations.isSubtypeOf(d.value(), w.value())) {
                exprs.sink().error(Code.ANNOTATION_MISMATCH, c.range(), "Dict type annotation `" + w.annotationStr()
                        + "` did not match the type of an actual value type `" + d.value().annotationStr() + "`");
            }
        }
        return want.get();
    }

    /** The dict type an annotation asks for, reporting a union with no or several dict members. */
    private static Optional<Type.DictType> annotation(ExpressionChecker exprs, Expr.Call c, Optional<Type> hint) {
        if (hint.isEmpty() || !Environment.known(hint.get())) {
            return Optional.empty();
        }
        Type h = hint.get() instanceof Type.OptionalType o ? o.elem() : hint.get();
        if (h instanceof Type.DictType d) {
            return Optional.of(d);
        }
        if (h instanceof Type.UnionType u) {
            List<Type> dicts = u.members().stream().filter(m -> m instanceof Type.DictType).toList();
            if (dicts.size() == 1) {
                return Optional.of((Type.DictType) dicts.get(0));
            }
            if (dicts.isEmpty()) {
                exprs.sink().error(Code.ANNOTATION_MISMATCH, c.range(),
                        "Expected a type annotation of Dict for dict constructor dict(), got " + u.str());
            } else {
                exprs.sink().error(Code.ANNOTATION_MISMATCH, c.range(), "There are multiple candidate Dict types in the "
                        + "Union type annotation `" + u.annotationStr() + "`, and full type inference is not yet supported "
                        + "for the `dict()` constructor.");
            }
        }
        return Optional.empty();
    }

    /** The dict type of the given keys and values (unified, into a union where needed). */
    private static Optional<Type> unified(List<Type> keys, List<Type> values) {
        if (keys.isEmpty() || !keys.stream().allMatch(Environment::known) || !values.stream().allMatch(Environment::known)) {
            return Optional.empty();
        }
        Optional<Type> k = Unification.unifyTypeList(keys, new StringBuilder(), true, Optional.empty());
        Optional<Type> v = Unification.unifyTypeList(values, new StringBuilder(), true, Optional.empty());
        return k.isPresent() && v.isPresent() ? Optional.of(new Type.DictType(k.get(), v.get())) : Optional.empty();
    }
}
