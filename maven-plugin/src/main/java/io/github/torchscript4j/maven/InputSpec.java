package io.github.torchscript4j.maven;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One input tensor of a model declaration, in the shorthand a user writes by hand, and the seeded
 * draw of its values.
 *
 * <pre>
 * inputs := tensor (';' tensor)*                    an empty text is no inputs
 * tensor := dtype '[' [dim (',' dim)*] ']' [values]  float32[1,3,32,32], int64[4], float32[] (0-dim)
 * values := '(' low ',' high ')'                     uniform in [low, high)
 *         | '=' number                               every element this value (bool: true, false, 1, 0)
 * dtype  := float16 | bfloat16 | float32 | float64 | uint8 | int8 | int16 | int32 | int64 | bool
 * </pre>
 *
 * <p>How values are drawn: input set {@code i} of a model (0 for {@code inputs}, {@code k} for its
 * {@code k}-th {@code checkInput}) is drawn from one {@code java.util.SplittableRandom(seed + i)},
 * tensor after tensor, element after element in row-major order. A floating element is {@code low +
 * (high - low) * nextDouble()} (default range {@code [0, 1)}, as {@code torch.rand}), then rounded
 * to the dtype; an integer element is {@code low + nextLong(high - low)} (default range {@code [0,
 * 10)}); a bool element is {@code nextBoolean()}. The same declaration gives the same values on
 * every machine and run.
 *
 * @param text the tensor's shorthand as written, for messages and report names
 * @param dtype the dtype's code ({@link Dtypes})
 * @param shape the dimensions
 * @param low the lower bound of the drawn values (the value itself when {@code fill})
 * @param high the upper bound, excluded
 * @param fill whether every element is {@code low} instead of drawn
 */
record InputSpec(String text, long dtype, long[] shape, double low, double high, boolean fill) {
    /** The dtypes the shorthand names, as {@code torch.float32} prints without {@code torch.}. */
    static final List<String> DTYPES = List.of(
            "float16", "bfloat16", "float32", "float64", "uint8", "int8", "int16", "int32", "int64", "bool");

    /** The most elements one input may have (a generated input lives in the build's memory twice). */
    static final long MAX_ELEMENTS = 1L << 24;

