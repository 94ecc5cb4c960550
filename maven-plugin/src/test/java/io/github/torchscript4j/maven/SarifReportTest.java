package io.github.torchscript4j.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.maven.TestProject.Failed;
import io.github.torchscript4j.maven.TestProject.Line;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code compile} goal's SARIF 2.1.0 report ({@link SarifReport}), parsed back with Gson: its
 * shape (the essentials of the SARIF 2.1.0 schema that code scanning reads), its values for known
 * errors, what an unchanged rebuild and a fix do to it, and its JSON escaping.
 */
class SarifReportTest {
    /** Two errors in one function ({@code TS0103} with related information) and one in another. */
    static final String TWO_ERRORS = CompileMojoTest.TWO_ERRORS;

    /** A syntax error on line 2: {@code def f(:} — CPython points at the {@code :}. */
    static final String SYNTAX_ERROR = "import torch\ndef f(:\n    pass\n";

    @TempDir Path dir;

    @Test
    void reportsEveryErrorOfTwoFilesWithRulesLevelsUrisAndRegions() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("models/bad.py", TWO_ERRORS);
        p.source("syntax.py", SYNTAX_ERROR);
        p.source("good.py", CompileMojoTest.CLEAN);
        p.compileFailing();
        JsonObject log = parse(p.sarif());
        assertSarifEssentials(log);
        JsonObject run = log.getAsJsonArray("runs").get(0).getAsJsonObject();

        JsonObject driver = run.getAsJsonObject("tool").getAsJsonObject("driver");
        assertEquals("TorchScript4J", driver.get("name").getAsString());
        assertEquals("1.2.3-TEST", driver.get("version").getAsString());
        List<String> ruleIds = new ArrayList<>();
        for (JsonElement rule : driver.getAsJsonArray("rules")) {
            ruleIds.add(rule.getAsJsonObject().get("id").getAsString());
        }
        assertEquals(List.of("TS0001", "TS0101", "TS0103"), ruleIds, "each reported code once, by id");
        JsonObject undefined = driver.getAsJsonArray("rules").get(1).getAsJsonObject();
        assertEquals("UndefinedValue", undefined.get("name").getAsString());
        assertEquals("Undefined value", undefined.getAsJsonObject("shortDescription").get("text").getAsString());
        assertEquals("%SRCROOT%", run.getAsJsonObject("originalUriBaseIds").keySet().iterator().next());
        assertEquals(dir.toAbsolutePath().normalize().toUri().toString(),
                run.getAsJsonObject("originalUriBaseIds").getAsJsonObject("%SRCROOT%").get("uri").getAsString());
        assertEquals("utf16CodeUnits", run.get("columnKind").getAsString());

        JsonArray results = run.getAsJsonArray("results");
        assertEquals(3, results.size(), results.toString());
        // In source order (models/bad.py before syntax.py), each file's in position order.
        JsonObject r0 = results.get(0).getAsJsonObject();
        assertEquals("TS0101", r0.get("ruleId").getAsString());
        assertEquals(1, r0.get("ruleIndex").getAsInt());
        assertEquals("error", r0.get("level").getAsString());
        assertEquals("undefined value y", r0.getAsJsonObject("message").get("text").getAsString());
        // "    return x + y": y is column 16 (1-based) on line 6, one character long.
        assertLocation(location(r0), "src/main/torchscript/models/bad.py", 6, 16, 6, 17);
        assertFalse(r0.has("relatedLocations"));

        JsonObject r1 = results.get(1).getAsJsonObject();
        assertEquals("TS0103", r1.get("ruleId").getAsString());
        assertEquals("error", r1.get("level").getAsString());
        assertTrue(r1.getAsJsonObject("message").get("text").getAsString()
                .startsWith("Type mismatch: r is set to type int in the true branch"), r1.toString());
        // The same place the log names ([11,5]) and its related note ([15,12]).
        JsonObject l1 = location(r1);
        assertEquals(11, l1.getAsJsonObject("region").get("startLine").getAsInt());
        assertEquals(5, l1.getAsJsonObject("region").get("startColumn").getAsInt());
        JsonArray related = r1.getAsJsonArray("relatedLocations");
        assertEquals(1, related.size());
        JsonObject note = related.get(0).getAsJsonObject();
        assertEquals(1, note.get("id").getAsInt());
        assertEquals("and was used here", note.getAsJsonObject("message").get("text").getAsString());
        // "    return r": r at column 12 on line 15.
        assertLocation(note.getAsJsonObject("physicalLocation"), "src/main/torchscript/models/bad.py", 15, 12, 15, 13);

