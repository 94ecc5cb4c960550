package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The value of one implicit concatenation of STRING tokens ({@code 'a' "b"}, {@code b'x' b'y'},
 * {@code 'a' f'{x}'}), as CPython 3.11 computes it: prefixes, escape sequences, raw strings,
 * bytes, the {@code u} kind, and {@link FStrings f-strings}. Line ends inside a literal read as
 * {@code \n}, as CPython's tokenizer translates them.
 *
 * <p>Errors are reported in CPython's words ({@code cannot mix bytes and nonbytes literals},
 * {@code (unicode error) 'unicodeescape' codec can't decode ...}); like CPython, the first error
 * ends the work on the literal, which then becomes an {@link Expr.Error}. CPython puts most of
 * these errors on the token after the literal: callers that know it pass it; otherwise they are
 * reported as an empty range at the literal's end. Invalid escapes such as {@code \d} are kept verbatim without a diagnostic (they
 * are only a {@code DeprecationWarning} in 3.11). It does not check token syntax: the lexer has.
 */
public final class StringLiterals {
    private StringLiterals() {}

    /**
     * Concatenates adjacent STRING tokens (implicit concatenation) into one Constant (str or bytes,
     * kind "u" when the first token has a u prefix) or a JoinedStr when any is an f-string; reports
     * "cannot mix bytes and nonbytes literals", bad escapes etc. in CPython's words; never throws.
     * Errors that CPython puts on the token after the literal are reported at the literal's end.
     */
    public static Expr parse(SourceFile file, List<Token> strings, List<Diagnostic> sink) {
        Token last = strings.get(strings.size() - 1);
        return parse(file, strings, file.range(last.end(), last.end()), sink);
    }

    /**
     * As {@link #parse(SourceFile, List, List)}, with the token that follows the literal, where
     * CPython reports most literal errors (its line can be a later one, as for a {@code )} on the
     * next line).
     */
    public static Expr parse(SourceFile file, List<Token> strings, Token next, List<Diagnostic> sink) {
        return parse(file, strings, file.range(next.start(), next.end()), sink);
    }

    private static Expr parse(SourceFile file, List<Token> strings, SourceRange errorAt, List<Diagnostic> sink) {
        if (strings.isEmpty()) {
            throw new IllegalArgumentException("no string tokens");
        }
        Token first = strings.get(0);
        Token last = strings.get(strings.size() - 1);
        SourceRange whole = file.range(first.start(), last.end());
        try {
            return concatenate(file, strings, sink, whole, errorAt);
        } catch (LiteralError e) {
            e.diagnostic.ifPresent(sink::add);
            return new Expr.Error(whole);
        }
    }

    private static Expr concatenate(
            SourceFile file, List<Token> strings, List<Diagnostic> sink, SourceRange whole, SourceRange errorAt) {
        String text = file.text();
        Token first = strings.get(0);
        boolean kindU = first.end() > first.start() && text.charAt(first.start()) == 'u';
        if (strings.size() == 1) {
            Shape shape = Shape.of(text, first);
            if (!shape.bytes && !shape.fmode && isPlain(text, shape)) {
                // The common case: one literal without escapes or line ends to translate.
                Literal.Str value = new Literal.Str(text.substring(shape.bodyStart, shape.bodyEnd));
                return new Expr.Constant(value, kindU ? Optional.of("u") : Optional.empty(), whole);
            }
        }
        FStrings.Concat state = new FStrings.Concat(kindU, whole);
        ByteArrayOutputStream bytes = null;
        boolean bytesMode = false;
        for (int i = 0; i < strings.size(); i++) {
            Token t = strings.get(i);
            Shape shape = Shape.of(text, t);
            byte[] value = null;
            if (shape.bytes) {
                value = decodeBytes(file, t, shape, errorAt);
            } else if (!shape.fmode) {
                decodeStr(file, shape, errorAt, state.text());
            }
            if (i != 0 && bytesMode != shape.bytes) {
                throw error(errorAt, "cannot mix bytes and nonbytes literals");
            }
            bytesMode = shape.bytes;
            if (shape.fmode) {
                new FStrings(file, t, shape.bodyStart, shape.bodyEnd, shape.raw, kindU, whole, errorAt, sink)
                        .concat(state);
            } else if (bytesMode) {
                if (bytes == null) {
                    bytes = new ByteArrayOutputStream();
                }
                bytes.write(value, 0, value.length);
            }
        }
        if (bytesMode) {
            return new Expr.Constant(new Literal.Bytes(bytes.toByteArray()), Optional.empty(), whole);
        }
        return state.finish();
    }

