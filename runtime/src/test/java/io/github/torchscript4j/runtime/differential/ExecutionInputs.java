package io.github.torchscript4j.runtime.differential;

import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Deterministic arguments for a function, by its parameters' schema types: the same seed gives the
 * same values, so both interpreters get equal (but separate) inputs. Values are small and include
 * the edge cases that make programs fail — {@code 0} for ints, empty strings and lists, negative
 * indices, {@code None} — and tensors are {@code float32} with one decimal (2x3, 3x3 or 2x3 again,
 * by trial).
 */
final class ExecutionInputs {
    private static final long[] INTS = {-2, -1, 0, 1, 2, 3, 5};
    private static final long[] NONZERO_INTS = {-2, -1, 1, 2, 3, 5};
    private static final double[] FLOATS = {-1.5, 0.0, 0.5, 2.0, 3.25};
    private static final String[] STRINGS = {"a,b", "", "abc", "a b,c", "ba", "b"};
    private static final String[] KEYS = {"a", "b", "c"};
    private static final long[][] SHAPES = {{2, 3}, {3, 3}, {2, 3}};

    private final Random random;
    private final int trial;
    private final long[] ints;

    private ExecutionInputs(long seed, int trial, boolean nonZero) {
        this.random = new Random(seed);
        this.trial = trial;
        this.ints = nonZero ? NONZERO_INTS : INTS;
    }

    /**
     * Arguments for {@code parameters} (tensors owned by the caller), or empty when a type has no
     * generator. With {@code nonZero}, no int is 0: libtorch's TorchScript interpreter kills the
     * process with SIGFPE on {@code a % 0} for ints ({@code aten::remainder.int}; PyTorch 1.13.1's
     * too), so programs with {@code %} never get a zero.
     */
    static Optional<List<Object>> of(List<SchemaType> parameters, long seed, int trial, boolean nonZero) {
        ExecutionInputs inputs = new ExecutionInputs(seed, trial, nonZero);
        List<Object> values = new ArrayList<>();
        for (SchemaType type : parameters) {
            Optional<Object> value = inputs.value(type, 0);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.add(value.get());
        }
        return Optional.of(values);
    }

    private Optional<Object> value(SchemaType type, int depth) {
        if (type instanceof SchemaType.Primitive primitive) {
            return switch (primitive) {
                case TENSOR -> Optional.of(tensor());
                case INT, SYM_INT -> Optional.of(ints[random.nextInt(ints.length)]);
                case FLOAT, SYM_FLOAT -> Optional.of(FLOATS[random.nextInt(FLOATS.length)]);
                case BOOL -> Optional.of(random.nextBoolean());
                case STR -> Optional.of(STRINGS[random.nextInt(STRINGS.length)]);
                case SCALAR -> Optional.of(random.nextBoolean() ? (Object) ints[random.nextInt(ints.length)]
                        : (Object) FLOATS[random.nextInt(FLOATS.length)]);
                case NONE_TYPE -> Optional.of(NONE);
                default -> Optional.empty();
            };
        }
        if (type instanceof SchemaType.OptionalType optional) {
            return random.nextInt(3) == 0 ? Optional.of(NONE) : value(optional.element(), depth);
        }
        if (type instanceof SchemaType.ListType list) {
            int size = random.nextInt(depth > 0 ? 3 : 5);
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Optional<Object> item = value(list.element(), depth + 1);
                if (item.isEmpty()) {
                    return Optional.empty();
                }
                items.add(item.get());
            }
            return Optional.of(items);
        }
        if (type instanceof SchemaType.TupleType tuple) {
            List<Object> items = new ArrayList<>();
            for (SchemaType element : tuple.elements()) {
                Optional<Object> item = value(element, depth + 1);
                if (item.isEmpty()) {
                    return Optional.empty();
                }
                items.add(item.get());
            }
            return Optional.of(new Tuple(items));
        }
        if (type instanceof SchemaType.DictType dict) {
            Map<Object, Object> map = new LinkedHashMap<>();
            int size = random.nextInt(4);
            for (int i = 0; i < size; i++) {
                Object key = switch (dict.key() instanceof SchemaType.Primitive p ? p : SchemaType.Primitive.ANY) {
                    case STR -> KEYS[random.nextInt(KEYS.length)];
                    case INT -> ints[random.nextInt(ints.length)];
                    default -> null;
                };
                Optional<Object> item = value(dict.value(), depth + 1);
                if (key == null || item.isEmpty()) {
                    return Optional.empty();
                }
                map.put(key, item.get());
            }
            return Optional.of(map);
        }
        return Optional.empty();
    }

    /** Stands for {@code None} inside this class (an Optional cannot hold null); see {@link #unwrap}. */
    private static final Object NONE = new Object();

    /** The arguments with {@code None} as {@code null}. */
    static List<Object> unwrap(List<Object> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(unwrapValue(v));
        }
        return out;
    }

    private static Object unwrapValue(Object v) {
        if (v == NONE) {
            return null;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(unwrapValue(item));
            }
            return out;
        }
        if (v instanceof Tuple tuple) {
            List<Object> out = new ArrayList<>();
            for (Object item : tuple.elements()) {
                out.add(unwrapValue(item));
            }
            return new Tuple(out);
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, item) -> out.put(k, unwrapValue(item)));
            return out;
        }
        return v;
    }

    private Object tensor() {
        long[] shape = SHAPES[trial % SHAPES.length];
        int n = (int) (shape[0] * shape[1]);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (random.nextInt(41) - 20) / 10.0;
        }
        return new TensorData(Dtypes.FLOAT32, shape.clone(), values, null, null).toTensor();
    }
}
