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
 * A {@code Union} annotation selects its only {@code List} (or {@code Dict}) member, as the
 * reference does; a union without one, or an empty display with several candidates, is reported.
 * Dict displays are checked against their annotation (keys, then values).
 *
 * <p>Not done: the reference's choice among several candidate members for a non-empty display.
 */
final class Displays {
    private final ExpressionChecker exprs;

    Displays(ExpressionChecker exprs) {
        this.exprs = exprs;
    }

    /**
     * The member of a {@code Union} hint that a display of {@code kind} takes, as the reference
     * picks it: the only such member; none (reported) when the union has none; for an empty
     * display with several candidates, reported; for a non-empty one, not decided (the checker
     * does not model the reference's choice among candidates).
     */
    private Optional<Type> fromUnion(Type.UnionType union, Class<? extends Type> kind, String kindName, boolean empty,
            Expr display) {
        List<Type> candidates = union.members().stream().filter(kind::isInstance).toList();
        if (candidates.isEmpty()) {
            exprs.sink().error(Code.ANNOTATION_MISMATCH, display.range(), "Expected an Union type annotation with an inner "
                    + kindName + " type, but got " + union.reprStr());
            return Optional.of(Types.UNKNOWN);
        }
        if (candidates.size() == 1) {
            return Optional.of(candidates.get(0));
        }
        if (empty) {
            exprs.sink().error(Code.ANNOTATION_MISMATCH, display.range(), "Cannot assign an empty " + kindName.toLowerCase()
                    + " to a variable annotated to be type " + union.reprStr() + " because there are multiple possible "
                    + kindName + " type candidates in the Union annotation");
        }
        return Optional.of(Types.UNKNOWN);
    }

    private Optional<Type> listHint(Optional<Type> hint, boolean empty, Expr display) {
        if (hint.isPresent() && hint.get() instanceof Type.OptionalType o) {
            hint = Optional.of(o.elem());
        }
        if (hint.isPresent() && hint.get() instanceof Type.UnionType u && Environment.known(u)) {
            hint = fromUnion(u, Type.ListType.class, "List", empty, display);
        }
        return hint.filter(h -> h instanceof Type.ListType || h instanceof Type.UnknownType);
    }

    Type list(Expr.List l, Optional<Type> hint) {
        Optional<Type> listHint = listHint(hint, l.elts().isEmpty(), l);
        if (listHint.isPresent() && listHint.get() instanceof Type.ListType lt && lt.elem() instanceof Type.InterfaceType) {
            // List[OneTwo] of an interface: the elements are classes implementing it (checked where
            // the checker knows their methods); the list has the annotated type
            l.elts().forEach(exprs::eval);
            return listHint.get();
        }
        if (listHint.isPresent() && !Environment.known(listHint.get())) {
            l.elts().forEach(exprs::eval);
            return Types.UNKNOWN;
        }
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
            elements.add(exprs.type(e)); // the reference types elements without the annotation
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

    /**
     * A list comprehension under a list annotation (also one member of a {@code Union}): its
     * element type must fit the annotation's, with the list display's message.
     */
    Type listComprehension(Expr.ListComp lc, Type computed, Optional<Type> hint) {
        Optional<Type> listHint = listHint(hint, false, lc);
        if (listHint.isEmpty() || !Environment.known(listHint.get())) {
            return listHint.isPresent() ? Types.UNKNOWN : computed;
        }
        Type want = ((Type.ListType) listHint.get()).elem();
        if (computed instanceof Type.ListType actual && Environment.known(actual) && !TypeRelations.isSubtypeOf(actual.elem(), want)) {
            exprs.sink().error(Code.ANNOTATION_MISMATCH, lc.range(), "List type annotation `" + listHint.get().annotationStr()
                    + "` did not match the types of the given list elements, which were unified to " + actual.elem().reprStr());
        }
        return listHint.get();
    }

    Type dict(Expr.Dict d, Optional<Type> hint) {
        if (hint.isPresent() && hint.get() instanceof Type.OptionalType o) {
            hint = Optional.of(o.elem());
        }
        if (hint.isPresent() && hint.get() instanceof Type.UnionType u && Environment.known(u)) {
            hint = fromUnion(u, Type.DictType.class, "Dict", d.keys().isEmpty(), d);
        }
        Optional<Type> dictHint = hint.filter(h -> h instanceof Type.DictType || h instanceof Type.UnknownType);
        if (dictHint.isPresent() && !Environment.known(dictHint.get())) {
            d.keys().forEach(k -> k.ifPresent(exprs::eval));
            d.values().forEach(exprs::eval);
            return Types.UNKNOWN;
        }
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
            values.add(exprs.type(d.values().get(i))); // the reference types values without the annotation
        }
        boolean known = keys.stream().allMatch(Environment::known) && values.stream().allMatch(Environment::known);
        Optional<Type> k = known ? Unification.unifyTypeList(keys, new StringBuilder(), true, Optional.empty()) : Optional.empty();
        Optional<Type> v = known ? Unification.unifyTypeList(values, new StringBuilder(), true, Optional.empty()) : Optional.empty();
        if (dictHint.isPresent()) {
            Type.DictType want = (Type.DictType) dictHint.get();
            if (k.isPresent() && v.isPresent()) {
                if (!TypeRelations.isSubtypeOf(k.get(), want.key())) {
                    exprs.sink().error(Code.ANNOTATION_MISMATCH, d.range(), "Type annotation was inferred to be "
                            + want.annotationStr() + "but the type of keys given by the dict literal is " + k.get().reprStr());
                } else if (!TypeRelations.isSubtypeOf(v.get(), want.value())) {
                    exprs.sink().error(Code.ANNOTATION_MISMATCH, d.range(), "Type annotation was inferred to be `"
                            + want.annotationStr() + "`, but the type of values given by the dict literal is " + v.get().reprStr());
                }
            }
            return want;
        }
        if (k.isEmpty() || v.isEmpty()) {
            return Types.UNKNOWN;
        }
        return new Type.DictType(k.get(), v.get());
    }
}