    /** Whether the body reads as it is written: no line end to translate, no escape to decode. */
    private static boolean isPlain(String text, Shape shape) {
        for (int i = shape.bodyStart; i < shape.bodyEnd; i++) {
            char c = text.charAt(i);
            if (c == '\r' || (c == '\\' && !shape.raw)) {
                return false;
            }
        }
        return true;
    }

    /** Where the prefix, quotes and body of one STRING token are. */
    private record Shape(boolean bytes, boolean raw, boolean fmode, int bodyStart, int bodyEnd) {
        static Shape of(String text, Token t) {
            boolean bytes = false;
            boolean raw = false;
            boolean fmode = false;
            int i = t.start();
            int end = t.end();
            while (i < end) {
                char c = text.charAt(i);
                if (c == 'b' || c == 'B') {
                    bytes = true;
                } else if (c == 'r' || c == 'R') {
                    raw = true;
                } else if (c == 'f' || c == 'F') {
                    fmode = true;
                } else if (c != 'u' && c != 'U') {
                    break;
                }
                i++;
            }
            if (i >= end) {
                return new Shape(bytes, raw, fmode && !bytes, end, end);
            }
            char quote = text.charAt(i);
            int quotes = 1;
            if (end - i >= 6 && text.charAt(i + 1) == quote && text.charAt(i + 2) == quote) {
                quotes = 3;
            }
            int bodyStart = Math.min(i + quotes, end);
            int bodyEnd = Math.max(bodyStart, end - quotes);
            return new Shape(bytes, raw, fmode && !bytes, bodyStart, bodyEnd);
        }
    }

    // ---- str ---------------------------------------------------------------------------

    private static void decodeStr(SourceFile file, Shape shape, SourceRange errorAt, PyStr out) {
        if (shape.raw) {
            out.chars.append(translateNewlines(file.text(), shape.bodyStart, shape.bodyEnd));
        } else {
            decodeEscapes(file.text(), shape.bodyStart, shape.bodyEnd, errorAt, out);
        }
    }

    /**
     * The value of a str being built. It remembers where escapes made surrogates, because Python
     * keeps an escaped high and low surrogate as two code points where Java sees one character
     * ({@link Literal.Str#splitPairs}).
     */
    static final class PyStr {
        final StringBuilder chars = new StringBuilder();
        private int[] escapedSurrogates = new int[0];
        private int escapedCount;

        boolean isEmpty() {
            return chars.length() == 0;
        }

        void appendEscaped(int codePoint) {
            if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                if (escapedCount == escapedSurrogates.length) {
                    escapedSurrogates = java.util.Arrays.copyOf(escapedSurrogates, escapedCount * 2 + 4);
                }
                escapedSurrogates[escapedCount++] = chars.length();
            }
            chars.appendCodePoint(codePoint);
        }

