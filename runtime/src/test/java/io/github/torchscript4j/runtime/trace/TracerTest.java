package io.github.torchscript4j.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tracing and its checks on small programs; the behaviours asserted (what passes, what fails and
 * with which first lines and warnings) are PyTorch 1.13.1's for the same programs and inputs, as
 * {@code torch.jit.trace(f, inputs, check_inputs=[...])} gives them. Loads libtorch.
 */
@Tag("native")
class TracerTest {
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private Tracer tracer(String source, String function) {
        return Tracer.of("t.py", ("import torch\n\n" + source).getBytes(StandardCharsets.UTF_8), function, out);
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
        return new TensorData(io.github.torchscript4j.runtime.value.Dtypes.FLOAT32, shape, data, null, null).toTensor();
    }

    private static List<Object> args(Object... values) {
        return new ArrayList<>(List.of(values));
    }

    @Test
    void recordsTheOperatorsAsAFlatGraph() {
        Trace t = tracer("def foo(x, y):\n    return 2 * x + y\n", "foo").trace(args(tensor(3), tensor(3)));
        assertEquals("""
                graph(%x.1 : Tensor,
                      %y.1 : Tensor):
                  %2 : int = prim::Constant[value=2]() # t.py:4:0
                  %3 : Tensor = aten::mul(%x.1, %2) # t.py:4:0
                  %4 : int = prim::Constant[value=1]() # t.py:4:0
                  %5 : Tensor = aten::add(%3, %y.1, %4) # t.py:4:0
                  return (%5)
                """, t.graphText());
        Object result = t.call(args(tensor(2), tensor(2)), out);
        assertEquals(JsonValues.parse("{\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [0.75, 1.5]}}").toString(),
                JsonValues.parse(JsonValues.print(result)).toString());
    }

