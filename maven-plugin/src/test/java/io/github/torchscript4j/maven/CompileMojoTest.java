package io.github.torchscript4j.maven;

import static io.github.torchscript4j.maven.TestProject.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.maven.TestProject.Failed;
import io.github.torchscript4j.maven.TestProject.Line;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code compile} goal on small projects: what it prints, what it writes, when it fails the
 * build, and what an unchanged rebuild does. Its descriptor is checked as Maven reads it.
 */
class CompileMojoTest {
    /** Valid TorchScript; its {@code fn.code} below was printed by the reference. */
    static final String CLEAN = """
            import torch


            @torch.jit.script
            def clamp_sum(x: torch.Tensor, limit: float) -> torch.Tensor:
                total = torch.zeros_like(x)
                for i in range(3):
                    total = total + torch.clamp(x, -limit, limit)
                return total
            """;

    /** {@code print(clamp_sum.code)} of {@link #CLEAN} under PyTorch 1.13.1 ({@code /usr/bin/python3}). */
    static final String CLEAN_CODE = """
            def clamp_sum(x: Tensor,
                limit: float) -> Tensor:
              total = torch.zeros_like(x)
              total0 = total
              for i in range(3):
                _0 = torch.clamp(x, torch.neg(limit), limit)
                total0 = torch.add(total0, _0)
              return total0
            """;

    /** Two independent errors; the reference stops at the first ("undefined value y"). */
    static final String TWO_ERRORS = """
            import torch


            @torch.jit.script
            def f(x: torch.Tensor) -> torch.Tensor:
                return x + y


            @torch.jit.script
            def g(n: int) -> int:
                if n > 0:
                    r = 1
                else:
                    r = "one"
                return r
            """;

    @TempDir Path dir;

