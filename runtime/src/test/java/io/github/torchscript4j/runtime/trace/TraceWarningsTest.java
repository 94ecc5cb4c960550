package io.github.torchscript4j.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tracer's warnings and the diagnostics of warnings and failed checks. The warnings' texts,
 * lines and the constants in the graphs are PyTorch 1.13.1's for the same programs ({@code
 * torch.jit.trace} with {@code warnings.simplefilter("always")}); the diagnostics' places and
 * suggestions are ours. Each source starts with {@code import torch} and a blank line, so the
 * function's {@code def} is line 3. Loads libtorch.
 */
@Tag("native")
class TraceWarningsTest {
    private static final String BOOLEAN = "Converting a tensor to a Python boolean might cause the trace to be incorrect."
            + " We can't record the data flow of Python values, so this value will be treated as a constant in the"
            + " future. This means that the trace might not generalize to other inputs!";
    private static final String INTEGER = BOOLEAN.replace("a Python boolean", "a Python integer");
    private static final String FLOAT = BOOLEAN.replace("a Python boolean", "a Python float");
    private static final String NUMBER = BOOLEAN.replace("a Python boolean", "a Python number");
    private static final String LEN = "Using len to get tensor shape might cause the trace to be incorrect. Recommended"
            + " usage would be tensor.shape[0]. Passing a tensor of different shape might lead to errors or silently"
            + " give incorrect results.";
    private static final String ITERATING = "Iterating over a tensor might cause the trace to be incorrect. Passing a"
            + " tensor of different shape won't change the number of iterations executed (and might lead to errors or"
            + " silently give incorrect results).";

    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private Tracer tracer(String source, String function) {
        return Tracer.of("t.py", ("import torch\n\n" + source).getBytes(StandardCharsets.UTF_8), function, out);
    }

    private static TensorRef tensor(double... data) {
        return new TensorData(Dtypes.FLOAT32, new long[] {data.length}, data, null, null).toTensor();
    }

