package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.checker.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the bytes of a Python source file into text the way CPython 3.11's {@code ast.parse}
 * does (PEP 263 and PEP 3120): a UTF-8 byte order mark is dropped, a coding cookie ({@code
 * # -*- coding: NAME -*-}) on line 1, or on line 2 when line 1 is blank or a comment, names the
 * encoding, and UTF-8 is the default.
 *
 * <p>Problems become {@link Code#ENCODING_ERROR} diagnostics in CPython's words, and decoding
 * continues with replacement characters so that a tree can still be built:
 *
 * <ul>
 *   <li>{@code unknown encoding: NAME} (the file is then read as UTF-8), {@code encoding
 *       problem: NAME with BOM}, {@code 'rot13' is not a text encoding; ...}. Names are looked
 *       up as CPython's codec registry does ({@link SourceDecoderCodecs}): {@code latin-},
 *       {@code UTF_8}, {@code utf-} and {@code l9} are all known.
 *   <li>Bytes the cookie's codec cannot decode: {@code 'ascii' codec can't decode byte 0xc3 in
 *       position 21: ordinal not in range(128)}, with a related location at the bad byte.
 *   <li>These first two kinds are placed on the cookie's line, which no other error can
 *       precede: CPython decodes such a file whole before tokenizing it (and gives no line).
 *   <li>Invalid UTF-8 in the default encoding is reported only where CPython reports it: inside
 *       a string or a name, as {@code (unicode error) 'utf-8' codec can't decode byte 0xf6 in
 *       position 1: invalid start byte}, with the position counted from the start of the
 *       string's contents or the name; a name's on the line where it ends, a string's on the
 *       token after its run of adjacent strings, where CPython reports it. CPython accepts
 *       invalid UTF-8 in comments, and so do we. CPython decodes a string in a parser action and
 *       then prefers a tokenizer error found anywhere later in the file; such strings are not
 *       reported (the {@link Lexer} reports the tokenizer error).
 *   <li>Source bytes holding a NUL: CPython refuses them before decoding ("source code string
 *       cannot contain null bytes") and reports nothing else, so no other decoding problem is
 *       reported; the {@link Lexer} reports the NUL.
 * </ul>
 *
 * <p>It does not normalize newlines (SourceFile and the Lexer accept {@code \n}, {@code \r\n}
 * and {@code \r}) and never throws.
 */
public final class SourceDecoder {
    /** The decoded file and the decoding problems found. */
    public record Decoded(SourceFile file, List<Diagnostic> diagnostics) {
        public Decoded {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private SourceDecoder() {}

    /** CPython's message for a NUL byte anywhere in the source (checked before anything else). */
    static final String NULL_BYTES = "source code string cannot contain null bytes";

    /** Decodes {@code bytes}; {@code path} is used for messages only. Never throws. */
    public static Decoded decode(String path, byte[] bytes) {
        int start = 0;
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF;
        if (bom) {
            start = 3;
        }
        Cookie cookie = findCookie(bytes, start);
        Decoded decoded;
        String problem = null;
        int problemAt = -1;
        if (cookie == null || cookie.name.equals("utf-8")) {
            decoded = decodeUtf8(path, bytes, start);
        } else if (bom) {
            problem = "encoding problem: " + cookie.name + " with BOM";
            decoded = decodeUtf8(path, bytes, start);
        } else {
            SourceDecoderCodecs.Lookup codec = SourceDecoderCodecs.lookup(cookie.name);
            switch (codec.found()) {
                case UNKNOWN -> problem = "unknown encoding: " + cookie.name;
                case NOT_TEXT -> problem = "'" + cookie.name + "' is not a text encoding; "
                        + "use codecs.decode() to handle arbitrary codecs";
                case TEXT -> { }
                default -> throw new AssertionError(codec);
            }
            if (codec.found() == SourceDecoderCodecs.Found.TEXT) {
                SourceDecoderCodecs.Decoded d = SourceDecoderCodecs.decode(codec.module(), bytes, start);
                decoded = new Decoded(new SourceFile(path, d.text()), List.of());
                if (d.failed()) {
                    problem = d.message();
                    problemAt = d.errorAt();
                }
            } else {
                decoded = decodeUtf8(path, bytes, start); // reads on as UTF-8
            }
        }
        SourceFile file = decoded.file();
        if (indexOfNul(bytes) >= 0) {
            return new Decoded(file, nullBytes(file));
        }
        if (problem == null) {
            return decoded;
        }
        // CPython decodes the whole file before tokenizing, so these problems come before any
        // other error; it gives no line. We place them on the cookie, and a codec's failure also
        // at the first byte that does not decode.
        int line = Math.min(cookie.line, file.lineCount());
        List<Diagnostic.Related> related = List.of();
        if (problemAt >= 0) {
            int at = Math.min(problemAt, file.length());
            related = List.of(new Diagnostic.Related(file.range(at, Math.min(at + 1, file.length())),
                    "the first byte that does not decode"));
        }
        List<Diagnostic> diagnostics = new ArrayList<>(decoded.diagnostics().size() + 1);
        diagnostics.add(new Diagnostic(Code.ENCODING_ERROR, Severity.ERROR,
                file.range(file.lineStart(line), file.lineEnd(line)), problem, related));
        diagnostics.addAll(decoded.diagnostics());
        return new Decoded(file, diagnostics);
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * CPython refuses source bytes holding a NUL before decoding them, and reports nothing else.
     * The {@link Lexer} reports the NUL where it is in the text; only when decoding swallowed it
     * (UTF-16, UTF-32) is it reported here, at the start of the file.
     */
    private static List<Diagnostic> nullBytes(SourceFile file) {
        if (file.text().indexOf('\0') >= 0) {
            return List.of();
        }
        return List.of(Diagnostic.error(Code.TOKEN_ERROR, file.range(0, Math.min(1, file.length())), NULL_BYTES));
    }

    // ---------------------------------------------------------------- coding cookie

    /** A coding cookie: the normalized encoding name and its 1-based line. */
    private record Cookie(String name, int line) {}

    /** CPython's search: line 1, then line 2 if line 1 is blank or only a comment. */
    private static Cookie findCookie(byte[] b, int start) {
        int end1 = lineEnd(b, start);
        String name = cookieIn(b, start, end1);
        if (name != null) {
            return new Cookie(name, 1);
        }
        if (end1 >= b.length || !blankOrComment(b, start, end1)) {
            return null;
        }
        int start2 = end1 + ((b[end1] == '\r' && end1 + 1 < b.length && b[end1 + 1] == '\n') ? 2 : 1);
        name = cookieIn(b, start2, lineEnd(b, start2));
        return name == null ? null : new Cookie(name, 2);
    }

    private static int lineEnd(byte[] b, int p) {
        while (p < b.length && b[p] != '\n' && b[p] != '\r') {
            p++;
        }
        return p;
    }

    private static boolean blankOrComment(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c == '#') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\f') {
                return false;
            }
        }
        return true;
    }

    /** The normalized name of a cookie in the line {@code [s, e)}, or null. */
    private static String cookieIn(byte[] b, int s, int e) {
        int i = s;
        while (i < e && (b[i] == ' ' || b[i] == '\t' || b[i] == '\f')) {
            i++;
        }
        if (i >= e || b[i] != '#') {
            return null;
        }
        for (; i + 6 < e; i++) {
            if (b[i] == 'c' && b[i + 1] == 'o' && b[i + 2] == 'd' && b[i + 3] == 'i'
                    && b[i + 4] == 'n' && b[i + 5] == 'g' && (b[i + 6] == ':' || b[i + 6] == '=')) {
                int t = i + 7;
                while (t < e && (b[t] == ' ' || b[t] == '\t')) {
                    t++;
                }
                int begin = t;
                while (t < e && isNameByte(b[t])) {
                    t++;
                }
                if (t > begin) {
                    return normalName(new String(b, begin, t - begin, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return null;
    }

    private static boolean isNameByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.';
    }

    /** CPython's {@code get_normal_name}: spellings of utf-8 and latin-1 become canonical. */
    private static String normalName(String s) {
        String b = (s.length() > 12 ? s.substring(0, 12) : s).toLowerCase(Locale.ROOT).replace('_', '-');
        if (b.equals("utf-8") || b.startsWith("utf-8-")) {
            return "utf-8";
        }
        if (b.equals("latin-1") || b.equals("iso-8859-1") || b.equals("iso-latin-1")
                || b.startsWith("latin-1-") || b.startsWith("iso-8859-1-")
                || b.startsWith("iso-latin-1-")) {
            return "iso-8859-1";
        }
        return s;
    }

    /** UTF-8, the default: fast when valid; otherwise CPython's "(unicode error)" per bad token. */
    private static Decoded decodeUtf8(String path, byte[] b, int start) {
        String s = new String(b, start, b.length - start, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0 || firstUtf8Error(b, start, b.length) == null) {
            return new Decoded(new SourceFile(path, s), List.of());
        }
        return new Utf8Repair(path, b, start).run();
    }

    /** One invalid UTF-8 sequence: where it starts, how many bytes, and why (CPython's words). */
    record Utf8Error(int position, int length, String reason) {}

    /** The first invalid sequence in {@code b[from, to)}, treating {@code to} as the end of data. */
    static Utf8Error firstUtf8Error(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int b0 = b[i] & 0xff;
            if (b0 < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (b0 < 0xC2) {
                return new Utf8Error(i, 1, "invalid start byte");
            } else if (b0 < 0xE0) {
                need = 1;
            } else if (b0 < 0xF0) {
                need = 2;
                lo = b0 == 0xE0 ? 0xA0 : 0x80;
                hi = b0 == 0xED ? 0x9F : 0xBF;
            } else if (b0 < 0xF5) {
                need = 3;
                lo = b0 == 0xF0 ? 0x90 : 0x80;
                hi = b0 == 0xF4 ? 0x8F : 0xBF;
            } else {
                return new Utf8Error(i, 1, "invalid start byte");
            }
            for (int j = 1; j <= need; j++) {
                if (i + j >= to) {
                    return new Utf8Error(i, j, "unexpected end of data");
                }
                int c = b[i + j] & 0xff;
                int l = j == 1 ? lo : 0x80;
                int h = j == 1 ? hi : 0xBF;
                if (c < l || c > h) {
                    return new Utf8Error(i, j, "invalid continuation byte");
                }
            }
            i += need + 1;
        }
        return null;
    }

    /** CPython's message for a UTF-8 error at {@code position} of a decoded segment. */
    static String utf8Message(byte[] b, Utf8Error e, int segmentStart) {
        int pos = e.position() - segmentStart;
        String where = e.length() == 1
                ? String.format("byte 0x%02x in position %d", b[e.position()] & 0xff, pos)
                : String.format("bytes in position %d-%d", pos, pos + e.length() - 1);
        return "(unicode error) 'utf-8' codec can't decode " + where + ": " + e.reason();
    }

    /** Decodes invalid UTF-8 with replacement and reports it the way CPython does, per token. */
    private static final class Utf8Repair {
        private final String path;
        private final byte[] b;
        private final int start;

        Utf8Repair(String path, byte[] b, int start) {
            this.path = path;
            this.b = b;
            this.start = start;
        }

        Decoded run() {
            StringBuilder text = new StringBuilder(b.length);
            int[] charToByte = new int[b.length - start + 1];
            List<Integer> bad = new ArrayList<>();
            int i = start;
            while (i < b.length) {
                int b0 = b[i] & 0xff;
                if (b0 < 0x80) {
                    charToByte[text.length()] = i;
                    text.append((char) b0);
                    i++;
                    continue;
                }
                Utf8Error e = firstUtf8Error(b, i, Math.min(b.length, i + 4));
                if (e != null && e.position() == i) {
                    bad.add(text.length());
                    charToByte[text.length()] = i;
                    text.append('\uFFFD');
                    i += e.length();
                    continue;
                }
                int len = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
                int cp = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
                for (int j = 1; j < len; j++) {
                    cp = (cp << 6) | (b[i + j] & 0x3F);
                }
                for (char c : Character.toChars(cp)) {
                    charToByte[text.length()] = i;
                    text.append(c);
                }
                i += len;
            }
            charToByte[text.length()] = b.length;
            SourceFile file = new SourceFile(path, text.toString());
            if (bad.isEmpty()) {
                return new Decoded(file, List.of());
            }
            LexResult lex = Lexer.lex(file);
            List<Token> tokens = lex.tokens();
            List<Diagnostic> diagnostics = new ArrayList<>();
            int lastReported = -1;
            for (int at : bad) {
                int ti = tokenIndexAt(tokens, at);
                if (ti < 0) {
                    continue; // in a comment: CPython accepts it
                }
                Token t = tokens.get(ti);
                // CPython reports a string's error at the token after its run of strings.
                int reportAt = ti;
                if (t.kind() == TokenKind.STRING) {
                    while (reportAt + 1 < tokens.size() && tokens.get(reportAt).kind() == TokenKind.STRING) {
                        reportAt++;
                    }
                }
                if (reportAt == lastReported) {
                    continue; // one error per token or run of strings
                }
                String msg = message(file, t, at, charToByte);
                if (msg == null) {
                    continue;
                }
                lastReported = reportAt;
                if (t.kind() == TokenKind.STRING) {
                    Token next = tokens.get(reportAt);
                    if (!overriddenByTokenizer(file, lex.diagnostics(), t, next)) {
                        diagnostics.add(Diagnostic.error(Code.ENCODING_ERROR, file.range(next.start(), next.end()), msg));
                    }
                    continue;
                }
                int endLine = file.lineOf(t.end());
                int s = Math.max(t.start(), file.lineStart(endLine));
                diagnostics.add(Diagnostic.error(Code.ENCODING_ERROR, file.range(s, Math.max(s, t.end())), msg));
            }
            return new Decoded(file, diagnostics);
        }

        /**
         * Whether CPython reports a tokenizer error instead of the decoding error of string
         * {@code t}. CPython decodes a string in a parser action, and after any parser-level error
         * it tokenizes the rest of the file: the first tokenizer error found there (one that
         * raises: not a bad line continuation or an end of file after a backslash) replaces it, as
         * does an unclosed bracket from a line before that of {@code next}, the token after the
         * strings (CPython's error token; at the end of the file, on a line of its own).
         */
        private static boolean overriddenByTokenizer(SourceFile file, List<Diagnostic> lexerErrors, Token t, Token next) {
            int errorLine = next.start() >= file.length() ? file.lineCount() + 1 : file.lineOf(next.start());
            for (Diagnostic d : lexerErrors) {
                if (!d.isError() || (d.code() != Code.TOKEN_ERROR && d.code() != Code.TOO_COMPLEX)) {
                    continue;
                }
                String m = d.message();
                if (m.endsWith("' was never closed")) {
                    if (file.lineOf(d.range().start()) < errorLine) {
                        return true;
                    }
                } else if (d.range().start() > t.start()
                        && !m.equals("unexpected character after line continuation character")
                        && !m.equals("unexpected EOF while parsing")) {
                    return true;
                }
            }
            return false;
        }

        /** The index of the non-empty token holding offset {@code at}, or -1. */
        private static int tokenIndexAt(List<Token> tokens, int at) {
            int lo = 0;
            int hi = tokens.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                Token t = tokens.get(mid);
                if (t.end() <= at) {
                    lo = mid + 1;
                } else if (t.start() > at) {
                    hi = mid - 1;
                } else {
                    return t.end() > t.start() ? mid : -1;
                }
            }
            return -1;
        }

        /** CPython's message for the bad bytes in {@code t}, or null when another layer reports. */
        private String message(SourceFile file, Token t, int at, int[] charToByte) {
            String text = file.text();
            int cs = t.start();
            int ce = t.end();
            if (t.kind() == TokenKind.STRING) {
                boolean raw = false;
                while (cs < ce && text.charAt(cs) != '"' && text.charAt(cs) != '\'') {
                    char c = text.charAt(cs);
                    if (c == 'b' || c == 'B') {
                        return null; // "bytes can only contain ASCII literal characters"
                    }
                    raw |= c == 'r' || c == 'R';
                    cs++;
                }
                char q = cs < ce ? text.charAt(cs) : '"';
                int quotes = cs + 2 < ce && text.charAt(cs + 1) == q && text.charAt(cs + 2) == q ? 3 : 1;
                cs = Math.min(ce, cs + quotes);
                if (ce - cs >= quotes && text.startsWith(String.valueOf(q).repeat(quotes), ce - quotes)) {
                    ce -= quotes;
                }
                boolean escapes = !raw && text.substring(cs, ce).indexOf('\\') >= 0;
                boolean fstring = text.substring(t.start(), cs).toLowerCase(Locale.ROOT).contains("f");
                if (!raw && (escapes || fstring)) {
                    // decode_unicode_with_escapes decodes each run of non-ASCII bytes alone.
                    int bs = charToByte[at];
                    while (bs > charToByte[cs] && (b[bs - 1] & 0x80) != 0) {
                        bs--;
                    }
                    int be = charToByte[at];
                    while (be < charToByte[ce] && (b[be] & 0x80) != 0) {
                        be++;
                    }
                    Utf8Error e = firstUtf8Error(b, bs, be);
                    return e == null ? null : utf8Message(b, e, bs);
                }
            } else if (t.kind() != TokenKind.NAME && t.kind() != TokenKind.ERRORTOKEN) {
                return null;
            }
            int bs = charToByte[cs];
            int be = charToByte[ce];
            Utf8Error e = firstUtf8Error(b, bs, be);
            return e == null ? null : utf8Message(b, e, bs);
        }
    }
}