        /** The value so far, then empty again. */
        Literal.Str take() {
            String value = chars.toString();
            List<Integer> splits = List.of();
            if (escapedCount > 0) {
                java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
                for (int i = 0; i < escapedCount; i++) {
                    int k = escapedSurrogates[i];
                    if (Character.isHighSurrogate(value.charAt(k))) {
                        if (k + 1 < value.length() && Character.isLowSurrogate(value.charAt(k + 1))) {
                            set.add(k);
                        }
                    } else if (k > 0 && Character.isHighSurrogate(value.charAt(k - 1))) {
                        set.add(k - 1);
                    }
                }
                splits = List.copyOf(set);
            }
            chars.setLength(0);
            escapedCount = 0;
            return new Literal.Str(value, splits);
        }
    }

    /** {@code text[start, end)} with {@code \r\n} and {@code \r} read as {@code \n}. */
    static String translateNewlines(String text, int start, int end) {
        int cr = text.indexOf('\r', start);
        if (cr < 0 || cr >= end) {
            return text.substring(start, end);
        }
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                sb.append('\n');
                if (i + 1 < end && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The value of the non-raw str literal text {@code text[start, end)} (CPython's {@code
     * unicode_escape} decoding of a literal); the first bad escape is reported in the codec's words.
     */
    static void decodeEscapes(String text, int start, int end, SourceRange errorAt, PyStr out) {
        int firstSpecial = start;
        while (firstSpecial < end) {
            char c = text.charAt(firstSpecial);
            if (c == '\\' || c == '\r') {
                break;
            }
            firstSpecial++;
        }
        StringBuilder sb = out.chars;
        sb.append(text, start, firstSpecial);
        int i = firstSpecial;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '\r') {
                sb.append('\n');
                i += i + 1 < end && text.charAt(i + 1) == '\n' ? 2 : 1;
                continue;
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            int escStart = i;
            i++;
            if (i >= end) {
                sb.append('\\');
                break;
            }
            char e = text.charAt(i++);
            switch (e) {
                case '\n':
                    break;
                case '\r':
                    if (i < end && text.charAt(i) == '\n') {
                        i++;
                    }
                    break;
                case '\\': sb.append('\\'); break;
                case '\'': sb.append('\''); break;
                case '"': sb.append('"'); break;
                case 'a': sb.append('\u0007'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'v': sb.append('\u000b'); break;
                case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < end && isOctal(text.charAt(i)); k++) {
                        v = v * 8 + (text.charAt(i++) - '0');
                    }
                    sb.append((char) v);
                    break;
                }
                case 'x':
                case 'u':
                case 'U': {
                    int count = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int v = 0;
                    for (int k = 0; k < count; k++) {
                        int d = i < end ? hexValue(text.charAt(i)) : -1;
                        if (d < 0) {
                            String what = e == 'x' ? "truncated \\xXX escape"
                                    : e == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
                            throw unicodeError(text, start, end, escStart, i, what, errorAt);
                        }
                        v = v * 16 + d;
                        i++;
                    }
                    if (e == 'U' && (v < 0 || v > Character.MAX_CODE_POINT)) {
                        throw unicodeError(text, start, end, escStart, i, "illegal Unicode character", errorAt);
                    }
                    out.appendEscaped(v);
                    break;
                }
                case 'N': {
                    int cp = -1;
                    String message = "malformed \\N character escape";
                    if (i < end && text.charAt(i) == '{') {
                        int nameStart = ++i;
                        while (i < end && text.charAt(i) != '}') {
                            i++;
                        }
                        if (i < end && i > nameStart) {
                            cp = codePointNamed(text.substring(nameStart, i));
                            i++;
                            message = "unknown Unicode character name";
                        }
                    }
                    if (cp < 0) {
                        throw unicodeError(text, start, end, escStart, i, message, errorAt);
                    }
                    sb.appendCodePoint(cp);
                    break;
                }
                default:
                    // Invalid escape: kept verbatim (a DeprecationWarning in CPython 3.11).
                    sb.append('\\');
                    i--;
                    break;
            }
        }
    }

    /**
     * The code point named {@code name} as {@code \N{...}} reads it (Python's {@code
     * unicodedata} lookup: case-insensitive, CJK ideographs and Hangul syllables by their
     * algorithmic names), or -1. Name aliases are not known (the JDK has none).
     */
    static int codePointNamed(String name) {
        if (name.isEmpty() || Character.isWhitespace(name.charAt(0))
                || Character.isWhitespace(name.charAt(name.length() - 1))) {
            return -1;
        }
        if (name.regionMatches(true, 0, CJK_PREFIX, 0, CJK_PREFIX.length())) {
            return cjkIdeograph(name.substring(CJK_PREFIX.length()));
        }
        if (name.regionMatches(true, 0, HANGUL_PREFIX, 0, HANGUL_PREFIX.length())) {
            return hangulSyllable(name.substring(HANGUL_PREFIX.length()));
        }
        try {
            return Character.codePointOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static final String CJK_PREFIX = "CJK UNIFIED IDEOGRAPH-";
    private static final String HANGUL_PREFIX = "HANGUL SYLLABLE ";

    /** The unified ideographs of Unicode 14.0 (CPython 3.11's {@code is_unified_ideograph}). */
    private static final int[] CJK_RANGES = {
        0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0x20000, 0x2A6DF, 0x2A700, 0x2B738, 0x2B740, 0x2B81D,
        0x2B820, 0x2CEA1, 0x2CEB0, 0x2EBE0, 0x30000, 0x3134A,
    };

    /** {@code 4E00} (four or five upper-case hex digits, as CPython requires). */
    private static int cjkIdeograph(String hex) {
        if (hex.length() != 4 && hex.length() != 5) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (c >= '0' && c <= '9') {
                v = v * 16 + (c - '0');
            } else if (c >= 'A' && c <= 'F') {
                v = v * 16 + (c - 'A' + 10);
            } else {
                return -1;
            }
        }
        for (int i = 0; i < CJK_RANGES.length; i += 2) {
            if (CJK_RANGES[i] <= v && v <= CJK_RANGES[i + 1]) {
                return v;
            }
        }
        return -1;
    }

    private static final String[] JAMO_L = {
        "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H",
    };
    private static final String[] JAMO_V = {
        "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
        "WI", "YU", "EU", "YI", "I",
    };
    private static final String[] JAMO_T = {
        "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
        "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
    };

    /** {@code GA} of {@code HANGUL SYLLABLE GA}: the longest matching jamo of each column, in turn. */
    private static int hangulSyllable(String jamo) {
        int[] at = {0};
        int l = longestJamo(jamo, at, JAMO_L);
        int v = longestJamo(jamo, at, JAMO_V);
        int t = longestJamo(jamo, at, JAMO_T);
        if (l < 0 || v < 0 || t < 0 || at[0] != jamo.length()) {
            return -1;
        }
        return 0xAC00 + (l * JAMO_V.length + v) * JAMO_T.length + t;
    }

    private static int longestJamo(String s, int[] at, String[] column) {
        int best = -1;
        int bestLen = -1;
        for (int i = 0; i < column.length; i++) {
            String j = column[i];
            if (j.length() > bestLen && s.startsWith(j, at[0])) {
                best = i;
                bestLen = j.length();
            }
        }
        if (best >= 0) {
            at[0] += bestLen;
        }
        return best;
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * CPython's codec error: positions count bytes of the buffer CPython decodes, where each
     * non-ASCII character was rewritten as a ten-byte {@code \UXXXXXXXX} escape.
     */
    private static LiteralError unicodeError(
            String text, int segmentStart, int segmentEnd, int escStart, int escEnd, String what,
            SourceRange errorAt) {
        int from = codecPosition(text, segmentStart, segmentEnd, escStart);
        int to = codecPosition(text, segmentStart, segmentEnd, escEnd);
        String where = to - from == 1
                ? "can't decode byte 0x5c in position " + from
                : "can't decode bytes in position " + from + "-" + (to - 1);
        return error(errorAt, "(unicode error) 'unicodeescape' codec " + where + ": " + what);
    }

    /**
     * The position of {@code text[upTo]} in CPython's rewritten buffer of the segment {@code
     * [start, end)}: a backslash is copied with the character after it, a backslash before a
     * non-ASCII character or the end becomes {@code \u005c} (six bytes), a non-ASCII character
     * ten bytes, a line end one.
     */
    private static int codecPosition(String text, int start, int end, int upTo) {
        int pos = 0;
        int i = start;
        while (i < upTo) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= end || text.charAt(i) >= 0x80) {
                    pos += 6;
                    continue;
                }
                pos++;
                c = text.charAt(i);
            }
            if (c == '\r') {
                pos++;
                i += i + 1 < end && text.charAt(i + 1) == '\n' ? 2 : 1;
            } else if (c < 0x80) {
                pos++;
                i++;
            } else {
                pos += 10;
                i += Character.charCount(text.codePointAt(i));
            }
        }
        return pos;
    }

    // ---- bytes -------------------------------------------------------------------------

    private static byte[] decodeBytes(SourceFile file, Token t, Shape shape, SourceRange errorAt) {
        String text = file.text();
        for (int i = shape.bodyStart; i < shape.bodyEnd; i++) {
            if (text.charAt(i) >= 0x80) {
                throw error(file.range(t.start(), t.end()), "bytes can only contain ASCII literal characters");
            }
        }
        String body = translateNewlines(text, shape.bodyStart, shape.bodyEnd);
        int n = body.length();
        byte[] out = new byte[n];
        int len = 0;
        if (shape.raw || body.indexOf('\\') < 0) {
            for (int i = 0; i < n; i++) {
                out[len++] = (byte) body.charAt(i);
            }
            return out;
        }
        for (int i = 0; i < n; ) {
            char c = body.charAt(i++);
            if (c != '\\') {
                out[len++] = (byte) c;
                continue;
            }
            if (i >= n) {
                out[len++] = '\\';
                break;
            }
            char e = body.charAt(i++);
            switch (e) {
                case '\n': break;
                case '\\': out[len++] = '\\'; break;
                case '\'': out[len++] = '\''; break;
                case '"': out[len++] = '"'; break;
                case 'a': out[len++] = 7; break;
                case 'b': out[len++] = '\b'; break;
                case 'f': out[len++] = '\f'; break;
                case 'n': out[len++] = '\n'; break;
                case 'r': out[len++] = '\r'; break;
                case 't': out[len++] = '\t'; break;
                case 'v': out[len++] = 0x0b; break;
                case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < n && isOctal(body.charAt(i)); k++) {
                        v = v * 8 + (body.charAt(i++) - '0');
                    }
                    out[len++] = (byte) v;
                    break;
                }
                case 'x': {
                    int d1 = i + 1 < n ? hexValue(body.charAt(i)) : -1;
                    int d2 = i + 1 < n ? hexValue(body.charAt(i + 1)) : -1;
                    if (d1 < 0 || d2 < 0) {
                        throw error(errorAt, "(value error) invalid \\x escape at position " + (i - 2));
                    }
                    out[len++] = (byte) (d1 * 16 + d2);
                    i += 2;
                    break;
                }
                default:
                    out[len++] = '\\';
                    i--;
                    break;
            }
        }
        return java.util.Arrays.copyOf(out, len);
    }

    // ---- errors ------------------------------------------------------------------------

    static LiteralError error(SourceRange at, String message) {
        return new LiteralError(Optional.of(Diagnostic.error(Code.LITERAL_ERROR, at, message)));
    }

    /**
     * Ends the work on a literal at its first error, as CPython does; caught in {@link #parse}.
     * {@code diagnostic} is empty when the error is already in the sink (reported by the parser for
     * an f-string expression).
     */
    static final class LiteralError extends RuntimeException {
        final transient Optional<Diagnostic> diagnostic;

        LiteralError(Optional<Diagnostic> diagnostic) {
            super(null, null, false, false);
            this.diagnostic = diagnostic;
        }
    }
}
