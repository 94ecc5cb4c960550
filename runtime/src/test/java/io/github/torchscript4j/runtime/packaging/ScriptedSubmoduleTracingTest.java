package io.github.torchscript4j.runtime.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.runtime.LibtorchArchive;
import io.github.torchscript4j.runtime.TorchScriptModule;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveReader;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A traced module whose {@code forward} calls a scripted submodule ({@code self.dg =
 * torch.jit.script(Gate())}), as the documentation's "Mixing Tracing and Scripting" shows: the
 * trace records {@code prim::CallMethod[name="forward"]} of the submodule instead of tracing
 * through it, and the archive holds the submodule's compiled class, so the gate's {@code if} is
 * decided at run time — in our interpreter, libtorch 2.10 and PyTorch 1.13 alike — though the
 * trace ran only one branch.
 */
class ScriptedSubmoduleTracingTest {
    /** The documentation's cell, its linear layer the identity so that the gate sees the input itself. */
    private static final String CELL = String.join("\n",
            "import torch",
            "class Gate(torch.nn.Module):",
            "    def forward(self, x):",
            "        if x.sum() > 0:",
            "            return x",
            "        return -x",
            "class Cell(torch.nn.Module):",
            "    def __init__(self):",
            "        super().__init__()",
            "        self.dg = torch.jit.script(Gate())",
            "        self.linear = torch.nn.Linear(4, 4)",
            "        with torch.no_grad():",
            "            self.linear.weight.copy_(torch.eye(4))",
            "            self.linear.bias.zero_()",
            "    def forward(self, x, h):",
            "        return torch.tanh(self.dg(self.linear(x)) + h)",
            "");

    private static final double[] X = {0.5, -1.0, 0.25, 2.0, -0.75, 1.5, -2.0, 0.125, 1.0, -0.5, 0.0, 3.0};
    private static final double[] H = {0.1, 0.2, -0.3, 0.4, -0.5, 0.6, 0.0, -0.1, 0.3, -0.2, 0.05, -0.4};

    @TempDir Path tmp;
    private Path source;

    @BeforeEach
    void writeSource() throws Exception {
        source = tmp.resolve("cell.py");
        Files.writeString(source, CELL, StandardCharsets.UTF_8);
    }

    private static Object tensor(double sign, double[] data) {
        String values = java.util.Arrays.stream(data).mapToObj(d -> Double.toString(sign * d))
                .collect(Collectors.joining(", "));
        return JsonValues.parse("{\"tensor\": {\"dtype\": \"float32\", \"shape\": [3, 4], \"data\": [" + values + "]}}");
    }