    @Test
    void aLoopOverAnInputsShapeIsUnrolledAndFailsTheCheckOnAnotherShape() {
        String source = "def loop_in_traced_fn(x):\n    result = x[0]\n    for i in range(x.size(0)):\n"
                + "        result = result * x[i]\n    return result\n";
        Trace same = tracer(source, "loop_in_traced_fn").trace(args(tensor(3, 4)), List.of(args(tensor(3, 2))), 1e-5);
        assertEquals(3, same.graphText().lines().filter(l -> l.contains("aten::mul")).count());
        assertFalse(same.graphText().contains("prim::Loop"));

        TraceException e = assertThrows(TraceException.class, () -> tracer(source, "loop_in_traced_fn")
                .trace(args(tensor(3, 4)), List.of(args(tensor(4, 5))), 1e-5));
        assertEquals("TracingCheckError", e.pythonType());
        List<String> lines = e.getMessage().lines().toList();
        assertEquals("Tracing failed sanity checks!", lines.get(0));
        assertEquals("ERROR: Graphs differed across invocations!", lines.get(1));
        assertEquals("\tGraph diff:", lines.get(2));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("\t\t+ ") && l.contains("aten::mul")), e.getMessage());
    }

    @Test
    void sizesStayInTheGraphSoOtherShapesPass() {
        Trace t = tracer("def f(x):\n    return x.view(x.size(0), -1) * 2\n", "f")
                .trace(args(tensor(2, 3)), List.of(args(tensor(4, 3))), 1e-5);
        assertTrue(t.graphText().contains("aten::size(%x.1, %"), t.graphText());
        assertTrue(t.warnings().isEmpty(), t.warnings().toString());
    }

    @Test
    void aScriptedCalleeIsOneCallThatKeepsItsControlFlow() {
        String source = "@torch.jit.script\ndef foo(x, y):\n    if bool(x.max() > y.max()):\n        r = x\n"
                + "    else:\n        r = y\n    return r\n\n\ndef bar(x, y, z):\n    return foo(x, y) + z\n";
        Trace t = tracer(source, "bar").trace(args(tensor(2), tensor(2), tensor(2)), List.of(), 1e-5);
        assertTrue(t.graphText().contains("prim::CallFunction(%"), t.graphText());
        assertFalse(t.graphText().contains("aten::max"), t.graphText());
        TensorRef big = new TensorData(io.github.torchscript4j.runtime.value.Dtypes.FLOAT32, new long[] {2},
                new double[] {9, 9}, null, null).toTensor();
        // The callee's branch is taken at run time: the larger argument is returned, plus z.
        Object result = t.call(args(tensor(2), big, tensor(2)), out);
        assertEquals(List.of(9.25, 9.5), doubles(result));
    }

    @Test
    void nondeterministicNodesOnlyWarn() {
        Trace t = tracer("def f(x):\n    return x + torch.rand([x.size(0)])\n", "f")
                .trace(args(tensor(3)), List.of(args(tensor(3))), 1e-5);
        assertEquals(2, t.warnings().size(), t.warnings().toString());
        assertTrue(t.warnings().get(0).startsWith("Trace had nondeterministic nodes. Did you forget call .eval() on"
                + " your model? Nodes:\n\t%"), t.warnings().get(0));
        assertTrue(t.warnings().get(1).startsWith("Output nr 1. of the traced function does not match the corresponding"
                + " output of the Python function. Detailed error:\nTensor-likes are not close!\n\nMismatched elements: "),
                t.warnings().get(1));
    }

    @Test
    void aTraceThatCannotRunOnACheckInputFailsTheCheck() {
        String source = "def f(x):\n    if x.size(0) > 2:\n        return x.view(6)\n    return x\n";
        TraceException e = assertThrows(TraceException.class,
                () -> tracer(source, "f").trace(args(tensor(3, 2)), List.of(args(tensor(2, 4))), 1e-5));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals("Tracing failed sanity checks!", lines.get(0));
        assertEquals("encountered an exception while running the trace with test inputs.", lines.get(1));
        assertEquals("Exception:", lines.get(2));
        assertTrue(lines.contains("ERROR: Graphs differed across invocations!"), e.getMessage());
    }

    @Test
    void inputTypesAreInferredOrRefusedInTheReferencesWords() {
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put(1L, new ArrayList<>());
        TraceException e = assertThrows(TraceException.class, () -> tracer("def test(d):\n    pass\n", "test").trace(args(dict)));
        assertEquals("Tracer cannot infer type of ({1: []},)\n:List trace inputs must have elements", e.getMessage());
        e = assertThrows(TraceException.class, () -> tracer("def f(x, n):\n    return x\n", "f").trace(args(tensor(1), 3L)));
        assertEquals("Type 'Tuple[Tensor, int]' cannot be traced. Only Tensors and (possibly nested) Lists, Dicts, and"
                + " Tuples of Tensors can be traced", e.getMessage());

        Map<Object, Object> lists = new LinkedHashMap<>();
        lists.put("x", new ArrayList<>(List.of(tensor(2))));
        Trace t = tracer("def test(d):\n    return d['x'][0]\n", "test").trace(args(lists), List.of(), 1e-5);
        assertTrue(t.graphText().startsWith("graph(%d.1 : Dict(str, Tensor[])):"), t.graphText());
        assertTrue(t.graphText().contains("aten::__getitem__(%d.1, %"), t.graphText());
    }

    @Test
    void outputsMustBeTensors() {
        TraceException e = assertThrows(TraceException.class,
                () -> tracer("def f(x):\n    return (x, 3)\n", "f").trace(args(tensor(1))));
        assertEquals("Only tensors, lists, tuples of tensors, or dictionary of tensors can be output from traced functions",
                e.getMessage());
        Trace t = tracer("def f(x):\n    return x.neg(), x\n", "f").trace(args(tensor(1)));
        assertTrue(t.graphText().contains("prim::TupleConstruct"), t.graphText());
        assertTrue(t.call(args(tensor(1)), out) instanceof Tuple);
    }

    /**
     * Code that is not TorchScript is traced as Python, each operator the Python interpreter runs
     * recorded. PyTorch 1.13.1 traces this to aten::ones(%3, %4, ...) then aten::add(%x, %8, %9),
     * and gives 2 everywhere for ones(2, 3, dtype=int32).
     */
    @Test
    void codeThatIsNotTorchScriptIsTracedAsPython() {
        TensorRef x = new TensorData(io.github.torchscript4j.runtime.value.Dtypes.INT32, new long[] {2, 3},
                null, new long[] {1, 1, 1, 1, 1, 1}, null).toTensor();
        Trace t = tracer("kwargs = {'dtype': torch.int32}\n\ndef fn(x):\n    return x + torch.ones(2, 3, **kwargs)\n", "fn")
                .trace(args(x), List.of(args(x)), 1e-5);
        String graph = t.graphText();
        assertTrue(graph.matches("(?s).*%8 : Tensor = aten::ones\\(%3, %4, .*"
                + "%10 : Tensor = aten::add\\(%x.1, %8, %9\\).*return \\(%10\\)\n"), graph);
        assertTrue(t.warnings().isEmpty(), t.warnings().toString());
        TensorRef y = (TensorRef) t.call(args(x), out);
        assertEquals(List.of(2L, 2L, 2L, 2L, 2L, 2L), java.util.Arrays.stream(TensorData.read(y).ints()).boxed().toList());
    }

    /** A global list steers a Python loop: unrolled, its numbers constants (PyTorch 1.13.1: x * 2 * 3). */
    @Test
    void aPythonLoopOverAGlobalListIsUnrolled() {
        Trace t = tracer("SCALES = [2.0, 3.0]\n\ndef scaled(x, *rest):\n    out = x\n    for s in SCALES:\n"
                + "        out = out * s\n    return out\n", "scaled").trace(args(tensor(2)));
        assertEquals(2, t.graphText().split("aten::mul\\(", -1).length - 1, t.graphText());
        assertEquals(List.of(1.5, 3.0), doubles(t.call(args(tensor(2)), out)));
    }

    /**
     * The documentation's fill_row_zero rewritten with torch.cat, with {@code *x.shape[1:2]} in a call
     * (not TorchScript): traced and checked; with torch.rand the check warns of the nondeterministic
     * node and the mismatch, as PyTorch 1.13.1 does, and with torch.zeros it is clean.
     */
    @Test
    void fillRowZeroWithCatTracesAsPython() {
        String cat = "def fill_row_zero(x):\n    x = torch.cat((torch.%s(1, *x.shape[1:2]), x[1:2]), dim=0)\n    return x\n";
        Trace random = tracer(String.format(cat, "rand"), "fill_row_zero").trace(args(tensor(3, 4)),
                List.of(args(tensor(3, 4))), 1e-5);
        assertTrue(random.warnings().get(0).startsWith("Trace had nondeterministic nodes."), random.warnings().toString());
        assertTrue(random.warnings().get(1).startsWith("Output nr 1. of the traced function does not match the"
                + " corresponding output of the Python function."), random.warnings().toString());
        Trace zeros = tracer(String.format(cat, "zeros"), "fill_row_zero").trace(args(tensor(3, 4)),
                List.of(args(tensor(3, 4))), 1e-5);
        assertTrue(zeros.warnings().isEmpty(), zeros.warnings().toString());
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0, 1.25, 1.5, 1.75, 2.0), doubles(zeros.call(args(tensor(3, 4)), out)));
    }

    /** A Python trace checked on an input of another shape records other operators: the reference's check error. */
    @Test
    void aPythonTraceThatDiffersOnACheckInputFailsTheCheck() {
        TraceException e = assertThrows(TraceException.class, () -> tracer(
                "def rows(x, *unused):\n    acc = x[0]\n    for i in range(1, x.shape[0]):\n        acc = acc + x[i]\n"
                        + "    return acc\n", "rows").trace(args(tensor(2, 2)), List.of(args(tensor(3, 2))), 1e-5));
        assertEquals("TracingCheckError", e.pythonType());
        assertTrue(e.getMessage().startsWith("Tracing failed sanity checks!\nERROR: Graphs differed across invocations!\n"),
                e.getMessage());
    }

    @Test
    void aPythonErrorWhileTracingIsReportedWithItsType() {
        TraceException e = assertThrows(TraceException.class, () -> tracer(
                "def f(x, **kw):\n    return x.view(7)\n", "f").trace(args(tensor(2))));
        assertEquals("RuntimeError", e.pythonType());
        assertTrue(e.getMessage().startsWith("shape '[7]' is invalid for input of size 2"), e.getMessage());
    }

    private static List<Double> doubles(Object tensor) {
        List<Double> out = new ArrayList<>();
        for (double d : TensorData.read((TensorRef) tensor).floats()) {
            out.add(d);
        }
        return out;
    }
}
