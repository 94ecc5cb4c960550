package io.github.torchscript4j.checker.eval;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Plain-Java implementations of TorchScript's operator overloads that involve no tensor: the ones
 * libtorch registers as JIT operators outside its dispatcher ({@code aten::add.int}, {@code
 * aten::floordiv.float}, {@code aten::split.str}, {@code aten::append.t}, {@code
 * aten::__getitem__.Dict_str}, {@code prim::min.self_int}, ...), keyed by {@code name.overload} as
 * in {@link io.github.torchscript4j.checker.builtins.OperatorTable}.
 *
 * <p>Constant folding runs them at compile time and the runtime's interpreter runs them without
 * libtorch. Semantics are those of PyTorch 1.13.1's interpreter, as recorded by {@code
 * scripts/record-scalar-ops}: int arithmetic wraps as int64, {@code //} and {@code %} round
 * towards negative infinity as in Python, float division by zero gives {@code inf} or {@code nan},
 * strings are byte strings (lengths and indices count UTF-8 bytes), and errors are thrown as
 * {@link ScriptError} with the reference's message. Complex numbers only add, subtract, multiply
 * and divide here; operators that read
 * or change global state (grad mode, random seeds, profiling) are not here.
 *
 * <p>The registry is immutable and the operators keep no state: safe from any thread.
 */
public final class ScalarOps {
    private static final Map<String, ScalarOp> OPS = build();

    private ScalarOps() {}

    /** The implementation of a schema's overload, if this class has one. */
    public static Optional<ScalarOp> find(FunctionSchema schema) {
        return find(schema.nameWithOverload());
    }

    /** The implementation of {@code aten::add.int} (or {@code aten::add} for the unnamed overload), if any. */
    public static Optional<ScalarOp> find(String nameWithOverload) {
        return Optional.ofNullable(OPS.get(Objects.requireNonNull(nameWithOverload)));
    }

    /** Every overload implemented here, sorted. */
    public static Set<String> names() {
        return OPS.keySet();
    }

    private static Map<String, ScalarOp> build() {
        Registry r = new Registry();
        NumberOps.register(r);
        StringOps.register(r);
        ContainerOps.register(r);
        EnumOps.register(r);
        ComplexOps.register(r);
        // the families register uniform sets of overloads; keep those libtorch has
        r.ops.keySet().retainAll(io.github.torchscript4j.checker.builtins.OperatorTable.builtin().schemas().stream()
                .map(FunctionSchema::nameWithOverload).collect(java.util.stream.Collectors.toSet()));
        return Collections.unmodifiableMap(r.ops);
    }

    /** Where the families register their overloads. */
    static final class Registry {
        final Map<String, ScalarOp> ops = new TreeMap<>();

        void add(String name, ScalarOp op) {
            if (ops.putIfAbsent(name, op) != null) {
                throw new IllegalStateException("registered twice: " + name);
            }
        }

        /** An operator with one output. */
        void one(String name, java.util.function.Function<List<Object>, Object> op) {
            add(name, args -> out(op.apply(args)));
        }

        /** An operator with no output. */
        void none(String name, java.util.function.Consumer<List<Object>> op) {
            add(name, args -> {
                op.accept(args);
                return List.of();
            });
        }

        /**
         * A binary operator on numbers with its overloads {@code .int}, {@code .float}, {@code
         * .int_float}, {@code .float_int} and the {@code Scalar} one ({@code scalarName}, null for
         * none): {@code ints} for two ints (null when ints go through floats), {@code floats} otherwise.
         */
        void binary(String name, String scalarName, BinaryOperator<Object> ints, DoubleBinaryOperator floats) {
            BinaryOperator<Object> onFloats = (a, b) -> floats.applyAsDouble(Values.toDouble(a), Values.toDouble(b));
            BinaryOperator<Object> onInts = ints == null ? onFloats : ints;
            one(name + ".int", args -> onInts.apply(args.get(0), args.get(1)));
            one(name + ".float", args -> onFloats.apply(args.get(0), args.get(1)));
            one(name + ".int_float", args -> onFloats.apply(args.get(0), args.get(1)));
            one(name + ".float_int", args -> onFloats.apply(args.get(0), args.get(1)));
            if (scalarName != null) {
                one(scalarName, args -> args.get(0) instanceof Long && args.get(1) instanceof Long
                        ? onInts.apply(args.get(0), args.get(1))
                        : onFloats.apply(args.get(0), args.get(1)));
            }
        }

        /** {@link #binary} for an operator whose int overload stays an int. */
        void binaryLong(String name, String scalarName, LongBinaryOperator ints, DoubleBinaryOperator floats) {
            binary(name, scalarName, (a, b) -> ints.applyAsLong((Long) a, (Long) b), floats);
        }

        /** A unary math function with overloads {@code .int} and {@code .float} (float results) and {@code .Scalar}. */
        void unaryFloat(String name, DoubleUnaryOperator f) {
            one(name + ".int", args -> f.applyAsDouble(Values.toDouble(args.get(0))));
            one(name + ".float", args -> f.applyAsDouble(Values.toDouble(args.get(0))));
            // the Scalar overload computes an int's result in single precision (recorded from the reference)
            one(name + ".Scalar", args -> args.get(0) instanceof Long
                    ? (double) (float) f.applyAsDouble((float) (long) (Long) args.get(0))
                    : f.applyAsDouble(Values.toDouble(args.get(0))));
        }
    }

    /** One output, which may be None. */
    static List<Object> out(Object value) {
        return Collections.singletonList(value);
    }

    static long i(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value ? 1 : 0;
        }
        return (Long) value;
    }

    static double f(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value ? 1 : 0;
        }
        return Values.toDouble(value);
    }

    static boolean b(Object value) {
        return (Boolean) value;
    }

    static String s(Object value) {
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> dict(Object value) {
        return (Map<Object, Object>) value;
    }

    static List<Object> newList(List<?> elements) {
        return new ArrayList<>(elements);
    }
}
