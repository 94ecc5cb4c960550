package io.github.torchscript4j.checker.types;

import io.github.torchscript4j.checker.types.Type.AnyClassType;
import io.github.torchscript4j.checker.types.Type.AnyEnumType;
import io.github.torchscript4j.checker.types.Type.AnyType;
import io.github.torchscript4j.checker.types.Type.BoolType;
import io.github.torchscript4j.checker.types.Type.CapsuleType;
import io.github.torchscript4j.checker.types.Type.ComplexType;
import io.github.torchscript4j.checker.types.Type.DeviceType;
import io.github.torchscript4j.checker.types.Type.FloatType;
import io.github.torchscript4j.checker.types.Type.GeneratorType;
import io.github.torchscript4j.checker.types.Type.IntType;
import io.github.torchscript4j.checker.types.Type.NoneType;
import io.github.torchscript4j.checker.types.Type.NumberType;
import io.github.torchscript4j.checker.types.Type.QSchemeType;
import io.github.torchscript4j.checker.types.Type.StorageType;
import io.github.torchscript4j.checker.types.Type.StrType;
import io.github.torchscript4j.checker.types.Type.StreamType;
import io.github.torchscript4j.checker.types.Type.TensorType;
import io.github.torchscript4j.checker.types.Type.UnknownType;
import java.util.List;

/**
 * The singleton types, and the normalizing constructors of {@code Optional} and {@code Union}.
 *
 * <p>{@link #optional} and {@link #union} are the reference's {@code OptionalType::create} and
 * {@code UnionType::create} ({@code union_type.cpp}); see {@link Unions} for the algorithm.
 */
public final class Types {
    public static final TensorType TENSOR = new TensorType(false);
    /** The type of an unannotated parameter: {@code Tensor}, printed {@code Tensor (inferred)} in messages. */
    public static final TensorType INFERRED_TENSOR = new TensorType(true);
    public static final IntType INT = new IntType();
    public static final FloatType FLOAT = new FloatType();
    public static final ComplexType COMPLEX = new ComplexType();
    public static final BoolType BOOL = new BoolType();
    public static final StrType STR = new StrType();
    public static final NoneType NONE = new NoneType();
    public static final NumberType NUMBER = new NumberType();
    public static final DeviceType DEVICE = new DeviceType();
    public static final AnyType ANY = new AnyType();
    public static final GeneratorType GENERATOR = new GeneratorType();
    public static final StorageType STORAGE = new StorageType();
    public static final StreamType STREAM = new StreamType();
    public static final CapsuleType CAPSULE = new CapsuleType();
    public static final QSchemeType QSCHEME = new QSchemeType();
    public static final AnyEnumType ANY_ENUM = new AnyEnumType();
    public static final AnyClassType ANY_CLASS = new AnyClassType();
    public static final UnknownType UNKNOWN = new UnknownType();

    private Types() {}

    /**
     * {@code Optional[elem]}, normalized as the reference's {@code OptionalType::create}:
     * {@code Optional[Optional[int]]} is {@code Optional[int]}, {@code Optional[Union[int, None,
     * str]]} is {@code Optional[Union[int, str]]}, {@code Optional[Union[int, float, complex]]} is
     * {@code Optional[number]}. The result is an {@link Type.OptionalType}, except: {@code
     * Optional[None]} gives {@code NoneType} (the reference fails an internal assertion there),
     * and an unknown element gives {@link Types#UNKNOWN}.
     */
    public static Type optional(Type elem) {
        return Unions.optional(elem);
    }

    /**
     * {@code Union[members...]}, normalized as the reference's {@code UnionType::create}: nested
     * unions and {@code Optional}s are flattened, {@code number} becomes {@code int, float,
     * complex}, members that unify are merged ({@code Union[int, int]} is {@code int}, {@code
     * Union[Tuple[int], Tuple[None]]} is {@code Tuple[Optional[int]]}), and the rest is sorted
     * by kind and spelling. One type and {@code None} make an {@code Optional} ({@code
     * Union[int, None]} is {@code Optional[int]}), and so do {@code int, float, complex} and
     * {@code None} ({@code Optional[number]}).
     *
     * <p>Where everything merges into one type the result is that type; the reference fails an
     * internal assertion instead ("the Union ... has the single type int"), but its annotation
     * front end collapses {@code Union[int, int]} to {@code int} first, as Python's {@code
     * typing} does. A union with an unknown member is {@link Types#UNKNOWN}.
     *
     * @throws IllegalArgumentException if {@code members} is empty
     */
    public static Type union(List<Type> members) {
        return Unions.create(members);
    }

    /** {@link #union(List)}. */
    public static Type union(Type... members) {
        return Unions.create(List.of(members));
    }

    /**
     * The types directly inside {@code type}, as the reference's {@code containedTypes()}: a
     * container's elements ({@code Dict}: key, value), an {@code Optional}'s element, a union's
     * members, an enum's value type; none for the others.
     */
    public static List<Type> contained(Type type) {
        if (type instanceof Type.OptionalType o) {
            return List.of(o.elem());
        } else if (type instanceof Type.UnionType u) {
            return u.members();
        } else if (type instanceof Type.ListType l) {
            return List.of(l.elem());
        } else if (type instanceof Type.TupleType t) {
            return t.elements();
        } else if (type instanceof Type.DictType d) {
            return List.of(d.key(), d.value());
        } else if (type instanceof Type.FutureType f) {
            return List.of(f.elem());
        } else if (type instanceof Type.RRefType r) {
            return List.of(r.elem());
        } else if (type instanceof Type.EnumType e) {
            return List.of(e.valueType());
        }
        return List.of();
    }

    /** Whether {@code type} is or contains {@link Type.UnknownType}: the checker stays silent about such types. */
    public static boolean containsUnknown(Type type) {
        if (type instanceof UnknownType || type instanceof Type.InterfaceType) {
            return true;
        }
        for (Type t : contained(type)) {
            if (containsUnknown(t)) {
                return true;
            }
        }
        return false;
    }
}
