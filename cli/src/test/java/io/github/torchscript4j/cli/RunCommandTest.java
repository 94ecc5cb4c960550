package io.github.torchscript4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code torchscript run} through {@link Main#execute}: the answers of {@code --cases} as
 * FORMAT.md specifies them (one line per case, whatever goes wrong), and a single call. The
 * expected answers are what PyTorch 1.13.1 gives for the same calls. Loads libtorch.
 */
@Tag("native")
class RunCommandTest {
    private static final String SOURCE = """
            import torch

            @torch.jit.script
            def scale(x: torch.Tensor, bad: bool) -> torch.Tensor:
                if bad:
                    raise ValueError("bad input")
                print("scaling")
                return x * 2
            """;
    private static final String TENSOR = "{\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [1.0, 2.5]}}";

    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String caseLine(String id, Path path, String function, String inputs) {
        JsonObject c = new JsonObject();
        c.addProperty("id", id);
        c.addProperty("path", path.toString());
        c.addProperty("function", function);
        c.add("inputs", JsonParser.parseString(inputs));
        return c.toString();
    }

    @Test
    void everyCaseGetsExactlyOneAnswer() throws IOException {
        Path good = write("good.py", SOURCE);
        Path broken = write("broken.py", "import torch\n@torch.jit.script\ndef f(x: int) -> int:\n    return y\n");
        Path cases = write("cases.jsonl", String.join("\n",
                caseLine("ok", good, "scale", "[" + TENSOR + ", false]"),
                caseLine("raised", good, "scale", "[" + TENSOR + ", true]"),
                caseLine("wrong-argument", good, "scale", "[\"x\", false]"),
                caseLine("compile-error", broken, "f", "[1]"),
                caseLine("no-such-function", good, "nope", "[]"),
                "this is not json",
                caseLine("missing-file", dir.resolve("missing.py"), "f", "[]")) + "\n");
        Run r = run("run", "--cases", cases.toString());
        assertEquals(Main.OK, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(7, lines.size(), r.out());
        assertEquals("{\"id\":\"ok\", \"output\": {\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [2.0, 5.0]}}}",
                lines.get(0));
        JsonObject raised = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals("torch.jit.Error", raised.get("raises").getAsString());
        assertEquals("builtins.ValueError: bad input", raised.get("message").getAsString());
        JsonObject wrong = JsonParser.parseString(lines.get(2)).getAsJsonObject();
        assertEquals("RuntimeError", wrong.get("raises").getAsString());
        assertTrue(wrong.get("message").getAsString().startsWith(
                "scale() Expected a value of type 'Tensor' for argument 'x' but instead found type 'str'."), lines.get(2));
        JsonObject compileError = JsonParser.parseString(lines.get(3)).getAsJsonObject();
        assertTrue(compileError.get("error").getAsString().contains("broken.py:4:"), lines.get(3));
        assertTrue(JsonParser.parseString(lines.get(4)).getAsJsonObject().has("error"), lines.get(4));
        JsonObject notJson = JsonParser.parseString(lines.get(5)).getAsJsonObject();
        assertTrue(notJson.get("id").isJsonNull() && notJson.has("error"), lines.get(5));
        assertEquals("missing-file", JsonParser.parseString(lines.get(6)).getAsJsonObject().get("id").getAsString());
        assertTrue(r.out().indexOf("scaling") < 0, "what the program prints never reaches standard output");
    }

    /** A case whose loop never ends is interrupted and answered; the next case still runs. */
    @Test
    void aRunawayCaseIsAnsweredWithAnErrorAndTheRunGoesOn() throws IOException {
        Path spin = write("spin.py", """
                import torch

                @torch.jit.script
                def spin(x: torch.Tensor) -> torch.Tensor:
                    while True:
                        x = x + 1
                    return x
                """);
        Path good = write("good.py", SOURCE);
        Path cases = write("cases.jsonl", caseLine("spin", spin, "spin", "[" + TENSOR + "]") + "\n"
                + caseLine("after", good, "scale", "[" + TENSOR + ", false]") + "\n");
        Run r = run("run", "--timeout", "1", "--cases", cases.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertEquals("{\"id\":\"spin\",\"error\":\"could not run: no answer within 1 s\"}", lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"id\":\"after\", \"output\""), lines.get(1));
    }

    @Test
    void aSingleCallPrintsItsAnswer() throws IOException {
        Path good = write("good.py", SOURCE);
        Run ok = run("run", good.toString(), "--function", "scale", "--inputs", "[" + TENSOR + ", false]");
        assertEquals(Main.OK, ok.status(), ok.err());
        assertEquals("{\"output\": {\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [2.0, 5.0]}}}\n",
                ok.out().replace(System.lineSeparator(), "\n"));
        Run raised = run("run", good.toString(), "--function", "scale", "--inputs", "[" + TENSOR + ", true]");
        assertEquals(Main.PROBLEMS, raised.status());
        assertEquals(Main.CANNOT_RUN, run("run", good.toString()).status());
        assertEquals(Main.CANNOT_RUN, run("run", good.toString(), "--function", "scale", "--inputs", "{").status());
    }

    /** PyTorch 1.13.1's archive of examples/modules/my_module.py (runtime's packaging fixture) and its output. */
    @Test
    void anArchiveRunsItsForward() throws IOException {
        Path archive = Path.of("..", "runtime", "src", "test", "resources", "packaging", "my_module.archive.pt");
        String input = "[{\"tensor\": {\"dtype\": \"float32\", \"shape\": [4], \"data\": [1.0, 2.0, 3.0, 4.0]}}]";
        Run ok = run("run", "--archive", archive.toString(), "--inputs", input);
        assertEquals(Main.OK, ok.status(), ok.err());
        JsonObject answer = JsonParser.parseString(ok.out()).getAsJsonObject();
        assertEquals("[4]", answer.getAsJsonObject("output").getAsJsonObject("tensor").get("shape").toString());
        double first = answer.getAsJsonObject("output").getAsJsonObject("tensor").getAsJsonArray("data").get(0).getAsDouble();
        assertEquals(1.1250909566879272, first, 1e-5);
        Run missing = run("run", "--archive", archive.toString(), "--function", "nope", "--inputs", input);
        assertEquals(Main.PROBLEMS, missing.status());
        assertTrue(missing.out().contains("has no method nope"), missing.out());
        Path broken = write("broken.pt", "not a zip");
        Run bad = run("run", "--archive", broken.toString(), "--inputs", input);
        assertEquals(Main.PROBLEMS, bad.status());
        assertTrue(bad.out().contains("\"error\""), bad.out());
    }

    private static final String UTIL = """
            import torch


            def scale(x: torch.Tensor, k: float) -> torch.Tensor:
                return x * k + offset(k)


            def offset(k: float) -> float:
                return k - 1.0
            """;

    private static final String MAIN = """
            import torch
            from pkg.util import scale
            import pkg.util as u


            @torch.jit.script
            def run(x: torch.Tensor, n: int) -> torch.Tensor:
                y = scale(x, 2.0)
                return y + u.offset(float(n))
            """;

    /** PyTorch 1.13.1, main.py run with pkg/ beside it: run(torch.tensor([1.0, 2.5]), 3) is tensor([5., 8.]). */
    @Test
    void aFunctionThatCallsIntoAnotherProjectFileRuns() throws IOException {
        Files.createDirectories(dir.resolve("app/pkg"));
        write("app/pkg/__init__.py", "");
        write("app/pkg/util.py", UTIL);
        Path main = write("app/main.py", MAIN);
        String expected = "{\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [5.0, 8.0]}}";
        Run one = run("run", main.toString(), "--function", "run", "--inputs", "[" + TENSOR + ", 3]");
        assertEquals(Main.OK, one.status(), one.err());
        assertEquals("{\"output\": " + expected + "}\n", one.out().replace(System.lineSeparator(), "\n"));
        Path cases = write("cases.jsonl", caseLine("main", main, "run", "[" + TENSOR + ", 3]") + "\n"
                + caseLine("helper", main, "__torch__.pkg.util.offset", "[3.0]") + "\n");
        Run r = run("run", "--cases", cases.toString());
        assertEquals(List.of("{\"id\":\"main\", \"output\": " + expected + "}", "{\"id\":\"helper\", \"output\": 2.0}"),
                r.out().lines().toList());

        // the library in a folder of its own, named with --source-root
        Files.createDirectories(dir.resolve("lib/pkg"));
        write("lib/pkg/__init__.py", "");
        write("lib/pkg/util.py", UTIL);
        Path alone = write("alone.py", MAIN);
        Run withRoot = run("run", "--source-root", dir.resolve("lib").toString(), alone.toString(), "--function", "run",
                "--inputs", "[" + TENSOR + ", 3]");
        assertEquals(Main.OK, withRoot.status(), withRoot.err());
        assertEquals(Main.PROBLEMS, run("run", alone.toString(), "--function", "run", "--inputs", "[" + TENSOR + ", 3]")
                .status(), "without the root, pkg is no project module");
    }
}
