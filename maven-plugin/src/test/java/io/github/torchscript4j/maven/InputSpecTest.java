package io.github.torchscript4j.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The input shorthand of model declarations and the seeded draw of its values (no libtorch needed). */
class InputSpecTest {
    @Test
    void parsesDtypeShapeAndValues() throws Exception {
        List<InputSpec> specs = InputSpec.parseList(" float32[1,3,32,32] ; int64[4](0,100); bool[2]=true; float64[]");
        assertEquals(4, specs.size());
        assertEquals(Dtypes.FLOAT32, specs.get(0).dtype());
        assertArrayEquals(new long[] {1, 3, 32, 32}, specs.get(0).shape());
        assertEquals(3072, specs.get(0).size());
        assertEquals(Dtypes.INT64, specs.get(1).dtype());
        assertEquals(0, specs.get(1).low());
        assertEquals(100, specs.get(1).high());
        assertTrue(specs.get(2).fill());
        assertEquals(1, specs.get(2).low());
        assertArrayEquals(new long[0], specs.get(3).shape());
        assertEquals(List.of(), InputSpec.parseList("  "));
    }

    @Test
    void drawsTheSameValuesForTheSameSeedAndSet() throws Exception {
        List<InputSpec> specs = InputSpec.parseList("float32[2,3](-1,1); int64[5](3,7); bool[4]");
        List<TensorData> a = InputSpec.draw(specs, 42, 1);
        assertEquals(a, InputSpec.draw(specs, 42, 1));
        assertNotEquals(a, InputSpec.draw(specs, 42, 2), "each input set has its own values");
        assertNotEquals(a, InputSpec.draw(specs, 43, 1), "the seed changes the values");
        for (double v : a.get(0).floats()) {
            assertTrue(v >= -1 && v < 1, "in [-1, 1): " + v);
            assertEquals(v, (float) v, "rounded to float32");
        }
        for (long v : a.get(1).ints()) {
            assertTrue(v >= 3 && v < 7, "in [3, 7): " + v);
        }
        assertEquals(Dtypes.BOOL, a.get(2).dtype());
    }

    @Test
    void drawsConstantsAndTheDefaultRanges() throws Exception {
        List<TensorData> d = InputSpec.draw(InputSpec.parseList("float32[3]=-1.5; int32[2]=7; float16[100]; int8[100]"), 0, 0);
        assertArrayEquals(new double[] {-1.5, -1.5, -1.5}, d.get(0).floats());
        assertArrayEquals(new long[] {7, 7}, d.get(1).ints());
        for (double v : d.get(2).floats()) {
            assertTrue(v >= 0 && v < 1, "torch.rand's range: " + v);
        }
        for (long v : d.get(3).ints()) {
            assertTrue(v >= 0 && v < 10, "[0, 10): " + v);
        }
    }

    @Test
    void namesTheBadPart() {
        assertEquals("unknown dtype 'flaot32' in 'flaot32[3]': expected one of float16, bfloat16, float32, float64, uint8,"
                + " int8, int16, int32, int64, bool", error("flaot32[3]"));
        assertEquals("bad shape '[3,-1]' in 'float32[3,-1]': dimension '-1' is not a non-negative integer",
                error("float32[3,-1]"));
        assertEquals("bad shape '[2,x]' in 'float32[2,x]': dimension 'x' is not a non-negative integer", error("float32[2,x]"));
        assertEquals("'float32' is not a tensor shorthand: expected DTYPE[DIMS], e.g. float32[1,3,32,32], optionally"
                + " followed by (LOW,HIGH) or =VALUE", error("float32"));
        assertEquals("bad range '(1,0)' in 'float32[3](1,0)': LOW must be less than HIGH", error("float32[3](1,0)"));
        assertEquals("bad value '0.5' in 'int64[3](0.5,2)': an integer dtype takes integer values", error("int64[3](0.5,2)"));
        assertEquals("bad value 'abc' in 'float32[3]=abc': not a number", error("float32[3]=abc"));
        assertEquals("empty input (two ';' in a row, or one at the end?)", error("float32[3];"));
        assertTrue(error("float32[100000,100000]").contains("more than 16777216 elements"));
    }

    private static String error(String text) {
        return assertThrows(InputSpec.SyntaxException.class, () -> InputSpec.parseList(text)).getMessage();
    }
}
