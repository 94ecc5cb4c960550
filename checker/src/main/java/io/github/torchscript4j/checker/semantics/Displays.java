package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.checker.types.Unification;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * List and dict displays: an empty {@code []} is {@code List[Tensor]} and an empty {@code {}} is
 * {@code Dict[str, Tensor]} unless an annotation says otherwise; elements unify (into a {@code
 * Union} where nothing closer fits, as the reference does); an annotated list whose elements do
 * not fit the annotation is reported with the reference's words.
 *
 * <p>Not done: hints from {@code Union} annotations, dict displays checked against annotations.
 */
final class Displays {
    private final ExpressionChecker exprs;

    Displays(ExpressionChecker exprs) {
        this.exprs = exprs;
    }

    private static Optional<Type> listHint(Optional<Type> hint) {
        if (hint.isPresent() && hint.get() instanceof Type.OptionalType o) {
            hint = Optional.of(o.elem());
        }
        return hint.filter(h -> h instanceof Type.ListType);
    }

    Type list(Expr.List l, Optional<Type> hint) {
        Optional<Type> listHint = listHint(hint);
        Optional<Type> elemHint = listHint.map(h -> ((Type.ListType) h).elem());
        if (l.elts().isEmpty()) {
            return listHint.orElse(new Type.ListType(Types.TENSOR));
        }
        List<Type> elements = new ArrayList<>();
        for (Expr e : l.elts()) {
            if (e instanceof Expr.Starred) {
                exprs.eval(e);
                return Types.UNKNOWN;
            }
            elements.add(exprs.typeWithHint(e, elemHint));
        }
        if (elements.stream().anyMatch(t -> !Environment.known(t))) {
            return listHint.orElse(new Type.ListType(Types.UNKNOWN));
        }
        if (elemHint.isPresent() && Environment.known(elemHint.get())) {
            boolean fits = elements.stream().allMatch(t -> TypeRelations.isSubtypeOf(t, elemHint.get()));
            if (!fits) {
                Optional<Type> unified = Unification.unifyTypeList(elements, new StringBuilder(), true, Optional.empty());
                exprs.sink().error(Code.ANNOTATION_MISMATCH, l.range(), "List type annotation `"
                        + listHint.get().annotationStr() + "` did not match the types of the given list elements, "
                        + "which were unified to " + unified.map(Type::reprStr).orElse("?"));
            }
            return listHint.get();
        }
        Optional<Type> unified = Unification.unifyTypeList(elements, new StringBuilder(), true, Optional.empty());
        return new Type.ListType(unified.orElse(Types.UNKNOWN));
    }

    Type dict(Expr.Dict d, Optional<Type> hint) {
        if (hint.isPresent() && hint.get() instanceof Type.OptionalType o) {
            hint = Optional.of(o.elem());
        }
        Optional<Type> dictHint = hint.filter(h -> h instanceof Type.DictType);
        if (d.keys().isEmpty()) {
            return dictHint.orElse(new Type.DictType(Types.STR, Types.TENSOR));
        }
        List<Type> keys = new ArrayList<>();
        List<Type> values = new ArrayList<>();
        for (int i = 0; i < d.keys().size(); i++) {
            if (d.keys().get(i).isEmpty()) {
                exprs.eval(d.values().get(i));
                return Types.UNKNOWN;
            }
            keys.add(exprs.type(d.keys().get(i).get()));
            values.add(exprs.typeWithHint(d.values().get(i), dictHint.map(h -> ((Type.DictType) h).value())));
        }
        if (dictHint.isPresent()) {
            return dictHint.get();
        }
        if (keys.stream().anyMatch(t -> !Environment.known(t)) || values.stream().anyMatch(t -> !Environment.known(t))) {
            return Types.UNKNOWN;
        }
        Optional<Type> k = Unification.unifyTypeList(keys, new StringBuilder(), true, Optional.empty());
        Optional<Type> v = Unification.unifyTypeList(values, new StringBuilder(), true, Optional.empty());
        if (k.isEmpty() || v.isEmpty()) {
            return Types.UNKNOWN;
        }
        return new Type.DictType(k.get(), v.get());
    }
}
