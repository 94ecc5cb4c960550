package io.github.torchscript4j.checker.types;

import io.github.torchscript4j.checker.types.Type.AnyClassType;
import io.github.torchscript4j.checker.types.Type.AnyEnumType;
import io.github.torchscript4j.checker.types.Type.AnyType;
import io.github.torchscript4j.checker.types.Type.ClassType;
import io.github.torchscript4j.checker.types.Type.ComplexType;
import io.github.torchscript4j.checker.types.Type.DictType;
import io.github.torchscript4j.checker.types.Type.EnumType;
import io.github.torchscript4j.checker.types.Type.FloatType;
import io.github.torchscript4j.checker.types.Type.FutureType;
import io.github.torchscript4j.checker.types.Type.IntType;
import io.github.torchscript4j.checker.types.Type.ListType;
import io.github.torchscript4j.checker.types.Type.ModuleType;
import io.github.torchscript4j.checker.types.Type.NoneType;
import io.github.torchscript4j.checker.types.Type.NumberType;
import io.github.torchscript4j.checker.types.Type.OptionalType;
import io.github.torchscript4j.checker.types.Type.RRefType;
import io.github.torchscript4j.checker.types.Type.TensorType;
import io.github.torchscript4j.checker.types.Type.TupleType;
import io.github.torchscript4j.checker.types.Type.UnionType;
import io.github.torchscript4j.checker.types.Type.UnknownType;
import io.github.torchscript4j.checker.types.Type.VarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Equality and subtyping as the reference decides them ({@code Type::operator==} and the
 * {@code isSubtypeOfExt} overrides in {@code jit_type.h}, {@code type.cpp}, {@code
 * union_type.cpp}), for use wherever the language asks "may a value of type A be used as a B".
 *
 * <p>The rules, by the left-hand type:
 * <ul>
 *   <li>every type: {@code T <: Any}; {@code T <: T}; {@code T <: Optional[U]} if {@code T <: U};
 *       {@code T <: Union[...]} if {@code T} is a subtype of one member;
 *   <li>{@code int}, {@code float}, {@code complex} {@code <: number}; {@code number <: U} for a
 *       union holding all three; {@code bool} is no number;
 *   <li>{@code NoneType <: Optional[T]} for every {@code T};
 *   <li>{@code Optional[T] <: Optional[U]} iff {@code T <: U}; {@code Optional[T] <: Union[...]}
 *       iff the union can hold {@code None} and holds {@code T} in one member;
 *   <li>{@code Union[A, B] <: R} iff every member is a subtype of {@code R}'s members (those of an
 *       {@code Optional} being its element and {@code None});
 *   <li>{@code Tuple} and {@code Future} are covariant; {@code List}, {@code Dict}, {@code RRef}
 *       invariant; a NamedTuple is a subtype of a tuple with its element types (and of a
 *       NamedTuple with its field names), an unnamed tuple is never a NamedTuple;
 *   <li>classes and modules {@code <: AnyClassType}, enums {@code <: AnyEnumType}.
 * </ul>
 * {@link Type.UnknownType} is equal to, a subtype and a supertype of every type (ours).
 */
public final class TypeRelations {
    private TypeRelations() {}

    /**
     * The reference's type equality ({@code *a == *b}). It differs from {@code equals} in that
     * {@code Union[int, float, complex]} is the same type as {@code number} (also inside
     * containers: {@code List[Union[int, float, complex]]} is {@code List[number]}), any two type
     * variables are the same, and an unknown type is the same as every type.
     */
    public static boolean sameType(Type a, Type b) {
        if (a instanceof UnknownType || b instanceof UnknownType) {
            return true;
        }
        if (a instanceof UnionType ua) {
            return unionEquals(ua, b);
        } else if (b instanceof UnionType ub) {
            // OptionalType::equals and NumberType::equals against a union are the mirror images.
            return (a instanceof OptionalType || a instanceof NumberType) && unionEquals(ub, a);
        } else if (a instanceof OptionalType oa) {
            return b instanceof OptionalType ob && sameType(oa.elem(), ob.elem());
        } else if (a instanceof ListType la) {
            return b instanceof ListType lb && sameType(la.elem(), lb.elem());
        } else if (a instanceof FutureType fa) {
            return b instanceof FutureType fb && sameType(fa.elem(), fb.elem());
        } else if (a instanceof RRefType ra) {
            return b instanceof RRefType rb && sameType(ra.elem(), rb.elem());
        } else if (a instanceof DictType da) {
            return b instanceof DictType db && sameType(da.key(), db.key()) && sameType(da.value(), db.value());
        } else if (a instanceof TupleType ta) {
            return b instanceof TupleType tb
                    && elementwise(ta.elements(), tb.elements(), TypeRelations::sameType)
                    && ta.named().equals(tb.named());
        } else if (a instanceof EnumType ea) {
            return b instanceof EnumType eb && ea.qualifiedName().equals(eb.qualifiedName())
                    && sameType(ea.valueType(), eb.valueType());
        } else if (a instanceof VarType) {
            return b instanceof VarType; // VarType::equals compares kinds only
        }
        // Tensors (inferred or not), nominal types by name, and the singletons.
        return a.equals(b);
    }

