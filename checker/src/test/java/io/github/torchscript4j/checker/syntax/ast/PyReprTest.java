package io.github.torchscript4j.checker.syntax.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** {@link PyRepr} against values printed by CPython 3.11's {@code repr}. */
class PyReprTest {

    @Test
    void stringsChooseTheirQuoteLikePython() {
        assertEquals("'a'", PyRepr.str("a"));
        assertEquals("\"it's\"", PyRepr.str("it's"));
        assertEquals("'say \"hi\"'", PyRepr.str("say \"hi\""));
        assertEquals("'both \\' and \"'", PyRepr.str("both ' and \""));
        assertEquals("''", PyRepr.str(""));
    }

    @Test
    void stringsEscapeControlAndNonPrintableCharacters() {
        assertEquals("'tab\\there\\n\\r\\\\'", PyRepr.str("tab\there\n\r\\"));
        assertEquals("'\\x00\\x1f\\x7f\\x80\\xa0\\xad'", PyRepr.str("\u0000\u001f\u007f\u0080\u00a0\u00ad"));
        assertEquals("'\\u2028\\u200b\\ue000'", PyRepr.str("\u2028\u200b\ue000"));
        assertEquals("' '", PyRepr.str(" "));
    }

    @Test
    void stringsKeepPrintableUnicode() {
        assertEquals("'\u00e9\u4e2d\ud83d\ude00'", PyRepr.str("\u00e9\u4e2d\ud83d\ude00"));
    }

    @Test
    void loneSurrogatesAndNonBmpFormatCharacters() {
        assertEquals("'\\udc80'", PyRepr.str("\udc80"));
        assertEquals("'\\ud800x'", PyRepr.str("\ud800x"));
        assertEquals("'\\U000e0001'", PyRepr.str(new String(Character.toChars(0xE0001))));
    }

    @Test
    void splitSurrogatePairsPrintAsTwoCodePoints() {
        Literal.Str escaped = new Literal.Str("a\ud800\udfff\ud83d\ude00", java.util.List.of(1));
        assertEquals("'a\\ud800\\udfff\ud83d\ude00'", PyRepr.literal(escaped));
        assertEquals("'a\\U000103ff'", PyRepr.literal(new Literal.Str("a\ud800\udfff")));
    }

    @Test
    void unicode14CharactersArePrintableAsInPython311() {
        // U+061D ARABIC END OF TEXT MARK and U+1FAE0 are new in Unicode 14.0: the JDK 17 does not
        // know them, CPython 3.11 prints them as they are.
        assertEquals("'\u061d'", PyRepr.str("\u061d"));
        String melting = new String(Character.toChars(0x1FAE0));
        assertEquals("'" + melting + "'", PyRepr.str(melting));
        // U+0378 is unassigned in Unicode 14.0.
        assertEquals("'\\u0378'", PyRepr.str("\u0378"));
    }

    @Test
    void bytes() {
        assertEquals("b'a'", PyRepr.bytes(new Literal.Bytes(new byte[] {'a'})));
        assertEquals("b\"it's\"", PyRepr.bytes(new Literal.Bytes("it's".getBytes())));
        assertEquals("b'\\x00\\x7f\\x80\\xff\\t\\n\\r\\\\'",
                PyRepr.bytes(new Literal.Bytes(new byte[] {0, 0x7f, (byte) 0x80, (byte) 0xff, '\t', '\n', '\r', '\\'})));
        assertEquals("b'both \\' and \"'", PyRepr.bytes(new Literal.Bytes("both ' and \"".getBytes())));
        assertEquals("b''", PyRepr.bytes(new Literal.Bytes(new byte[0])));
    }

