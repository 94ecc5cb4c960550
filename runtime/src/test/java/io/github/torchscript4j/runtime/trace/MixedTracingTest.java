package io.github.torchscript4j.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.runtime.packaging.ModelPackager;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixing tracing and scripting, traced side: traced code that calls a {@code @torch.jit.script}
 * function records one call and keeps the callee's control flow, whether the traced code runs on
 * the IR interpreter ({@link TraceWarningsTest}, {@link TracerTest}), as Python, or is a module's
 * {@code forward}. Loads libtorch.
 */
@Tag("native")
class MixedTracingTest {
    @TempDir Path tmp;
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static TensorRef tensor(double... data) {
        return new TensorData(Dtypes.FLOAT32, new long[] {data.length}, data, null, null).toTensor();
    }

    private static List<Double> doubles(Object tensor) {
        List<Double> out = new ArrayList<>();
        for (double d : TensorData.read((TensorRef) tensor).floats()) {
            out.add(d);
        }
        return out;
    }

    private static List<Object> args(Object... values) {
        return new ArrayList<>(List.of(values));
    }

    private static final String PICK = """
            import torch


            @torch.jit.script
            def pick(x, y):
                if bool(x.max() > y.max()):
                    return x
                return y
            """;

    /**
     * A traced module's forward that calls a scripted function: one prim::CallFunction, as PyTorch
     * 1.13.1 records it ({@code %12 : Tensor = prim::CallFunction(%11, %21, %y)}), so the trace takes
     * the callee's other branch on other inputs (the reference's trace gives 8 for these), and a
     * check input that takes it passes without warnings. The module packages into an archive that
     * libtorch and PyTorch 1.13 run, the callee's branch taken at run time.
     */
    @Test
    void aTracedModuleCallingAScriptedFunctionKeepsItsControlFlow() throws Exception {
        Path source = Files.writeString(tmp.resolve("m.py"), PICK + """


                class M(torch.nn.Module):
                    def __init__(self):
                        super().__init__()

                    def forward(self, x, y):
                        return pick(x * 2, y) + 1
                """);
        ModelPackager.Request request = new ModelPackager.Request(source, "M", Map.of(), null, List.of(),
                tmp.resolve("m.pt"), 0L, List.of(), 1e-5, false, out);
        try (ModelPackager.BuiltModule m = ModelPackager.build(request)) {
            Trace t = m.tracer("forward").trace(args(tensor(5, 5), tensor(0, 0)), List.of(args(tensor(0, 0), tensor(7, 7))),
                    1e-5);
            assertTrue(t.graphText().contains("prim::Constant[name=\"pick\"]()"), t.graphText());
            assertTrue(t.graphText().contains("= prim::CallFunction(%"), t.graphText());
            assertFalse(t.graphText().contains("aten::max"), t.graphText());
            assertEquals(List.of(), t.warnings());
            assertEquals(List.of(11.0, 11.0), doubles(t.call(args(tensor(5, 5), tensor(0, 0)), out)));
            assertEquals(List.of(8.0, 8.0), doubles(t.call(args(tensor(0, 0), tensor(7, 7)), out)));
        }
        ModelPackager.Report report = ModelPackager.packageModel(new ModelPackager.Request(source, "M", Map.of(), null,
                args(tensor(5, 5), tensor(0, 0)), tmp.resolve("m.pt"), 0L, List.of(), 1e-5, false, out).traced(List.of()));
        // the archive holds the callee: libtorch ran it to our output, and PyTorch 1.13 takes its other branch
        assertEquals(report.outputs().get("our interpreter"), report.outputs().get("libtorch"));
        Process p;
        try {
            p = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, torch\nm = torch.jit.load(sys.argv[1])\n"
                    + "print(m(torch.zeros(2), torch.full((2,), 7.0)).tolist())", report.archive().toString()).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no /usr/bin/python3: PyTorch's run of the archive not checked");
            return;
        }
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeFalse(err.contains("No module named 'torch'"), "no torch in /usr/bin/python3");
        assertEquals(0, p.waitFor(), err);
        assertEquals("[8.0, 8.0]", printed);
    }

    /** The same from a traced function that runs as Python ({@code **kw}): the call is recorded, not inlined. */
    @Test
    void aFunctionTracedAsPythonCallingAScriptedFunctionKeepsItsControlFlow() {
        String source = PICK + "\n\ndef f(x, y, **kw):\n    return pick(x * 2, y) + 1\n";
        Trace t = Tracer.of("p.py", source.getBytes(StandardCharsets.UTF_8), "f", out)
                .trace(args(tensor(5, 5), tensor(0, 0)), List.of(args(tensor(0, 0), tensor(7, 7))), 1e-5);
        assertTrue(t.graphText().contains("= prim::CallFunction(%"), t.graphText());
        assertEquals(List.of(), t.warnings());
        assertEquals(List.of(8.0, 8.0), doubles(t.call(args(tensor(0, 0), tensor(7, 7)), out)));
    }

    /** Without the decorator the module's call is traced through: the branch is fixed, and the reference's warning given. */
    @Test
    void anUnscriptedCalleeIsTracedThroughWithItsWarning() throws Exception {
        Path source = Files.writeString(tmp.resolve("u.py"), PICK.replace("@torch.jit.script\n", "") + """


                class M(torch.nn.Module):
                    def forward(self, x, y):
                        return pick(x * 2, y) + 1
                """);
        ModelPackager.Request request = new ModelPackager.Request(source, "M", Map.of(), null, List.of(),
                tmp.resolve("u.pt"), 0L, List.of(), 1e-5, false, out);
        try (ModelPackager.BuiltModule m = ModelPackager.build(request)) {
            Trace t = m.tracer("forward").trace(args(tensor(5, 5), tensor(0, 0)));
            assertFalse(t.graphText().contains("prim::CallFunction"), t.graphText());
            assertEquals(1, t.warnings().size(), t.warnings().toString());
            assertTrue(t.warnings().get(0).startsWith("Converting a tensor to a Python boolean"), t.warnings().get(0));
            assertEquals(5, t.diagnostics().get(0).range().orElseThrow().startLine()); // the if, one line up without the decorator
            assertEquals(List.of(1.0, 1.0), doubles(t.call(args(tensor(0, 0), tensor(7, 7)), out)));
        }
    }
}
