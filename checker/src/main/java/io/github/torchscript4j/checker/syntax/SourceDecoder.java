package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 *       problem: NAME with BOM}, {@code 'rot13' is not a text encoding; ...}; placed on the
 *       cookie (CPython gives no line).
 *   <li>Bytes the cookie's codec cannot decode: {@code 'ascii' codec can't decode byte 0xc3 in
 *       position 21: ordinal not in range(128)}, placed at the bad byte.
 *   <li>Invalid UTF-8 in the default encoding is reported only where CPython reports it: inside
 *       a string or a name, as {@code (unicode error) 'utf-8' codec can't decode byte 0xf6 in
 *       position 1: invalid start byte}, with the position counted from the start of the
 *       string's contents or the name, on the line where the token ends. CPython accepts
 *       invalid UTF-8 in comments, and so do we.
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

    /** Python codec names Java spells differently (after lower-casing and '_' to '-'). */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("utf8", "UTF-8"),
            Map.entry("u8", "UTF-8"),
            Map.entry("utf", "UTF-8"),
            Map.entry("cp65001", "UTF-8"),
            Map.entry("utf-8-sig", "UTF-8"),
            Map.entry("iso-8859-1", "ISO-8859-1"),
            Map.entry("latin-1", "ISO-8859-1"),
            Map.entry("latin1", "ISO-8859-1"),
            Map.entry("latin", "ISO-8859-1"),
            Map.entry("l1", "ISO-8859-1"),
            Map.entry("8859", "ISO-8859-1"),
            Map.entry("cp819", "ISO-8859-1"),
            Map.entry("iso8859", "ISO-8859-1"),
            Map.entry("ascii", "US-ASCII"),
            Map.entry("646", "US-ASCII"),
            Map.entry("us-ascii", "US-ASCII"),
            Map.entry("us", "US-ASCII"),
            Map.entry("latin2", "ISO-8859-2"),
            Map.entry("latin3", "ISO-8859-3"),
            Map.entry("latin4", "ISO-8859-4"),
            Map.entry("cyrillic", "ISO-8859-5"),
            Map.entry("arabic", "ISO-8859-6"),
            Map.entry("greek", "ISO-8859-7"),
            Map.entry("hebrew", "ISO-8859-8"),
            Map.entry("latin5", "ISO-8859-9"),
            Map.entry("latin6", "ISO-8859-10"),
            Map.entry("thai", "x-iso-8859-11"),
            Map.entry("latin7", "ISO-8859-13"),
            Map.entry("latin8", "ISO-8859-14"),
            Map.entry("latin9", "ISO-8859-15"),
            Map.entry("latin10", "ISO-8859-16"),
            Map.entry("mac-roman", "x-MacRoman"),
            Map.entry("macroman", "x-MacRoman"),
            Map.entry("mac-cyrillic", "x-MacCyrillic"),
            Map.entry("mac-greek", "x-MacGreek"),
            Map.entry("mac-latin2", "x-MacCentralEurope"),
            Map.entry("mac-turkish", "x-MacTurkish"),
            Map.entry("mac-iceland", "x-MacIceland"),
            Map.entry("sjis", "Shift_JIS"),
            Map.entry("shift-jis", "Shift_JIS"),
            Map.entry("s-jis", "Shift_JIS"),
            Map.entry("cp932", "windows-31j"),
            Map.entry("ms932", "windows-31j"),
            Map.entry("euc-jp", "EUC-JP"),
            Map.entry("eucjp", "EUC-JP"),
            Map.entry("ujis", "EUC-JP"),
            Map.entry("euc-kr", "EUC-KR"),
            Map.entry("euckr", "EUC-KR"),
            Map.entry("cp949", "x-windows-949"),
            Map.entry("uhc", "x-windows-949"),
            Map.entry("gb2312", "GB2312"),
            Map.entry("gbk", "GBK"),
            Map.entry("cp936", "GBK"),
            Map.entry("gb18030", "GB18030"),
            Map.entry("big5", "Big5"),
            Map.entry("big5-tw", "Big5"),
            Map.entry("cp950", "x-windows-950"),
            Map.entry("big5hkscs", "Big5-HKSCS"),
            Map.entry("iso2022-jp", "ISO-2022-JP"),
            Map.entry("iso-2022-jp", "ISO-2022-JP"),
            Map.entry("iso2022-kr", "ISO-2022-KR"),
            Map.entry("iso-2022-kr", "ISO-2022-KR"),
            Map.entry("koi8-r", "KOI8-R"),
            Map.entry("koi8-u", "KOI8-U"),
            Map.entry("utf-16", "UTF-16"),
            Map.entry("utf16", "UTF-16"),
            Map.entry("utf-16-le", "UTF-16LE"),
            Map.entry("utf-16le", "UTF-16LE"),
            Map.entry("utf-16-be", "UTF-16BE"),
            Map.entry("utf-16be", "UTF-16BE"),
            Map.entry("utf-32", "UTF-32"),
            Map.entry("utf32", "UTF-32"),
            Map.entry("utf-32-le", "UTF-32LE"),
            Map.entry("utf-32le", "UTF-32LE"),
            Map.entry("utf-32-be", "UTF-32BE"),
            Map.entry("utf-32be", "UTF-32BE"));

    /** Python codecs that exist but do not decode bytes to text. */
    private static final Set<String> NOT_TEXT = Set.of(
            "rot13", "rot-13", "hex", "hex-codec", "base64", "base-64", "base64-codec", "bz2",
            "bz2-codec", "zlib", "zip", "zlib-codec", "uu", "uu-codec", "quopri",
            "quotedprintable", "quoted-printable", "quopri-codec");

    /** Decodes {@code bytes}; {@code path} is used for messages only. Never throws. */
    public static Decoded decode(String path, byte[] bytes) {
        List<Diagnostic> diagnostics = new ArrayList<>(0);
        int start = 0;
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF;
        if (bom) {
            start = 3;
        }
        Cookie cookie = findCookie(bytes, start);
        Charset charset = StandardCharsets.UTF_8;
        String problem = null;
        if (cookie != null) {
            if (bom) {
                if (!cookie.name.equals("utf-8")) {
                    problem = "encoding problem: " + cookie.name + " with BOM";
                }
            } else if (!cookie.name.equals("utf-8")) {
                String key = cookie.name.toLowerCase(Locale.ROOT).replace('_', '-');
                if (NOT_TEXT.contains(key)) {
                    problem = "'" + cookie.name + "' is not a text encoding; "
                            + "use codecs.decode() to handle arbitrary codecs";
                } else {
                    Charset cs = charsetFor(key);
                    if (cs == null) {
                        problem = "unknown encoding: " + cookie.name;
                    } else {
                        charset = cs;
                    }
                }
            }
        }
        Decoded decoded;
        if (charset == StandardCharsets.UTF_8) {
            decoded = decodeUtf8(path, bytes, start);
        } else {
            decoded = decodeWith(path, bytes, start, charset, cookie.name);
        }
        if (problem != null) {
            SourceFile file = decoded.file();
            int line = Math.min(cookie.line, file.lineCount());
            diagnostics.add(Diagnostic.error(Code.ENCODING_ERROR,
                    file.range(file.lineStart(line), file.lineEnd(line)), problem));
        }
        diagnostics.addAll(decoded.diagnostics());
        return new Decoded(decoded.file(), diagnostics);
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

    private static Charset charsetFor(String key) {
        String alias = ALIASES.get(key);
        if (alias != null) {
            return lookup(alias);
        }
        Charset cs = lookup(key);
        if (cs == null && key.startsWith("iso8859-")) {
            cs = lookup("iso-8859-" + key.substring(8));
        }
        if (cs == null && key.startsWith("windows-")) {
            cs = lookup("cp" + key.substring(8));
        }
        return cs;
    }

    private static Charset lookup(String name) {
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes with a cookie's codec, replacing what it cannot decode; reports the first failure. */
    private static Decoded decodeWith(String path, byte[] b, int start, Charset cs, String name) {
        CharsetDecoder decoder = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, start, b.length - start);
        CharBuffer out = CharBuffer.allocate(Math.max(16, (int) ((b.length - start) * (double) decoder.maxCharsPerByte()) + 16));
        StringBuilder text = new StringBuilder(b.length);
        int errorAt = -1;
        int errorByte = -1;
        int errorLength = 0;
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isOverflow()) {
                out.flip();
                text.append(out);
                out.clear();
                continue;
            }
            if (r.isError()) {
                out.flip();
                text.append(out);
                out.clear();
                if (errorAt < 0) {
                    errorAt = text.length();
                    errorByte = in.position();
                    errorLength = r.length();
                }
                text.append('\uFFFD');
                in.position(Math.min(in.limit(), in.position() + r.length()));
                continue;
            }
            decoder.flush(out);
            out.flip();
            text.append(out);
            break;
        }
        String s = text.toString();
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
            s = s.substring(1);
            errorAt = errorAt > 0 ? errorAt - 1 : errorAt;
        }
        SourceFile file = new SourceFile(path, s);
        if (errorAt < 0) {
            return new Decoded(file, List.of());
        }
        String codec = name.toLowerCase(Locale.ROOT).replace('-', '_');
        String reason = cs.equals(StandardCharsets.US_ASCII) ? "ordinal not in range(128)"
                : cs.newEncoder().maxBytesPerChar() > 1.5f ? "illegal multibyte sequence"
                : "character maps to <undefined>";
        if (!cs.equals(StandardCharsets.US_ASCII) && cs.newEncoder().maxBytesPerChar() <= 1.5f) {
            codec = "charmap";
        }
        String where = errorLength <= 1
                ? String.format("byte 0x%02x in position %d", b[errorByte] & 0xff, errorByte - start)
                : String.format("bytes in position %d-%d", errorByte - start, errorByte - start + errorLength - 1);
        String msg = "'" + codec + "' codec can't decode " + where + ": " + reason;
        int at = Math.min(errorAt, s.length());
        return new Decoded(file, List.of(Diagnostic.error(Code.ENCODING_ERROR,
                file.range(at, Math.min(at + 1, s.length())), msg)));
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
            List<Token> tokens = Lexer.lex(file).tokens();
            List<Diagnostic> diagnostics = new ArrayList<>();
            Token last = null;
            for (int at : bad) {
                Token t = tokenAt(tokens, at);
                if (t == null || t == last) {
                    continue; // in a comment (CPython accepts it), or already reported
                }
                last = t;
                String msg = message(file, t, at, charToByte);
                if (msg == null) {
                    continue;
                }
                int endLine = file.lineOf(t.end());
                int s = Math.max(t.start(), file.lineStart(endLine));
                diagnostics.add(Diagnostic.error(Code.ENCODING_ERROR, file.range(s, Math.max(s, t.end())), msg));
            }
            return new Decoded(file, diagnostics);
        }

        private static Token tokenAt(List<Token> tokens, int at) {
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
                    return t.end() > t.start() ? t : null;
                }
            }
            return null;
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
