package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The value of a NUMBER token, as Python 3.11 computes it: an {@code int} of any size (decimal,
 * {@code 0x}, {@code 0o}, {@code 0b}, with underscores), a {@code float} (overflowing to infinity
 * like Python's {@code float("1e400")}) or an imaginary literal ({@code 2j}).
 *
 * <p>Like CPython 3.11, it refuses decimal integer literals of more than {@link #MAX_STR_DIGITS}
 * digits: {@link #parse(String, SourceRange, List)} reports CPython's error, and every entry
 * point returns {@link #OVER_LIMIT} for them without converting the digits (decimal conversion
 * is quadratic). Hexadecimal, octal and binary literals have no limit and convert in linear time.
 *
 * <p>It does not otherwise validate: the lexer has already rejected malformed numbers. Should a
 * malformed text slip through anyway, it returns a best effort (zero) instead of throwing.
 */
public final class NumberLiterals {
    private NumberLiterals() {}

    /** CPython 3.11's default {@code sys.get_int_max_str_digits()}. */
    public static final int MAX_STR_DIGITS = 4300;

    /**
     * The placeholder value of a decimal integer literal over {@link #MAX_STR_DIGITS} digits: the
     * int 0. CPython builds no tree for such a file; we report the error and keep the tree whole.
     */
    public static final Literal.Int OVER_LIMIT = new Literal.Int(BigInteger.ZERO);

    /**
     * The value of the NUMBER token spelled {@code text} at {@code range}; a decimal integer over
     * CPython's digit limit is reported to {@code sink} ({@link Code#LITERAL_ERROR}, CPython's
     * message, on the token) and comes back as {@link #OVER_LIMIT}. Never throws.
     */
    public static Literal parse(String text, SourceRange range, List<Diagnostic> sink) {
        Optional<String> error = limitError(text);
        if (error.isPresent()) {
            sink.add(Diagnostic.error(Code.LITERAL_ERROR, range, error.get()));
            return OVER_LIMIT;
        }
        return parse(text);
    }

    /**
     * The value of the number spelled {@code tokenText}; {@link #OVER_LIMIT} for a decimal integer
     * over CPython's digit limit (not reported: see {@link #parse(String, SourceRange, List)}).
     * Never throws.
     */
    public static Literal parse(String tokenText) {
        if (decimalDigits(tokenText) > MAX_STR_DIGITS) {
            return OVER_LIMIT;
        }
        String text = tokenText.indexOf('_') >= 0 ? tokenText.replace("_", "") : tokenText;
        try {
            return parseClean(text);
        } catch (NumberFormatException | ArithmeticException e) {
            return new Literal.Int(BigInteger.ZERO);
        }
    }

    /**
     * CPython's error for a decimal integer literal longer than {@link #MAX_STR_DIGITS} digits
     * (underscores and leading zeros not counted), which it reports on the token's line; empty for
     * any other number.
     */
    public static Optional<String> limitError(String tokenText) {
        int digits = decimalDigits(tokenText);
        if (digits <= MAX_STR_DIGITS) {
            return Optional.empty();
        }
        return Optional.of("Exceeds the limit (" + MAX_STR_DIGITS + " digits) for integer string conversion: value has "
                + digits + " digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal"
                + " for huge integer literals to avoid decimal conversion limits.");
    }

    /**
     * The significant digits of a decimal integer literal (CPython skips leading zeros, so
     * {@code 000} has none), or -1 when {@code text} is not a decimal integer; one pass, no
     * allocation.
     */
    private static int decimalDigits(String text) {
        int digits = 0;
        boolean leading = true;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    leading = false;
                }
                if (!leading) {
                    digits++;
                }
            } else if (c != '_') {
                return -1;
            }
        }
        return digits;
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
                return new Literal.Int(powerOfTwoRadix(text, 2, radix == 16 ? 4 : radix == 8 ? 3 : 1));
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

    /**
     * The value of the digits {@code text[from..]} in radix {@code 2^bits} (2, 8 or 16), in linear
     * time: each digit's bits go straight into a big-endian magnitude ({@code new BigInteger(s, 16)}
     * is quadratic in JDK 17). Throws NumberFormatException on a digit outside the radix.
     */
    static BigInteger powerOfTwoRadix(String text, int from, int bits) {
        int count = text.length() - from;
        if (count <= 0) {
            throw new NumberFormatException(text);
        }
        if ((long) count * bits <= 63) {
            long value = 0;
            for (int i = from; i < text.length(); i++) {
                value = (value << bits) | digit(text, i, bits);
            }
            return BigInteger.valueOf(value);
        }
        long totalBits = (long) count * bits;
        byte[] magnitude = new byte[(int) ((totalBits + 7) / 8)];
        long bit = 0; // position counted from the least significant bit
        for (int i = text.length() - 1; i >= from; i--, bit += bits) {
            int d = digit(text, i, bits);
            // A digit spans at most two bytes (bits <= 4 < 8).
            int index = magnitude.length - 1 - (int) (bit >>> 3);
            int shift = (int) (bit & 7);
            magnitude[index] |= (byte) (d << shift);
            if (shift + bits > 8 && index > 0) {
                magnitude[index - 1] |= (byte) (d >>> (8 - shift));
            }
        }
        return new BigInteger(1, magnitude);
    }

    /** The ASCII digit at {@code text[i]} in radix {@code 2^bits}. */
    private static int digit(String text, int i, int bits) {
        char c = text.charAt(i);
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
        if (d >= 1 << bits) {
            throw new NumberFormatException(text);
        }
        return d;
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
