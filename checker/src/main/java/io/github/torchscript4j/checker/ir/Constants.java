package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.types.Type;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The values a {@code prim::Constant} holds, and how the reference prints them. A constant's value
 * is a {@code Long} (int), {@code Double} (float), {@code Boolean}, {@code String}, {@code null}
 * (None), a {@link DeviceValue}, a {@link Tuple} of constants or an immutable {@code List} of
 * constants (an {@code int[]} or {@code float[]} constant), or a {@link TensorConstant} (an
 * archive's {@code CONSTANTS.cN}).
 */
public final class Constants {
    private Constants() {}

    /**
     * The type of a scalar constant value — None, int, float, bool, str, device — or empty for
     * anything else (containers, tensors, objects).
     */
    public static java.util.Optional<Type> scalarType(Object v) {
        if (v == null) {
            return java.util.Optional.of(io.github.torchscript4j.checker.types.Types.NONE);
        }
        if (v instanceof Long) {
            return java.util.Optional.of(io.github.torchscript4j.checker.types.Types.INT);
        }
        if (v instanceof Double) {
            return java.util.Optional.of(io.github.torchscript4j.checker.types.Types.FLOAT);
        }
        if (v instanceof Boolean) {
            return java.util.Optional.of(io.github.torchscript4j.checker.types.Types.BOOL);
        }
        if (v instanceof String) {
            return java.util.Optional.of(io.github.torchscript4j.checker.types.Types.STR);
        }
        if (v instanceof DeviceValue) {
            return java.util.Optional.of(io.github.torchscript4j.checker.types.Types.DEVICE);
        }
        if (v instanceof io.github.torchscript4j.checker.eval.ComplexValue) {
            return java.util.Optional.of(io.github.torchscript4j.checker.types.Types.COMPLEX);
        }
        return java.util.Optional.empty();
    }

    /** The {@code value=} text of a constant in {@code .graph} (bools print as 1 and 0 there). */
    public static String graphText(Object v) {
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Type t) {
            return t.graphStr(); // the types of prim::isinstance
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Type) {
            return l.stream().map(Constants::graphText).collect(Collectors.joining(", ", "[", "]"));
        }
        return codeText(v);
    }

    /** A constant as {@code .code} prints it ({@code True}, {@code 1.}, {@code "s"}, {@code (1, 2)}). */
    public static String codeText(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Long l) {
            return Long.toString(l);
        }
        if (v instanceof Double d) {
            return doubleText(d);
        }
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof DeviceValue d) {
            return quote(d.toString());
        }
        if (v instanceof io.github.torchscript4j.checker.eval.EnumMember m) {
            return m.toString();
        }
        if (v instanceof io.github.torchscript4j.checker.eval.ComplexValue c) {
            // the reference's form: 0.+6.j, 1.5-2.25j, 0.-nanj (a NaN counts as negative)
            return doubleText(c.real()) + (c.imag() >= 0 ? "+" : "-") + doubleText(Math.abs(c.imag())) + "j";
        }
        if (v instanceof Tuple t) {
            String inner = t.elements().stream().map(Constants::codeText).collect(Collectors.joining(", "));
            return "(" + inner + (t.elements().size() == 1 ? ",)" : ")");
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Constants::codeText).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Type t) {
            return t.annotationStr();
        }
        if (v instanceof TensorConstant c) {
            return c.toString();
        }
        throw new IllegalArgumentException("not a constant: " + v.getClass().getName());
    }

    /**
     * A float as the reference prints it: an integral value of magnitude below 1e10 as {@code
     * 3.}, anything else with 17 significant digits in C's {@code %g} style ({@code
     * 0.10000000000000001}, {@code 1e+20}, {@code nan}, {@code inf}).
     */
    public static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Math.abs(d) < 1e10 && d == (long) d) {
            return (long) d + ".";
        }
        return formatG17(d);
    }

    /** C's {@code %.17g}: 17 significant digits of the exact binary value, rounded half to even. */
    static String formatG17(double d) {
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        java.math.BigDecimal bd = new java.math.BigDecimal(d)
                .round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 17) {
            String digits = stripTrailingZeros(bd.unscaledValue().abs().toString());
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
                    + Math.abs(exp);
        }
        String fixed = bd.toPlainString();
        return fixed.contains(".") ? stripZeros(fixed) : fixed;
    }

    private static String stripTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
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

    /** A string literal as the reference prints it: double quotes, C-style escapes. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\f' -> b.append("\\f");
                case '\u000b' -> b.append("\\v");
                case '\u0007' -> b.append("\\a");
                case '\b' -> b.append("\\b");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\%03o", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
