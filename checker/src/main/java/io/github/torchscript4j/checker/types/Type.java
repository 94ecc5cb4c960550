package io.github.torchscript4j.checker.types;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A TorchScript type, as PyTorch 1.13.1 has it ({@code c10::Type}).
 *
 * <p>Values are immutable records; Java's {@code equals} is structural, except where a record
 * says otherwise (nominal types compare by name, a tensor ignores whether it was inferred). The
 * reference's own equality, which differs in a few places ({@code Union[int, float, complex]} is
 * {@code number}), is {@link TypeRelations#sameType}; use that for language semantics and {@code
 * equals} for maps and tests.
 *
 * <p>Build {@link OptionalType} and {@link UnionType} through {@link Types#optional} and {@link
 * Types#union}: like the reference's factories they flatten, remove duplicates and sort, and
 * their results are the only shapes the relations and printers expect.
 *
 * <p>The printers, in the reference's terms:
 * <table>
 *   <caption>printers</caption>
 *   <tr><th>method</th><th>C++</th><th>used by</th><th>example</th></tr>
 *   <tr><td>{@link #annotationStr}</td><td>{@code annotation_str()}</td><td>{@code .code}, most
 *       messages</td><td>{@code Optional[List[int]]}</td></tr>
 *   <tr><td>{@link #str}</td><td>{@code str()}</td><td>schemas</td><td>{@code int[]?}</td></tr>
 *   <tr><td>{@link #graphStr}</td><td>{@code operator<<}</td><td>{@code .graph}</td><td>{@code
 *       Future[int]}, {@code NamedTuple(a : int)}</td></tr>
 *   <tr><td>{@link #reprStr}</td><td>{@code repr_str()}</td><td>messages about values</td><td>
 *       {@code Tensor (inferred)}</td></tr>
 * </table>
 */
public sealed interface Type
        permits Type.TensorType, Type.IntType, Type.FloatType, Type.ComplexType, Type.BoolType,
                Type.StrType, Type.NoneType, Type.NumberType, Type.DeviceType, Type.AnyType,
                Type.OptionalType, Type.UnionType, Type.ListType, Type.TupleType, Type.DictType,
                Type.FutureType, Type.RRefType, Type.ClassType, Type.ModuleType, Type.EnumType,
                Type.FunctionType, Type.VarType, Type.GeneratorType, Type.StorageType,
                Type.StreamType, Type.CapsuleType, Type.QSchemeType, Type.AnyEnumType,
                Type.AnyClassType, Type.InterfaceType, Type.UnknownType {

    TypeKind kind();

    /** The type as {@code .code} and most messages print it: {@code Optional[List[int]]}. */
    default String annotationStr() {
        return TypePrinter.annotationStr(this);
    }

    /** The type as schemas print it (C++ {@code Type::str()}): {@code int[]?}, {@code Scalar}. */
    default String str() {
        return TypePrinter.str(this);
    }

    /** The type as {@code .graph} prints it (C++ {@code operator<<}): {@code Future[int][]}. */
    default String graphStr() {
        return TypePrinter.graphStr(this);
    }

    /**
     * The type as the reference's messages about a value print it (C++ {@code repr_str()}): the
     * annotation, except {@code Tensor (inferred)}, {@code Enum<__torch__.E>} and a class's
     * {@code __torch__.C (of Python compilation unit at: <address>)}.
     */
    default String reprStr() {
        return TypePrinter.reprStr(this);
    }

    /** {@link TypeRelations#isSubtypeOf(Type, Type)}. */
    default boolean isSubtypeOf(Type other) {
        return TypeRelations.isSubtypeOf(this, other);
    }

    // ---- Tensors and scalars ----------------------------------------------------------------

    /**
     * {@code Tensor}. TorchScript refines tensor types with dtype, shape, device and gradient
     * information in optimized graphs; the checker does not need them. {@code inferred} marks the
     * type TorchScript gives an unannotated parameter, which messages print as {@code Tensor
     * (inferred)}; like the reference's equality, {@code equals} ignores it.
     */
    record TensorType(boolean inferred) implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.TENSOR;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TensorType;
        }

        @Override
        public int hashCode() {
            return TensorType.class.hashCode();
        }
    }

    /** {@code int}: a 64-bit integer; also what {@code torch.dtype}, layouts and memory formats are. */
    record IntType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.INT;
        }
    }

    /** {@code float}: a double. */
    record FloatType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.FLOAT;
        }
    }

    /** {@code complex}: a complex double. */
    record ComplexType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.COMPLEX;
        }
    }

    /** {@code bool}. Not a number: {@code bool} is no subtype of {@code int} or {@code number}. */
    record BoolType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.BOOL;
        }
    }

    /** {@code str}. */
    record StrType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.STRING;
        }
    }

    /** {@code NoneType}: the type of {@code None}; a subtype of every {@code Optional}. */
    record NoneType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.NONE;
        }
    }

    /**
     * {@code number} (schemas: {@code Scalar}): the supertype of {@code int}, {@code float} and
     * {@code complex}. Inside a union it stands for those three members.
     */
    record NumberType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.NUMBER;
        }
    }

    /** {@code Device} ({@code torch.device} in annotations). */
    record DeviceType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.DEVICE;
        }
    }

    /** {@code Any}: the top of the hierarchy; every type is a subtype of it. */
    record AnyType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.ANY;
        }
    }

    // ---- Optional and Union -----------------------------------------------------------------

    /**
     * {@code Optional[T]}, which the reference defines as {@code Union[T, None]}. Normalized (see
     * {@link Types#optional}): {@code elem} is never {@code NoneType} or an {@code Optional}; it
     * is a {@link UnionType} without {@code None} for {@code Optional[Union[int, str]]}, and
     * {@link NumberType} for {@code Optional[number]}.
     */
    record OptionalType(Type elem) implements Type {
        public OptionalType {
            Objects.requireNonNull(elem);
            if (elem instanceof NoneType || elem instanceof OptionalType
                    || elem instanceof UnionType u && u.members().stream().anyMatch(m -> m instanceof NoneType)) {
                throw new IllegalArgumentException("not a normalized Optional element; use Types.optional: " + elem);
            }
        }

        @Override
        public TypeKind kind() {
            return TypeKind.OPTIONAL;
        }
    }

    /**
     * {@code Union[T1, T2, ...]}. Normalized (see {@link Types#union}): at least two members, none
     * of them a union, an {@code Optional} or {@code number} (which stands for {@code int},
     * {@code float} and {@code complex}); no member is a subtype of another; sorted by {@link
     * TypeKind}, then by {@link #str}. A union of exactly one type and {@code None} is an {@link
     * OptionalType} instead, but {@code Union[int, str, None]} stays a union.
     */
    record UnionType(List<Type> members) implements Type {
        public UnionType {
            members = List.copyOf(members);
            if (members.size() < 2) {
                throw new IllegalArgumentException("a union has at least two members: " + members);
            }
            for (Type m : members) {
                if (m instanceof UnionType || m instanceof OptionalType || m instanceof NumberType) {
                    throw new IllegalArgumentException("not a normalized union member; use Types.union: " + m);
                }
            }
        }

        @Override
        public TypeKind kind() {
            return TypeKind.UNION;
        }
    }

    // ---- Containers -------------------------------------------------------------------------

    /** {@code List[T]}: mutable, hence invariant ({@code List[int]} is no {@code List[number]}). */
    record ListType(Type elem) implements Type {
        public ListType {
            Objects.requireNonNull(elem);
        }

        @Override
        public TypeKind kind() {
            return TypeKind.LIST;
        }
    }

    /**
     * {@code Tuple[T1, ...]}: immutable, hence covariant. A {@code NamedTuple} is a tuple with
     * {@link Named field names} and a qualified name ({@code __torch__.P}); an unnamed tuple is
     * never a subtype of a named one, and unification forgets names.
     */
    record TupleType(List<Type> elements, Optional<Named> named) implements Type {
        public TupleType {
            elements = List.copyOf(elements);
            Objects.requireNonNull(named);
            if (named.isPresent() && named.get().fieldNames().size() != elements.size()) {
                throw new IllegalArgumentException("one field name per element: " + named.get() + " " + elements);
            }
        }

        /** An unnamed tuple. */
        public TupleType(List<Type> elements) {
            this(elements, Optional.empty());
        }

        /** A {@code NamedTuple}'s name ({@code __torch__.P}) and its field names, in order. */
        public record Named(String qualifiedName, List<String> fieldNames) {
            public Named {
                Objects.requireNonNull(qualifiedName);
                fieldNames = List.copyOf(fieldNames);
            }
        }

        @Override
        public TypeKind kind() {
            return TypeKind.TUPLE;
        }
    }

    /** {@code Dict[K, V]}: mutable, hence invariant in both. */
    record DictType(Type key, Type value) implements Type {
        public DictType {
            Objects.requireNonNull(key);
            Objects.requireNonNull(value);
        }

        /**
         * Whether the reference accepts {@code key} as a dictionary key type ({@code
         * DictType::create}): {@code int}, {@code float}, {@code complex}, {@code bool}, {@code
         * str}, {@code Tensor}, {@code Device} and {@code Any}. Otherwise it fails with "Cannot
         * create dict for key type '<str()>', only int, float, complex, Tensor, device and string
         * keys are supported". An unknown key is accepted, so that it is not reported twice.
         */
        public static boolean allowsKey(Type key) {
            return key instanceof IntType || key instanceof FloatType || key instanceof ComplexType
                    || key instanceof BoolType || key instanceof StrType || key instanceof TensorType
                    || key instanceof DeviceType || key instanceof AnyType || key instanceof UnknownType;
        }

        @Override
        public TypeKind kind() {
            return TypeKind.DICT;
        }
    }

    /** {@code Future[T]} ({@code torch.jit.Future[T]}, what {@code torch.jit.fork} returns); covariant. */
    record FutureType(Type elem) implements Type {
        public FutureType {
            Objects.requireNonNull(elem);
        }

        @Override
        public TypeKind kind() {
            return TypeKind.FUTURE;
        }
    }

    /** {@code RRef[T]}: a remote reference ({@code torch.distributed.rpc}); invariant. */
    record RRefType(Type elem) implements Type {
        public RRefType {
            Objects.requireNonNull(elem);
        }

        @Override
        public TypeKind kind() {
            return TypeKind.RREF;
        }
    }

    // ---- Nominal types: a qualified name and what the checker knows about it ------------------

    /**
     * A TorchScript class ({@code @torch.jit.script class}, or a custom C++ class such as {@code
     * __torch__.torch.classes.profiler._RecordFunction} in a schema), by qualified name ({@code
     * __torch__.Foo}). Two class types are equal when their names are; {@code declaration} is the
     * later layers' handle on the class's fields and methods and takes no part in equality.
     */
    record ClassType(String qualifiedName, TypeDeclaration declaration) implements Type {
        public ClassType {
            Objects.requireNonNull(qualifiedName);
            Objects.requireNonNull(declaration);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClassType c && c.qualifiedName.equals(qualifiedName);
        }

        @Override
        public int hashCode() {
            return qualifiedName.hashCode();
        }

        @Override
        public TypeKind kind() {
            return TypeKind.CLASS;
        }
    }

    /**
     * The type of a scripted {@code nn.Module} ({@code __torch__.MyModule}); the reference's
     * {@code ClassType} with {@code is_module()}. Equal by name, as {@link ClassType}.
     */
    record ModuleType(String qualifiedName, TypeDeclaration declaration) implements Type {
        public ModuleType {
            Objects.requireNonNull(qualifiedName);
            Objects.requireNonNull(declaration);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ModuleType m && m.qualifiedName.equals(qualifiedName);
        }

        @Override
        public int hashCode() {
            return qualifiedName.hashCode();
        }

        @Override
        public TypeKind kind() {
            return TypeKind.CLASS;
        }
    }

    /**
     * A Python {@code Enum} class used in TorchScript, with the type of its values ({@code int},
     * {@code float} or {@code str}). Equal by name and value type.
     */
    record EnumType(String qualifiedName, Type valueType, TypeDeclaration declaration) implements Type {
        public EnumType {
            Objects.requireNonNull(qualifiedName);
            Objects.requireNonNull(valueType);
            Objects.requireNonNull(declaration);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EnumType e && e.qualifiedName.equals(qualifiedName) && e.valueType.equals(valueType);
        }

        @Override
        public int hashCode() {
            return qualifiedName.hashCode() * 31 + valueType.hashCode();
        }

        @Override
        public TypeKind kind() {
            return TypeKind.ENUM;
        }
    }

    /**
     * A {@code @torch.jit.interface} class ({@code InterfaceType<OneTwo>}): classes whose methods
     * fit its method declarations are its subtypes. Equal by name. The checker models only some of
     * its uses, so {@link Types#containsUnknown} counts it as unknown (never reported against).
     */
    record InterfaceType(String qualifiedName, TypeDeclaration declaration) implements Type {
        public InterfaceType {
            Objects.requireNonNull(qualifiedName);
            Objects.requireNonNull(declaration);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InterfaceType i && i.qualifiedName.equals(qualifiedName);
        }

        @Override
        public int hashCode() {
            return qualifiedName.hashCode();
        }

        @Override
        public TypeKind kind() {
            return TypeKind.INTERFACE;
        }
    }

    /**
     * A reference to a TorchScript function as a value ({@code f = my_function}); {@code .graph}
     * prints {@code Function}. Equal by name.
     */
    record FunctionType(String qualifiedName, TypeDeclaration declaration) implements Type {
        public FunctionType {
            Objects.requireNonNull(qualifiedName);
            Objects.requireNonNull(declaration);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FunctionType f && f.qualifiedName.equals(qualifiedName);
        }

        @Override
        public int hashCode() {
            return qualifiedName.hashCode();
        }

        @Override
        public TypeKind kind() {
            return TypeKind.FUNCTION;
        }
    }

    // ---- Types that only operator schemas name ---------------------------------------------

    /**
     * A type variable of an operator schema ({@code t} in {@code aten::append.t(t[] self, t el)}),
     * bound when a call is matched. The reference considers any two type variables equal.
     */
    record VarType(String name) implements Type {
        public VarType {
            Objects.requireNonNull(name);
        }

        @Override
        public TypeKind kind() {
            return TypeKind.VAR;
        }
    }

    /** {@code Generator}: a random number generator ({@code Generator? generator=None} in schemas). */
    record GeneratorType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.GENERATOR;
        }
    }

    /** {@code Storage}: a tensor's untyped storage. */
    record StorageType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.STORAGE;
        }
    }

    /** {@code Stream}: a device stream. */
    record StreamType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.STREAM;
        }
    }

    /** {@code Capsule}: an opaque C++ object (prepacked weights of quantized operators). */
    record CapsuleType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.CAPSULE;
        }
    }

    /** {@code QScheme}: a quantization scheme ({@code Tensor.qscheme()}). */
    record QSchemeType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.QSCHEME;
        }
    }

    /** {@code AnyEnumType}: the supertype of every enum, in schemas only. */
    record AnyEnumType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.ANY_ENUM;
        }
    }

    /** {@code AnyClassType}: the supertype of every class and module, in schemas only. */
    record AnyClassType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.ANY_CLASS;
        }
    }

    // ---- Ours -------------------------------------------------------------------------------

    /**
     * Ours, not the reference's (Pyright's "Unknown"): the type of an expression that already has
     * an error, such as an undefined name. It is the same type as, a subtype and a supertype of,
     * and unifies with every type, and a union or {@code Optional} with it is unknown, so that one
     * mistake produces one diagnostic. It prints as {@code Unknown}, which the checker should
     * never need to show.
     */
    record UnknownType() implements Type {
        @Override
        public TypeKind kind() {
            return TypeKind.UNKNOWN;
        }
    }
}
