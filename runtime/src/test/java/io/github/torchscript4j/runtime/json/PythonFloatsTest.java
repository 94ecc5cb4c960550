package io.github.torchscript4j.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link PythonFloats}: floats written exactly as Python's {@code repr(float)}. */
class PythonFloatsTest {

    /**
     * Bit patterns of doubles and Python 3's {@code repr} of each, recorded with {@code
     * struct.pack('>d', v).hex(), repr(v)}.
     */
    private static final List<String> RECORDED = List.of(
            "3ff0000000000000 1.0",
            "3fb999999999999a 0.1",
            "3ee4f8b588e368f1 1e-05",
            "3f1a36e2eb1c432d 0.0001",
            "3f50624dd2f1a9fc 0.001",
            "4341c37937e08000 1e+16",
            "43118b54f22aeb00 1234567890123456.0",
            "4345ee2a2eb5a5c4 1.2345678901234568e+16",
            "4480f0cf064dd592 1e+22",
            "44b52d02c7e14af6 1e+23",
            "000e61acf033d1a4 2e-308",
            "0000000000000001 5e-324",
            "7fefffffffffffff 1.7976931348623157e+308",
            "8000000000000000 -0.0",
            "0000000000000000 0.0",
            "c004000000000000 -2.5",
            "400921f9f01b866e 3.14159",
            "3fd5555555555555 0.3333333333333333",
            "3fe5555555555555 0.6666666666666666",
            "4059000000000000 100.0",
            "405edd2f1a9fbe77 123.456",
            "3fd3333333333334 0.30000000000000004",
            "4340000000000000 9007199254740992.0",
            "438f67ea69ed3795 2.82879384806159e+17",
            "7e41eb2d66005835 1.5e+300",
            "3f94dd5400000000 0.020375549793243408",
            "3f1a36e2eb1c432c 9.999999999999999e-05",
            "430c6bf526340000 1000000000000000.0",
            "419d6f3454000000 123456789.0",
            "be7ad7f29abcaf48 -1e-07",
            "7ff8000000000000 nan",
            "7ff0000000000000 inf",
            "fff0000000000000 -inf");

    @Test
    void matchesPythonsRepr() {
        for (String row : RECORDED) {
            String[] parts = row.split(" ");
            double x = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
            assertEquals(parts[1], PythonFloats.repr(x), parts[0]);
        }
    }

    /** Every repr reads back as the same double and has no more digits than Java's own shortest form. */
    @Test
    void reprRoundTripsAndIsShortest() {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 20_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                continue;
            }
            String repr = PythonFloats.repr(x);
            assertEquals(x, Double.parseDouble(repr), repr);
            assertTrue(digits(repr) <= digits(Double.toString(x)), repr + " vs " + x);
        }
    }

    private static int digits(String text) {
        String mantissa = text.split("[eE]")[0].replace("-", "").replace(".", "");
        mantissa = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, mantissa.length());
    }
}
