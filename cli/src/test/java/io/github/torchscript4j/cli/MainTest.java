package io.github.torchscript4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, through {@link Main#execute}: options, exit statuses, output shapes.
 * What the parser reports is tested in the checker; here only "this file has an error on line N".
 */
class MainTest {
    private static final String GOOD = "x = 1\n";
    private static final String GOOD_DUMP =
            "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], type_ignores=[])";
    /** A missing colon on line 2. */
    private static final String BAD = "import torch\ndef bar(x)\n    return x\n";

    @TempDir Path dir;

    /** The result of one run: exit status, standard output, standard error. */
    record Run(int status, String out, String err) {}

    private static Run runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out),
                new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return runWithInput("", args);
    }

    private String file(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path.toString();
    }

    @Test
    void helpDescribesEveryCommand() {
        Run run = run("--help");
        assertEquals(0, run.status());
        assertTrue(run.out().contains("check"), run.out());
        assertTrue(run.out().contains("ast"), run.out());
        for (String command : List.of("check", "ast")) {
            Run sub = run(command, "--help");
            assertEquals(0, sub.status());
            assertTrue(sub.out().startsWith("Usage: torchscript " + command), sub.out());
        }
    }

    @Test
    void versionNamesTheProjectVersion() {
        Run run = run("--version");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("torchscript "), run.out());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run().status());
        assertEquals(2, run("frobnicate").status());
        assertEquals(2, run("check").status());
        assertEquals(2, run("check", "--no-such-option", "x.py").status());
        Run badFormat = run("check", "--format=xml", "x.py");
        assertEquals(2, badFormat.status());
        assertTrue(badFormat.err().contains("expected text, json or torchscript"), badFormat.err());
        assertEquals(2, run("ast").status());
    }

    @Test
    void missingFileExitsWithTwo() {
        Run run = run("check", dir.resolve("missing.py").toString());
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().contains("missing.py"), run.err());
    }

    @Test
    void checkOfCleanFilesIsSilentAndExitsWithZero() throws IOException {
        Run run = run("check", file("good.py", GOOD));
        assertEquals(new Run(0, "", ""), run);
    }

    @Test
    void checkReportsErrorsAsPathLineColumn() throws IOException {
        String bad = file("bad.py", BAD);
        Run run = run("check", bad);
        assertEquals(1, run.status());
        assertTrue(run.out().startsWith(bad + ":2:"), run.out());
        assertTrue(run.out().contains(": error[TS"), run.out());
    }

    @Test
    void checkJsonListsEveryFileFoundBelowADirectoryInOrder() throws IOException {
        String bad = file("pkg/b_bad.py", BAD);
        String good = file("pkg/a_good.py", GOOD);
        String nested = file("pkg/sub/c.py", GOOD);
        file("pkg/notes.txt", "not python");
        Run run = run("check", "--format=json", dir.resolve("pkg").toString());
        assertEquals(1, run.status());
        JsonArray files = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonArray("files");
        assertEquals(3, files.size());
        assertEquals(good, files.get(0).getAsJsonObject().get("path").getAsString());
        assertEquals(bad, files.get(1).getAsJsonObject().get("path").getAsString());
        assertEquals(nested, files.get(2).getAsJsonObject().get("path").getAsString());
        assertEquals(0, files.get(0).getAsJsonObject().getAsJsonArray("diagnostics").size());
        JsonObject error = files.get(1).getAsJsonObject().getAsJsonArray("diagnostics").get(0).getAsJsonObject();
        assertEquals("error", error.get("severity").getAsString());
        assertTrue(error.get("code").getAsString().startsWith("TS"));
        assertEquals(2, error.getAsJsonObject("range").getAsJsonObject("start").get("line").getAsInt());
    }

    @Test
    void checkInTorchScriptStylePointsAtTheLine() throws IOException {
        String bad = file("bad.py", BAD);
        Run run = run("check", "--format=torchscript", bad);
        assertEquals(1, run.status());
        assertTrue(run.out().contains("  File \"" + bad + "\", line 2\n"), run.out());
        assertTrue(run.out().contains("<--- HERE"), run.out());
    }

    @Test
    void anErrorInACalledFunctionNamesItsCallerInANoteAndNotInTheJson() throws IOException {
        String source = file("chain.py", "import torch\ndef helper(x: int) -> int:\n    return x + y\n"
                + "@torch.jit.script\ndef main(x: int) -> int:\n    return helper(x)\n");
        Run text = run("check", source);
        assertEquals(1, text.status());
        assertEquals(source + ":3:16: error[TS0101]: undefined value y\n"
                + source + ":6:12: note: 'helper' is being compiled since it was called from 'main'\n", text.out());
        // the json contract has no place for notes: its diagnostic keeps exactly the contract's keys
        Run json = run("check", "--format=json", source);
        JsonObject error = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("files").get(0)
                .getAsJsonObject().getAsJsonArray("diagnostics").get(0).getAsJsonObject();
        assertEquals(java.util.Set.of("severity", "code", "message", "range"), error.keySet());
    }

    @Test
    void astPrintsTheDumpOfOneFile() throws IOException {
        Run run = run("ast", file("good.py", GOOD));
        assertEquals(new Run(0, GOOD_DUMP + "\n", ""), run);
    }

    @Test
    void astPrefixesPathsForSeveralFilesAndReportsSyntaxErrors() throws IOException {
        String good = file("good.py", GOOD);
        String bad = file("bad.py", BAD);
        Run run = run("ast", good, bad);
        assertEquals(1, run.status());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size());
        assertEquals(good + "\t" + GOOD_DUMP, lines.get(0));
        assertTrue(lines.get(1).startsWith(bad + "\tSyntaxError: line 2: "), lines.get(1));
    }

    @Test
    void astOfOneBadFileStillNamesThePath() throws IOException {
        String bad = file("bad.py", BAD);
        Run run = run("ast", bad);
        assertEquals(1, run.status());
        assertTrue(run.out().startsWith(bad + "\tSyntaxError: line 2: "), run.out());
    }

    @Test
    void astReadsPathsFromStandardInputAndTimesTheParse() throws IOException {
        String good = file("good.py", GOOD);
        String other = file("other.py", GOOD);
        Run run = runWithInput(good + "\n\n" + other + "\n", "ast", "--stdin-list", "--time");
        assertEquals(0, run.status());
        assertEquals(good + "\t" + GOOD_DUMP + "\n" + other + "\t" + GOOD_DUMP + "\n", run.out());
        assertTrue(run.err().matches("parse_ns=\\d+ files=2\\n"), run.err());
    }

    @Test
    void astOfAMissingFileExitsWithTwo() {
        assertEquals(2, run("ast", dir.resolve("missing.py").toString()).status());
    }
}
