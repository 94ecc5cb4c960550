package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.SourceDecoder.Decoded;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SourceDecoder}: BOM, coding cookies on line 1 or 2, and CPython 3.11's messages for
 * every decoding problem (as {@code ast.parse(bytes)} reports them).
 */
class SourceDecoderTest {

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(String latin1Bytes) {
        return SourceDecoder.decode("<t>", bytes(latin1Bytes)).file().text();
    }

    /** Diagnostics as {@code line:message}. */
    private static String errors(String latin1Bytes) {
        return SourceDecoder.decode("<t>", bytes(latin1Bytes)).diagnostics().stream()
                .map(d -> d.range().startLine() + ":" + d.message())
                .collect(Collectors.joining(" | "));
    }

    @Test
    void utf8IsTheDefault() {
        assertEquals("x = 'é€😀'\n", SourceDecoder.decode("<t>", "x = 'é€😀'\n".getBytes(StandardCharsets.UTF_8)).file().text());
        assertEquals("", errors("x = 1\n"));
    }

    @Test
    void bomIsDropped() {
        assertEquals("x = 1\n", text("\u00ef\u00bb\u00bfx = 1\n"));
        assertEquals("", errors("\u00ef\u00bb\u00bf# coding: UTF_8\nx=1\n"));
        assertEquals("", errors("\u00ef\u00bb\u00bf# coding=utf-8-sig\nx=1\n"));
    }

    @Test
    void bomWithAnotherCookie() {
        assertEquals("1:encoding problem: utf8 with BOM", errors("\u00ef\u00bb\u00bf#coding: utf8\nprint('x')\n"));
        assertEquals("1:encoding problem: iso-8859-1 with BOM", errors("\u00ef\u00bb\u00bf# coding: latin-1\nx=1\n"));
        assertEquals("2:encoding problem: iso-8859-1 with BOM", errors("\u00ef\u00bb\u00bf\n# coding: latin-1\nx=1\n"));
    }

    @Test
    void cookieOnLineOne() {
        assertEquals("x = 'é'\n", text("# -*- coding: latin-1 -*-\nx = '\u00e9'\n").substring(26));
        assertEquals("x='€'\n", text("# -*- coding: iso-8859-15 -*-\nx='\u00a4'\n").substring(30));
        assertEquals("x='€'\n", text("# coding: cp1252\nx='\u0080'\n").substring(17));
        assertEquals("", errors("# coding: latin-1"));
    }

    @Test
    void cookieOnLineTwoOnlyAfterABlankOrCommentLine() {
        assertEquals("é", text("#!/usr/bin/python\n# vim: set fileencoding=latin-1 :\n\u00e9").substring(52));
        assertEquals("é", text("\n# coding: latin-1\n\u00e9").substring(19));
        // Line 1 is code: the cookie on line 2 is ignored and the file is UTF-8.
        assertEquals("3:(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data",
                errors("x=1\n# coding: latin-1\nx = '\u00e9'\n"));
        // A cookie after code on the same line is not a cookie.
        assertEquals("", errors("x # coding: foo\n"));
        assertEquals("", errors("#coding:\n"));
        assertEquals("", errors("# coding: utf-8\n# coding: foo\n"));
    }

    @Test
    void unknownEncoding() {
        Diagnostic d = SourceDecoder.decode("<t>", bytes("# -*- coding: uft-8 -*-\nx = 1\n")).diagnostics().get(0);
        assertEquals(Code.ENCODING_ERROR, d.code());
        assertEquals("unknown encoding: uft-8", d.message());
        assertEquals("2:unknown encoding: foo", errors("\n  # coding: foo\n"));
        assertEquals("1:unknown encoding: mbcs", errors("# coding: mbcs\nx=1\n"));
        assertEquals("1:'rot13' is not a text encoding; use codecs.decode() to handle arbitrary codecs",
                errors("# coding: rot13\nx=1\n"));
        // Decoding goes on as UTF-8.
        assertEquals("# coding: foo\nx = 1\n", text("# coding: foo\nx = 1\n"));
    }