    private static final Pattern TENSOR = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*)\\s*\\[([^\\]]*)\\]\\s*(?:\\(([^)]*)\\)|=(.*))?");

    /** Where a shorthand is wrong, in words that name the bad value. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The tensors of a {@code ;}-separated shorthand list; an empty or blank text is none.
     *
     * @throws SyntaxException naming the tensor that is wrong and why
     */
    static List<InputSpec> parseList(String text) throws SyntaxException {
        List<InputSpec> specs = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return specs;
        }
        for (String part : text.split(";", -1)) {
            specs.add(parse(part));
        }
        return specs;
    }

    /**
     * One tensor's shorthand.
     *
     * @throws SyntaxException naming the bad part: the dtype, a dimension, the bounds or the value
     */
    static InputSpec parse(String text) throws SyntaxException {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new SyntaxException("empty input (two ';' in a row, or one at the end?)");
        }
        Matcher m = TENSOR.matcher(t);
        if (!m.matches()) {
            throw new SyntaxException("'" + t + "' is not a tensor shorthand: expected DTYPE[DIMS], e.g. float32[1,3,32,32],"
                    + " optionally followed by (LOW,HIGH) or =VALUE");
        }
        String dtypeName = m.group(1);
        if (!DTYPES.contains(dtypeName)) {
            throw new SyntaxException("unknown dtype '" + dtypeName + "' in '" + t + "': expected one of "
                    + String.join(", ", DTYPES));
        }
        long dtype = Dtypes.code(dtypeName).orElseThrow();
        long[] shape = shape(t, m.group(2));
        boolean bool = dtype == Dtypes.BOOL;
        boolean floating = Dtypes.isFloating(dtype);
        double low = 0;
        double high = bool ? 2 : floating ? 1 : 10;
        boolean fill = false;
        if (m.group(3) != null) {
            if (bool) {
                throw new SyntaxException("bool input '" + t + "' takes no (LOW,HIGH) range: use =true or =false, or no values");
            }
            String[] bounds = m.group(3).split(",", -1);
            if (bounds.length != 2) {
                throw new SyntaxException("bad range '(" + m.group(3) + ")' in '" + t + "': expected (LOW,HIGH)");
            }
            low = number(t, bounds[0], floating);
            high = number(t, bounds[1], floating);
            if (!(low < high)) {
                throw new SyntaxException("bad range '(" + m.group(3) + ")' in '" + t + "': LOW must be less than HIGH");
            }
        } else if (m.group(4) != null) {
            fill = true;
            String v = m.group(4).strip();
            if (bool) {
                low = switch (v) {
                    case "true", "True", "1" -> 1;
                    case "false", "False", "0" -> 0;
                    default -> throw new SyntaxException("bad value '" + v + "' in '" + t + "': a bool is true or false");
                };
            } else {
                low = number(t, v, floating);
            }
        }
        return new InputSpec(t, dtype, shape, low, high, fill);
    }

    private static long[] shape(String t, String dims) throws SyntaxException {
        if (dims.isBlank()) {
            return new long[0];
        }
        String[] parts = dims.split(",", -1);
        long[] shape = new long[parts.length];
        long elements = 1;
        for (int i = 0; i < parts.length; i++) {
            String d = parts[i].strip();
            if (!d.matches("\\d{1,9}")) {
                throw new SyntaxException("bad shape '[" + dims + "]' in '" + t + "': dimension '" + d
                        + "' is not a non-negative integer");
            }
            shape[i] = Long.parseLong(d);
            elements *= shape[i];
            if (elements > MAX_ELEMENTS) {
                throw new SyntaxException("bad shape '[" + dims + "]' in '" + t + "': more than " + MAX_ELEMENTS
                        + " elements");
            }
        }
        return shape;
    }

    private static double number(String t, String text, boolean floating) throws SyntaxException {
        String s = text.strip();
        if (!floating) {
            if (!s.matches("[+-]?\\d{1,18}")) {
                throw new SyntaxException("bad value '" + s + "' in '" + t + "': an integer dtype takes integer values");
            }
            return Long.parseLong(s);
        }
        if (!s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new SyntaxException("bad value '" + s + "' in '" + t + "': not a number");
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            throw new SyntaxException("bad value '" + s + "' in '" + t + "': not a finite number");
        }
        return v;
    }

    /** The number of elements. */
    int size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return (int) n;
    }

    /**
     * The values of input set {@code index} of a model whose declaration has {@code seed}: one
     * {@link TensorData} per spec, drawn as the class comment says.
     */
    static List<TensorData> draw(List<InputSpec> specs, long seed, int index) {
        SplittableRandom random = new SplittableRandom(seed + index);
        List<TensorData> out = new ArrayList<>();
        for (InputSpec s : specs) {
            out.add(s.draw(random));
        }
        return out;
    }

    private TensorData draw(SplittableRandom random) {
        int n = size();
        long[] dims = shape.clone();
        if (dtype == Dtypes.BOOL) {
            boolean[] values = new boolean[n];
            for (int i = 0; i < n; i++) {
                values[i] = fill ? low != 0 : random.nextBoolean();
            }
            return new TensorData(dtype, dims, null, null, values);
        }
        if (Dtypes.isFloating(dtype)) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                double v = fill ? low : low + (high - low) * random.nextDouble();
                values[i] = dtype == Dtypes.FLOAT32 ? (float) v : v;
            }
            return new TensorData(dtype, dims, values, null, null);
        }
        long[] values = new long[n];
        long lo = (long) low;
        long span = (long) high - lo;
        for (int i = 0; i < n; i++) {
            values[i] = fill ? lo : lo + random.nextLong(span);
        }
        return new TensorData(dtype, dims, null, values, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InputSpec s && s.dtype == dtype && Arrays.equals(s.shape, shape) && s.low == low
                && s.high == high && s.fill == fill;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(dtype) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return text;
    }
}
