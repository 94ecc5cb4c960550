package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.PyRepr;
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
        assertEquals(Literal.Int.class, NumberLiterals.parse("1".repeat(5000)).getClass(), "still a best effort");
    }
}
