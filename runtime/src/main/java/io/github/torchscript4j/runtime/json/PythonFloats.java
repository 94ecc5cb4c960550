package io.github.torchscript4j.runtime.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floats written as Python's {@code repr(float)} writes them (and so {@code json.dumps}): the
 * shortest decimal that reads back as the same double, nearest to it where several are as short;
 * positional notation with at least one digit after the point ({@code 1.0}, {@code 0.0001}, {@code
 * 1234567890123456.0}) when the decimal exponent is between -4 and 16, scientific otherwise ({@code
 * 1e-05}, {@code 1e+16}, {@code 1.5e+300}) with a sign and at least two exponent digits.
 *
 * <p>Java's {@code Double.toString} differs in notation everywhere and, before JDK 19, sometimes
 * in digits, so the digits are found here from the exact binary value.
 */
public final class PythonFloats {
    private PythonFloats() {}

    /** {@code repr(x)}: {@code 0.1}, {@code -0.0}, {@code 1e-05}, {@code nan}, {@code inf}, {@code -inf}. */
    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return 1 / x < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(x);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == x) {
                shortest = rounded;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        // The decimal point goes after `point` digits: x = 0.DIGITS * 10^point.
        int point = digits.length() - shortest.scale();
        StringBuilder out = new StringBuilder(24);
        if (x < 0) {
            out.append('-');
        }
        if (point > -4 && point <= 16) {
            if (point <= 0) {
                out.append("0.").append("0".repeat(-point)).append(digits);
            } else if (point >= digits.length()) {
                out.append(digits).append("0".repeat(point - digits.length())).append(".0");
            } else {
                out.append(digits, 0, point).append('.').append(digits, point, digits.length());
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int exponent = point - 1;
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            out.append(magnitude);
        }
        return out.toString();
    }
}
