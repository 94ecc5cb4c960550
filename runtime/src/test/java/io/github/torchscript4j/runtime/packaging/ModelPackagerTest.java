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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documentation's module examples ({@code examples/modules}) package and verify: built by our
 * Python interpreter after {@code torch.manual_seed(0)}, compiled, written, and run three ways, their
 * output is the reference's (PyTorch 1.13.1, recorded by {@code scripts/record-package-fixtures} in
 * {@code src/test/resources/packaging}); with the reference's weights loaded (a {@code torch.save}
 * file and a safetensors file), so is the output after loading.
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
}
