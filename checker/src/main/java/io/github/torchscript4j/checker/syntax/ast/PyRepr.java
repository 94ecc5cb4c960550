package io.github.torchscript4j.checker.syntax.ast;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * Python 3.11's {@code repr()} of the values a syntax tree holds: {@code str}, {@code bytes},
 * {@code int}, {@code float}, imaginary {@code complex} and the singletons, character for
 * character as CPython prints them (used by {@link AstDump}).
 *
 * <p>One deliberate difference: CPython 3.11's {@code repr} of an {@code int} of more than 4300
 * decimal digits raises {@code ValueError} ({@code sys.get_int_max_str_digits()}), so its
 * {@code ast.dump} fails on a tree holding a huge hexadecimal literal. {@link #intRepr} prints
 * such an int in hexadecimal instead ({@code 0xfff...}, the exact value in valid Python, in linear
 * time; decimal conversion would be quadratic).
 *
 * <p>It does not handle other Python types (tuples, frozensets), which never appear in a parsed
 * tree. {@code str.isprintable} follows Unicode 14.0 as CPython 3.11 does, patched over the JDK's
 * older character database where they differ.
 */
public final class PyRepr {
    private PyRepr() {}

    /** {@code repr(value)} of a {@link Literal}. */
    public static String literal(Literal value) {
        if (value instanceof Literal.Str s) {
            StringBuilder sb = new StringBuilder(s.value().length() + 2);
            appendStr(sb, s.value(), s.splitPairs());
            return sb.toString();
        } else if (value instanceof Literal.Int i) {
            return intRepr(i.value());
        } else if (value instanceof Literal.Float f) {
            return floatRepr(f.value());
        } else if (value instanceof Literal.Imaginary im) {
            return imaginary(im.imag());
        } else if (value instanceof Literal.Bytes b) {
            return bytes(b);
        } else if (value instanceof Literal.Bool b) {
            return b.value() ? "True" : "False";
        } else if (value instanceof Literal.None) {
            return "None";
        } else if (value instanceof Literal.Ellipsis) {
            return "Ellipsis";
        }
        throw new AssertionError(value);
    }

    /** CPython's default {@code sys.get_int_max_str_digits()}. */
    private static final int MAX_STR_DIGITS = 4300;

    /** Ints below 2 to this power have at most 4300 decimal digits (2^14284 < 10^4300). */
    private static final int SURELY_SHORT_BITS = 14284;

    /** The smallest int of 4301 digits, made on first need. */
    private static final class Limit {
        static final BigInteger TEN_TO_LIMIT = BigInteger.TEN.pow(MAX_STR_DIGITS);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * {@code repr(v)} of an {@code int}: its decimal digits, as CPython prints them, up to CPython's
     * limit of 4300 digits; beyond it (where CPython raises {@code ValueError}), {@code 0x} and its
     * lower-case hexadecimal digits, with a {@code -} first when negative.
     */
    public static String intRepr(BigInteger v) {
        BigInteger abs = v.abs();
        if (abs.bitLength() <= SURELY_SHORT_BITS || abs.compareTo(Limit.TEN_TO_LIMIT) < 0) {
            return v.toString();
        }
        byte[] magnitude = abs.toByteArray(); // big-endian; maybe a leading zero byte
        StringBuilder sb = new StringBuilder(magnitude.length * 2 + 3);
        if (v.signum() < 0) {
            sb.append('-');
        }
        sb.append("0x");
        boolean leading = true;
        for (byte b : magnitude) {
            int hi = (b >>> 4) & 0xf;
            int lo = b & 0xf;
            if (!leading || hi != 0) {
                sb.append(HEX[hi]);
                leading = false;
            }
            if (!leading || lo != 0) {
                sb.append(HEX[lo]);
                leading = false;
            }
        }
        return sb.toString();
    }

    /** {@code repr(s)} of a {@code str}; lone surrogates print as backslash-u escapes. */
    public static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendStr(sb, s);
        return sb.toString();
    }

    /** Appends {@code repr(s)} to {@code sb}. */
    public static void appendStr(StringBuilder sb, String s) {
        appendStr(sb, s, List.of());
    }

    /**
     * Appends {@code repr(s)} to {@code sb}, where the high surrogates at {@code splitPairs} (sorted)
     * are code points of their own, not the start of a pair ({@link Literal.Str#splitPairs}).
     */
    public static void appendStr(StringBuilder sb, String s, List<Integer> splitPairs) {
        int n = s.length();
        if (isPlainAscii(s)) {
            // The common case (identifiers, most constants): nothing to escape.
            sb.append('\'').append(s).append('\'');
            return;
        }
        char quote = quoteFor(s.indexOf('\'') >= 0, s.indexOf('"') >= 0);
        sb.append(quote);
        int nextSplit = 0;
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            if (nextSplit < splitPairs.size() && splitPairs.get(nextSplit) == i) {
                cp = s.charAt(i);
                nextSplit++;
            }
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                sb.append('\\').append((char) cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp < 0x20 || cp == 0x7f) {
                appendHex(sb, "\\x", cp, 2);
            } else if (cp < 0x7f) {
                sb.append((char) cp);
            } else if (UnicodePrintable.isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                appendHex(sb, "\\x", cp, 2);
            } else if (cp <= 0xffff) {
                appendHex(sb, "\\u", cp, 4);
            } else {
                appendHex(sb, "\\U", cp, 8);
            }
        }
        sb.append(quote);
    }

    /** Whether {@code s} is printable ASCII without quotes or backslashes. */
    private static boolean isPlainAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** {@code repr(b)} of a {@code bytes}. */
    public static String bytes(Literal.Bytes b) {
        int n = b.length();
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < n; i++) {
            int c = b.byteAt(i);
            single |= c == '\'';
            dbl |= c == '"';
        }
        char quote = quoteFor(single, dbl);
        StringBuilder sb = new StringBuilder(n + 3);
        sb.append('b').append(quote);
        for (int i = 0; i < n; i++) {
            int c = b.byteAt(i);
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                appendHex(sb, "\\x", c, 2);
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(quote).toString();
    }

    private static char quoteFor(boolean hasSingle, boolean hasDouble) {
        return hasSingle && !hasDouble ? '"' : '\'';
    }

    private static void appendHex(StringBuilder sb, String prefix, int value, int digits) {
        sb.append(prefix);
        String hex = Integer.toHexString(value);
        for (int i = hex.length(); i < digits; i++) {
            sb.append('0');
        }
        sb.append(hex);
    }

    /** {@code repr(x)} of a {@code float}: shortest round-tripping digits, as {@code 1e+16}, {@code 0.0001}, {@code 1.0}. */
    public static String floatRepr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        return format(x, true);
    }

    /** {@code repr(complex(0, imag))}: the imaginary part without a {@code .0}, then {@code j} ({@code 2j}, {@code 1e+16j}, {@code infj}). */
    public static String imaginary(double imag) {
        if (Double.isNaN(imag)) {
            return "nanj";
        }
        if (Double.isInfinite(imag)) {
            return imag > 0 ? "infj" : "-infj";
        }
        return format(imag, false) + "j";
    }

    /** Python's {@code format_float_short} in {@code 'r'} mode; {@code addDot0} as {@code Py_DTSF_ADD_DOT_0}. */
    private static String format(double x, boolean addDot0) {
        StringBuilder sb = new StringBuilder(24);
        if (x < 0 || (x == 0 && 1 / x < 0)) {
            sb.append('-');
            x = -x;
        }
        String digits;
        int decpt;
        if (x == 0) {
            digits = "0";
            decpt = 1;
        } else {
            BigDecimal shortest = shortest(x).stripTrailingZeros();
            digits = shortest.unscaledValue().toString();
            decpt = digits.length() - shortest.scale();
        }
        int nd = digits.length();
        if (decpt <= -4 || decpt > 16) {
            sb.append(digits.charAt(0));
            if (nd > 1) {
                sb.append('.').append(digits, 1, nd);
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
        } else if (decpt <= 0) {
            sb.append("0.");
            for (int i = decpt; i < 0; i++) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (decpt < nd) {
            sb.append(digits, 0, decpt).append('.').append(digits, decpt, nd);
        } else {
            sb.append(digits);
            for (int i = nd; i < decpt; i++) {
                sb.append('0');
            }
            if (addDot0) {
                sb.append(".0");
            }
        }
        return sb.toString();
    }

    /**
     * The shortest decimal that reads back as {@code x} (positive, finite); among the shortest, the
     * nearest to {@code x}, as David Gay's {@code dtoa} mode 0 that CPython uses.
     */
    private static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int p = 1; p < 17; p++) {
            BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (nearest.doubleValue() == x) {
                return nearest;
            }
            // The nearest p-digit decimal may fall just outside x's rounding interval while the
            // other neighbour, on the interval's wider side (at a power of two), falls inside it.
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.DOWN));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.UP));
            BigDecimal other = nearest.compareTo(down) == 0 ? up : down;
            if (other.doubleValue() == x) {
                return other;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
