package io.github.torchscript4j.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.runtime.TorchScriptModule;
import io.github.torchscript4j.runtime.json.JsonValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.torchscript4j.runtime.packaging.ModelPackager;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives written by PyTorch 1.13's {@code torch.jit.save} for the documentation's module
 * examples ({@code src/test/resources/packaging/NAME.archive.pt}, the scripted example with the
 * weights of {@code NAME.weights.pt}, recorded by {@code scripts/record-package-fixtures}) load
 * from the archive alone ({@link ArchiveModules}: the state, and the code compiled from the
 * archive's serialized {@code code/} files) and run in our IR interpreter with the reference's
 * output ({@code "weights_output"} of {@code NAME.json}).
 */
@Tag("native")
class ArchiveModulesTest {
    static final Path FIXTURES = Path.of("src", "test", "resources", "packaging");
    static final Path EXAMPLES = Path.of("..", "examples", "modules");

    @TempDir Path tmp;

    static JsonObject fixture(String name) throws IOException {
        return JsonParser.parseString(Files.readString(FIXTURES.resolve(name + ".json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    static List<Object> inputs(JsonObject fixture) {
        List<Object> inputs = new ArrayList<>();
        fixture.getAsJsonArray("inputs").forEach(e -> inputs.add(JsonValues.fromJson(e)));
        return inputs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_module", "net", "module_list", "attributes"})
    void pytorchsArchiveRunsWithTheReferencesOutput(String name) throws Exception {
        JsonObject f = fixture(name);
        Object expected = JsonValues.fromJson(f.get("weights_output"));
        try (TorchScriptModule model = TorchScriptModule.load(FIXTURES.resolve(name + ".archive.pt"))) {
            Object actual = model.forward(inputs(f));
            assertTrue(JsonValues.agree(expected, actual),
                    name + ": ours " + JsonValues.print(actual) + ", the reference " + JsonValues.print(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_module", "net", "module_list", "attributes"})
    void ourOwnArchiveLoadsTheSameWay(String name) throws Exception {
        JsonObject f = fixture(name);
        Map<String, Object> args = new LinkedHashMap<>();
        f.getAsJsonObject("args").entrySet().forEach(e -> args.put(e.getKey(), JsonValues.fromJson(e.getValue())));
        Path archive = tmp.resolve(name + ".pt");
        ModelPackager.packageModel(new ModelPackager.Request(EXAMPLES.resolve(name + ".py"),
                f.get("module").getAsString(), args, FIXTURES.resolve(name + ".weights.pt"), inputs(f), archive, null,
                List.of(), 1e-5, false, System.err));
        Object expected = JsonValues.fromJson(f.get("weights_output"));
        try (TorchScriptModule model = TorchScriptModule.load(archive)) {
            Object actual = model.forward(inputs(f));
            assertTrue(JsonValues.agree(expected, actual),
                    name + ": ours " + JsonValues.print(actual) + ", the reference " + JsonValues.print(expected));
        }
    }

    /**
     * Archives whose code uses the importer's forms ({@code annotate}, {@code unchecked_cast},
     * {@code uninitialized}, {@code ops.prim.RaiseException}, {@code torch.__and__}, {@code
     * torch._set_item}, loops carrying tuples, mangled {@code Linear}s and a {@code Sequential}, an
     * exported method that changes the module's state for the next call, a traced module's tensor
     * constant {@code CONSTANTS.c0}), recorded with the reference's outputs by {@code
     * scripts/record-archive-fixtures} in {@code src/test/resources/archives}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"serial", "forms", "mangled", "traced"})
    void theImportersFormsRunWithTheReferencesOutputs(String name) throws Exception {
        Path dir = Path.of("src", "test", "resources", "archives");
        JsonObject f = JsonParser.parseString(Files.readString(dir.resolve(name + ".json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        try (TorchScriptModule model = TorchScriptModule.load(dir.resolve(name + ".archive.pt"))) {
            for (var call : f.getAsJsonArray("calls")) {
                List<Object> inputs = new ArrayList<>();
                call.getAsJsonObject().getAsJsonArray("inputs").forEach(e -> inputs.add(JsonValues.fromJson(e)));
                Object expected = JsonValues.fromJson(call.getAsJsonObject().get("output"));
                Object actual = model.call(call.getAsJsonObject().get("method").getAsString(), inputs);
                assertTrue(JsonValues.agree(expected, actual), name + ": ours " + JsonValues.print(actual)
                        + ", the reference " + JsonValues.print(expected));
            }
        }
    }

    @Test
    void aMethodKeepsChangingTheModulesState() throws Exception {
        // Foo.forward appends its input to self.words and returns len(words) + some_dict[input] + my_int
        JsonObject f = fixture("attributes");
        try (TorchScriptModule model = TorchScriptModule.load(FIXTURES.resolve("attributes.archive.pt"))) {
            long first = (Long) model.forward(inputs(f));
            long second = (Long) model.forward(inputs(f));
            assertEquals(first + 1, second);
            assertEquals("__torch__.Foo", model.className());
        }
    }

    // ---- malformed archives ------------------------------------------------------------------

    /** The fixture {@code name} with records replaced ({@code null}: left out). */
    private Path altered(String name, Map<String, String> records) throws IOException {
        return altered(FIXTURES.resolve(name + ".archive.pt"), records);
    }

    /** The archive {@code source} with records replaced ({@code null}: left out). */
    private Path altered(Path source, Map<String, String> records) throws IOException {
        Path out = tmp.resolve(source.getFileName() + "-altered.pt");
        try (ZipArchive zip = ZipArchive.open(source);
                OutputStream stream = Files.newOutputStream(out);
                ZipArchiveWriter writer = new ZipArchiveWriter(stream, zip.folder())) {
            for (String record : zip.names()) {
                if (!records.containsKey(record)) {
                    writer.add(record, zip.read(record));
                } else if (records.get(record) != null) {
                    writer.add(record, records.get(record).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static String code(String name, String record) {
        return code(FIXTURES.resolve(name + ".archive.pt"), record);
    }

    private static String code(Path archive, String record) {
        try (ZipArchive zip = ZipArchive.open(archive)) {
            return new String(zip.read(record), StandardCharsets.UTF_8);
        }
    }

    private static String failure(Path archive) {
        return assertThrows(ArchiveException.class, () -> TorchScriptModule.load(archive).close()).getMessage();
    }

    @Test
    void aClassThatDoesNotParseIsNamed() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("code/__torch__.py", code("my_module", "code/__torch__.py").replace("class MyModule(Module):",
                "class MyModule(Module:"));
        String message = failure(altered("my_module", records));
        assertTrue(message.contains("code/__torch__.py:1:"), message);
    }

    @Test
    void aClassThatIsNoModuleIsNamed() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("code/__torch__.py", code("my_module", "code/__torch__.py").replace("class MyModule(Module):",
                "class MyModule(object):"));
        String message = failure(altered("my_module", records));
        assertTrue(message.contains("code/__torch__.py:1:") && message.contains("not a subclass of torch.nn.Module"),
                message);
    }

    @Test
    void aMissingCodeFileIsNamed() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("code/__torch__/torch/nn/modules/linear.py", null);
        String message = failure(altered("my_module", records));
        assertTrue(message.contains("code/__torch__/torch/nn/modules/linear.py is missing"), message);
        assertTrue(message.contains("__torch__.torch.nn.modules.linear.Linear, linear"), message);
    }

    @Test
    void aMissingClassIsNamed() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("code/__torch__.py", code("my_module", "code/__torch__.py").replace("class MyModule(", "class Other("));
        String message = failure(altered("my_module", records));
        assertTrue(message.contains("code/__torch__.py has no class MyModule (the type of the root module)"), message);
    }

    @Test
    void aTypeTheStateDoesNotFitIsNamed() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("code/__torch__.py", code("attributes", "code/__torch__.py").replace("my_int : int", "my_int : str"));
        String message = failure(altered("attributes", records));
        assertTrue(message.contains("code/__torch__.py:1:1: __torch__.Foo.my_int (the root module) is declared str"),
                message);
    }

    @Test
    void anUndeclaredAttributeIsNamed() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("code/__torch__.py", code("attributes", "code/__torch__.py").replace("  my_int : int\n", ""));
        String message = failure(altered("attributes", records));
        assertTrue(message.contains("__torch__.Foo.my_int (the root module) is not declared in its class"), message);
    }

    static final Path ARCHIVES = Path.of("src", "test", "resources", "archives");

    @Test
    void aTracedModulesTensorConstantsAreRead() {
        // constants.pkl of the traced fixture: one float tensor of two elements (constants/0, 8 bytes)
        TorchScriptArchiveReader.Archive archive = TorchScriptArchiveReader.read(ARCHIVES.resolve("traced.archive.pt"));
        try {
            assertEquals(1, archive.constants().size());
            assertEquals(2, archive.constants().get(0).tensor().numel());
        } finally {
            TorchScriptArchiveReader.release(archive.module());
            TorchScriptArchiveReader.release(archive.constants());
        }
    }

    @Test
    void aTensorConstantOutlivesEveryCallAndIsFreedWithTheModule() throws Exception {
        JsonObject f = JsonParser.parseString(Files.readString(ARCHIVES.resolve("traced.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        var call = f.getAsJsonArray("calls").get(0).getAsJsonObject();
        List<Object> inputs = new ArrayList<>();
        call.getAsJsonArray("inputs").forEach(e -> inputs.add(JsonValues.fromJson(e)));
        Object expected = JsonValues.fromJson(call.get("output"));
        TorchScriptModule model = TorchScriptModule.load(ARCHIVES.resolve("traced.archive.pt"));
        var constant = model.loaded().constants().get(0);
        int owners = constant.owners();
        try {
            for (int i = 0; i < 3; i++) {
                Object actual = model.forward(inputs);
                assertTrue(JsonValues.agree(expected, actual), "call " + i + ": ours " + JsonValues.print(actual));
            }
            assertEquals(owners, constant.owners(), "calls leave the constant's owners as they found them");
        } finally {
            model.close();
        }
        assertTrue(constant.isFreed());
    }

    @Test
    void writingTensorConstantsBackIsRefusedClearly() {
        try (TorchScriptModule model = TorchScriptModule.load(ARCHIVES.resolve("traced.archive.pt"))) {
            var forward = model.loaded().method("forward").orElseThrow();
            String message = assertThrows(IllegalArgumentException.class, () -> TorchScriptArchiveWriter.writeFunction(
                    model.loaded().unit(), forward, tmp.resolve("again.pt"))).getMessage();
            assertTrue(message.contains("CONSTANTS.c0") && message.contains("not supported"), message);
        }
    }

    @Test
    void aTensorConstantTheArchiveLacksIsNamed() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("code/__torch__.py", code(ARCHIVES.resolve("traced.archive.pt"),
                "code/__torch__.py").replace("CONSTANTS.c0", "CONSTANTS.c1"));
        String message = failure(altered(ARCHIVES.resolve("traced.archive.pt"), records));
        assertTrue(message.contains("code/__torch__.py:10:") && message.contains(
                "CONSTANTS has no attribute c1: the archive's tensor constants are c0"), message);
    }

    @Test
    void codeThatDoesNotCompileIsLocated() throws Exception {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("code/__torch__.py", code("my_module", "code/__torch__.py").replace("torch.mv(weight, input)",
                "torch.mv(weight, input, input)"));
        String message = failure(altered("my_module", records));
        assertTrue(message.contains("does not compile") && message.contains("code/__torch__.py:"), message);
    }
}