    /** CPython decodes such files whole before tokenizing: the error goes on the cookie's line. */
    @Test
    void codecErrors() {
        assertEquals("1:'ascii' codec can't decode byte 0xc3 in position 21: ordinal not in range(128)",
                errors("# coding: ascii\nx = '\u00c3\u00a9'\n"));
        assertEquals("# coding: ascii\n# \uFFFD\n", text("# coding: ascii\n# \u00ff\n"));
        // ... with a related location at the bad byte.
        Diagnostic d = SourceDecoder.decode("<t>", bytes("# coding: ascii\n-\nx = '\u00e9'\n")).diagnostics().get(0);
        assertEquals(1, d.related().size());
        assertEquals(3, d.related().get(0).range().startLine());
        assertEquals(6, d.related().get(0).range().startColumn());
        // CPython: "# coding: ascii-" is the ascii codec, "utf-" the utf-8 codec, whose messages
        // (unlike the default UTF-8's) count from the start of the file.
        assertEquals("1:'ascii' codec can't decode byte 0xe9 in position 22: ordinal not in range(128)",
                errors("# coding: ascii-\nx = \"\u00e9\"\n"));
        assertEquals("1:'utf-8' codec can't decode byte 0xe9 in position 20: invalid continuation byte",
                errors("# coding: utf-\nx = '\u00e9'\n"));
        assertEquals("1:'charmap' codec can't decode byte 0xa0 in position 23: character maps to <undefined>",
                errors("# coding: tis-620\nx = \"\u00a0\"\n"));
    }

    /** Names as CPython's codec registry looks them up (results recorded from CPython 3.11). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "latin- | \u00e9", "latin_ | \u00e9", "Latin-1 | \u00e9", "latin_1 | \u00e9", "8859 | \u00e9",
        "iso-8859-1-x | \u00e9", "ISO8859-15 | \u00e9", "iso_8859_15 | \u00e9", "iso-8859-15- | \u00e9",
        "l9 | \u00e9", "cp1252 | \u00e9", "windows-1252 | \u00e9", "koi8_r | \u0418", "mac-roman | \u00c8",
        "charmap | \u00e9", "cp1006 | \ufee0",
    })
    void encodingNamesAsCpythonFindsThem(String name, String e9) {
        Decoded d = SourceDecoder.decode("<t>", bytes("# coding: " + name + "\nx = '\u00e9'\n"));
        assertEquals(List.of(), d.diagnostics());
        assertEquals("x = '" + e9 + "'\n", d.file().lineText(2) + "\n");
    }

    @Test
    void encodingNamesCpythonDoesNotKnow() {
        assertEquals("1:unknown encoding: latin-9", errors("# coding: latin-9\n"));
        assertEquals("1:unknown encoding: latin.1", errors("# coding: latin.1\n"));
        assertEquals("1:unknown encoding: .ascii", errors("# coding: .ascii\n"));
        assertEquals("1:unknown encoding: ascii.", errors("# coding: ascii.\n"));
        // Java's names for charsets are not Python's.
        assertEquals("1:unknown encoding: x-mac-roman", errors("# coding: x-mac-roman\n"));
        assertEquals("1:unknown encoding: oem", errors("# coding: oem\n"));
        assertEquals("1:'ROT_13' is not a text encoding; use codecs.decode() to handle arbitrary codecs",
                errors("# coding: ROT_13\n"));
        assertEquals("1:'zip' is not a text encoding; use codecs.decode() to handle arbitrary codecs",
                errors("# coding: zip\n"));
    }

    @Test
    void codecTablesAreCpythonsWhereTheJdkDiffers() {
        assertEquals("x = '\u20ac\u0490'", text("# coding: mac-cyrillic\nx = '\u00ff\u00a2'\n").split("\n")[1]);
        assertEquals("x = '\ufed9'", text("# coding: cp1006\nx = '\u00e3'\n").split("\n")[1]);
        assertEquals("x = ' '", text("# coding: mac-arabic\nx = '\u00a0'\n").split("\n")[1]);
        assertEquals("x = '\u00e9'", text("# coding: utf-\nx = '\u00c3\u00a9'\n").split("\n")[1]);
        assertEquals("x = '\u3042'", text("# coding: euc-jp\nx = '\u00a4\u00a2'\n").split("\n")[1]);
    }

    @Test
    void codecsTheJdkLacksDecodePlainAscii() {
        assertEquals("", errors("# coding: utf-7\nx = 1\n"));
        assertEquals("", errors("# coding: kz1048\nx = 1\n"));
        assertEquals("1:TorchScript4J cannot decode the 'kz1048' codec beyond plain ASCII: byte 0xe9 in position 22",
                errors("# coding: kz1048\nx = '\u00e9'\n"));
    }

    /** CPython raises this from the codec whatever the bytes. */
    @Test
    void theUndefinedCodec() {
        assertEquals("1:decoding with 'undefined' codec failed (UnicodeError: undefined encoding)",
                errors("# coding: undefined\nx = 1\n"));
    }

