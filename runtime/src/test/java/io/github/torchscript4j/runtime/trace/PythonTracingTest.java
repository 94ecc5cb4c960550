package io.github.torchscript4j.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tracing of functions that are not TorchScript, which run on the Python interpreter ({@link
 * PythonTracing}); what passes and fails, the shapes and values are PyTorch 1.13.1's for the same
 * programs and inputs under {@code torch.jit.trace(f, inputs, check_inputs=[...])}. Loads libtorch.
 */
@Tag("native")
class PythonTracingTest {
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private Tracer tracer(String source, String function) {
        return Tracer.of("t.py", ("import torch\nimport torch.nn.functional as F\n\n" + source)
                .getBytes(StandardCharsets.UTF_8), function, out);
    }

    private static TensorRef tensor(long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = 0.25 * (i + 1);
        }
        return new TensorData(Dtypes.FLOAT32, shape, data, null, null).toTensor();
    }

    private static List<Object> args(Object... values) {
        return new ArrayList<>(List.of(values));
    }

    private static List<Long> shape(Object tensor) {
        return Arrays.stream(TensorData.read((TensorRef) tensor).shape()).boxed().toList();
    }

    /**
     * {@code None} in an adaptive pool's output size keeps that input dimension, as the reference's
     * Python {@code F.adaptive_avg_pool2d} fills it in ({@code (None, 5)} on 1×8×4×3 gives 1×8×4×5);
     * a global tuple makes the function Python.
     */
    @Test
    void noneInAnAdaptivePoolsOutputSizeKeepsTheInputDimension() {
        Tracer t = tracer("inp = [(1, 8, 4, 3), (None, 5)]\n\ndef foo(x):\n"
                + "    return F.adaptive_avg_pool2d(x, inp[1])\n", "foo");
        Trace trace = t.trace(args(tensor(1, 8, 4, 3)), List.of(args(tensor(2, 8, 4, 3))), 1e-5);
        assertEquals(List.of(1L, 8L, 4L, 5L), shape(trace.call(args(tensor(1, 8, 4, 3)), out)));
        assertTrue(trace.graphText().contains("aten::adaptive_avg_pool2d"), trace.graphText());

        Trace pool3d = tracer("def f(x, *rest):\n    return F.adaptive_avg_pool3d(x, [None, 2, None])\n", "f")
                .trace(args(tensor(1, 2, 4, 3, 5)));
        assertEquals(List.of(1L, 2L, 4L, 2L, 5L), shape(pool3d.call(args(tensor(1, 2, 4, 3, 5)), out)));
        Trace module = tracer("def f(x, *rest):\n    return torch.nn.AdaptiveAvgPool2d((None, 3))(x)\n", "f")
                .trace(args(tensor(2, 4, 5)));
        assertEquals(List.of(2L, 4L, 3L), shape(module.call(args(tensor(2, 4, 5)), out)));
    }

    /** PyTorch 1.13.1: {@code ValueError: Input dimension should be at least 4} for 3 sizes on a 2-d input. */
    @Test
    void anAdaptivePoolsOutputSizeLongerThanTheInputIsAValueError() {
        TraceException e = assertThrows(TraceException.class, () -> tracer(
                "def f(x, *rest):\n    return F.adaptive_avg_pool2d(x, (None, 2, 3))\n", "f").trace(args(tensor(4, 3))));
        assertEquals("ValueError", e.pythonType());
        assertTrue(e.getMessage().startsWith("Input dimension should be at least 4"), e.getMessage());
    }

    /**
     * {@code return_indices=True} chooses the function that returns the indices too, as the
     * reference's boolean dispatch does: a tuple of the pooled values and their int64 indices.
     */
    @Test
    void returnIndicesDispatchesOnItsValue() {
        Trace t = tracer("def f(x, *rest):\n    return F.adaptive_max_pool2d(x, (None, 2), return_indices=True)\n", "f")
                .trace(args(tensor(1, 2, 4, 3)));
        Tuple result = (Tuple) t.call(args(tensor(1, 2, 4, 3)), out);
        assertEquals(List.of(1L, 2L, 4L, 2L), shape(result.get(0)));
        assertEquals(Dtypes.INT64, TensorData.read((TensorRef) result.get(1)).dtype());
    }
}
