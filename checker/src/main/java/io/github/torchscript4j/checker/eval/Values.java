package io.github.torchscript4j.checker.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What TorchScript does with any value of this package's representation: {@link #str} (its
 * {@code str()}, which is also how {@code print} and {@code format} show values), {@link #equal}
 * (its {@code ==} inside lists and dicts) and {@link #lessThan} (the order {@code sort} uses).
 *
 * <p>Formats follow PyTorch 1.13.1 as recorded by {@code scripts/record-scalar-ops}: a float that
 * is an exact int64 prints as that integer and a point ({@code 1.}, {@code -0.} prints {@code
 * 0.}), any other float with 17 significant digits as C's {@code %.17g}; strings inside lists,
 * tuples and dicts are printed without quotes.
 */
public final class Values {
    private Values() {}

    /** TorchScript's {@code str(value)}. Values outside this package's representation print with {@code toString()}. */
    public static String str(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean) {
            out.append((Boolean) value ? "True" : "False");
        } else if (value instanceof Double) {
            out.append(floatToString((Double) value));
        } else if (value instanceof List<?>) {
            out.append('[');
            appendAll(out, ((List<?>) value).iterator());
            out.append(']');
        } else if (value instanceof Tuple) {
            Tuple tuple = (Tuple) value;
            out.append('(');
            appendAll(out, tuple.elements().iterator());
            if (tuple.size() == 1) {
                out.append(',');
            }
            out.append(')');
        } else if (value instanceof Map<?, ?>) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                append(out, entry.getKey());
                out.append(": ");
                append(out, entry.getValue());
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    private static void appendAll(StringBuilder out, Iterator<?> elements) {
        boolean first = true;
        while (elements.hasNext()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            append(out, elements.next());
        }
    }

    /** A float as TorchScript's {@code str()} prints it: {@code 1.}, {@code 0.10000000000000001}, {@code 1e+20}. */
    public static String floatToString(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        boolean normalOrZero = d == 0 || Math.abs(d) >= Double.MIN_NORMAL;
        // exactly representable as an int64: [-2^63, 2^63)
        if (normalOrZero && d >= -0x1p63 && d < 0x1p63 && d == Math.rint(d)) {
            return (long) d + ".";
        }
        return formatG(d, 17);
    }

    /** C's {@code %.Ng}: N significant digits, trailing zeros removed, exponent of at least two digits. */
    static String formatG(double d, int precision) {
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String text;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String digits = stripZeros(mantissa.toPlainString());
            text = digits + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        } else {
            text = stripZeros(rounded.toPlainString());
        }
        return text;
    }

    private static String stripZeros(String plain) {
        if (plain.indexOf('.') < 0) {
            return plain;
        }
        int end = plain.length();
        while (plain.charAt(end - 1) == '0') {
            end--;
        }
        if (plain.charAt(end - 1) == '.') {
            end--;
        }
        return plain.substring(0, end);
    }

    /**
     * TorchScript's {@code ==} between two values: numbers by value ({@code nan != nan}, {@code 0.0 ==
     * -0.0}), lists, tuples and dicts element by element, devices by type and index, anything else by
     * identity.
     */
    public static boolean equal(Object a, Object b) {
        if (a == b) {
            return !(a instanceof Double && ((Double) a).isNaN());
        }
        if (a == null || b == null) {
            return false;
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Long && b instanceof Long) {
                return ((Long) a).longValue() == (Long) b;
            }
            return toDouble(a) == toDouble(b);
        }
        if (a instanceof Boolean || a instanceof String || a instanceof DeviceValue) {
            return a.equals(b);
        }
        if (a instanceof List<?> && b instanceof List<?>) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Tuple && b instanceof Tuple) {
            return equal(((Tuple) a).elements(), ((Tuple) b).elements());
        }
        if (a instanceof Map<?, ?> && b instanceof Map<?, ?>) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !equal(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * TorchScript's {@code <} between two values of one type: numbers, bools ({@code False < True}),
     * strings (by their UTF-8 bytes), and tuples and lists lexicographically.
     *
     * @throws ScriptError for values that have no order
     */
    public static boolean lessThan(Object a, Object b) {
        if (a instanceof Long && b instanceof Long) {
            return (Long) a < (Long) b;
        }
        if (isNumber(a) && isNumber(b)) {
            return toDouble(a) < toDouble(b);
        }
        if (a instanceof Boolean && b instanceof Boolean) {
            return !(Boolean) a && (Boolean) b;
        }
        if (a instanceof String && b instanceof String) {
            return compareStrings((String) a, (String) b) < 0;
        }
        List<?> x = a instanceof Tuple ? ((Tuple) a).elements() : null;
        List<?> y = b instanceof Tuple ? ((Tuple) b).elements() : null;
        if (x != null && y != null) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (lessThan(x.get(i), y.get(i))) {
                    return true;
                }
                if (lessThan(y.get(i), x.get(i))) {
                    return false;
                }
            }
            return x.size() < y.size();
        }
        throw ScriptError.runtime("'<' is not supported between " + typeName(a) + " and " + typeName(b));
    }

    /** Compares strings as TorchScript does: by their UTF-8 bytes, unsigned. */
    static int compareStrings(String a, String b) {
        byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof Double;
    }

    static double toDouble(Object value) {
        return value instanceof Long ? (double) (Long) value : (Double) value;
    }

    /** The TorchScript type of a value, for messages. */
    static String typeName(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof List<?>) {
            return "List";
        }
        if (value instanceof Map<?, ?>) {
            return "Dict";
        }
        if (value instanceof Tuple) {
            return "Tuple";
        }
        if (value instanceof DeviceValue) {
            return "Device";
        }
        return value.getClass().getSimpleName();
    }
}
