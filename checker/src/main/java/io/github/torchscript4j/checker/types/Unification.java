package io.github.torchscript4j.checker.types;

import io.github.torchscript4j.checker.types.Type.FutureType;
import io.github.torchscript4j.checker.types.Type.OptionalType;
import io.github.torchscript4j.checker.types.Type.TupleType;
import io.github.torchscript4j.checker.types.Type.UnknownType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference's {@code unifyTypes} and {@code unifyTypeList} ({@code type.cpp}): the one type
 * that two types merge into, where TorchScript needs one.
 *
 * <p>Where the reference uses it, and how:
 * <ul>
 *   <li>a variable assigned in both branches of an {@code if}, and an {@code if}-expression:
 *       without a default union, so {@code Tensor} and {@code int} do not unify ("Type mismatch:
 *       r is set to type Tensor in the true branch and type int in the false branch"), and
 *       {@code int} and {@code None} give {@code Optional[int]};
 *   <li>the elements of a list or dict display ({@code [1, 2.0]}): with a default union, so the
 *       list is {@code List[Union[float, int]]} (with a warning);
 *   <li>building unions ({@link Types#union}), to merge members.
 * </ul>
 *
 * <p>The result, in the order the reference tries: the supertype, if one type is a subtype of
 * the other (the second type wins when each is a subtype of the other); {@code Optional[T]} for
 * {@code None} and a {@code T} that is not {@code None}; {@code Optional[unify(T, U)]} for an
 * {@code Optional[T]} and a {@code U}; element-wise for tuples of the same length (the result is
 * an unnamed tuple); element-wise for futures. Nothing else unifies: not {@code int} with
 * {@code float} ("we do not return NumberType because there is not currently enough operator
 * support for it"), not lists with different elements, not dicts with different values.
 */
public final class Unification {
    private Unification() {}

    /** {@code unifyTypes(t1, t2)}: no default union. */
    public static Optional<Type> unifyTypes(Type t1, Type t2) {
        return unifyTypes(t1, t2, false, Optional.empty());
    }

    /** {@code unifyTypes(t1, t2, defaultToUnion)}: when nothing unifies, {@code Union[t1, t2]} if asked. */
    public static Optional<Type> unifyTypes(Type t1, Type t2, boolean defaultToUnion) {
        return unifyTypes(t1, t2, defaultToUnion, Optional.empty());
    }

    /**
     * {@code unifyTypes(t1, t2, defaultToUnion, typeHint)}. The hint, the element type of an
     * annotated list or dict display, is returned when both types are subtypes of it and nothing
     * closer unifies them (the reference added it for classes that share an interface). An
     * unknown type unifies with everything into an unknown type.
     */
    public static Optional<Type> unifyTypes(Type t1, Type t2, boolean defaultToUnion, Optional<Type> typeHint) {
        Optional<Type> unified = unify(t1, t2, defaultToUnion, typeHint);
        if (defaultToUnion && unified.isEmpty()) {
            return Optional.of(Types.union(t1, t2));
        }
        return unified;
    }

    private static Optional<Type> unify(Type t1, Type t2, boolean defaultToUnion, Optional<Type> typeHint) {
        if (t1 instanceof UnknownType || t2 instanceof UnknownType) {
            return Optional.of(Types.UNKNOWN);
        }
        if (t1.isSubtypeOf(t2)) {
            return Optional.of(t2);
        } else if (t2.isSubtypeOf(t1)) {
            return Optional.of(t1);
        }
        // The reference merges two refined tensor types here; unrefined tensors are subtypes of
        // each other and were handled above.
        boolean none1 = t1.isSubtypeOf(Types.NONE);
        boolean none2 = t2.isSubtypeOf(Types.NONE);
        if (none1 && !none2) {
            return Optional.of(Types.optional(t2));
        } else if (none2 && !none1) {
            return Optional.of(Types.optional(t1));
        }
        // unify(Optional[T], U) => Optional[unify(T, U)]; only the first Optional is tried, and
        // the inner unification never defaults to a union.
        if (t1 instanceof OptionalType o1) {
            Optional<Type> elem = unifyTypes(o1.elem(), t2);
            if (elem.isPresent()) {
                return Optional.of(Types.optional(elem.get()));
            }
        } else if (t2 instanceof OptionalType o2) {
            Optional<Type> elem = unifyTypes(o2.elem(), t1);
            if (elem.isPresent()) {
                return Optional.of(Types.optional(elem.get()));
            }
        }
        if (t1 instanceof TupleType tuple1 && t2 instanceof TupleType tuple2) {
            if (tuple1.elements().size() != tuple2.elements().size()) {
                return Optional.empty();
            }
            List<Type> elements = new ArrayList<>();
            for (int i = 0; i < tuple1.elements().size(); i++) {
                Optional<Type> elem = unifyTypes(tuple1.elements().get(i), tuple2.elements().get(i), defaultToUnion);
                if (elem.isEmpty()) {
                    return Optional.empty();
                }
                elements.add(elem.get());
            }
            return Optional.of(new TupleType(elements));
        }
        if (t1 instanceof FutureType f1 && t2 instanceof FutureType f2) {
            Optional<Type> elem = unifyTypes(f1.elem(), f2.elem());
            if (elem.isPresent()) {
                return Optional.of(new FutureType(elem.get()));
            }
        }
        // The reference retries the subtype checks with tensor refinements erased
        // (unshapedType); without refinements that changes nothing.
        if (typeHint.isPresent() && t1.isSubtypeOf(typeHint.get()) && t2.isSubtypeOf(typeHint.get())) {
            return typeHint;
        }
        return Optional.empty();
    }

    /** {@code unifyTypeList(elements, whyNot)}: no default union. */
    public static Optional<Type> unifyTypeList(List<Type> elements, StringBuilder whyNot) {
        return unifyTypeList(elements, whyNot, false, Optional.empty());
    }

    /**
     * Unifies the elements from left to right. On failure appends the reference's explanation to
     * {@code whyNot}: "Cannot get unified type from empty list", or "Could not unify type list
     * since element 2 of type str did not match the types before it (int)" (types printed with
     * {@link Type#reprStr}, elements counted from 0).
     */
    public static Optional<Type> unifyTypeList(
            List<Type> elements, StringBuilder whyNot, boolean defaultToUnion, Optional<Type> typeHint) {
        Objects.requireNonNull(whyNot);
        if (elements.isEmpty()) {
            whyNot.append("Cannot get unified type from empty list");
            return Optional.empty();
        }
        Type result = elements.get(0);
        for (int i = 1; i < elements.size(); i++) {
            Optional<Type> unified = unifyTypes(result, elements.get(i), defaultToUnion, typeHint);
            if (unified.isEmpty()) {
                whyNot.append("Could not unify type list since element ").append(i).append(" of type ")
                        .append(elements.get(i).reprStr()).append(" did not match the types before it (")
                        .append(result.reprStr()).append(")");
                return Optional.empty();
            }
            result = unified.get();
        }
        return Optional.of(result);
    }
}