    /** CPython reports a string's decoding error at the token after the strings (recorded lines). */
    @Test
    void invalidUtf8InAStringIsReportedAtTheNextToken() {
        assertEquals("3:(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data",
                errors("x = (\"\u00e9\"\n\n)"));
        assertEquals("2:(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data",
                errors("x = \"\u00e9\" \\\n  + 1"));
        assertEquals("4:(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data",
                errors("x = (\"a\"\n \"\u00e9\"\n\n)"));
        // One error per run of strings.
        assertEquals("1:(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data",
                errors("x = \"\u00e9\" \"\u00e9\"\n"));
        Diagnostic d = SourceDecoder.decode("<t>", bytes("x = \"\u00e9\"\n")).diagnostics().get(0);
        assertEquals(8, d.range().startColumn(), "CPython's offset 8: the NEWLINE token");
    }

    /**
     * CPython decodes strings in parser actions; any later tokenizer error (that raises) wins
     * over them (CPython's first errors recorded in the comments).
     */
    @Test
    void invalidUtf8InAStringYieldsToLaterTokenizerErrors() {
        assertEquals("", errors("r\"\u00e9\"\n)")); // line 2: unmatched ')'
        assertEquals("", errors("r\"\u00e9\"\n\n\n\n\n)")); // line 6: unmatched ')'
        assertEquals("", errors("\"\u00e9\"\n\n\n\n\n\n\n\n\u00f0\u009f\u0098\u0080\n")); // line 9: invalid character
        assertEquals("", errors("(\n\"\u00e9\"\n")); // line 1: '(' was never closed
        assertEquals("", errors("(\"\u00e9\"\n")); // line 1: '(' was never closed
        assertEquals("", errors("(\"\u00e9\"")); // line 1: '(' was never closed
        // A bad line continuation does not raise; the bracket's error token is on its line.
        assertEquals("1:(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data",
                errors("\"\u00e9\"\n\\x\n"));
        assertEquals("1:(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data",
                errors("(\"\u00e9\",\n 1\n"));
    }

    /** CPython refuses NUL bytes before decoding and reports nothing else; the Lexer reports it. */
    @Test
    void nulBytesSilenceDecodingProblems() {
        assertEquals("", errors("# coding: bogus\n\u0000"));
        assertEquals("", errors("x = '\u00e9\u0000'"));
        assertEquals("", errors("# coding: ascii\nx = '\u00e9'\n\u0000"));
        assertEquals("# coding: bogus\n\u0000", text("# coding: bogus\n\u0000"));
    }

    @Test
    void invalidUtf8InStrings() {
        assertEquals("1:(unicode error) 'utf-8' codec can't decode byte 0xf6 in position 1: invalid start byte",
                errors("print(\"b\u00f6se\")\n"));
        assertEquals("1:(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 2: invalid continuation byte",
                errors("x = 'ab\u00e9cd'\n"));
        assertEquals("1:(unicode error) 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte",
                errors("x = '\u00ed\u00a0\u0080'\n"));
        assertEquals("1:(unicode error) 'utf-8' codec can't decode bytes in position 0-2: unexpected end of data",
                errors("x = '\u00f0\u009f\u0098'\n"));
        assertEquals("1:(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data",
                errors("x = f'ab\u00e9cd'\n"));
        // Reported on the line where a multi-line string ends.
        assertEquals("3:(unicode error) 'utf-8' codec can't decode byte 0xff in position 3: invalid start byte",
                errors("x = 1\ny = '''a\nb\u00ffc'''\n"));
        // The text still comes back, with a replacement character.
        assertEquals("x = 'ab\uFFFDcd'\n", text("x = 'ab\u00e9cd'\n"));
    }

    @Test
    void invalidUtf8ElsewhereIsLeftToOtherLayers() {
        assertEquals("", errors("# \u00ff\nx=1\n"));
        assertEquals("", errors("x = 1 # \u00ff\n"));
        assertEquals("", errors("x = b'\u00ff'\n")); // the literal layer: "bytes can only contain ASCII ..."
        assertEquals("1:(unicode error) 'utf-8' codec can't decode byte 0xff in position 1: invalid start byte",
                errors("x\u00ff = 1\n"));
    }

    @Test
    void crlfIsKept() {
        assertEquals("print \"hi\"\r\n\r\n", text("print \"hi\"\r\n\r\n"));
    }

    @Test
    void neverThrows() {
        byte[][] inputs = {
            {}, {(byte) 0xEF}, {(byte) 0xEF, (byte) 0xBB}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            {(byte) 0xFF, (byte) 0xFE, 0, 0}, bytes("# coding: utf-16\nx=1\n"), bytes("# coding: \u00ff\n"),
            bytes("'\u00ff"), bytes("'''\u00f0\u009f"), bytes("\u00c3"),
        };
        for (byte[] in : inputs) {
            SourceDecoder.decode("<t>", in);
        }
    }
}
