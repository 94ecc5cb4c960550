package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.PyRepr;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link NumberLiterals}: each token's value printed as CPython 3.11's {@code ast.dump} prints it. */
class NumberLiteralsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0",
        "000 | 0",
        "1_000_000 | 1000000",
        "0x_FF | 255",
        "0XfF | 255",
        "0o17 | 15",
        "0O1_7 | 15",
        "0b1010 | 10",
        "0B_1 | 1",
        "9999999999999999999 | 9999999999999999999",
        "123456789012345678901234567890 | 123456789012345678901234567890",
        "0xffffffffffffffffffffffff | 79228162514264337593543950335",
    })
    void integers(String token, String repr) {
        Literal value = NumberLiterals.parse(token);
        assertEquals(Literal.Int.class, value.getClass());
        assertEquals(repr, PyRepr.literal(value));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1. | 1.0",
        ".5 | 0.5",
        "1e-3 | 0.001",
        "1_0.0_1 | 10.01",
        "1e400 | inf",
        "1e-400 | 0.0",
        "1E+2 | 100.0",
        "0.0 | 0.0",
        "00.5 | 0.5",
        "007.5 | 7.5",
        "0e0 | 0.0",
        "1e16 | 1e+16",
    })
    void floats(String token, String repr) {
        Literal value = NumberLiterals.parse(token);
        assertEquals(Literal.Float.class, value.getClass());
        assertEquals(repr, PyRepr.literal(value));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2j | 2j",
        "1.5J | 1.5j",
        "1e3j | 1000j",
        "0j | 0j",
        "1_0j | 10j",
        "1e400j | infj",
    })
    void imaginary(String token, String repr) {
        Literal value = NumberLiterals.parse(token);
        assertEquals(Literal.Imaginary.class, value.getClass());
        assertEquals(repr, PyRepr.literal(value));
    }

    @ParameterizedTest
    @CsvSource({"''", "0x", "1e", "abc", "1.2.3", "1d", "0b2"})
    void malformedTextNeverThrows(String token) {
        NumberLiterals.parse(token);
    }

    @Test
    void decimalIntegersOverCpythonsDigitLimitAreErrors() {
        assertEquals(Optional.of("Exceeds the limit (4300 digits) for integer string conversion: value has 5000"
                + " digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge"
                + " integer literals to avoid decimal conversion limits."),
                NumberLiterals.limitError("1".repeat(5000)));
        assertTrue(NumberLiterals.limitError("1_0".repeat(2150)).isEmpty(), "4300 digits are fine");
        assertTrue(NumberLiterals.limitError("1".repeat(4301) + "j").isEmpty());
        assertTrue(NumberLiterals.limitError("1".repeat(4301) + ".0").isEmpty());
        assertTrue(NumberLiterals.limitError("0x" + "f".repeat(5000)).isEmpty());
        assertEquals(NumberLiterals.OVER_LIMIT, NumberLiterals.parse("1".repeat(5000)), "a placeholder");
        // CPython does not count leading zeros: "0" * 5000 is a fine literal.
        assertTrue(NumberLiterals.limitError("0".repeat(5000)).isEmpty());
        assertTrue(NumberLiterals.limitError("0_0".repeat(3000)).isEmpty());
        assertTrue(NumberLiterals.limitError("1" + "0".repeat(4299)).isEmpty());
        assertTrue(NumberLiterals.limitError("1" + "0".repeat(4300)).isPresent(), "4301 digits");
    }

    @Test
    void parseWithASinkReportsTheLimitOnTheToken() {
        String text = "x = " + "9".repeat(5000) + "\n";
        SourceFile file = new SourceFile("<t>", text);
        SourceRange range = file.range(4, 5004);
        List<Diagnostic> sink = new ArrayList<>();
        assertEquals(NumberLiterals.OVER_LIMIT, NumberLiterals.parse(text.substring(4, 5004), range, sink));
        assertEquals(1, sink.size());
        Diagnostic d = sink.get(0);
        assertEquals(Code.LITERAL_ERROR, d.code());
        assertEquals(range, d.range());
        assertEquals("Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use"
                + " sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer"
                + " literals to avoid decimal conversion limits.", d.message());
        sink.clear();
        assertEquals(new Literal.Int(BigInteger.valueOf(255)), NumberLiterals.parse("0xff", range, sink));
        assertEquals(List.of(), sink);
    }

    /** Decimal conversion is quadratic: a megabyte of digits must not be converted (it took 45 s). */
    @Test
    void hugeDecimalIntegersAreNeverConverted() {
        String digits = "9".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals(NumberLiterals.OVER_LIMIT, NumberLiterals.parse(digits));
            assertEquals(NumberLiterals.OVER_LIMIT, NumberLiterals.parse(digits, new SourceFile("<t>", digits).range(0, 1), new ArrayList<>()));
        });
    }

    /** Values printed by CPython 3.11. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0x7fffffffffffffff | 9223372036854775807",
        "0xffffffffffffffff | 18446744073709551615",
        "0x1_0000_0000_0000_0000 | 18446744073709551616",
        "0o7777777777777777777777 | 73786976294838206463",
        "0b1111111111111111111111111111111111111111111111111111111111111111 | 18446744073709551615",
        "0x0000000000000000000000000000001 | 1",
        "0b0 | 0",
        "0o0_0 | 0",
    })
    void powerOfTwoRadixIntegers(String token, String repr) {
        assertEquals(repr, PyRepr.literal(NumberLiterals.parse(token)));
    }

    @Test
    void powerOfTwoRadixIntegersOfEverySize() {
        java.util.Random random = new java.util.Random(42);
        for (int radix : new int[] {2, 8, 16}) {
            for (int length = 1; length < 300; length++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    sb.append(Character.forDigit(random.nextInt(radix), radix));
                }
                String prefix = radix == 16 ? "0x" : radix == 8 ? "0o" : "0b";
                Literal value = NumberLiterals.parse(prefix + sb);
                assertEquals(new Literal.Int(new BigInteger(sb.toString(), radix)), value, prefix + sb);
            }
        }
    }

    /** CPython parses 0x + 'f' * 1,000,000 in milliseconds; JDK 17's BigInteger(String, 16) takes 28 s. */
    @Test
    void hugeHexadecimalIntegersConvertInLinearTime() {
        String token = "0x" + "f".repeat(1_000_000);
        Literal value = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> NumberLiterals.parse(token));
        BigInteger v = ((Literal.Int) value).value();
        assertEquals(4_000_000, v.bitLength());
        assertEquals(4_000_000, v.bitCount());
    }
}