    /** {@code UnionType::equals(rhs)}. */
    private static boolean unionEquals(UnionType u, Type rhs) {
        if (rhs instanceof UnionType r) {
            return u.members().size() == r.members().size()
                    && u.members().stream().allMatch(m -> r.members().stream().anyMatch(n -> sameType(m, n)));
        } else if (rhs instanceof OptionalType o) {
            if (o.elem() instanceof NumberType) {
                return u.members().size() == 4 && canHoldType(u, Types.NONE) && canHoldType(u, Types.NUMBER);
            }
            // toOptional(): the union rebuilt, if that gives an Optional. A normalized union never
            // does (it would have been built as one), so this is false in practice.
            Type rebuilt = canHoldType(u, Types.NONE) ? Unions.create(u.members()) : u;
            return rebuilt instanceof OptionalType && sameType(rebuilt, o);
        } else if (rhs instanceof NumberType) {
            return u.members().size() == 3 && canHoldType(u, Types.NUMBER);
        }
        return false;
    }

    /** Whether a value of type {@code lhs} may be used where {@code rhs} is expected. */
    public static boolean isSubtypeOf(Type lhs, Type rhs) {
        return subtype(lhs, rhs, null);
    }

    /**
     * {@link #isSubtypeOf(Type, Type)}, appending to {@code whyNot} the reference's explanation
     * when there is one. There is one only for an {@code Optional} that a union cannot hold:
     * "{@code Union[int, str] cannot hold None}", and, when the union holds {@code None} but not
     * the element, "{@code Union[int, NoneType, str] cannot hold 1}": the reference writes the
     * element's pointer to the stream, which prints as the boolean {@code 1}, and users see
     * exactly that under "Expected a value of type ...".
     *
     * <p>As in the reference, an explanation may be appended while an alternative is tried that
     * later succeeds; read {@code whyNot} only when the answer is {@code false}.
     */
    public static boolean isSubtypeOf(Type lhs, Type rhs, StringBuilder whyNot) {
        return subtype(lhs, rhs, Objects.requireNonNull(whyNot));
    }

    /**
     * {@code UnionType::canHoldType}: whether one member of {@code union} is a supertype of
     * {@code type}, and for {@code number}, whether the union holds {@code int}, {@code float} and
     * {@code complex}.
     */
    public static boolean canHoldType(UnionType union, Type type) {
        if (type instanceof NumberType) {
            return canHoldType(union, Types.INT) && canHoldType(union, Types.FLOAT)
                    && canHoldType(union, Types.COMPLEX);
        }
        for (Type member : union.members()) {
            if (subtype(type, member, null)) {
                return true;
            }
        }
        return false;
    }

    /** Dispatch on the left-hand type, as the reference's virtual {@code isSubtypeOfExt}. */
    private static boolean subtype(Type lhs, Type rhs, StringBuilder whyNot) {
        if (lhs instanceof UnknownType || rhs instanceof UnknownType) {
            return true;
        } else if (rhs instanceof Type.InterfaceType && (lhs instanceof ClassType || lhs instanceof ModuleType
                || lhs instanceof Type.InterfaceType)) {
            return true; // structural: checked where the checker knows the classes' methods
        } else if (lhs instanceof UnionType u) {
            return unionSubtype(u, rhs, whyNot);
        } else if (lhs instanceof OptionalType o) {
            return optionalSubtype(o, rhs, whyNot);
        } else if (lhs instanceof NumberType) {
            if (rhs instanceof UnionType ru) {
                return canHoldType(ru, Types.NUMBER);
            }
            return base(lhs, rhs, whyNot);
        } else if (lhs instanceof IntType || lhs instanceof FloatType || lhs instanceof ComplexType) {
            return rhs instanceof NumberType || base(lhs, rhs, whyNot);
        } else if (lhs instanceof NoneType) {
            return rhs instanceof OptionalType || base(lhs, rhs, whyNot);
        } else if (lhs instanceof TupleType t) {
            return base(lhs, rhs, whyNot) || rhs instanceof TupleType rt && tupleSubtype(t, rt, whyNot);
        } else if (lhs instanceof FutureType f) {
            return base(lhs, rhs, whyNot)
                    || rhs instanceof FutureType rf && subtype(f.elem(), rf.elem(), whyNot);
        } else if (lhs instanceof ClassType || lhs instanceof ModuleType) {
            return rhs instanceof AnyClassType || base(lhs, rhs, whyNot);
        } else if (lhs instanceof EnumType) {
            return rhs instanceof AnyEnumType || base(lhs, rhs, whyNot);
        }
        // TensorType would compare refinements here; plain tensors are equal. Lists, dicts and
        // RRefs are invariant: only equality (in base) relates them.
        return base(lhs, rhs, whyNot);
    }

