package io.github.torchscript4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.runtime.json.JsonValues;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code torchscript package} through {@link Main#execute}: the command lines in the headers of
 * {@code examples/modules/*.py} work as written; seeded, and with the reference's weights, the
 * verified outputs are PyTorch 1.13.1's (the fixtures that {@code scripts/record-package-fixtures}
 * recorded for the runtime's {@code ModelPackagerTest}); and each kind of failure names its stage
 * and location with status 1, or is a usage error with status 2. Loads libtorch.
 */
@Tag("native")
class PackageCommandTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "modules");
    private static final Path FIXTURES = Path.of("..", "runtime", "src", "test", "resources", "packaging");
    private static final String INPUT4 = "[{\"tensor\": {\"dtype\": \"float32\", \"shape\": [4], \"data\": [1, 2, 3, 4.0]}}]";

    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(List.of(args));
    }

    /**
     * The words of the {@code ./torchscript package ...} command in a header comment, after {@code
     * ./torchscript}: joined across {@code \} continuations, split at blanks outside single quotes
     * (the only quoting the headers use).
     */
    static List<String> headerCommand(Path file) throws IOException {
        StringBuilder command = new StringBuilder();
        boolean in = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.startsWith("#")) {
                break;
            }
            String text = line.substring(1).strip();
            if (text.startsWith("./torchscript package ")) {
                in = true;
                text = text.substring("./torchscript ".length());
            }
            if (in) {
                boolean more = text.endsWith("\\");
                command.append(more ? text.substring(0, text.length() - 1) : text).append(' ');
                if (!more) {
                    break;
                }
            }
        }
        assertTrue(in, file + " has no ./torchscript package command in its header");
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : command.toString().toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        assertFalse(quoted, "unbalanced quotes in the header of " + file);
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** The verified outputs printed after {@code verified:}, by way. */
    private static List<String> outputs(String out) {
        List<String> values = new ArrayList<>();
        for (String line : out.lines().toList()) {
            for (String way : List.of("  our interpreter: ", "  libtorch: ", "  eager Python: ")) {
                if (line.startsWith(way)) {
                    values.add(line.substring(way.length()));
                }
            }
        }
        return values;
    }

    private static Set<String> entries(Path archive) throws IOException {
        Set<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                names.add(e.getName().substring(e.getName().indexOf('/') + 1));
            }
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_module", "net", "module_list", "attributes"})
    void theCommandInTheExamplesHeaderPackagesAndVerifies(String name) throws IOException {
        List<String> args = new ArrayList<>(headerCommand(EXAMPLES.resolve(name + ".py")));
        assertEquals("package", args.get(0));
        assertEquals("examples/modules/" + name + ".py", args.get(1));
        args.set(1, EXAMPLES.resolve(name + ".py").toString());
        int o = args.indexOf("-o");
        assertEquals(name + ".pt", args.get(o + 1));
        Path archive = dir.resolve(name + ".pt");
        args.set(o + 1, archive.toString());

        Run r = run(args);

        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("built: "), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("compiled: ") && l.contains("__torch__.")), r.out());
        assertTrue(r.out().contains("written: " + archive + " (" + Files.size(archive) + " bytes)"), r.out());
        assertTrue(r.out().contains("verified: our interpreter, libtorch, eager Python agree (rtol 0.00001)"), r.out());
        List<String> outputs = outputs(r.out());
        assertEquals(3, outputs.size(), r.out());
        for (String value : outputs) {
            assertTrue(JsonValues.agree(JsonValues.parse(outputs.get(2)), JsonValues.parse(value)), r.out());
        }
        Set<String> entries = entries(archive);
        assertTrue(entries.containsAll(Set.of("data.pkl", "constants.pkl", "version", "code/__torch__.py")),
                entries.toString());
    }

    /** The fixture's arguments and inputs, seeded with 0: all three ways give the reference's output. */
    @ParameterizedTest
    @ValueSource(strings = {"my_module", "net", "module_list", "attributes"})
    void seededTheOutputsAreTheReferences(String name) throws IOException {
        JsonObject f = fixture(name);
        Run r = run("package", EXAMPLES.resolve(name + ".py").toString(), "--module", f.get("module").getAsString(),
                "--args", f.get("args").toString(), "--example-inputs", f.get("inputs").toString(),
                "--seed", "0", "-o", dir.resolve(name + ".pt").toString());

        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains(" after torch.manual_seed(0)"), r.out());
        Object expected = JsonValues.fromJson(f.get("output"));
        for (String value : outputs(r.out())) {
            assertTrue(JsonValues.agree(expected, JsonValues.parse(value)),
                    value + " is not the reference's " + JsonValues.print(expected));
        }
    }

    @Test
    void theReferencesWeightsGiveTheReferencesOutput() throws IOException {
        JsonObject f = fixture("my_module");
        Path weights = FIXTURES.resolve("my_module.weights.pt");
        Run r = run("package", EXAMPLES.resolve("my_module.py").toString(), "--module", "MyModule",
                "--args", f.get("args").toString(), "--weights", weights.toString(),
                "--example-inputs", f.get("inputs").toString(), "-o", dir.resolve("m.pt").toString());

        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("weights: loaded " + weights), r.out());
        assertTrue(r.out().contains("built: MyModule of " + EXAMPLES.resolve("my_module.py")
                + " (1 parameter, 0 buffers, 1 submodule)"), r.out());
        Object expected = JsonValues.fromJson(f.get("weights_output"));
        List<String> outputs = outputs(r.out());
        assertEquals(3, outputs.size());
        for (String value : outputs) {
            assertTrue(JsonValues.agree(expected, JsonValues.parse(value)), value);
        }
    }

    private static JsonObject fixture(String name) throws IOException {
        return JsonParser.parseString(Files.readString(FIXTURES.resolve(name + ".json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    // ---- failures --------------------------------------------------------------------------------

    private Path model(String text) throws IOException {
        return Files.writeString(dir.resolve("model.py"), text, StandardCharsets.UTF_8);
    }

    private Run packageModel(Path source, String module, String args) {
        return run("package", source.toString(), "--module", module, "--args", args, "--example-inputs", INPUT4,
                "-o", dir.resolve("out.pt").toString());
    }

    @Test
    void noSuchClassIsABuildError() throws IOException {
        Run r = packageModel(EXAMPLES.resolve("my_module.py"), "YourModule", "{\"N\": 3, \"M\": 4}");

        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("torchscript package: building the module: "), r.err());
        assertTrue(r.err().contains("no class 'YourModule' at the top level"), r.err());
        assertFalse(Files.exists(dir.resolve("out.pt")));
    }

    @Test
    void aRaisingConstructorIsABuildErrorAtItsLine() throws IOException {
        Path source = model("""
                import torch


                class M(torch.nn.Module):
                    def __init__(self, n):
                        super().__init__()
                        if n < 0:
                            raise ValueError(f"n must be >= 0, not {n}")
                        self.w = torch.nn.Parameter(torch.ones(n))

                    def forward(self, x):
                        return self.w * x
                """);

        Run r = packageModel(source, "M", "{\"n\": -2}");

        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("torchscript package: building the module: "), r.err());
        assertTrue(r.err().contains("model.py:8"), r.err());
        assertTrue(r.err().contains("ValueError: n must be >= 0, not -2"), r.err());
    }

    @Test
    void aTypeErrorInForwardIsACompileErrorAtItsLineAndColumn() throws IOException {
        Path source = model("""
                import torch


                class M(torch.nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.scale = 2.0

                    def forward(self, x):
                        y: int = x
                        return x * self.scale
                """);

        Run r = packageModel(source, "M", "{}");

        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("torchscript package: compiling the module: "), r.err());
        assertTrue(r.err().contains("model.py:10:9: Variable 'y' is annotated with type int but is being assigned to"
                + " a value of type Tensor"), r.err());
        assertFalse(Files.exists(dir.resolve("out.pt")));
    }

    @Test
    void aMissingWeightIsAWeightsError() throws IOException {
        Run r = run("package", EXAMPLES.resolve("net.py").toString(), "--module", "Net",
                "--weights", FIXTURES.resolve("my_module.weights.pt").toString(),
                "--example-inputs", "[]", "-o", dir.resolve("out.pt").toString());

        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("torchscript package: loading the weights: "), r.err());
        assertTrue(r.err().contains("Missing key(s) in state_dict: \"conv.weight\""), r.err());
    }

    @Test
    void badJsonAndUnreadableFilesAreUsageErrors() throws IOException {
        Path myModule = EXAMPLES.resolve("my_module.py");
        Run notJson = packageModel(myModule, "MyModule", "{\"N\": 3,");
        assertEquals(2, notJson.status());
        assertTrue(notJson.err().startsWith("torchscript package: --args is not JSON: "), notJson.err());

        Run notObject = packageModel(myModule, "MyModule", "[3, 4]");
        assertEquals(2, notObject.status());
        assertTrue(notObject.err().contains("--args must be a JSON object of keyword arguments"), notObject.err());

        Run notValue = run("package", myModule.toString(), "--module", "MyModule", "--example-inputs",
                "[{\"tensor\": 3}]", "-o", dir.resolve("out.pt").toString());
        assertEquals(2, notValue.status());
        assertTrue(notValue.err().startsWith("torchscript package: --example-inputs[0]: not a VALUE: "), notValue.err());

        Run notArray = run("package", myModule.toString(), "--module", "MyModule", "--example-inputs", "{}",
                "-o", dir.resolve("out.pt").toString());
        assertEquals(2, notArray.status());

        Run noSource = packageModel(dir.resolve("absent.py"), "M", "{}");
        assertEquals(2, noSource.status());
        assertTrue(noSource.err().contains("absent.py: cannot read"), noSource.err());

        Run noWeights = run("package", myModule.toString(), "--module", "MyModule", "--weights",
                dir.resolve("absent.pt").toString(), "--example-inputs", INPUT4, "-o", dir.resolve("out.pt").toString());
        assertEquals(2, noWeights.status());
        assertTrue(noWeights.err().contains("--weights "), noWeights.err());

        Run noModule = run("package", myModule.toString(), "--example-inputs", INPUT4, "-o", "x.pt");
        assertEquals(2, noModule.status());
        assertTrue(noModule.err().contains("--module"), noModule.err());
        assertFalse(Files.exists(Path.of("x.pt")));
    }

    @Test
    void aTracedModuleWithCheckInputsPackagesAndVerifies() throws IOException {
        Path source = model("""
                import torch
                import torch.nn as nn


                class Scale(nn.Module):
                    def __init__(self, *sizes):
                        super().__init__()
                        self.fc = nn.Linear(*(sizes or (4, 4)))

                    def forward(self, x):
                        return self.fc(x).view(*x.shape[:1], -1)
                """);
        String check = "[[{\"tensor\": {\"dtype\": \"float32\", \"shape\": [4], \"data\": [4, 3, 2, 1.0]}}]]";

        Run r = run("package", source.toString(), "--module", "Scale", "--trace", "--check-inputs", check,
                "--example-inputs", INPUT4, "--seed", "0", "-o", dir.resolve("out.pt").toString());

        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("traced: forward on the example inputs, checked on 1 input list; classes __torch__.Scale, __torch__.torch.nn.modules.linear.Linear"),
                r.out());
        assertEquals(3, outputs(r.out()).size(), r.out());
        assertTrue(entries(dir.resolve("out.pt")).contains("code/__torch__.py"), entries(dir.resolve("out.pt")).toString());
    }

    @Test
    void aTraceThatDiffersOnACheckInputFailsAtTheTracingStage() throws IOException {
        Path source = model("""
                import torch


                class Repeat(torch.nn.Module):
                    def forward(self, x):
                        for _ in range(int(x.sum())):
                            x = x + 1
                        return x
                """);
        String check = "[[{\"tensor\": {\"dtype\": \"float32\", \"shape\": [1], \"data\": [2.0]}}]]";

        Run r = run("package", source.toString(), "--module", "Repeat", "--trace", "--check-inputs", check,
                "--example-inputs", "[{\"tensor\": {\"dtype\": \"float32\", \"shape\": [1], \"data\": [1.0]}}]",
                "-o", dir.resolve("out.pt").toString());

        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("torchscript package: tracing the module: TracingCheckError: Tracing failed sanity"
                + " checks!"), r.err());
        assertTrue(r.err().contains("ERROR: Graphs differed across invocations!"), r.err());
        assertFalse(Files.exists(dir.resolve("out.pt")));
    }

    @Test
    void checkInputsWithoutTraceIsAUsageError() throws IOException {
        Run r = run("package", EXAMPLES.resolve("net.py").toString(), "--module", "Net", "--check-inputs", "[[]]",
                "--example-inputs", "[]", "-o", dir.resolve("out.pt").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--check-inputs needs --trace"), r.err());
    }

    @Test
    void aScriptedFunctionPackagesWithFunction() throws IOException {
        Path source = model("""
                import torch


                @torch.jit.script
                def double_positive(x):
                    return torch.where(x > 0, x * 2, x)
                """);

        Run r = run("package", source.toString(), "--function", "double_positive", "--example-inputs", INPUT4,
                "-o", dir.resolve("out.pt").toString());

        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("function: double_positive of " + source + "\ncompiled: __torch__.double_positive\n"),
                r.out());
        assertEquals(3, outputs(r.out()).size(), r.out());
    }
}
