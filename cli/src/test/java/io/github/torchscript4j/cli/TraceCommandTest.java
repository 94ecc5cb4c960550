package io.github.torchscript4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * {@code torchscript trace} through {@link Main#execute}: {@code --cases} answers every line with
 * exactly one {@code {"id", "ok"[, "error"]}} line as FORMAT.md specifies, whatever goes wrong, and
 * a single trace prints its graph. The verdicts are PyTorch 1.13.1's for the same traces. Loads
 * libtorch.
 */
@Tag("native")
class TraceCommandTest {
    private static final String SOURCE = """
            import torch


            def loop_in_traced_fn(x):
                result = x[0]
                for i in range(x.size(0)):
                    result = result * x[i]
                return result


            def test(d):
                pass
            """;

    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private static String tensor(int... shape) {
        int n = 1;
        StringBuilder data = new StringBuilder();
        for (int d : shape) {
            n *= d;
        }
        for (int i = 0; i < n; i++) {
            data.append(i == 0 ? "" : ", ").append(0.5 + i);
        }
        return "{\"tensor\": {\"dtype\": \"float32\", \"shape\": " + java.util.Arrays.toString(shape) + ", \"data\": [" + data + "]}}";
    }

    private static String caseLine(String id, Path path, String function, String inputs, String checks) {
        JsonObject c = new JsonObject();
        c.addProperty("id", id);
        c.addProperty("path", path.toString());
        c.addProperty("function", function);
        c.add("inputs", JsonParser.parseString(inputs));
        c.add("check_inputs", JsonParser.parseString(checks));
        return c.toString();
    }

    @Test
    void everyCaseGetsExactlyOneAnswer() throws IOException {
        Path file = Files.writeString(dir.resolve("t.py"), SOURCE, StandardCharsets.UTF_8);
        Path cases = Files.writeString(dir.resolve("cases.jsonl"), String.join("\n",
                caseLine("same-shape", file, "loop_in_traced_fn", "[" + tensor(3, 4) + "]", "[[" + tensor(3, 2) + "]]"),
                caseLine("other-shape", file, "loop_in_traced_fn", "[" + tensor(3, 4) + "]", "[[" + tensor(4, 5) + "]]"),
                caseLine("uninferable", file, "test", "[{\"dict\": [[1, []]]}]", "[]"),
                caseLine("no-such-function", file, "nope", "[" + tensor(1) + "]", "[]"),
                "this is not json",
                caseLine("missing-file", dir.resolve("missing.py"), "f", "[]", "[]")) + "\n", StandardCharsets.UTF_8);
        Run r = run("trace", "--cases", cases.toString());
        assertEquals(Main.OK, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertEquals("{\"id\":\"same-shape\",\"ok\":true}", lines.get(0));
        JsonObject other = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals(false, other.get("ok").getAsBoolean());
        assertTrue(other.get("error").getAsString().startsWith(
                "Tracing failed sanity checks!\nERROR: Graphs differed across invocations!\n\tGraph diff:\n"), lines.get(1));
        assertEquals("{\"id\":\"uninferable\",\"ok\":false,\"error\":\"Tracer cannot infer type of ({1: []},)\\n"
                + ":List trace inputs must have elements\"}", lines.get(2));
        for (int i = 3; i < 6; i++) {
            JsonObject answer = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(false, answer.get("ok").getAsBoolean(), lines.get(i));
            assertTrue(answer.has("id") && answer.has("error"), lines.get(i));
        }
    }

    @Test
    void oneTracePrintsItsGraph() throws IOException {
        Path file = Files.writeString(dir.resolve("t.py"), SOURCE, StandardCharsets.UTF_8);
        Run r = run("trace", file.toString(), "--function", "loop_in_traced_fn", "--inputs", "[" + tensor(2, 3) + "]");
        assertEquals(Main.OK, r.status(), r.err());
        assertTrue(r.out().startsWith("graph(%x.1 : Tensor):\n"), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.contains("aten::mul")).count(), r.out());

        r = run("trace", file.toString(), "--function", "loop_in_traced_fn", "--inputs", "[" + tensor(2, 3) + "]",
                "--check-inputs", "[[" + tensor(3, 3) + "]]");
        assertEquals(Main.PROBLEMS, r.status(), r.err());
        assertTrue(r.out().startsWith("Tracing failed sanity checks!\n"), r.out());
        assertEquals(Main.CANNOT_RUN, run("trace", file.toString()).status());
    }

    /**
     * A failed check also names the for whose trip count came from the input's shape, as check
     * prints diagnostics, with the suggestion as a note; the reference's output-mismatch warning
     * (PyTorch 1.13.1 gives it before failing) comes first.
     */
    @Test
    void aFailedCheckPointsAtTheForLine() throws IOException {
        Path file = Files.writeString(dir.resolve("t.py"), SOURCE, StandardCharsets.UTF_8);
        Run r = run("trace", file.toString(), "--function", "loop_in_traced_fn", "--inputs", "[" + tensor(2, 3) + "]",
                "--check-inputs", "[[" + tensor(3, 3) + "]]");
        assertEquals(Main.PROBLEMS, r.status(), r.err());
        List<String> err = r.err().lines().toList();
        assertTrue(err.get(0).startsWith("TracerWarning: Output nr 1. of the traced function does not match"), r.err());
        assertTrue(err.contains(file + ":6:5: error[TS0706]: the trace on check input 1 records other operators than the"
                + " trace on the example inputs from the operator at line 7 on, inside this for loop (Graphs differed"
                + " across invocations)"), r.err());
        assertTrue(err.contains(file + ":6:5: note: this loop's trip count comes from the input's shape, and the trace"
                + " unrolled it for the example inputs; script this function (@torch.jit.script) to keep the loop"),
                r.err());
        assertTrue(err.stream().anyMatch(l -> l.startsWith(file + ":7:9: warning[TS0705]: output 1 of the trace")), r.err());
    }

    /** Tracer warnings of a trace that passes: the reference's text, then the diagnostic at the line. */
    @Test
    void warningsArePrintedAtTheirLines() throws IOException {
        Path file = Files.writeString(dir.resolve("w.py"), """
                import torch


                def conv(x):
                    if x.sum() > 0:
                        return x * int(x.max())
                    return x + float(x.min())
                """, StandardCharsets.UTF_8);
        Run r = run("trace", file.toString(), "--function", "conv", "--inputs", "[" + tensor(3) + "]");
        assertEquals(Main.OK, r.status(), r.err());
        assertFalse(r.out().contains("aten::Int"), r.out());
        List<String> err = r.err().lines().toList();
        assertEquals(6, err.size(), r.err());
        assertTrue(err.get(0).startsWith("TracerWarning: Converting a tensor to a Python boolean might cause"), r.err());
        assertTrue(err.get(1).startsWith("TracerWarning: Converting a tensor to a Python integer might cause"), r.err());
        assertTrue(err.get(2).startsWith(file + ":5:8: warning[TS0701]: a tensor converted to a Python boolean"), r.err());
        assertTrue(err.get(3).startsWith(file + ":5:8: note: "), r.err());
        assertTrue(err.get(4).startsWith(file + ":6:20: warning[TS0701]: a tensor converted to a Python integer"), r.err());
    }

    @Test
    void aModuleIsBuiltAndItsForwardTracedWithItsParametersAsAttributes() throws Exception {
        Path file = dir.resolve("cell.py");
        java.nio.file.Files.writeString(file, String.join("\n",
                "import torch",
                "class Cell(torch.nn.Module):",
                "    def __init__(self, n: int):",
                "        super().__init__()",
                "        self.linear = torch.nn.Linear(n, n)",
                "    def forward(self, x, h):",
                "        return torch.tanh(self.linear(x) + h)",
                ""));
        String in = "[" + tensor(3, 4) + ", " + tensor(3, 4) + "]";
        Run r = run("trace", file.toString(), "--module", "Cell", "--args", "{\"n\": 4}", "--seed", "0",
                "--inputs", in, "--check-inputs", "[[" + tensor(5, 4) + ", " + tensor(5, 4) + "]]");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("graph(%self.1 : __torch__.Cell,"), r.out());
        assertTrue(r.out().contains("prim::GetAttr[name=\"linear\"](%self.1)"), r.out());
        assertTrue(r.out().contains("aten::linear("), r.out());

        Run bad = run("trace", file.toString(), "--function", "f", "--args", "{}", "--weights", "w.pt");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--args, --weights and --seed go with --module"), bad.err());
        Run noArgs = run("trace", file.toString(), "--module", "Cell", "--inputs", in);
        assertEquals(1, noArgs.status());
        assertTrue(noArgs.out().contains("building the module: TypeError"), noArgs.out());
    }
}
