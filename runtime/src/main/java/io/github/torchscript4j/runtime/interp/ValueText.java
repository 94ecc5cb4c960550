package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.ScriptObject;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How TorchScript writes runtime values as text: what {@code print} shows (the reference's {@code
 * IValue} printing, recorded from PyTorch 1.13.1), and the Python {@code repr} that argument errors
 * quote.
 *
 * <p>{@code print} shows a string as its characters, also inside containers ({@code [a, b]}, {@code
 * {k: v}}); a float as an integer with a trailing dot when it is integral and fits an {@code int64}
 * ({@code 2.}, {@code 123456789012.}), otherwise with 17 significant digits ({@code
 * 0.10000000000000001}, {@code 1e+20}); a one-element tuple as {@code (1,)}; a {@code torch.dtype}
 * as its number (dtypes are ints at run time).
 */
public final class ValueText {
    private final Function<TensorRef, String> tensorText;

    /**
     * @param tensorText how a tensor is written (libtorch's printing needs libtorch, which this
     *     class does not load)
     */
    public ValueText(Function<TensorRef, String> tensorText) {
        this.tensorText = tensorText;
    }

    /** The text {@code print(v)} shows for one argument. */
    public String printed(Object v) {
        StringBuilder out = new StringBuilder();
        append(out, v, false);
        return out.toString();
    }

    /**
     * The text of a default value in a declaration ({@code float z=1.}, {@code str s="a"}): as
     * printed, except that a string at the top is quoted.
     */
    public String declared(Object v) {
        if (v instanceof String s) {
            return io.github.torchscript4j.checker.ir.Constants.quote(s);
        }
        return printed(v);
    }

    private void append(StringBuilder out, Object v, boolean nested) {
        if (v == null) {
            out.append("None");
        } else if (v instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (v instanceof Long || v instanceof Integer) {
            out.append(v);
        } else if (v instanceof Double d) {
            out.append(doubleText(d));
        } else if (v instanceof String s) {
            out.append(s);
        } else if (v instanceof DeviceValue d) {
            out.append(d);
        } else if (v instanceof TensorRef t) {
            out.append(tensorText.apply(t));
        } else if (v instanceof Tuple t) {
            out.append('(');
            appendAll(out, t.elements());
            out.append(t.size() == 1 ? ",)" : ")");
        } else if (v instanceof List<?> l) {
            out.append('[');
            appendAll(out, l);
            out.append(']');
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                append(out, e.getKey(), true);
                out.append(": ");
                append(out, e.getValue(), true);
            }
            out.append('}');
        } else if (v instanceof ScriptObject o) {
            out.append('<').append(o.typeName()).append(" object>");
        } else {
            out.append(v);
        }
    }

    private void appendAll(StringBuilder out, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            append(out, values.get(i), true);
        }
    }

    /**
     * A float as TorchScript prints it: {@code nan}, {@code inf}, {@code -inf}; an integral value
     * that fits an {@code int64} as that integer and a dot; anything else as C's {@code %.17g}.
     */
    public static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return (long) d + ".";
        }
        return formatG17(d);
    }

    /** C's {@code %.17g}: 17 significant digits, trailing zeros dropped, exponent form outside [1e-4, 1e17). */
    static String formatG17(double d) {
        String e = String.format(Locale.ROOT, "%.16e", d);
        int ePos = e.indexOf('e');
        int exp = Integer.parseInt(e.substring(ePos + 1));
        if (exp < -4 || exp >= 17) {
            String mantissa = stripZeros(e.substring(0, ePos));
            return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String fixed = new java.math.BigDecimal(d).round(new java.math.MathContext(17)).toPlainString();
        return fixed.contains(".") ? stripZeros(fixed) : fixed;
    }

    private static String stripZeros(String s) {
        if (!s.contains(".")) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * A value as Python's {@code repr} writes it, for the {@code Value:} line of an argument
     * error: strings in single quotes, floats in Python's shortest form ({@code 1.5}, {@code 2.0}).
     */
    public String pythonRepr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            String s = Double.toString(d);
            // Java writes 1.0E20 where Python writes 1e+20.
            if (s.contains("E")) {
                String[] parts = s.split("E");
                String mantissa = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
                int exp = Integer.parseInt(parts[1]);
                if (exp >= -4 && exp < 16) {
                    return new java.math.BigDecimal(s).toPlainString();
                }
                return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            }
            return s;
        }
        if (v instanceof String s) {
            return pythonString(s);
        }
        if (v instanceof Tuple t) {
            StringBuilder out = new StringBuilder("(");
            for (int i = 0; i < t.size(); i++) {
                out.append(i > 0 ? ", " : "").append(pythonRepr(t.get(i)));
            }
            return out.append(t.size() == 1 ? ",)" : ")").toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                out.append(i > 0 ? ", " : "").append(pythonRepr(l.get(i)));
            }
            return out.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder out = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(first ? "" : ", ").append(pythonRepr(e.getKey())).append(": ").append(pythonRepr(e.getValue()));
                first = false;
            }
            return out.append('}').toString();
        }
        if (v instanceof DeviceValue d) {
            return "device(type='" + d.type() + "'" + (d.index() >= 0 ? ", index=" + d.index() : "") + ")";
        }
        return printed(v);
    }

    /** Python's repr of a str: single quotes unless the text has a single quote and no double one. */
    static String pythonString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(quote).toString();
    }
}
