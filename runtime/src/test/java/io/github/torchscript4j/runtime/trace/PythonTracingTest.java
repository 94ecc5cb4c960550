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

    private static final String MY_FN = """
            from torch.autograd import Function

            class MyFn(Function):
                @staticmethod
                def forward(ctx, x, k, y=None):
                    ctx.save_for_backward(x)
                    z = x * k
                    if y is not None:
                        z = z + y
                    return z, x.sin()

                @staticmethod
                def backward(ctx, g, h):
                    return g, None, None

            """;

    /**
     * A custom autograd function is one {@code prim::PythonOp}, as PyTorch 1.13.1 records it: its
     * tensor arguments are inputs, the others constant arguments written in the call, its forward's
     * operators its Subgraph; a tuple result is unpacked at once. The reference prints {@code %10 :
     * (Tensor, Tensor) = ^MyFn[inplace=0, module="__main__", Subgraph=<Graph>](3)(%x, %y)}.
     */
    @Test
    void aCustomAutogradFunctionIsOnePythonOp() {
        Tracer tracer = tracer(MY_FN + "def fn(x, y):\n    a, b = MyFn.apply(x + 2, 3, y)\n    return a + b\n", "fn");
        Trace t = tracer.trace(args(tensor(2), tensor(2)), List.of(args(tensor(3), tensor(3))), 1e-5);
        String graph = t.graphText();
        assertTrue(graph.contains(" : (Tensor, Tensor) = ^MyFn[inplace=0, module=\"t\", Subgraph=<Graph>](3)(%"), graph);
        assertTrue(graph.contains("prim::TupleUnpack"), graph);
        // the node is at the line that calls apply, the operators after it at their own lines
        assertTrue(graph.matches("(?s).*= \\^MyFn\\[[^\n]*\\(%\\d+, %y.1\\) # t.py:20:0\n.*"
                + "aten::add\\(%\\d+, %\\d+, %\\d+\\) # t.py:21:0\n.*"), graph);
        assertEquals(1, graph.split("aten::add\\(", -1).length - 2, graph); // x + 2 and a + b, not z + y
        assertTrue(t.warnings().isEmpty(), t.warnings().toString());
        // (x + 2) * 3 + y + sin(x + 2) on the check input, through the recorded Subgraph
        List<Double> got = doubles(t.call(args(tensor(1), tensor(1)), out));
        assertEquals((0.25 + 2) * 3 + 0.25 + Math.sin(0.25 + 2), got.get(0), 1e-5);
    }

    /** Two calls of one function are two nodes, the second taking the first's result (PyTorch 1.13.1). */
    @Test
    void nestedCallsOfACustomFunctionChain() {
        Trace t = tracer("""
                class Two(torch.autograd.Function):
                    @staticmethod
                    def forward(ctx, x):
                        return x * 2

                def g(x):
                    return Two.apply(Two.apply(x))
                """, "g").trace(args(tensor(2)), List.of(args(tensor(3))), 1e-5);
        assertEquals("""
                graph(%x.1 : Tensor):
                  %1 : Tensor = ^Two[inplace=0, module="t", Subgraph=<Graph>]()(%x.1) # t.py:10:0
                  %2 : Tensor = ^Two[inplace=0, module="t", Subgraph=<Graph>]()(%1) # t.py:10:0
                  return (%2)
                """, t.graphText());
        assertEquals(List.of(1.0, 2.0, 3.0), doubles(t.call(args(tensor(3)), out)));
    }

    /**
     * The nodes of a Python trace carry the line of Python that ran them, as the reference's tracer
     * takes the innermost Python frame's line ({@code # t.py:LINE:0}); operators a library function
     * runs are at its lines.
     */
    @Test
    void aPythonTraceCarriesTheLinesThatRanItsOperators() {
        Trace t = tracer("def fn(x, *rest):\n    y = x.sin()\n    return F.relu(y)\n", "fn").trace(args(tensor(2)));
        String graph = t.graphText();
        assertTrue(graph.contains("aten::sin(%x.1) # t.py:5:0\n"), graph);
        assertTrue(graph.matches("(?s).*aten::relu\\(%\\d+\\) # <library>/torch_nn_functional.py:\\d+:0\n.*"), graph);

        // the reference's check report names the diverging operators' lines
        TraceException e = assertThrows(TraceException.class, () -> tracer(
                "def flat(x, *unused):\n    return x.view(x.shape[0] * x.shape[1])\n", "flat")
                .trace(args(tensor(2, 2)), List.of(args(tensor(3, 2))), 1e-5));
        assertTrue(e.getMessage().contains("\tTrace source location:\n\t\tt.py(5): flat\n"), e.getMessage());
    }

    /** A forward that raised records no call; the trace goes on with what the caller did instead. */
    @Test
    void aCustomFunctionThatRaisedLeavesNoNode() {
        Trace t = tracer("""
                class Bad(torch.autograd.Function):
                    @staticmethod
                    def forward(ctx, x):
                        raise ValueError("no")

                def f(x):
                    try:
                        return Bad.apply(x)
                    except ValueError:
                        return x * 2
                """, "f").trace(args(tensor(2)), List.of(args(tensor(3))), 1e-5);
        assertTrue(!t.graphText().contains("PythonOp") && !t.graphText().contains("^Bad"), t.graphText());
        assertEquals(List.of(0.5, 1.0, 1.5), doubles(t.call(args(tensor(3)), out)));
    }

    /**
     * A forward that reads a traced tensor it was not given cannot be one self-contained node here
     * (the reference calls Python again): a clear error, never a broken graph.
     */
    @Test
    void aForwardUsingATensorItWasNotGivenIsRefused() {
        TraceException e = assertThrows(TraceException.class, () -> tracer("""
                def f(x):
                    y = x * 2

                    class Add(torch.autograd.Function):
                        @staticmethod
                        def forward(ctx, z):
                            return z + y

                    return Add.apply(x)
                """, "f").trace(args(tensor(2))));
        assertEquals("RuntimeError", e.pythonType());
        assertTrue(e.getMessage().startsWith("cannot trace the custom autograd function Add: its forward uses a tensor"
                + " that is not one of its arguments"), e.getMessage());
    }

    /** A trace that calls Python cannot be saved: PyTorch 1.13.1's export error. */
    @Test
    void aTraceWithACustomFunctionIsNotWrittenToAnArchive(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Trace t = tracer("""
                class Two(torch.autograd.Function):
                    @staticmethod
                    def forward(ctx, x):
                        return x * 2

                def g(x):
                    return Two.apply(x)
                """, "g").trace(args(tensor(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.writeFunction(t.unit(), t.function(),
                        dir.resolve("g.pt")));
        assertTrue(e.getMessage().startsWith("Could not export Python function call 'Two'. Remove calls to Python"
                + " functions before export."), e.getMessage());
    }

    /**
     * A function that marks its input dirty traces ({@code inplace=1}) but its trace cannot run, so
     * the check fails as PyTorch 1.13.1's does: {@code inplace MyInplaceFn not supported in the JIT}.
     */
    @Test
    void anInPlaceCustomFunctionFailsTheCheck() {
        String source = """
                from torch.autograd.function import Function

                class MyInplaceFn(Function):
                    @staticmethod
                    def forward(self, x):
                        x.add_(1)
                        self.mark_dirty(x)
                        return x

                    @staticmethod
                    def backward(self, grad):
                        return grad

                def fn(x):
                    return MyInplaceFn.apply(x)
                """;
        Trace unchecked = tracer(source, "fn").trace(args(tensor(2)));
        assertTrue(unchecked.graphText().contains("^MyInplaceFn[inplace=1, "), unchecked.graphText());
        TraceException e = assertThrows(TraceException.class, () -> tracer(source, "fn")
                .trace(args(tensor(2)), List.of(args(tensor(2))), 1e-5));
        assertEquals("TracingCheckError", e.pythonType());
        assertEquals("Tracing failed sanity checks!\nencountered an exception while running the trace with test inputs.\n"
                + "Exception:\n\tinplace MyInplaceFn not supported in the JIT\n", e.getMessage());
    }

    /**
     * {@code torch.jit.trace} run by the module itself (a decorator) gives the function, which the
     * tracer then traces (PyTorch 1.13.1's test_python_function: {@code MyFn.apply(x + 2) + 3}).
     */
    @Test
    void aFunctionTracedAtImportIsTracedAgain() {
        Trace t = tracer(MY_FN + """
                def _trace(*args, **kwargs):
                    def wrapper(func):
                        return torch.jit.trace(func, args, **kwargs)
                    return wrapper

                @_trace(torch.zeros(2))
                def fn(x):
                    a, b = MyFn.apply(x + 2, 1)
                    return a + 3
                """, "fn").trace(args(tensor(2)), List.of(args(tensor(3))), 1e-5);
        assertEquals(List.of(5.25, 5.5, 5.75), doubles(t.call(args(tensor(3)), out)));
    }

    private static List<Double> doubles(Object tensor) {
        List<Double> out = new ArrayList<>();
        for (double d : TensorData.read((TensorRef) tensor).floats()) {
            out.add(d);
        }
        return out;
    }
}
