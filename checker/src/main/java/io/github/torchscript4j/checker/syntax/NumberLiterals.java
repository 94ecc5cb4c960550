package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.syntax.ast.Literal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The value of a NUMBER token, as Python 3.11 computes it: an {@code int} of any size (decimal,
 * {@code 0x}, {@code 0o}, {@code 0b}, with underscores), a {@code float} (overflowing to infinity
 * like Python's {@code float("1e400")}) or an imaginary literal ({@code 2j}).
 *
 * <p>It does not validate: the lexer has already rejected malformed numbers. Should a malformed
 * text slip through anyway, it returns a best effort (zero) instead of throwing.
 */
public final class NumberLiterals {
    private NumberLiterals() {}

    /** The value of the number spelled {@code tokenText}; never throws. */
    public static Literal parse(String tokenText) {
        String text = tokenText.indexOf('_') >= 0 ? tokenText.replace("_", "") : tokenText;
        try {
            return parseClean(text);
        } catch (NumberFormatException | ArithmeticException e) {
            return new Literal.Int(BigInteger.ZERO);
        }
    }

    /** CPython 3.11's default {@code sys.get_int_max_str_digits()}. */
    public static final int MAX_STR_DIGITS = 4300;

    /**
     * CPython's error for a decimal integer literal longer than {@link #MAX_STR_DIGITS} digits
     * (underscores not counted), which it reports on the token's line; empty for any other number.
     */
    public static Optional<String> limitError(String tokenText) {
        int digits = 0;
        for (int i = 0; i < tokenText.length(); i++) {
            char c = tokenText.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c != '_') {
                return Optional.empty();
            }
        }
        if (digits <= MAX_STR_DIGITS) {
            return Optional.empty();
        }
        return Optional.of("Exceeds the limit (" + MAX_STR_DIGITS + " digits) for integer string conversion: value has "
                + digits + " digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal"
                + " for huge integer literals to avoid decimal conversion limits.");
    }

    private static Literal parseClean(String text) {
        int n = text.length();
        if (n == 0) {
            return new Literal.Int(BigInteger.ZERO);
        }
        char last = text.charAt(n - 1);
        if (last == 'j' || last == 'J') {
            return new Literal.Imaginary(parseFloat(text.substring(0, n - 1)));
        }
        if (n > 2 && text.charAt(0) == '0') {
            char p = Character.toLowerCase(text.charAt(1));
            int radix = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
            if (radix != 0) {
                return new Literal.Int(new BigInteger(text.substring(2), radix));
            }
        }
        if (isAllDigits(text)) {
            if (n <= 18) {
                return new Literal.Int(BigInteger.valueOf(Long.parseLong(text)));
            }
            return new Literal.Int(new BigInteger(text));
        }
        return new Literal.Float(parseFloat(text));
    }

    private static boolean isAllDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Java's parser rounds correctly like Python's; it accepts {@code 1.}, {@code .5}, {@code 1e400} (infinity). */
    private static double parseFloat(String text) {
        if (text.isEmpty()) {
            return 0.0;
        }
        char last = text.charAt(text.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            // Java would read these as type suffixes; Python never spells numbers so.
            throw new NumberFormatException(text);
        }
        return Double.parseDouble(text);
    }
}