    @Test
    void floatsUseTheShortestRoundTrippingDigits() {
        assertEquals("0.1", PyRepr.floatRepr(0.1));
        assertEquals("0.3", PyRepr.floatRepr(0.3));
        assertEquals("0.6666666666666666", PyRepr.floatRepr(2.0 / 3));
        assertEquals("1.0", PyRepr.floatRepr(1.0));
        assertEquals("100.0", PyRepr.floatRepr(100.0));
        assertEquals("5e-324", PyRepr.floatRepr(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", PyRepr.floatRepr(Double.MAX_VALUE));
        // JDK 17's Double.toString is not always shortest: it prints this one as
        // 2.82879384806159008E17.
        assertEquals("2.82879384806159e+17", PyRepr.floatRepr(2.82879384806159E17));
        assertEquals("2e-323", PyRepr.floatRepr(2e-323));
        assertEquals("1e+23", PyRepr.floatRepr(1e23));
        assertEquals("9007199254740992.0", PyRepr.floatRepr(9007199254740993.0));
    }

    @Test
    void floatsSwitchToExponentsWherePythonDoes() {
        assertEquals("1e+16", PyRepr.floatRepr(1e16));
        assertEquals("1000000000000000.0", PyRepr.floatRepr(1e15));
        assertEquals("1.2345678901234568e+17", PyRepr.floatRepr(123456789012345678.0));
        assertEquals("0.0001", PyRepr.floatRepr(1e-4));
        assertEquals("1e-05", PyRepr.floatRepr(1e-5));
        assertEquals("2.5e-05", PyRepr.floatRepr(2.5e-5));
        assertEquals("1.5e-07", PyRepr.floatRepr(1.5e-7));
        assertEquals("1e+22", PyRepr.floatRepr(1e22));
    }

    @Test
    void specialFloats() {
        assertEquals("inf", PyRepr.floatRepr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PyRepr.floatRepr(Double.NEGATIVE_INFINITY));
        assertEquals("nan", PyRepr.floatRepr(Double.NaN));
        assertEquals("-0.0", PyRepr.floatRepr(-0.0));
        assertEquals("0.0", PyRepr.floatRepr(0.0));
    }

    @Test
    void imaginaryNumbersPrintAsComplexWithoutRealPart() {
        assertEquals("2j", PyRepr.imaginary(2.0));
        assertEquals("1.5j", PyRepr.imaginary(1.5));
        assertEquals("1e+16j", PyRepr.imaginary(1e16));
        assertEquals("1e-05j", PyRepr.imaginary(1e-5));
        assertEquals("1000j", PyRepr.imaginary(1000.0));
        assertEquals("0j", PyRepr.imaginary(0.0));
        assertEquals("1.2345678901234568e+17j", PyRepr.imaginary(123456789012345678.0));
        assertEquals("infj", PyRepr.imaginary(Double.POSITIVE_INFINITY));
    }

    @Test
    void otherLiterals() {
        assertEquals("12345678901234567890123", PyRepr.literal(new Literal.Int(new BigInteger("12345678901234567890123"))));
        assertEquals("-5", PyRepr.literal(new Literal.Int(BigInteger.valueOf(-5))));
        assertEquals("True", PyRepr.literal(new Literal.Bool(true)));
        assertEquals("False", PyRepr.literal(new Literal.Bool(false)));
        assertEquals("None", PyRepr.literal(new Literal.None()));
        assertEquals("Ellipsis", PyRepr.literal(new Literal.Ellipsis()));
        assertEquals("'x'", PyRepr.literal(new Literal.Str("x")));
        assertEquals("2.5", PyRepr.literal(new Literal.Float(2.5)));
        assertEquals("3j", PyRepr.literal(new Literal.Imaginary(3)));
    }

    /** CPython prints up to 4300 digits; beyond, its repr raises ValueError and we print hexadecimal. */
    @Test
    void intsOverCpythonsDigitLimitPrintInHexadecimal() {
        BigInteger limit = BigInteger.TEN.pow(4300);
        assertEquals("9".repeat(4300), PyRepr.literal(new Literal.Int(limit.subtract(BigInteger.ONE))));
        assertEquals("0x" + limit.toString(16), PyRepr.literal(new Literal.Int(limit)));
        assertEquals("-0x" + limit.toString(16), PyRepr.literal(new Literal.Int(limit.negate())));
        assertEquals("0x1" + "0".repeat(5000), PyRepr.literal(new Literal.Int(BigInteger.ONE.shiftLeft(20000))));
    }

    /** JDK 17's BigInteger.toString is superlinear: 0x + 'f' * 300,000 printed in decimal took 0.8 s. */
    @Test
    void hugeIntsPrintInLinearTime() {
        BigInteger huge = BigInteger.ONE.shiftLeft(4_000_000).subtract(BigInteger.ONE);
        String repr = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2),
                () -> PyRepr.literal(new Literal.Int(huge)));
        assertEquals("0x" + "f".repeat(1_000_000), repr);
    }
}
