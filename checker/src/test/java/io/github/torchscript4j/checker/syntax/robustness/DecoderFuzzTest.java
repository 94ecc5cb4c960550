package io.github.torchscript4j.checker.syntax.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds random bytes -- invalid UTF-8, truncated sequences, encoded surrogates, byte order marks,
 * coding cookies naming real, unknown and conflicting encodings on line 1 or 2 -- to
 * {@code SourceDecoder} and then the parser, and checks {@link ParseInvariants}. Also checks that
 * plain ASCII text without a cookie decodes to itself.
 *
 * <p>It does not check the messages of decoding errors. Tries are kept low (and seeds fixed) for
 * the normal build; widen the search with {@code -Dtorchscript4j.fuzz.scale=N} and
 * {@code -Dtorchscript4j.fuzz.seed=random} (see {@link Fuzz}).
 */
class DecoderFuzzTest {

    static final List<String> ENCODINGS = List.of(
            "utf-8", "utf8", "UTF-8", "utf-8-sig", "latin-1", "iso-8859-1", "iso-latin-1", "ascii",
            "cp1252", "euc-jp", "shift_jis", "utf-16", "utf-16-le", "utf-32", "koi8-r", "cp437",
            "bogus", "", "-", "utf-8-", "latin-1-x", "\u00e9", "utf_8", "big5", "gb2312", "rot13", "idna");

    private static final byte[] INTERESTING = {
        0x00, 0x0a, 0x0d, 0x20, 0x23, 0x27, 0x22, 0x5c, 0x78, 0x3d, (byte) 0x80, (byte) 0xbf, (byte) 0xc0,
        (byte) 0xc3, (byte) 0xe0, (byte) 0xed, (byte) 0xa0, (byte) 0xef, (byte) 0xbb, (byte) 0xf0, (byte) 0xf4,
        (byte) 0xf5, (byte) 0xff, (byte) 0xfe};

    /** Up to 120 bytes, two thirds of them from bytes that matter to UTF-8 and to the tokenizer. */
    static byte[] rawBytes(Random r) {
        byte[] b = new byte[r.nextInt(121)];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : INTERESTING[r.nextInt(INTERESTING.length)];
        }
        return b;
    }

    static final List<String> COOKIE_FORMS = List.of(
            "# -*- coding: %s -*-", "# coding=%s", "#coding:%s", "# vim: set fileencoding=%s :", "  # coding: %s",
            "x = 1 # coding: %s", "# encoding: %s", "#!python\n# coding: %s");

    static final List<byte[]> PREFIXES = List.of(new byte[0], new byte[0],
            new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, ascii("\n"), ascii("#!/usr/bin/env python\n"),
            ascii("x = 1\n"));

    static final List<byte[]> BODIES = List.of(
            "s = 'caf\u00e9'\n".getBytes(StandardCharsets.UTF_8), ascii("x = 1\n"),
            "s = '\u4e2d'\n".getBytes(StandardCharsets.UTF_8), ascii("'''\n"), new byte[0],
            new byte[] {'s', '=', '\'', (byte) 0xe9, '\'', '\n'},
            new byte[] {'s', '=', '\'', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '\'', '\n'});

    /** A coding cookie (real, unknown or odd encoding name) on line 1 or 2, then a body. */
    static byte[] cookieFile(Random r) {
        String cookie = String.format(Fuzz.pick(r, COOKIE_FORMS), Fuzz.pick(r, ENCODINGS));
        byte[] body = r.nextBoolean() ? rawBytes(r) : Fuzz.pick(r, BODIES);
        return concat(Fuzz.pick(r, PREFIXES), cookie.getBytes(StandardCharsets.UTF_8),
                ascii(Fuzz.pick(r, List.of("\n", "\r\n", "\r", ""))), body);
    }

    @Test
    void randomBytesNeverBreakTheDecoder() {
        Fuzz.check("randomBytes", 300, DecoderFuzzTest::rawBytes, ParseInvariants::checkBytes, Fuzz.BYTES,
                Fuzz::javaBytes);
    }

    @Test
    void codingCookiesNeverBreakTheDecoder() {
        Fuzz.check("codingCookies", 300, DecoderFuzzTest::cookieFile, ParseInvariants::checkBytes, Fuzz.BYTES,
                Fuzz::javaBytes);
    }

    private static final String PRINTABLE_AND_BLANKS;

    static {
        StringBuilder sb = new StringBuilder("\n\r\t\f");
        for (char c = ' '; c <= '~'; c++) {
            sb.append(c);
        }
        PRINTABLE_AND_BLANKS = sb.toString();
    }

    @Test
    void asciiTextWithoutCookieDecodesToItself() {
        Fuzz.check("asciiText", 200, r -> {
            char[] text = new char[r.nextInt(201)];
            for (int i = 0; i < text.length; i++) {
                text[i] = PRINTABLE_AND_BLANKS.charAt(r.nextInt(PRINTABLE_AND_BLANKS.length()));
            }
            return new String(text).replace("coding", "c0ding");
        }, text -> assertEquals(text, ParseInvariants.checkText(text).file().text()), Fuzz.STRINGS, Fuzz::javaLiteral);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
