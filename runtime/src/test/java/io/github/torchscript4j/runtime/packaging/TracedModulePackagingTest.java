package io.github.torchscript4j.runtime.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.runtime.archive.TorchScriptArchiveReader;
import io.github.torchscript4j.runtime.json.JsonValues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Modules packaged by tracing ({@code torch.jit.trace(module, inputs)}): the documentation's
 * modules trace to archives whose {@code forward} reads the weights as attributes, and that our
 * interpreter, libtorch 2.10 and PyTorch 1.13 run to the reference's outputs; a module that is not
 * TorchScript traces; a trace whose graph depends on its input fails its check inputs. Module-level
 * functions package too, scripted or traced, as {@code torch.jit.save} saves a function.
 */
class TracedModulePackagingTest {
    @TempDir Path tmp;

    private ModelPackager.Report traced(String name, Path weights, List<List<Object>> checkInputs) throws Exception {
        ModelPackagerTest.Fixture f = ModelPackagerTest.fixture(name);
        return ModelPackager.packageModel(new ModelPackager.Request(f.source(), f.module(), f.args(), weights,
                f.inputs(), tmp.resolve(name + ".pt"), weights == null ? 0L : null, List.of(), 1e-5, false,
                System.err).traced(checkInputs));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_module", "net", "module_list"})
    void theSeededModuleTracesToTheReferencesOutputThreeWays(String name) throws Exception {
        ModelPackagerTest.Fixture f = ModelPackagerTest.fixture(name);
        ModelPackager.Report report = traced(name, null, List.of(f.inputs()));
        assertEquals(3, report.outputs().size());
        for (Map.Entry<String, String> e : report.outputs().entrySet()) {
            assertTrue(JsonValues.agree(f.output(), JsonValues.parse(e.getValue())),
                    e.getKey() + " gave " + e.getValue() + ", the reference " + JsonValues.print(f.output()));
        }
    }

    @Test
    void aModuleWhoseForwardReturnsANumberCannotBeTraced() throws Exception {
        PackageException e = assertThrows(PackageException.class, () -> traced("attributes", null, List.of()));
        assertEquals(PackageException.Stage.TRACE, e.stage());
        assertTrue(e.getMessage().contains("Only tensors, lists, tuples of tensors, or dictionary of tensors can be"
                + " output from traced functions"), e.getMessage());
    }

    @Test
    void theTracedForwardReadsParametersThroughTheSubmodule() throws Exception {
        ModelPackager.Report report = traced("net", ModelPackagerTest.FIXTURES.resolve("net.weights.pt"), List.of());
        TorchScriptArchiveReader.Archive archive = TorchScriptArchiveReader.read(report.archive());
        String code = archive.code().entrySet().stream().filter(e -> e.getKey().endsWith("__torch__.py")).map(Map.Entry::getValue).findFirst().orElse(archive.code().keySet().toString());
        assertTrue(code.contains("class Net(Module):"), code);
        assertTrue(code.contains("conv = self.conv"), code);
        assertTrue(code.contains("weight = conv.weight"), code);
        assertTrue(code.contains("torch._convolution(") || code.contains("torch.conv2d("), code);
        assertEquals("__torch__.Net", archive.module().typeName());
        assertEquals(1, report.submodules());
    }

    @ParameterizedTest
    @ValueSource(strings = {"net", "my_module"})
    void pyTorch113LoadsTheTracedArchiveAndComputesWhatWeComputed(String name) throws Exception {
        String python = ModelPackagerTest.referencePython();
        Assumptions.assumeTrue(python != null, "no /usr/bin/python3 with torch 1.13: PyTorch's loading not checked");
        ModelPackagerTest.Fixture f = ModelPackagerTest.fixture(name);
        ModelPackager.Report report = traced(name, null, List.of());
        StringBuilder inputs = new StringBuilder("[");
        for (Object in : f.inputs()) {
            inputs.append(inputs.length() > 1 ? ", " : "").append(JsonValues.print(in));
        }
        Process p = new ProcessBuilder(python, "-c", ModelPackagerTest.LOAD_AND_RUN, report.archive().toString(),
                inputs.append(']').toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        Object theirs = JsonValues.parse(out.substring(out.lastIndexOf('\n') + 1));
        assertTrue(JsonValues.agree(f.output(), theirs), "PyTorch 1.13 gave " + out + ", the reference "
                + JsonValues.print(f.output()));
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static Object tensor(String shape, String data) {
        return JsonValues.parse("{\"tensor\": {\"dtype\": \"float32\", \"shape\": " + shape + ", \"data\": " + data + "}}");
    }

    @Test
    void aModuleThatIsNotTorchScriptTraces() throws Exception {
        Path source = write("flex.py", String.join("\n",
                "import torch",
                "import torch.nn as nn",
                "class Flex(nn.Module):",
                "    def __init__(self, **sizes):",
                "        super().__init__()",
                "        self.layers = nn.ModuleDict({k: nn.Linear(v, v) for k, v in sizes.items()})",
                "    def forward(self, x, *rest):",
                "        for name in sorted(self.layers):",
                "            x = self.layers[name](x).relu()",
                "        return x.view(*x.shape[:1], -1)",
                ""));
        ModelPackager.Report report = ModelPackager.packageModel(new ModelPackager.Request(source, "Flex",
                Map.of("a", 2L, "b", 2L), null, List.of(tensor("[1, 2]", "[1.0, -2.0]")), tmp.resolve("flex.pt"), 0L,
                List.of(), 1e-5, false, System.err).traced(List.of(List.of(tensor("[1, 2]", "[3.0, 4.0]")))));
        assertEquals(3, report.outputs().size());
        assertEquals(1, report.submodules());
        String a = report.outputs().get(ModelPackager.OURS);
        assertTrue(JsonValues.agree(JsonValues.parse(a), JsonValues.parse(report.outputs().get(ModelPackager.EAGER))), a);
    }

    @Test
    void aTraceThatDependsOnItsInputFailsItsCheckWithTheGraphDiff() throws Exception {
        Path source = write("loop.py", String.join("\n",
                "import torch",
                "import torch.nn as nn",
                "class Loop(nn.Module):",
                "    def forward(self, x):",
                "        for i in range(x.size(0)):",
                "            x = x * 2",
                "        return x",
                ""));
        PackageException e = assertThrows(PackageException.class, () -> ModelPackager.packageModel(
                new ModelPackager.Request(source, "Loop", Map.of(), null, List.of(tensor("[2]", "[1.0, 2.0]")),
                        tmp.resolve("loop.pt"), 0L, List.of(), 1e-5, false, System.err)
                        .traced(List.of(List.of(tensor("[3]", "[1.0, 2.0, 3.0]"))))));
        assertEquals(PackageException.Stage.TRACE, e.stage());
        assertTrue(e.getMessage().contains("Tracing failed sanity checks!"), e.getMessage());
        assertTrue(e.getMessage().contains("ERROR: Graphs differed across invocations!"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("loop.pt")));
    }

    @Test
    void aScriptedFunctionPackagesAsAPlaceholderModuleAndRunsThreeWays() throws Exception {
        Path source = write("fns.py", String.join("\n",
                "import torch",
                "@torch.jit.script",
                "def clip(x, limit: float):",
                "    if x.abs().max() > limit:",
                "        return x.clamp(-limit, limit)",
                "    return x",
                ""));
        ModelPackager.Report report = ModelPackager.packageModel(ModelPackager.Request.of(source, "clip", Map.of(),
                List.of(tensor("[3]", "[-4.0, 0.5, 9.0]"), 2.0), tmp.resolve("clip.pt")));
        assertTrue(report.function());
        assertEquals("__torch__.clip", report.moduleClass());
        assertEquals(3, report.outputs().size());
        for (String out : report.outputs().values()) {
            assertTrue(JsonValues.agree(JsonValues.parse(out), tensor("[3]", "[-2.0, 0.5, 2.0]")), report.outputs().toString());
        }
        assertEquals("__torch__.PlaceholderModule", TorchScriptArchiveReader.read(report.archive()).module().typeName());
    }

    @Test
    void aTracedFunctionIsCheckedOnItsCheckInputs() throws Exception {
        Path source = write("steps.py", String.join("\n",
                "import torch",
                "def steps(x):",
                "    for _ in range(x.size(0)):",
                "        x = x * 2",
                "    return x",
                ""));
        ModelPackager.Request request = ModelPackager.Request.of(source, "steps", Map.of(),
                List.of(tensor("[2]", "[1.0, 2.0]")), tmp.resolve("steps.pt"));
        ModelPackager.Report ok = ModelPackager.packageModel(request.traced(List.of(List.of(tensor("[2]", "[3.0, 4.0]")))));
        assertTrue(ok.function());
        assertTrue(JsonValues.agree(JsonValues.parse(ok.outputs().get(ModelPackager.LIBTORCH)), tensor("[2]", "[4.0, 8.0]")));
        PackageException e = assertThrows(PackageException.class, () -> ModelPackager.packageModel(
                request.traced(List.of(List.of(tensor("[3]", "[1.0, 2.0, 3.0]"))))));
        assertEquals(PackageException.Stage.TRACE, e.stage());
        assertTrue(e.getMessage().contains("Graphs differed across invocations!"), e.getMessage());
    }

    @Test
    void aFunctionTakesNoArgumentsOrWeights() throws Exception {
        Path source = write("f.py", "import torch\n@torch.jit.script\ndef f(x):\n    return x + 1\n");
        PackageException e = assertThrows(PackageException.class, () -> ModelPackager.packageModel(
                ModelPackager.Request.of(source, "f", Map.of("n", 3L), List.of(), tmp.resolve("f.pt"))));
        assertEquals(PackageException.Stage.BUILD, e.stage());
        assertTrue(e.getMessage().contains("'f' is a function: it takes no constructor arguments and no weights"),
                e.getMessage());
    }
}