    /** tanh(gate(x) + h) computed here: gate(x) is x where x sums positive, -x otherwise. */
    private static Object expected(double sign) {
        double sum = 0;
        for (double d : X) {
            sum += sign * d;
        }
        double[] out = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            double gated = sum > 0 ? sign * X[i] : -sign * X[i];
            out[i] = Math.tanh(gated + H[i]);
        }
        return tensor(1, out);
    }

    /** Traced on an input that takes the gate's first branch, checked on one that takes the other. */
    private ModelPackager.Report packaged() throws Exception {
        return ModelPackager.packageModel(new ModelPackager.Request(source, "Cell", Map.of(), null,
                List.of(tensor(1, X), tensor(1, H)), tmp.resolve("cell.pt"), 0L, List.of(), 1e-5, false, System.err)
                .traced(List.of(List.of(tensor(-1, X), tensor(1, H)))));
    }

    /**
     * The graph, as PyTorch 1.13.1 records it: {@code %dg : __torch__.Gate = prim::GetAttr[name="dg"](%self.1)},
     * then {@code %14 : Tensor = prim::CallMethod[name="forward"](%dg, %24)}; nothing of the gate's
     * body is traced, so no warning of its {@code if}.
     */
    @Test
    void theTraceRecordsOneCallOfTheScriptedSubmodulesForward() throws Exception {
        ModelPackager.Request request = new ModelPackager.Request(source, "Cell", Map.of(), null, List.of(),
                tmp.resolve("cell.pt"), 0L, List.of(), 1e-5, false, System.err);
        try (ModelPackager.BuiltModule m = ModelPackager.build(request)) {
            Trace t = m.tracer("forward").trace(List.of(tensor(1, X), tensor(1, H)));
            String graph = t.graphText();
            assertTrue(graph.contains(" : __torch__.Gate = prim::GetAttr[name=\"dg\"](%self"), graph);
            assertTrue(graph.contains(" : Tensor = prim::CallMethod[name=\"forward\"](%dg"), graph);
            assertFalse(graph.contains("aten::sum") || graph.contains("aten::neg"), graph);
            assertEquals(List.of(), t.warnings());
            Object out = t.call(List.of(tensor(-1, X), tensor(1, H)), System.err);
            assertTrue(JsonValues.agree(expected(-1), out), "the trace gave " + JsonValues.print(out));
        }
    }

    @Test
    void theTraceCallsTheScriptedSubmoduleAndTheArchiveHoldsItsClass() throws Exception {
        ModelPackager.Report report = packaged();
        assertEquals(3, report.outputs().size());
        for (Map.Entry<String, String> e : report.outputs().entrySet()) {
            assertTrue(JsonValues.agree(expected(1), JsonValues.parse(e.getValue())), e.getKey() + " gave " + e.getValue());
        }
        assertTrue(report.classes().contains("__torch__.Gate"), report.classes().toString());
        TorchScriptArchiveReader.Archive archive = TorchScriptArchiveReader.read(report.archive());
        String code = archive.code().entrySet().stream().filter(e -> e.getKey().endsWith("__torch__.py"))
                .map(Map.Entry::getValue).findFirst().orElse(archive.code().keySet().toString());
        assertTrue(code.contains("class Gate(Module):"), code);
        assertTrue(code.contains("dg : __torch__.Gate"), code);
        assertTrue(code.contains("dg = self.dg"), code);
        assertTrue(code.contains("(dg).forward("), code);
        assertTrue(code.contains("if bool(torch.gt(torch.sum(x), 0)):"), code);
        assertTrue(code.contains("torch.neg(x)"), code);
    }

    @Test
    void theGatesBranchIsChosenAtRunTimeInOurInterpreterAndLibtorch() throws Exception {
        ModelPackager.Report report = packaged();
        Object negative = expected(-1);
        try (TorchScriptModule ours = TorchScriptModule.load(report.archive())) {
            Object out = ours.forward(List.of(tensor(-1, X), tensor(1, H)));
            assertTrue(JsonValues.agree(negative, out), "ours gave " + JsonValues.print(out));
        }
        try (LibtorchArchive libtorch = LibtorchArchive.load(report.archive())) {
            Object out = libtorch.forward(List.of(tensor(-1, X), tensor(1, H)));
            assertTrue(JsonValues.agree(negative, out), "libtorch gave " + JsonValues.print(out));
        }
    }

    @Test
    void pyTorch113ChoosesTheGatesBranchAtRunTime() throws Exception {
        String python = ModelPackagerTest.referencePython();
        Assumptions.assumeTrue(python != null, "no /usr/bin/python3 with torch 1.13: PyTorch's loading not checked");
        ModelPackager.Report report = packaged();
        for (double sign : new double[] {1, -1}) {
            String inputs = "[" + JsonValues.print(tensor(sign, X)) + ", " + JsonValues.print(tensor(1, H)) + "]";
            Process p = new ProcessBuilder(python, "-c", ModelPackagerTest.LOAD_AND_RUN, report.archive().toString(),
                    inputs).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), err);
            Object theirs = JsonValues.parse(out.substring(out.lastIndexOf('\n') + 1));
            assertTrue(JsonValues.agree(expected(sign), theirs), "PyTorch 1.13 gave " + out + " for sign " + sign);
        }
    }
}
