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
 * these errors on the token after the literal; they are reported here as an empty range at the
 * literal's end. Invalid escapes such as {@code \d} are kept verbatim without a diagnostic (they
 * are only a {@code DeprecationWarning} in 3.11). It does not check token syntax: the lexer has.
 */
public final class StringLiterals {
    private StringLiterals() {}

    /**
     * Concatenates adjacent STRING tokens (implicit concatenation) into one Constant (str or bytes,
     * kind "u" when the first token has a u prefix) or a JoinedStr when any is an f-string; reports
     * "cannot mix bytes and nonbytes literals", bad escapes etc. in CPython's words; never throws.
     */
    public static Expr parse(SourceFile file, List<Token> strings, List<Diagnostic> sink) {
        if (strings.isEmpty()) {
            throw new IllegalArgumentException("no string tokens");
        }
        Token first = strings.get(0);
        Token last = strings.get(strings.size() - 1);
        SourceRange whole = file.range(first.start(), last.end());
        try {
            return concatenate(file, strings, sink, whole);
        } catch (LiteralError e) {
            if (e.diagnostic != null) {
                sink.add(e.diagnostic);
            }
            return new Expr.Error(whole);
        }
    }

    private static Expr concatenate(SourceFile file, List<Token> strings, List<Diagnostic> sink, SourceRange whole) {
        String text = file.text();
        Token first = strings.get(0);
        boolean kindU = first.end() > first.start() && text.charAt(first.start()) == 'u';
        FStrings.Concat state = new FStrings.Concat(kindU, whole);
        ByteArrayOutputStream bytes = null;
        boolean bytesMode = false;
        for (int i = 0; i < strings.size(); i++) {
            Token t = strings.get(i);
            Shape shape = Shape.of(text, t);
            Object value = null;
            if (!shape.fmode) {
                value = shape.bytes ? decodeBytes(file, t, shape, whole) : decodeStr(file, shape, whole);
            }
            if (i != 0 && bytesMode != shape.bytes) {
                throw error(emptyAtEnd(whole), "cannot mix bytes and nonbytes literals");
            }
            bytesMode = shape.bytes;
            if (shape.fmode) {
                new FStrings(file, t, shape.bodyStart, shape.bodyEnd, shape.raw, kindU, whole, sink)
                        .concat(state);
            } else if (bytesMode) {
                if (bytes == null) {
                    bytes = new ByteArrayOutputStream();
                }
                byte[] b = (byte[]) value;
                bytes.write(b, 0, b.length);
            } else {
                state.addString((String) value);
            }
        }
        if (bytesMode) {
            return new Expr.Constant(new Literal.Bytes(bytes.toByteArray()), Optional.empty(), whole);
        }
        return state.finish();
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
                return new Shape(bytes, raw, fmode, end, end);
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

    private static String decodeStr(SourceFile file, Shape shape, SourceRange whole) {
        if (shape.raw) {
            return translateNewlines(file.text(), shape.bodyStart, shape.bodyEnd);
        }
        return decodeEscapes(file.text(), shape.bodyStart, shape.bodyEnd, whole);
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
    static String decodeEscapes(String text, int start, int end, SourceRange errorAt) {
        int firstSpecial = start;
        while (firstSpecial < end) {
            char c = text.charAt(firstSpecial);
            if (c == '\\' || c == '\r') {
                break;
            }
            firstSpecial++;
        }
        if (firstSpecial == end) {
            return text.substring(start, end);
        }
        StringBuilder sb = new StringBuilder(end - start);
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
                            throw unicodeError(text, start, escStart, i, what, errorAt);
                        }
                        v = v * 16 + d;
                        i++;
                    }
                    if (e == 'U' && (v < 0 || v > Character.MAX_CODE_POINT)) {
                        throw unicodeError(text, start, escStart, i, "illegal Unicode character", errorAt);
                    }
                    sb.appendCodePoint(v);
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
                        throw unicodeError(text, start, escStart, i, message, errorAt);
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
        return sb.toString();
    }

    /** The code point named {@code name} as {@code \N{...}} reads it, or -1. */
    static int codePointNamed(String name) {
        if (name.isEmpty() || Character.isWhitespace(name.charAt(0))
                || Character.isWhitespace(name.charAt(name.length() - 1))) {
            return -1;
        }
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        int cp = algorithmicName(upper);
        if (cp >= 0) {
            return cp;
        }
        try {
            return Character.codePointOf(upper);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** CJK ideographs are named {@code CJK UNIFIED IDEOGRAPH-4E00} in Python, unlike the JDK. */
    private static int algorithmicName(String upper) {
        String prefix = "CJK UNIFIED IDEOGRAPH-";
        if (upper.startsWith(prefix)) {
            String hex = upper.substring(prefix.length());
            if (hex.length() == 4 || hex.length() == 5) {
                try {
                    int cp = Integer.parseInt(hex, 16);
                    if (Character.isIdeographic(cp) && Character.getType(cp) == Character.OTHER_LETTER) {
                        return cp;
                    }
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            return -1;
        }
        return -1;
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
            String text, int segmentStart, int escStart, int escEnd, String what, SourceRange errorAt) {
        int from = codecPosition(text, segmentStart, escStart);
        int to = from + codecPosition(text, escStart, escEnd);
        String where = to - from == 1
                ? "can't decode byte 0x5c in position " + from
                : "can't decode bytes in position " + from + "-" + (to - 1);
        return error(emptyAtEnd(errorAt), "(unicode error) 'unicodeescape' codec " + where + ": " + what);
    }

    private static int codecPosition(String text, int from, int to) {
        int pos = 0;
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp == '\r') {
                pos++;
                i += i + 1 < to && text.charAt(i + 1) == '\n' ? 2 : 1;
                continue;
            }
            if (cp == '\\' && (i + 1 >= to || text.charAt(i + 1) >= 0x80)) {
                pos += 6;
            } else {
                pos += cp < 0x80 ? 1 : 10;
            }
            i += n;
        }
        return pos;
    }

    // ---- bytes -------------------------------------------------------------------------

    private static byte[] decodeBytes(SourceFile file, Token t, Shape shape, SourceRange whole) {
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
                        throw error(emptyAtEnd(whole), "(value error) invalid \\x escape at position " + (i - 2));
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

    static SourceRange emptyAtEnd(SourceRange r) {
        return new SourceRange(r.file(), r.end(), r.end());
    }

    static LiteralError error(SourceRange at, String message) {
        return new LiteralError(Diagnostic.error(Code.LITERAL_ERROR, at, message));
    }

    /**
     * Ends the work on a literal at its first error, as CPython does; caught in {@link #parse}.
     * {@code diagnostic} is null when the error is already in the sink (reported by the parser for
     * an f-string expression).
     */
    static final class LiteralError extends RuntimeException {
        final transient Diagnostic diagnostic;

        LiteralError(Diagnostic diagnostic) {
            super(null, null, false, false);
            this.diagnostic = diagnostic;
        }
    }
}
