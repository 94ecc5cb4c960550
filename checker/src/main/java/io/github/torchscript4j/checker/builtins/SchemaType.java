package io.github.torchscript4j.checker.builtins;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A type as written in an operator schema: {@code Tensor}, {@code int[]}, {@code Tensor?}, {@code
 * Dict(str, t)}, {@code (Tensor, Tensor)}, {@code t}, {@code __torch__.torch.classes.x.Y}, ...
 *
 * <p>This is schema syntax, not the checker's type system: a type variable such as {@code t} is
 * just a name here, {@code Scalar} is not yet {@code number}, and {@code SymInt} is kept apart from
 * {@code int}. What an argument adds to its type — alias annotations ({@code (a!)}) and the fixed
 * size of a list ({@code int[2]}) — lives in {@link SchemaArgument}, as in libtorch, because they
 * belong to the argument, not to the type.
 *
 * <p>{@link #toString()} prints the type exactly as libtorch does ({@code c10::Type::str()}).
 */
public sealed interface SchemaType
        permits SchemaType.Primitive, SchemaType.TypeVariable, SchemaType.CustomClass, SchemaType.OptionalType,
                SchemaType.ListType, SchemaType.TupleType, SchemaType.DictType, SchemaType.FutureType,
                SchemaType.AwaitType, SchemaType.RRefType, SchemaType.UnionType {

    /** The named built-in types of schema syntax, with libtorch's spelling. */
    enum Primitive implements SchemaType {
        TENSOR("Tensor"),
        INT("int"),
        SYM_INT("SymInt"),
        FLOAT("float"),
        SYM_FLOAT("SymFloat"),
        COMPLEX("complex"),
        BOOL("bool"),
        SYM_BOOL("SymBool"),
        STR("str"),
        SCALAR("Scalar"),
        SCALAR_TYPE("ScalarType"),
        LAYOUT("Layout"),
        DEVICE("Device"),
        DEVICE_INDEX("DeviceIndex"),
        MEMORY_FORMAT("MemoryFormat"),
        GENERATOR("Generator"),
        STORAGE("Storage"),
        STREAM("Stream"),
        DIMNAME("Dimname"),
        QSCHEME("QScheme"),
        CONST_QUANTIZER_PTR("ConstQuantizerPtr"),
        CAPSULE("Capsule"),
        ANY("Any"),
        ANY_ENUM_TYPE("AnyEnumType"),
        ANY_CLASS_TYPE("AnyClassType"),
        NONE_TYPE("NoneType");

        private final String spelling;

        Primitive(String spelling) {
            this.spelling = spelling;
        }

        /** The primitive spelled {@code spelling}, if there is one. */
        public static Optional<Primitive> bySpelling(String spelling) {
            for (Primitive primitive : values()) {
                if (primitive.spelling.equals(spelling)) {
                    return Optional.of(primitive);
                }
            }
            return Optional.empty();
        }

        public String spelling() {
            return spelling;
        }

        @Override
        public String toString() {
            return spelling;
        }
    }

    /** A type variable, bound per call: {@code t}, {@code t1}, {@code tVal}. */
    record TypeVariable(String name) implements SchemaType {
        public TypeVariable {
            Objects.requireNonNull(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A TorchBind class, {@code __torch__.torch.classes.quantized.Conv2dPackedParamsBase}. */
    record CustomClass(String qualifiedName) implements SchemaType {
        public CustomClass {
            Objects.requireNonNull(qualifiedName);
        }

        @Override
        public String toString() {
            return qualifiedName;
        }
    }

    /** {@code T?}: {@code T} or {@code None}. */
    record OptionalType(SchemaType element) implements SchemaType {
        public OptionalType {
            Objects.requireNonNull(element);
        }

        @Override
        public String toString() {
            return element + "?";
        }
    }

    /** {@code T[]}; a fixed size ({@code int[2]}) is the argument's, see {@link SchemaArgument#size()}. */
    record ListType(SchemaType element) implements SchemaType {
        public ListType {
            Objects.requireNonNull(element);
        }

        @Override
        public String toString() {
            return element + "[]";
        }
    }

    /** {@code (T1, T2, ...)}, possibly empty. */
    record TupleType(List<SchemaType> elements) implements SchemaType {
        public TupleType {
            elements = List.copyOf(elements);
        }

        @Override
        public String toString() {
            return elements.stream().map(SchemaType::toString).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /** {@code Dict(K, V)}. */
    record DictType(SchemaType key, SchemaType value) implements SchemaType {
        public DictType {
            Objects.requireNonNull(key);
            Objects.requireNonNull(value);
        }

        @Override
        public String toString() {
            return "Dict(" + key + ", " + value + ")";
        }
    }

    /** {@code Future(T)}. */
    record FutureType(SchemaType element) implements SchemaType {
        public FutureType {
            Objects.requireNonNull(element);
        }

        @Override
        public String toString() {
            return "Future(" + element + ")";
        }
    }

    /** {@code Await(T)}. */
    record AwaitType(SchemaType element) implements SchemaType {
        public AwaitType {
            Objects.requireNonNull(element);
        }

        @Override
        public String toString() {
            return "Await(" + element + ")";
        }
    }

    /** {@code RRef(T)}. */
    record RRefType(SchemaType element) implements SchemaType {
        public RRefType {
            Objects.requireNonNull(element);
        }

        @Override
        public String toString() {
            return "RRef(" + element + ")";
        }
    }

    /** {@code Union(T1, T2, ...)}. */
    record UnionType(List<SchemaType> alternatives) implements SchemaType {
        public UnionType {
            alternatives = List.copyOf(alternatives);
        }

        @Override
        public String toString() {
            return alternatives.stream().map(SchemaType::toString).collect(Collectors.joining(", ", "Union(", ")"));
        }
    }
}
