package io.github.torchscript4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link TensorText} against what {@code print(x)} in a scripted function printed in PyTorch 1.13.1
 * for the same tensors (each expected string is the reference's output). Loads libtorch.
 */
@Tag("native")
class TensorTextTest {
    private static String floats(long[] shape, double... values) {
        return TensorText.of(new TensorData(Dtypes.FLOAT32, shape, values, null, null).toTensor());
    }

    private static String longs(long[] shape, long... values) {
        return TensorText.of(new TensorData(Dtypes.INT64, shape, null, values, null).toTensor());
    }

    @Test
    void integralValues() {
        assertEquals(" 1\n 1\n[ CPUFloatType{2} ]", floats(new long[] {2}, 1, 1));
        assertEquals("  1  20\n  3   4\n[ CPULongType{2,2} ]", longs(new long[] {2, 2}, 1, 20, 3, 4));
        assertEquals(" 1 -20\n 3  4\n[ CPULongType{2,2} ]", longs(new long[] {2, 2}, 1, -20, 3, 4));
        assertEquals(" 100    2\n[ CPULongType{1,2} ]", longs(new long[] {1, 2}, 100, 2));
        assertEquals("-20\n[ CPULongType{1} ]", longs(new long[] {1}, -20));
        assertEquals("    1  1000\n[ CPUFloatType{1,2} ]", floats(new long[] {1, 2}, 1, 1000));
        assertEquals("3\n[ CPULongType{} ]", longs(new long[] {}, 3));
        assertEquals(" 1\n 0\n[ CPUBoolType{2} ]",
                TensorText.of(new TensorData(Dtypes.BOOL, new long[] {2}, null, null, new boolean[] {true, false}).toTensor()));
    }

    @Test
    void fractionalValues() {
        assertEquals("-1.5000\n 2.2500\n[ CPUFloatType{2} ]", floats(new long[] {2}, -1.5, 2.25));
        assertEquals(" 1.5000  2.0000\n 3.0000  4.0000\n[ CPUFloatType{2,2} ]", floats(new long[] {2, 2}, 1.5, 2, 3, 4));
        assertEquals(" 10.0000   3.5000\n[ CPUFloatType{1,2} ]", floats(new long[] {1, 2}, 10, 3.5));
        assertEquals(" 0.0010\n 1.0000\n[ CPUFloatType{2} ]", floats(new long[] {2}, 0.001, 1));
    }

    @Test
    void valuesOfVeryDifferentMagnitudes() {
        assertEquals(" 1.0000e-05\n 1.0000e+00\n[ CPUFloatType{2} ]", floats(new long[] {2}, 1e-5, 1));
        assertEquals(" 1.2346e+05\n 1.5000e+00\n[ CPUFloatType{2} ]", floats(new long[] {2}, 123456, 1.5));
        assertEquals(" 1.0000e+10\n 1.0000e+00\n[ CPUFloatType{2} ]", floats(new long[] {2}, 1e10, 1));
    }

    @Test
    void higherDimensions() {
        assertEquals("(1,.,.) = \n  1  1\n\n(2,.,.) = \n  1  1\n[ CPUFloatType{2,1,2} ]",
                floats(new long[] {2, 1, 2}, 1, 1, 1, 1));
    }
}
