package io.github.torchscript4j.checker.types;

import io.github.torchscript4j.checker.types.Type.ComplexType;
import io.github.torchscript4j.checker.types.Type.FloatType;
import io.github.torchscript4j.checker.types.Type.IntType;
import io.github.torchscript4j.checker.types.Type.NoneType;
import io.github.torchscript4j.checker.types.Type.NumberType;
import io.github.torchscript4j.checker.types.Type.OptionalType;
import io.github.torchscript4j.checker.types.Type.UnionType;
import io.github.torchscript4j.checker.types.Type.UnknownType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How the reference builds unions and optionals ({@code union_type.cpp}: {@code
 * standardizeVectorForUnion}, {@code UnionType::create}, the {@code OptionalType} constructor).
 * Reached through {@link Types#union} and {@link Types#optional}.
 *
 * <p>Every union goes through the same three steps, and their order explains most of what users
 * see:
 * <ol>
 *   <li><b>Flatten</b>: a nested union contributes its members, {@code Optional[T]} contributes
 *       {@code T}'s members and {@code NoneType}, and {@code number} contributes {@code int},
 *       {@code float} and {@code complex} (so {@code Union[number, str]} has four members).
 *   <li><b>Merge</b>: walking from the right, each member is unified ({@link
 *       Unification#unifyTypes}, never defaulting to a union) with the members left of it, and
 *       where that succeeds the two are replaced by the unified type. So {@code Union[int, int]}
 *       has one member, and {@code Union[Tuple[int, str], Tuple[None, str]]} has one, {@code
 *       Tuple[Optional[int], str]}. {@code None} is never merged with another member, which is
 *       what keeps {@code Union[int, None, str]} from becoming {@code Optional[...]} too early.
 *   <li><b>Sort</b> by {@link TypeKind}, then by {@link Type#str()} ({@code C++ std::string}
 *       order, which is Java's {@code String} order for ASCII names).
 * </ol>
 * Then {@code UnionType::create} turns exactly one type plus {@code None} into {@code
 * Optional[type]} and {@code int, float, complex, None} into {@code Optional[number]}; everything
 * else, {@code Union[int, float, complex]} included, stays a union.
 */
final class Unions {
    private static final Comparator<Type> ORDER =
            Comparator.comparing(Type::kind).thenComparing(Type::str);

    private Unions() {}

    /** {@code UnionType::create}. */
    static Type create(List<Type> reference) {
        if (reference.isEmpty()) {
            throw new IllegalArgumentException("Cannot create an empty Union");
        }
        if (reference.stream().anyMatch(t -> t instanceof UnknownType)) {
            return Types.UNKNOWN;
        }
        List<Type> types = standardize(reference);
        if (types.size() == 1) {
            // The reference fails an internal assertion here ("... has the single type int. Use
            // the common supertype instead of creating a Union type"): the common supertype is
            // what callers want.
            return types.get(0);
        }
        boolean intFound = false;
        boolean floatFound = false;
        boolean complexFound = false;
        boolean noneFound = false;
        for (Type t : types) {
            intFound |= t instanceof IntType;
            floatFound |= t instanceof FloatType;
            complexFound |= t instanceof ComplexType;
            noneFound |= t instanceof NoneType;
        }
        if (noneFound) {
            if (types.size() == 4 && intFound && floatFound && complexFound) {
                return new OptionalType(Types.NUMBER);
            }
            if (types.size() == 2) {
                return optional(types.get(0) instanceof NoneType ? types.get(1) : types.get(0));
            }
        }
        return new UnionType(types);
    }

    /** {@code OptionalType::create}: the {@code OptionalType} constructor's choice of element. */
    static Type optional(Type contained) {
        if (contained instanceof UnknownType) {
            return Types.UNKNOWN;
        }
        List<Type> types = standardize(List.of(contained, Types.NONE));
        if (types.size() == 1) {
            // Optional[None]: the reference fails the same internal assertion as create().
            return types.get(0);
        }
        if (types.size() == 2) {
            return new OptionalType(types.get(0) instanceof NoneType ? types.get(1) : types.get(0));
        }
        // The check looks at the element as given, not as flattened: Optional[Union[int, float,
        // complex]] is Optional[number], but Optional[Optional[number]], whose element is an
        // Optional, becomes Optional[Union[number]] below.
        boolean numberUnion = contained instanceof UnionType u
                && u.members().size() == 3
                && TypeRelations.canHoldType(u, Types.NUMBER);
        if (contained instanceof NumberType || numberUnion) {
            return new OptionalType(Types.NUMBER);
        }
        // subtractTypeSetFrom({None}, types), then UnionType::create of that, as the reference.
        List<Type> withoutNone = new ArrayList<>();
        for (Type t : types) {
            if (!TypeRelations.isSubtypeOf(t, Types.NONE)) {
                withoutNone.add(t);
            }
        }
        Type rest = withoutNone.size() == 1 ? withoutNone.get(0) : create(withoutNone);
        return new OptionalType(create(List.of(rest)));
    }

    /** {@code standardizeVectorForUnion}: flatten, merge, sort. */
    static List<Type> standardize(List<Type> reference) {
        List<Type> types = new ArrayList<>();
        for (Type t : reference) {
            flatten(t, types);
        }
        filterDuplicateSubtypes(types);
        types.sort(ORDER);
        return types;
    }

    private static void flatten(Type type, List<Type> out) {
        if (type instanceof UnionType u) {
            for (Type m : u.members()) {
                flatten(m, out);
            }
        } else if (type instanceof OptionalType o) {
            flatten(o.elem(), out);
            out.add(Types.NONE);
        } else if (type instanceof NumberType) {
            out.add(Types.INT);
            out.add(Types.FLOAT);
            out.add(Types.COMPLEX);
        } else {
            out.add(type);
        }
    }

    /**
     * Moving from right to left, unify the member at {@code i} with each member at {@code j < i}
     * up to the current end; on success the unified type replaces {@code j}, the last live member
     * moves into {@code i}, and the end shrinks by one. This is the reference's loop, index for
     * index: which members merge, and so the union's final members, depend on this order.
     */
    private static void filterDuplicateSubtypes(List<Type> types) {
        if (types.isEmpty()) {
            return;
        }
        int end = types.size() - 1;
        for (int i = types.size() - 1; i > 0; --i) {
            for (int j = Math.min(i - 1, end); ; --j) {
                Optional<Type> unified = supertype(types.get(i), types.get(j));
                if (unified.isPresent()) {
                    types.set(j, unified.get());
                    types.set(i, types.get(end));
                    --end;
                    break;
                }
                if (j == 0) {
                    break;
                }
            }
        }
        types.subList(end + 1, types.size()).clear();
    }

    /**
     * The unified type of two members, except that {@code None} never merges with a type that is
     * not {@code None}: unifying them would give {@code Optional[T]}, nesting an {@code Optional}
     * in the union and hiding {@code T} from the other members.
     */
    private static Optional<Type> supertype(Type t1, Type t2) {
        boolean none1 = TypeRelations.isSubtypeOf(t1, Types.NONE);
        boolean none2 = TypeRelations.isSubtypeOf(t2, Types.NONE);
        if (none1 != none2) {
            return Optional.empty();
        }
        return Unification.unifyTypes(t1, t2, false);
    }
}
