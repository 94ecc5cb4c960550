package io.github.torchscript4j.runtime.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.runtime.json.JsonValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documentation's module examples ({@code examples/modules}) package and verify: built by our
 * Python interpreter after {@code torch.manual_seed(0)}, compiled, written, and run three ways, their
 * output is the reference's (PyTorch 1.13.1, recorded by {@code scripts/record-package-fixtures} in
 * {@code src/test/resources/packaging}); with the reference's weights loaded (a {@code torch.save}
 * file and a safetensors file), so is the output after loading; PyTorch 1.13's {@code torch.jit.load}
 * runs our archives to the same outputs (where {@code /usr/bin/python3} imports torch 1.13).
 */
class ModelPackagerTest {
    static final Path EXAMPLES = Path.of("..", "examples", "modules");
    static final Path FIXTURES = Path.of("src", "test", "resources", "packaging");

    @TempDir Path tmp;

    record Fixture(Path source, String module, Map<String, Object> args, List<Object> inputs, Object output,
            Object weightsOutput) {}

    static Fixture fixture(String name) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(FIXTURES.resolve(name + ".json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("args").entrySet()) {
            args.put(e.getKey(), JsonValues.fromJson(e.getValue()));
        }
        List<Object> inputs = new ArrayList<>();
        o.getAsJsonArray("inputs").forEach(e -> inputs.add(JsonValues.fromJson(e)));
        return new Fixture(EXAMPLES.resolve(name + ".py"), o.get("module").getAsString(), args, inputs,
                JsonValues.fromJson(o.get("output")), JsonValues.fromJson(o.get("weights_output")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_module", "net", "module_list", "attributes"})
    void theSeededModuleComputesTheReferencesOutputThreeWays(String name) throws Exception {
        Fixture f = fixture(name);
        Path archive = tmp.resolve(name + ".pt");
        ModelPackager.Report report = ModelPackager.packageModel(new ModelPackager.Request(f.source(), f.module(),
                f.args(), null, f.inputs(), archive, 0L, List.of(), 1e-5, false, System.err));
        assertTrue(Files.size(archive) > 0);
        for (Map.Entry<String, String> e : report.outputs().entrySet()) {
            assertTrue(JsonValues.agree(f.output(), JsonValues.parse(e.getValue())),
                    e.getKey() + " gave " + e.getValue() + ", the reference " + JsonValues.print(f.output()));
        }
        assertEquals(3, report.outputs().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_module.weights.pt", "net.safetensors", "module_list.weights.pt", "attributes.safetensors"})
    void theReferencesWeightsGiveTheReferencesOutput(String weights) throws Exception {
        String name = weights.substring(0, weights.indexOf('.'));
        Fixture f = fixture(name);
        Path archive = tmp.resolve(name + ".pt");
        ModelPackager.Report report = ModelPackager.packageModel(new ModelPackager.Request(f.source(), f.module(),
                f.args(), FIXTURES.resolve(weights), f.inputs(), archive, null, List.of(), 1e-5, false, System.err));
        for (Map.Entry<String, String> e : report.outputs().entrySet()) {
            assertTrue(JsonValues.agree(f.weightsOutput(), JsonValues.parse(e.getValue())),
                    e.getKey() + " gave " + e.getValue() + ", the reference " + JsonValues.print(f.weightsOutput()));
        }
    }

    /** A Python program that loads an archive with torch.jit.load and prints forward's output in the VALUE encoding. */
    static final String LOAD_AND_RUN = String.join("\n",
            "import json, math, sys, torch",
            "def dec(v):",
            "    if isinstance(v, list): return [dec(x) for x in v]",
            "    if isinstance(v, dict) and 'tensor' in v:",
            "        t = v['tensor']; dt = getattr(torch, t['dtype'])",
            "        data = [float(x) if isinstance(x, str) else x for x in t['data']]",
            "        return torch.tensor(data, dtype=dt).reshape(t['shape'])",
            "    if isinstance(v, dict) and 'tuple' in v: return tuple(dec(x) for x in v['tuple'])",
            "    if isinstance(v, dict) and 'dict' in v: return {dec(k): dec(x) for k, x in v['dict']}",
            "    return v",
            "def enc(v):",
            "    if isinstance(v, torch.Tensor):",
            "        t = v.detach()",
            "        data = [x if not isinstance(x, float) or math.isfinite(x) else str(x) for x in t.reshape(-1).tolist()]",
            "        return {'tensor': {'dtype': str(t.dtype)[6:], 'shape': list(t.shape), 'data': data}}",
            "    if isinstance(v, tuple): return {'tuple': [enc(x) for x in v]}",
            "    if isinstance(v, list): return [enc(x) for x in v]",
            "    if isinstance(v, dict): return {'dict': [[enc(k), enc(x)] for k, x in v.items()]}",
            "    return v",
            "m = torch.jit.load(sys.argv[1])",
            "print(json.dumps(enc(m(*dec(json.loads(sys.argv[2]))))))",
            "");

    @ParameterizedTest
    @ValueSource(strings = {"my_module", "net", "module_list", "attributes"})
    void pyTorch113LoadsOurArchiveAndComputesWhatWeComputed(String name) throws Exception {
        String python = referencePython();
        Assumptions.assumeTrue(python != null, "no /usr/bin/python3 with torch 1.13: PyTorch's loading not checked");
        Fixture f = fixture(name);
        Path archive = tmp.resolve(name + ".pt");
        ModelPackager.Report report = ModelPackager.packageModel(new ModelPackager.Request(f.source(), f.module(),
                f.args(), null, f.inputs(), archive, 0L, List.of(), 1e-5, false, System.err));
        StringBuilder inputs = new StringBuilder("[");
        for (Object in : f.inputs()) {
            inputs.append(inputs.length() > 1 ? ", " : "").append(JsonValues.print(in));
        }
        Process p = new ProcessBuilder(python, "-c", LOAD_AND_RUN, archive.toString(), inputs.append(']').toString())
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        String lastLine = out.substring(out.lastIndexOf('\n') + 1);
        Object theirs = JsonValues.parse(lastLine);
        assertTrue(JsonValues.agree(JsonValues.parse(report.outputs().get(ModelPackager.LIBTORCH)), theirs),
                "PyTorch 1.13 gave " + lastLine + ", we " + report.outputs());
        assertTrue(JsonValues.agree(f.output(), theirs), "PyTorch 1.13 gave " + lastLine + ", the reference " + JsonValues.print(f.output()));
    }

    static String referencePython() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch; print(torch.__version__)")
                    .redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && version.startsWith("1.13") ? "/usr/bin/python3" : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @org.junit.jupiter.api.Test
    void aModelSplitOverProjectFilesCompilesWithItsImports() throws Exception {
        Files.writeString(tmp.resolve("layers.py"), String.join("\n",
                "import torch",
                "import torch.nn as nn",
                "",
                "def act(x: torch.Tensor) -> torch.Tensor:",
                "    return torch.relu(x) * 2",
                "",
                "class Block(nn.Module):",
                "    def __init__(self, n: int):",
                "        super().__init__()",
                "        self.lin = nn.Linear(n, n)",
                "",
                "    def forward(self, x):",
                "        return act(self.lin(x))",
                ""));
        Path model = tmp.resolve("model.py");
        Files.writeString(model, String.join("\n",
                "import torch.nn as nn",
                "from layers import Block, act",
                "",
                "class Net(nn.Module):",
                "    def __init__(self):",
                "        super().__init__()",
                "        self.b = Block(3)",
                "",
                "    def forward(self, x):",
                "        return act(self.b(x)) + 1",
                ""));
        Object x = JsonValues.parse("{\"tensor\": {\"dtype\": \"float32\", \"shape\": [3], \"data\": [1.0, -2.0, 3.0]}}");
        ModelPackager.Report report = ModelPackager.packageModel(new ModelPackager.Request(model, "Net", Map.of(), null,
                List.of(x), tmp.resolve("net.pt"), 0L, List.of(), 1e-5, false, System.err));
        assertTrue(report.classes().contains("__torch__.layers.Block"), report.classes().toString());
        assertEquals(3, report.outputs().size());
    }
}