    /** {@code Type::isSubtypeOfExt}, the rule every type starts from. */
    private static boolean base(Type lhs, Type rhs, StringBuilder whyNot) {
        if (rhs instanceof AnyType || sameType(lhs, rhs)) {
            return true;
        }
        if (rhs instanceof OptionalType o) {
            return subtype(lhs, o.elem(), whyNot);
        }
        if (rhs instanceof UnionType u) {
            for (Type member : u.members()) {
                if (subtype(lhs, member, whyNot)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code UnionType::isSubtypeOfExt}: every member must fit one of {@code rhs}'s types. */
    private static boolean unionSubtype(UnionType lhs, Type rhs, StringBuilder whyNot) {
        List<Type> rhsTypes = new ArrayList<>();
        if (rhs instanceof UnionType u) {
            rhsTypes.addAll(u.members());
        } else if (rhs instanceof OptionalType o) {
            rhsTypes.add(Types.NONE);
            if (o.elem() instanceof NumberType) {
                rhsTypes.addAll(List.of(Types.INT, Types.FLOAT, Types.COMPLEX));
            } else {
                rhsTypes.add(o.elem());
            }
        } else if (rhs instanceof NumberType) {
            rhsTypes.addAll(List.of(Types.INT, Types.FLOAT, Types.COMPLEX));
        } else {
            rhsTypes.add(rhs);
        }
        for (Type member : lhs.members()) {
            boolean fits = false;
            for (Type r : rhsTypes) {
                if (subtype(member, r, whyNot)) {
                    fits = true;
                    break;
                }
            }
            if (!fits) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code OptionalType::isSubtypeOfExt}. Against a union the element must fit one member as a
     * whole, so {@code Optional[Union[int, str]]} is not a subtype of {@code Union[int, str,
     * NoneType]} (while the converse holds): the reference's asymmetry, kept.
     */
    private static boolean optionalSubtype(OptionalType lhs, Type rhs, StringBuilder whyNot) {
        if (rhs instanceof OptionalType o) {
            return subtype(lhs.elem(), o.elem(), whyNot);
        } else if (rhs instanceof UnionType u) {
            if (!canHoldType(u, Types.NONE)) {
                if (whyNot != null) {
                    whyNot.append(u.reprStr()).append(" cannot hold None");
                }
                return false;
            } else if (!canHoldType(u, lhs.elem())) {
                if (whyNot != null) {
                    whyNot.append(u.reprStr()).append(" cannot hold 1");
                }
                return false;
            }
            return true;
        }
        return base(lhs, rhs, whyNot);
    }

    /** The tuple part of {@code TupleType::isSubtypeOfExt}, after {@code base} has failed. */
    private static boolean tupleSubtype(TupleType lhs, TupleType rhs, StringBuilder whyNot) {
        if (lhs.named().isEmpty() && rhs.named().isPresent()) {
            return false; // an unnamed tuple is not a NamedTuple
        }
        boolean namesMatch = rhs.named().isEmpty()
                || rhs.named().get().fieldNames().equals(lhs.named().get().fieldNames());
        return namesMatch && elementwise(lhs.elements(), rhs.elements(), (a, b) -> subtype(a, b, whyNot));
    }

    private interface Relation {
        boolean holds(Type a, Type b);
    }

    private static boolean elementwise(List<Type> as, List<Type> bs, Relation relation) {
        if (as.size() != bs.size()) {
            return false;
        }
        for (int i = 0; i < as.size(); i++) {
            if (!relation.holds(as.get(i), bs.get(i))) {
                return false;
            }
        }
        return true;
    }
}