        JsonObject r2 = results.get(2).getAsJsonObject();
        assertEquals("TS0001", r2.get("ruleId").getAsString());
        assertEquals(0, r2.get("ruleIndex").getAsInt());
        assertEquals("error", r2.get("level").getAsString());
        JsonObject l2 = location(r2);
        assertEquals("src/main/torchscript/syntax.py", l2.getAsJsonObject("artifactLocation").get("uri").getAsString());
        assertEquals(2, l2.getAsJsonObject("region").get("startLine").getAsInt());
    }

    @Test
    void columnsAreTheLogsAndEndColumnsExclusive() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("bad.py", TWO_ERRORS);
        Failed failed = p.compileFailing();
        JsonArray results = results(parse(p.sarif()));
        List<String> logged = TestProject.texts(failed.lines(), "ERROR");
        assertEquals(logged.size(), results.size());
        for (int i = 0; i < results.size(); i++) {
            JsonObject region = location(results.get(i).getAsJsonObject()).getAsJsonObject("region");
            String where = ":[" + region.get("startLine").getAsInt() + "," + region.get("startColumn").getAsInt() + "] ";
            assertTrue(logged.get(i).startsWith(p.path("bad.py") + where), logged.get(i) + " vs " + where);
            int startLine = region.get("startLine").getAsInt();
            int endLine = region.get("endLine").getAsInt();
            assertTrue(endLine > startLine || region.get("endColumn").getAsInt() >= region.get("startColumn").getAsInt(),
                    region.toString());
        }
    }

    @Test
    void anUnchangedRebuildKeepsEveryResult() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("a.py", TWO_ERRORS);
        p.source("b.py", SYNTAX_ERROR);
        p.source("clean.py", CompileMojoTest.CLEAN);
        p.compileFailing();
        String first = Files.readString(p.sarif(), StandardCharsets.UTF_8);
        assertEquals(3, results(parse(p.sarif())).size());

        Failed second = p.compileFailing();
        assertTrue(TestProject.texts(second.lines(), "INFO").get(0).contains("2 checked, 1 up to date"),
                second.lines().toString());
        assertEquals(first, Files.readString(p.sarif(), StandardCharsets.UTF_8), "the same report, nothing lost");
    }

    @Test
    void aFixedFileLeavesTheReportAndAnUpToDateFileAddsNothing() throws Exception {
        TestProject p = new TestProject(dir);
        Path a = p.source("a.py", TWO_ERRORS);
        p.source("b.py", SYNTAX_ERROR);
        p.compileFailing();
        Files.writeString(a, CompileMojoTest.CLEAN);
        p.compileFailing();
        JsonArray results = results(parse(p.sarif()));
        assertEquals(1, results.size(), results.toString());
        assertEquals("src/main/torchscript/b.py", location(results.get(0).getAsJsonObject())
                .getAsJsonObject("artifactLocation").get("uri").getAsString());

        Files.writeString(p.basedir.resolve("src/main/torchscript/b.py"), CompileMojoTest.CLEAN.replace("clamp_sum", "h"));
        List<Line> clean = p.compile();
        JsonObject log = parse(p.sarif());
        assertSarifEssentials(log);
        assertEquals(0, results(log).size(), clean.toString());
        JsonObject driver = log.getAsJsonArray("runs").get(0).getAsJsonObject()
                .getAsJsonObject("tool").getAsJsonObject("driver");
        assertEquals(0, driver.getAsJsonArray("rules").size());

        List<Line> unchanged = p.compile();
        assertEquals(List.of("TorchScript: 2 sources in src/main/torchscript: all up to date"),
                TestProject.texts(unchanged, "INFO"));
        assertEquals(0, results(parse(p.sarif())).size());
    }

    @Test
    void anEmptySarifFileWritesNoReportAndARelativeOneIsUnderTheProject() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("bad.py", TWO_ERRORS);
        p.parameters.put("sarifFile", "");
        p.compileFailing();
        assertFalse(Files.exists(p.sarif()));

        p.parameters.put("sarifFile", "reports/ts.sarif");
        p.compileFailing();
        assertEquals(2, results(parse(dir.resolve("reports/ts.sarif"))).size());
    }

    @Test
    void theReportIsWrittenWhenFailOnErrorIsOff() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("bad.py", TWO_ERRORS);
        p.parameters.put("failOnError", false);
        p.compile();
        assertEquals(2, results(parse(p.sarif())).size());
    }

    @Test
    void urisAreEscapedRelativeReferences() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("my models/ä#1.py", TWO_ERRORS);
        p.compileFailing();
        JsonObject artifact = location(results(parse(p.sarif())).get(0).getAsJsonObject())
                .getAsJsonObject("artifactLocation");
        assertEquals("src/main/torchscript/my%20models/%C3%A4%231.py", artifact.get("uri").getAsString());
        assertEquals("%SRCROOT%", artifact.get("uriBaseId").getAsString());
    }

    @Test
    void levelsAndRuleTextsFollowTheCodes() {
        assertEquals("error", SarifReport.level(io.github.torchscript4j.checker.source.Severity.ERROR));
        assertEquals("warning", SarifReport.level(io.github.torchscript4j.checker.source.Severity.WARNING));
        assertEquals("note", SarifReport.level(io.github.torchscript4j.checker.source.Severity.INFO));
        assertEquals("NotDefinedInBranch", SarifReport.ruleName(Code.NOT_DEFINED_IN_BRANCH));
        assertEquals("Not defined in branch", SarifReport.shortDescription(Code.NOT_DEFINED_IN_BRANCH));
    }

    @Test
    void jsonStringsAreEscapedAndParseBack() {
        String nasty = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 e\u0301 \ud83d\ude00 lone \ud800 end";
        StringBuilder b = new StringBuilder();
        SarifReport.Json.write(Map.of("k", List.of(nasty, 42, true, Map.of(), List.of())), b, 0);
        JsonObject o = JsonParser.parseString(b.toString()).getAsJsonObject();
        JsonArray a = o.getAsJsonArray("k");
        assertEquals(nasty, a.get(0).getAsString());
        assertEquals(42, a.get(1).getAsInt());
        assertTrue(a.get(2).getAsBoolean());
        assertTrue(b.toString().contains("lone \\ud800 end"), b.toString());
        assertTrue(b.toString().contains("nul \\u0000 bell \\u0007"), b.toString());
        assertFalse(b.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no raw control characters");
    }

    /** What SARIF 2.1.0 requires of a log and what code scanning reads of it. */
    static void assertSarifEssentials(JsonObject log) {
        assertEquals("2.1.0", log.get("version").getAsString());
        assertEquals("https://json.schemastore.org/sarif-2.1.0.json", log.get("$schema").getAsString());
        JsonArray runs = log.getAsJsonArray("runs");
        assertEquals(1, runs.size());
        JsonObject run = runs.get(0).getAsJsonObject();
        JsonObject driver = run.getAsJsonObject("tool").getAsJsonObject("driver");
        assertFalse(driver.get("name").getAsString().isEmpty());
        JsonArray rules = driver.getAsJsonArray("rules");
        for (JsonElement rule : rules) {
            assertTrue(rule.getAsJsonObject().get("id").getAsString().matches("TS\\d{4}"), rule.toString());
            assertFalse(rule.getAsJsonObject().getAsJsonObject("shortDescription").get("text").getAsString().isEmpty());
        }
        for (JsonElement e : run.getAsJsonArray("results")) {
            JsonObject result = e.getAsJsonObject();
            String ruleId = result.get("ruleId").getAsString();
            int index = result.get("ruleIndex").getAsInt();
            assertEquals(ruleId, rules.get(index).getAsJsonObject().get("id").getAsString(), "ruleIndex points at ruleId");
            assertTrue(List.of("error", "warning", "note").contains(result.get("level").getAsString()));
            assertFalse(result.getAsJsonObject("message").get("text").getAsString().isEmpty());
            JsonArray locations = result.getAsJsonArray("locations");
            assertEquals(1, locations.size());
            JsonObject physical = locations.get(0).getAsJsonObject().getAsJsonObject("physicalLocation");
            assertFalse(physical.getAsJsonObject("artifactLocation").get("uri").getAsString().isEmpty());
            JsonObject region = physical.getAsJsonObject("region");
            for (String k : List.of("startLine", "startColumn", "endLine", "endColumn")) {
                assertTrue(region.get(k).getAsInt() >= 1, k + " is 1-based: " + region);
            }
        }
    }

    private static void assertLocation(JsonObject physical, String uri, int startLine, int startColumn, int endLine,
            int endColumn) {
        JsonObject artifact = physical.getAsJsonObject("artifactLocation");
        assertEquals(uri, artifact.get("uri").getAsString());
        assertEquals("%SRCROOT%", artifact.get("uriBaseId").getAsString());
        JsonObject region = physical.getAsJsonObject("region");
        assertEquals(List.of(startLine, startColumn, endLine, endColumn), List.of(region.get("startLine").getAsInt(),
                region.get("startColumn").getAsInt(), region.get("endLine").getAsInt(), region.get("endColumn").getAsInt()),
                region.toString());
    }

    private static JsonObject location(JsonObject result) {
        return result.getAsJsonArray("locations").get(0).getAsJsonObject().getAsJsonObject("physicalLocation");
    }

    private static JsonArray results(JsonObject log) {
        return log.getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("results");
    }

    private static JsonObject parse(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