    private static TensorRef matrix(int rows, int cols) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = 0.25 * (i + 1);
        }
        return new TensorData(Dtypes.FLOAT32, new long[] {rows, cols}, data, null, null).toTensor();
    }

    private static List<Object> args(Object... values) {
        return new ArrayList<>(List.of(values));
    }

    private static List<Double> doubles(Object tensor) {
        List<Double> out = new ArrayList<>();
        for (double d : TensorData.read((TensorRef) tensor).floats()) {
            out.add(d);
        }
        return out;
    }

    private static String lines(List<TraceDiagnostic> diagnostics) {
        StringBuilder b = new StringBuilder();
        for (TraceDiagnostic d : diagnostics) {
            b.append(d.render("t.py")).append('\n');
            d.renderNote("t.py").ifPresent(n -> b.append(n).append('\n'));
        }
        return b.toString();
    }

    private static final String CONV = "def conv(x):\n    if x.sum() > 0:\n        return x * int(x.max())\n"
            + "    return x + float(x.min())\n";

    /** The issue's example: the branch and int(...) warn at lines 4 and 5; the int is a constant (PyTorch: {1}). */
    @Test
    void conversionsToPythonValuesWarnAndBecomeConstants() {
        Trace t = tracer(CONV, "conv").trace(args(tensor(1, 1, 1)));
        assertEquals(List.of(BOOLEAN, INTEGER), t.warnings());
        assertFalse(t.graphText().contains("aten::Int"), t.graphText());
        assertFalse(t.graphText().contains("aten::max"), t.graphText());
        assertTrue(t.graphText().contains("prim::Constant[value=1]() # t.py:5:0"), t.graphText());
        assertEquals("""
                t.py:4:8: warning[TS0701]: a tensor converted to a Python boolean decides this branch: the trace keeps \
                only the branch the example inputs took
                t.py:4:8: note: this branch comes from tensor data; script this function (@torch.jit.script) to keep \
                the branch, or compute both sides and choose with torch.where
                t.py:5:20: warning[TS0701]: a tensor converted to a Python integer: the trace keeps the example inputs' \
                value as a constant
                t.py:5:20: note: keep the value a tensor (use it in tensor operations), or script this function \
                (@torch.jit.script) to keep its data flow
                """, lines(t.diagnostics()));
        // the constant: 2 * 1, not 2 * max(x) = 2 * 3
        assertEquals(List.of(2.0, 3.0), doubles(t.call(args(tensor(2, 3)), out)));
    }

    /** The other branch: float(...) warns (PyTorch: "a Python float", a Double constant {1}). */
    @Test
    void floatItemAndLenWarnInTheirWords() {
        Trace f = tracer(CONV, "conv").trace(args(tensor(-1, -1)));
        assertEquals(List.of(BOOLEAN, FLOAT), f.warnings());
        assertEquals(6, f.diagnostics().get(1).range().orElseThrow().startLine());
        Trace item = tracer("def f(x):\n    return x + x.sum().item()\n", "f").trace(args(tensor(1, 2)));
        assertEquals(List.of(NUMBER), item.warnings());
        assertFalse(item.graphText().contains("aten::sum"), item.graphText());
        Trace len = tracer("def f(x):\n    return x + len(x)\n", "f").trace(args(tensor(1, 2, 3)));
        assertEquals(List.of(LEN), len.warnings());
        assertEquals(TraceDiagnostic.Kind.TENSOR_LENGTH, len.diagnostics().get(0).kind());
        assertEquals(List.of(4.0, 5.0), doubles(len.call(args(tensor(1, 2)), out)));
    }

    /** for r in x: "Iterating over a tensor", at the for line; the loop is unrolled (PyTorch: 3 adds). */
    @Test
    void iteratingOverATensorWarns() {
        Trace t = tracer("def f(x):\n    for r in x:\n        x = x + r\n    return x\n", "f").trace(args(tensor(1, 2, 3)));
        assertEquals(List.of(ITERATING), t.warnings());
        assertEquals(TraceDiagnostic.Kind.TENSOR_ITERATION, t.diagnostics().get(0).kind());
        assertEquals(4, t.diagnostics().get(0).range().orElseThrow().startLine());
        assertEquals(3, t.graphText().split("aten::add\\(", -1).length - 1, t.graphText());
    }

    /** Sizes are tensors to the reference's tracer: if x.size(0) > 2 converts one to a boolean (PyTorch warns at line 4). */
    @Test
    void aBranchOnAShapeWarnsAsTheReferenceDoes() {
        Trace t = tracer("def f(x):\n    if x.size(0) > 2:\n        return x * 2\n    return x\n", "f")
                .trace(args(tensor(1, 2, 3)));
        assertEquals(List.of(BOOLEAN), t.warnings());
        assertEquals(4, t.diagnostics().get(0).range().orElseThrow().startLine());
        // the shape itself stays data flow where no Python value is made of it
        Trace view = tracer("def f(x):\n    return x.view(x.size(0), -1)\n", "f").trace(args(matrix(2, 3)));
        assertTrue(view.warnings().isEmpty(), view.warnings().toString());
    }

    /** A while loop on tensor data: one warning for its line, however often it ran (PyTorch's default filter). */
    @Test
    void aWarningIsGivenOncePerLine() {
        Trace t = tracer("def f(x):\n    while x.sum() < 10:\n        x = x * 2\n    return x\n", "f")
                .trace(args(tensor(1, 1, 1)));
        assertEquals(List.of(BOOLEAN), t.warnings());
        assertEquals(2, t.graphText().split("aten::mul\\(", -1).length - 1, t.graphText());
    }

    /** Traced as Python ({@code **kw}): the same warnings at the same lines, the values constants. */
    @Test
    void conversionsInPythonWarnToo() {
        String source = CONV.replace("def conv(x):", "def conv(x, **kw):");
        Trace t = tracer(source, "conv").trace(args(tensor(1, 1, 1)));
        assertEquals(List.of(BOOLEAN, INTEGER), t.warnings());
        assertEquals(List.of(4, 5), t.diagnostics().stream().map(d -> d.range().orElseThrow().startLine()).toList());
        assertFalse(t.graphText().contains("aten::max"), t.graphText());
        Trace len = tracer("def f(x, **kw):\n    for r in x:\n        x = x + len(x)\n    return x\n", "f")
                .trace(args(tensor(1, 2)));
        assertEquals(List.of(ITERATING, LEN), len.warnings());
    }

    /**
     * The documentation's loop_in_traced_fn checked on an input of another shape: the reference's
     * failure and its output-mismatch warning (PyTorch gives both), and an error at the for line.
     */
    @Test
    void aLoopOverTheInputsShapeFailsAtTheForLine() {
        String source = "def loop_in_traced_fn(x):\n    result = x[0]\n    for i in range(x.size(0)):\n"
                + "        result = result * x[i]\n    return result\n";
        TraceException e = assertThrows(TraceException.class, () -> tracer(source, "loop_in_traced_fn")
                .trace(args(matrix(3, 4)), List.of(args(matrix(4, 5))), 1e-5));
        assertTrue(e.getMessage().startsWith("Tracing failed sanity checks!\nERROR: Graphs differed across invocations!\n"),
                e.getMessage());
        assertEquals(1, e.warnings().size(), e.warnings().toString());
        assertTrue(e.warnings().get(0).startsWith("Output nr 1. of the traced function does not match"), e.warnings().get(0));
        TraceDiagnostic failure = e.diagnostics().get(e.diagnostics().size() - 1);
        assertEquals(Severity.ERROR, failure.severity());
        assertEquals(TraceDiagnostic.Kind.GRAPHS_DIFFER, failure.kind());
        assertEquals("t.py:5:5: error[TS0706]: the trace on check input 1 records other operators than the trace on the"
                + " example inputs from the operator at line 6 on, inside this for loop (Graphs differed across"
                + " invocations)", failure.render("t.py"));
        assertEquals("t.py:5:5: note: this loop's trip count comes from the input's shape, and the trace unrolled it"
                + " for the example inputs; script this function (@torch.jit.script) to keep the loop",
                failure.renderNote("t.py").orElseThrow());
    }

    /** A branch on tensor data that another check input takes the other way: the error is at the if. */
    @Test
    void aBranchOnDataThatDiffersFailsAtTheIf() {
        String source = "def f(x):\n    y = x * 2\n    if bool(y.sum() > 0):\n        y = y.neg()\n    return y\n";
        TraceException e = assertThrows(TraceException.class, () -> tracer(source, "f")
                .trace(args(tensor(1, 2)), List.of(args(tensor(-1, -2))), 1e-5));
        TraceDiagnostic failure = e.diagnostics().get(e.diagnostics().size() - 1);
        assertEquals(TraceDiagnostic.Kind.GRAPHS_DIFFER, failure.kind());
        assertEquals(5, failure.range().orElseThrow().startLine());
        assertTrue(failure.message().contains("inside this if"), failure.message());
        assertTrue(failure.suggestion().orElseThrow().startsWith("this branch comes from tensor data"), failure.suggestion().toString());
        assertEquals(TraceDiagnostic.Kind.TENSOR_TO_PYTHON, e.diagnostics().get(0).kind());
    }

    /**
     * The documentation's fill_row_zero (x[0] = torch.rand(*x.shape[1:2]), run as Python): PyTorch
     * warns of the nondeterministic node and the output mismatch; both are placed at the in-place
     * assignment. The torch.cat version with zeros is clean.
     */
    @Test
    void fillRowZeroWarnsAtTheInPlaceAssignment() {
        String source = "def fill_row_zero(x):\n    x[0] = torch.rand(*x.shape[1:2])\n    return x\n";
        Trace t = tracer(source, "fill_row_zero").trace(args(matrix(3, 4)), List.of(args(matrix(3, 4))), 1e-5);
        assertEquals(2, t.warnings().size(), t.warnings().toString());
        assertTrue(t.warnings().get(0).startsWith("Trace had nondeterministic nodes. Did you forget call .eval() on your"
                + " model? Nodes:\n\t%"), t.warnings().get(0));
        assertTrue(t.warnings().get(1).startsWith("Output nr 1. of the traced function does not match the corresponding"
                + " output of the Python function. Detailed error:\nTensor-likes are not close!"), t.warnings().get(1));
        assertEquals(List.of(TraceDiagnostic.Kind.NONDETERMINISTIC, TraceDiagnostic.Kind.OUTPUT_MISMATCH),
                t.diagnostics().stream().map(TraceDiagnostic::kind).toList());
        assertEquals("t.py:4:5: warning[TS0705]: output 1 of the trace does not match the Python function's on the"
                + " check input; this in-place assignment wrote it", t.diagnostics().get(1).render("t.py"));
        assertTrue(t.diagnostics().get(1).suggestion().orElseThrow().startsWith("the output depends on aten::rand (line 4)"),
                t.diagnostics().get(1).suggestion().toString());

        String cat = "def fill_row_zero(x):\n    x = torch.cat((torch.zeros(1, *x.shape[1:2]), x[1:2]), dim=0)\n"
                + "    return x\n";
        Trace clean = tracer(cat, "fill_row_zero").trace(args(matrix(3, 4)), List.of(args(matrix(3, 4))), 1e-5);
        assertTrue(clean.warnings().isEmpty(), clean.warnings().toString());
        assertTrue(clean.diagnostics().isEmpty(), clean.diagnostics().toString());
    }

    /**
     * Traced code calling a scripted function keeps the callee's control flow: its branch on
     * tensor data is no warning (the reference records one prim::CallFunction), and a check input
     * that takes the callee's other branch passes.
     */
    @Test
    void aScriptedCalleesBranchIsNoWarningAndFollowsTheInput() {
        String source = "@torch.jit.script\ndef pick(x, y):\n    if bool(x.max() > y.max()):\n        return x\n"
                + "    return y\n\n\ndef f(x, y):\n    return pick(x * 2, y) + 1\n";
        Trace t = tracer(source, "f").trace(args(tensor(5, 5), tensor(0, 0)), List.of(args(tensor(0, 0), tensor(7, 7))),
                1e-5);
        assertTrue(t.warnings().isEmpty(), t.warnings().toString());
        assertTrue(t.graphText().contains("prim::CallFunction"), t.graphText());
        assertEquals(List.of(8.0, 8.0), doubles(t.call(args(tensor(0, 0), tensor(7, 7)), out)));
        assertEquals(List.of(11.0, 11.0), doubles(t.call(args(tensor(5, 5), tensor(0, 0)), out)));
    }

    /** Its scripted version passes: a scripted loop_in_traced_fn called from the traced code. */
    @Test
    void theScriptedLoopPassesTheCheck() {
        String source = "@torch.jit.script\ndef loop_in_scripted_fn(x):\n    result = x[0]\n"
                + "    for i in range(x.size(0)):\n        result = result * x[i]\n    return result\n\n\n"
                + "def f(x):\n    return loop_in_scripted_fn(x)\n";
        Trace t = tracer(source, "f").trace(args(matrix(3, 4)), List.of(args(matrix(4, 5))), 1e-5);
        assertTrue(t.warnings().isEmpty(), t.warnings().toString());
        assertTrue(t.diagnostics().isEmpty(), t.diagnostics().toString());
    }
}
