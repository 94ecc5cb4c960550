package io.github.torchscript4j.checker.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Floats as the reference prints them in graphs and code. The expected texts are what PyTorch
 * 1.13.1 printed for these constants ({@code print(fn.graph)}), and for the {@code %.17g} cases
 * what C's {@code printf("%.17g")} prints.
 */
class ConstantsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0|1.",
        "-2.0|-2.",
        "123456789.0|123456789.",
        "1e16|10000000000000000",
        "12345678901234567.0|12345678901234568",
        "1e20|1e+20",
        "0.1|0.10000000000000001",
        "1e-5|1.0000000000000001e-05",
        "1e-20|9.9999999999999995e-21",
        "0.3333333333333333|0.33333333333333331",
        "2.5e-20|2.4999999999999999e-20",
        "3.4|3.3999999999999999",
        "NaN|nan",
        "Infinity|inf",
        "-Infinity|-inf",
    })
    void printsFloatsAsTheReference(double value, String expected) {
        assertEquals(expected, Constants.doubleText(value));
    }
}