    @Test
    void writesTheReferenceCodeOfEachFunctionAndItsGraph() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("models/ops.py", CLEAN);
        List<Line> log = p.compile();
        assertEquals(List.of(), texts(log, "ERROR"));
        assertEquals(List.of(), texts(log, "WARNING"));
        assertEquals(List.of("TorchScript: 1 source in src/main/torchscript: 1 checked; 0 errors, 0 warnings;"
                + " 1 function written to target/torchscript"), texts(log, "INFO"));
        assertEquals("# models/ops.py: fn.code of each compiled function (torchscript-maven-plugin)\n"
                + "\n# __torch__.clamp_sum\n" + CLEAN_CODE, read(p.output("models/ops.py.code")));
        String graph = read(p.output("models/ops.py.graph"));
        assertTrue(graph.startsWith("# models/ops.py: fn.graph of each compiled function"), graph);
        assertTrue(graph.contains("\n# __torch__.clamp_sum\ngraph(%x"), graph);
        // Source locations are relative to the source folder (no machine paths); the column 0-based, as the reference's.
        assertTrue(graph.contains("aten::clamp(") && graph.contains("# models/ops.py:8:24"), graph);
    }

    @Test
    void printsEveryErrorAsMavenPrintsCompilerErrorsAndFailsTheBuild() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("bad.py", TWO_ERRORS);
        p.source("good.py", CLEAN);
        Failed failed = p.compileFailing();
        String bad = p.path("bad.py");
        assertEquals(List.of(
                bad + ":[6,16] TS0101: undefined value y",
                bad + ":[11,5] TS0103: Type mismatch: r is set to type int in the true branch and type str in the"
                        + " false branch\n  " + bad + ":[15,12] note: and was used here"),
                texts(failed.lines(), "ERROR"));
        assertEquals("TorchScript: 2 errors in 1 file (listed above; -Dtorchscript.failOnError=false reports them"
                + " without failing)", failed.failure().getMessage());
        assertFalse(Files.exists(p.output("bad.py.code")), "no code for a file with errors");
        assertFalse(Files.exists(p.output("bad.py.graph")));
        assertTrue(Files.exists(p.output("good.py.code")), "the other files are still compiled");
    }

    @Test
    void failOnErrorFalseReportsWithoutFailing() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("bad.py", TWO_ERRORS);
        p.parameters.put("failOnError", false);
        List<Line> log = p.compile();
        assertEquals(2, texts(log, "ERROR").size(), log.toString());
        assertEquals(List.of("TorchScript: 1 source in src/main/torchscript: 1 checked; 2 errors, 0 warnings;"
                + " 0 functions written to target/torchscript"), texts(log, "INFO"));
    }

    @Test
    void skipSkips() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("bad.py", TWO_ERRORS);
        p.parameters.put("skip", true);
        assertEquals(List.of(new Line("INFO", "TorchScript: skipped (torchscript.skip=true)")), notDebug(p.compile()));
        assertFalse(Files.exists(dir.resolve("target")));
    }

    @Test
    void aProjectWithoutSourcesSaysSo() throws Exception {
        TestProject p = new TestProject(dir);
        assertEquals(List.of(new Line("INFO", "TorchScript: no sources in src/main/torchscript")), notDebug(p.compile()));
    }

    /** The lines above debug level (the goals' debug lines say how long they took). */
    private static List<Line> notDebug(List<Line> lines) {
        return lines.stream().filter(l -> !l.level().equals("DEBUG")).toList();
    }

    @Test
    void anUnchangedRebuildChecksNothingAndRewritesNothing() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("a.py", CLEAN);
        p.source("b.py", CLEAN.replace("clamp_sum", "other"));
        p.compile();
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(p.output("a.py.code"), old);
        List<Line> log = p.compile();
        assertEquals(List.of("TorchScript: 2 sources in src/main/torchscript: all up to date"), texts(log, "INFO"));
        assertEquals(old, Files.getLastModifiedTime(p.output("a.py.code")));
    }

    @Test
    void aChangedSourceIsCheckedAgainAndOnlyIt() throws Exception {
        TestProject p = new TestProject(dir);
        Path a = p.source("a.py", CLEAN);
        p.source("b.py", CLEAN.replace("clamp_sum", "other"));
        p.compile();
        Files.writeString(a, TWO_ERRORS);
        Failed failed = p.compileFailing();
        assertEquals(2, texts(failed.lines(), "ERROR").size());
        assertEquals(List.of("TorchScript: 2 sources in src/main/torchscript: 1 checked, 1 up to date; 2 errors,"
                + " 0 warnings; 0 functions written to target/torchscript"), texts(failed.lines(), "INFO"));
        assertFalse(Files.exists(p.output("a.py.code")), "the stale code of a.py is gone");

        Files.writeString(a, CLEAN);
        List<Line> fixed = p.compile();
        assertEquals(List.of("TorchScript: 2 sources in src/main/torchscript: 1 checked, 1 up to date; 0 errors,"
                + " 0 warnings; 1 function written to target/torchscript"), texts(fixed, "INFO"));
        assertTrue(Files.exists(p.output("a.py.code")));
    }

    @Test
    void aFailingSourceStaysFailingOnAnUnchangedRebuild() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("bad.py", TWO_ERRORS);
        Failed first = p.compileFailing();
        Failed second = p.compileFailing();
        assertEquals(texts(first.lines(), "ERROR"), texts(second.lines(), "ERROR"));
        assertEquals(first.failure().getMessage(), second.failure().getMessage());
    }

    @Test
    void deletedOutputsAreWrittenAgain() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("a.py", CLEAN);
        p.compile();
        Files.delete(p.output("a.py.graph"));
        List<Line> log = p.compile();
        assertTrue(texts(log, "INFO").get(0).contains("1 checked"), log.toString());
        assertTrue(Files.exists(p.output("a.py.graph")));
    }

    @Test
    void theOutputsOfADeletedSourceAreDeleted() throws Exception {
        TestProject p = new TestProject(dir);
        Path a = p.source("pkg/a.py", CLEAN);
        p.source("b.py", CLEAN);
        p.compile();
        Files.delete(a);
        p.compile();
        assertFalse(Files.exists(p.output("pkg/a.py.code")));
        assertFalse(Files.exists(p.output("pkg/a.py.graph")));
        assertTrue(Files.exists(p.output("b.py.code")));
    }

    @Test
    void whenTheLastSourceIsDeletedItsOutputsGoToo() throws Exception {
        TestProject p = new TestProject(dir);
        Path a = p.source("a.py", CLEAN);
        p.compile();
        Files.delete(a);
        assertEquals(List.of("TorchScript: no sources in src/main/torchscript"), texts(p.compile(), "INFO"));
        assertFalse(Files.exists(p.output("a.py.code")));
        assertFalse(Files.exists(p.output("a.py.graph")));
    }

    @Test
    void incrementalFalseChecksEverySource() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("a.py", CLEAN);
        p.compile();
        p.parameters.put("incremental", false);
        assertTrue(texts(p.compile(), "INFO").get(0).contains(": 1 checked;"));
    }

    @Test
    void anotherConfigurationChecksEverySource() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("a.py", CLEAN);
        p.compile();
        p.parameters.put("excludes", Set.of("nothing/**"));
        assertTrue(texts(p.compile(), "INFO").get(0).contains(": 1 checked;"));
    }

    @Test
    void includesAndExcludesChooseTheSources() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("models/net.py", CLEAN);
        p.source("models/experimental/wip.py", TWO_ERRORS);
        p.source("scripts/tool.py", TWO_ERRORS);
        p.source("README.txt", "not python");
        p.parameters.put("includes", Set.of("models/**/*.py"));
        p.parameters.put("excludes", Set.of("**/experimental/"));
        List<Line> log = p.compile();
        assertEquals(List.of("TorchScript: 1 source in src/main/torchscript: 1 checked; 0 errors, 0 warnings;"
                + " 1 function written to target/torchscript"), texts(log, "INFO"));
        assertTrue(Files.exists(p.output("models/net.py.code")));
    }

    @Test
    void additionalSourceDirectoriesAreCheckedAndADuplicatePathIsSkipped() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("a.py", CLEAN);
        p.write("src/extra/b.py", TWO_ERRORS);
        p.write("src/extra/a.py", TWO_ERRORS);
        p.parameters.put("additionalSourceDirectories", List.of(dir.resolve("src/extra").toFile()));
        Failed failed = p.compileFailing();
        String extra = dir.resolve("src/extra").toString() + File.separator;
        assertEquals(List.of(extra + "a.py: skipped, since " + p.path("a.py")
                + " has the same path relative to its source folder"), texts(failed.lines(), "WARNING"));
        assertTrue(texts(failed.lines(), "ERROR").stream().allMatch(e -> e.startsWith(extra + "b.py:[")),
                failed.lines().toString());
        assertEquals(List.of("TorchScript: 2 sources in [src/main/torchscript, src/extra]: 2 checked; 2 errors,"
                + " 0 warnings; 1 function written to target/torchscript"), texts(failed.lines(), "INFO"));
    }

    /** A module of helpers that {@link #IMPORTER} imports; {@code helper} is not scripted itself. */
    static final String HELPERS = """
            import torch


            def helper(x: int) -> int:
                return x + 1
            """;

    /** Calls {@link #HELPERS}' {@code helper} with a str: the reference's error at the call. */
    static final String IMPORTER = """
            import torch
            from pkg.util import helper


            @torch.jit.script
            def main(x: int) -> int:
                return helper("seven") + x
            """;

    @Test
    void aWrongCallIntoAnotherFileIsReportedAtTheCallInTheImporter() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("pkg/__init__.py", "");
        p.source("pkg/util.py", HELPERS);
        p.source("main.py", IMPORTER);
        Failed failed = p.compileFailing();
        // the reference (PyTorch 1.13.1, pkg/util.py on sys.path) words it "helper(int x) -> int:\nExpected ..."
        assertEquals(List.of(p.path("main.py") + ":[7,12] TS0115: helper(int x) -> int\nExpected a value of type"
                + " 'int' for argument 'x' but instead found type 'str'."), texts(failed.lines(), "ERROR"));
        assertEquals("TorchScript: 1 error in 1 file (listed above; -Dtorchscript.failOnError=false reports them"
                + " without failing)", failed.failure().getMessage());
        String sarif = read(p.sarif());
        assertEquals(1, sarif.split("\"ruleId\"", -1).length - 1, sarif);
        assertTrue(sarif.contains("src/main/torchscript/main.py") && !sarif.contains("util.py"), sarif);
        assertTrue(Files.exists(p.output("pkg/util.py.code")), "the imported file itself is clean");
    }

    @Test
    void anErrorInsideAnImportedFileIsReportedOnceUnderThatFile() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("util.py", "import torch\n\n\ndef bad(x: torch.Tensor) -> torch.Tensor:\n    return x + nope\n");
        String user = "import torch\nimport util as u\n\n\n@torch.jit.script\ndef NAME(x: torch.Tensor):\n"
                + "    return u.bad(x)\n";
        p.source("first.py", user.replace("NAME", "first"));
        p.source("second.py", user.replace("NAME", "second"));
        Failed failed = p.compileFailing();
        assertEquals(List.of(p.path("util.py") + ":[5,16] TS0101: undefined value nope\n  " + p.path("first.py")
                + ":[7,12] note: 'bad' is being compiled since it was called from 'first'"), texts(failed.lines(), "ERROR"));
        assertEquals("TorchScript: 1 error in 1 file (listed above; -Dtorchscript.failOnError=false reports them"
                + " without failing)", failed.failure().getMessage());
        assertFalse(Files.exists(p.output("first.py.code")), "an importer of a broken function does not compile");
        String sarif = read(p.sarif());
        assertEquals(1, sarif.split("\"ruleId\"", -1).length - 1, sarif);
        // first.py only as the related location of the call chain
        assertTrue(sarif.contains("src/main/torchscript/util.py") && !sarif.contains("second.py"), sarif);
        assertEquals(1, sarif.split("first\\.py|first.py", -1).length - 1, sarif);
        // the importers are not clean, so the error is reported again, once, on an unchanged rebuild
        assertEquals(texts(failed.lines(), "ERROR"), texts(p.compileFailing().lines(), "ERROR"));
    }

    @Test
    void anImportFolderIsSearchedButNotChecked() throws Exception {
        TestProject p = new TestProject(dir);
        p.write("src/shared/pkg/__init__.py", "");
        p.write("src/shared/pkg/util.py", HELPERS);
        p.write("src/shared/unused.py", TWO_ERRORS);
        p.source("main.py", IMPORTER);
        p.parameters.put("importDirectories", List.of(dir.resolve("src/shared").toFile()));
        Failed failed = p.compileFailing();
        assertEquals(List.of(p.path("main.py") + ":[7,12] TS0115: helper(int x) -> int\nExpected a value of type"
                + " 'int' for argument 'x' but instead found type 'str'."), texts(failed.lines(), "ERROR"));
        assertTrue(texts(failed.lines(), "INFO").get(0).startsWith("TorchScript: 1 source in src/main/torchscript:"),
                failed.lines().toString());
    }

    @Test
    void anUnchangedRebuildSkipsImporterAndImportedAndAChangedImportRechecksTheImporter() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("pkg/__init__.py", "");
        Path util = p.source("pkg/util.py", HELPERS);
        p.source("main.py", IMPORTER.replace("helper(\"seven\")", "helper(7)"));
        List<Line> first = p.compile();
        assertEquals(List.of("TorchScript: 3 sources in src/main/torchscript: 3 checked; 0 errors, 0 warnings;"
                + " 2 functions written to target/torchscript"), texts(first, "INFO"));
        assertEquals(List.of("TorchScript: 3 sources in src/main/torchscript: all up to date"),
                texts(p.compile(), "INFO"));

        // only the imported file changes: helper now takes a str, so main's call is wrong
        Files.writeString(util, HELPERS.replace("x: int) -> int:\n    return x + 1", "x: str) -> int:\n    return 1"));
        Files.setLastModifiedTime(util, FileTime.fromMillis(Files.getLastModifiedTime(util).toMillis() + 2000));
        Failed failed = p.compileFailing();
        assertEquals(List.of(p.path("main.py") + ":[7,12] TS0115: helper(str x) -> int\nExpected a value of type"
                + " 'str' for argument 'x' but instead found type 'int'."), texts(failed.lines(), "ERROR"));
        assertEquals(List.of("TorchScript: 3 sources in src/main/torchscript: 2 checked, 1 up to date; 1 error,"
                + " 0 warnings; 0 functions written to target/torchscript"), texts(failed.lines(), "INFO"));
    }

    @Test
    void aFunctionNotLoweredYetIsAWarningAndTheRestIsWritten() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("forks.py", CLEAN + """


                @torch.jit.script
                def forked(x: torch.Tensor) -> torch.Tensor:
                    return torch.nn.functional.gumbel_softmax(x)
                """);
        List<Line> log = p.compile();
        // Valid TorchScript (PyTorch 1.13.1 scripts it) that the emitter does not lower yet.
        assertEquals(List.of(p.path("forks.py") + ":[14,12] not lowered yet: the emitter does not lower calls of"
                + " Opaque torch.nn.functional.gumbel_softmax yet"), texts(log, "WARNING"));
        assertEquals(List.of("TorchScript: 1 source in src/main/torchscript: 1 checked; 0 errors, 0 warnings,"
                + " 1 function not lowered yet; 1 function written to target/torchscript"), texts(log, "INFO"));
        String code = read(p.output("forks.py.code"));
        assertTrue(code.contains("def clamp_sum(") && !code.contains("forked"), code);
        // Reported again on the next build: a source with messages is never up to date.
        assertEquals(texts(log, "WARNING"), texts(p.compile(), "WARNING"));
    }

    @Test
    void anUndecodableSourceIsAnErrorWithALocationNotACrash() throws Exception {
        TestProject p = new TestProject(dir);
        Path bad = p.source("latin1.py", "");
        Files.write(bad, "x = '\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1));
        Failed failed = p.compileFailing();
        List<String> errors = texts(failed.lines(), "ERROR");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(p.path("latin1.py") + ":[1,") && errors.get(0).contains(" TS0004: "),
                errors.get(0));
    }

    @Test
    void descriptorDeclaresTheGoalPrefixPhaseAndParameters() throws IOException {
        // Written by maven-plugin-plugin before the tests run.
        String descriptor = Files.readString(
                Path.of("target/classes/META-INF/maven/plugin.xml"), StandardCharsets.UTF_8);
        assertTrue(descriptor.contains("<goalPrefix>torchscript</goalPrefix>"), descriptor);
        assertTrue(descriptor.contains("<goal>compile</goal>"), descriptor);
        assertTrue(descriptor.contains("<goal>help</goal>"), "mvn torchscript:help");
        assertTrue(descriptor.contains("<phase>compile</phase>"), descriptor);
        assertTrue(descriptor.contains("<threadSafe>true</threadSafe>"), descriptor);
        assertTrue(descriptor.contains("<skip implementation=\"boolean\" default-value=\"false\">${torchscript.skip}</skip>"), descriptor);
        assertTrue(descriptor.contains("${project.basedir}/src/main/torchscript"), descriptor);
        for (String property : List.of("torchscript.sourceDirectory", "torchscript.outputDirectory",
                "torchscript.failOnError", "torchscript.failOnWarning", "torchscript.incremental",
                "torchscript.sarifFile")) {
            assertTrue(descriptor.contains("${" + property + "}"), property);
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
