package io.github.torchscript4j.maven;

import static io.github.torchscript4j.maven.TestProject.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.maven.TestProject.Failed;
import io.github.torchscript4j.maven.TestProject.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The {@code trace-check} goal on small projects: traces that agree on their check inputs, a trace
 * that diverges with data-dependent control flow (as {@code torch.jit.trace} reports it, with the
 * source line of the cause), outputs that differ, and declarations that are wrong. The JUnit
 * reports are read back as XML.
 */
class TraceCheckMojoTest {
    /** Traces alike for any inputs of these shapes. */
    static final String AGREEING = """
            import torch


            def scale(x, y):
                return torch.relu(x * 2 + y.sum())
            """;

    /**
     * Data-dependent control flow: a trace keeps the branch its example took. PyTorch 1.13.1 fails
     * the check on a negative input with "Graphs differed across invocations!", first diverging
     * operator at line 6 in the trace and line 8 in the check (the tracer, as the reference, records
     * lines: the column is the line's first).
     */
    static final String BRANCHY = """
            import torch


            def choose(x):
                if x.sum() > 0:
                    return x * 2
                else:
                    return x - 1
            """;

    @TempDir Path dir;

    @Test
    void checksThatAgreePassAndAreReported() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("models/scale.py", AGREEING);
        p.model("scale", "models/scale.py", "scale", "trace", "float32[2,3](-1,1); float32[3]",
                "float32[2,3](-1,1); float32[3]", "float32[4,3]; float32[3](-5,5)");
        List<Line> log = p.traceCheck();
        assertEquals(List.of(), texts(log, "ERROR"));
        assertTrue(texts(log, "INFO").contains("TorchScript trace-check: scale (scale of scale.py): traced; 2 check inputs:"
                + " 2 passed"), log.toString());
        Element suite = suite(p.report("scale"));
        assertEquals("torchscript.trace.scale", suite.getAttribute("name"));
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals(List.of("trace", "check_inputs[0]", "check_inputs[1]"), testcaseNames(suite));
    }

    @Test
    void aDivergingTraceFailsAtTheSourceLineOfTheCause() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("models/branchy.py", BRANCHY);
        p.model("choose", "models/branchy.py", "choose", "trace", "float32[3]=1", "float32[3](0.5,1)", "float32[3]=-1");
        Failed f = p.traceCheckFailing();
        String file = p.path("models/branchy.py");
        List<String> errors = texts(f.lines(), "ERROR");
        assertEquals(1, errors.size(), f.lines().toString());
        String error = errors.get(0);
        // at the if whose branch came from tensor data, with a suggestion, then both diverging operators
        assertTrue(error.startsWith(file + ":[5,5] choose: check_inputs[1] (float32[3]=-1): Tracing failed sanity checks!\n"
                + "  " + file + ":[5,5] TS0706: the trace on check input 1 records other operators than the trace on the"
                + " example inputs from the operator at line 6 on, inside this if (Graphs differed across invocations)\n"
                + "  " + file + ":[5,5] note: this branch comes from tensor data, and the trace keeps only the branch the"
                + " example inputs took; script this function (@torch.jit.script) to keep the branch\n"
                + "  " + file + ":[6,1] note: the trace of the example inputs took this operator\n"
                + "  " + file + ":[8,1] note: the trace of check input 2 took this operator instead\n"
                + "ERROR: Graphs differed across invocations!\n"), error);
        // the conversion of x.sum() > 0 to a boolean, as the reference warns of it, at the if's condition
        List<String> warnings = texts(f.lines(), "WARNING");
        assertTrue(warnings.contains(file + ":[5,8] TS0701: a tensor converted to a Python boolean decides this branch:"
                + " the trace keeps only the branch the example inputs took\n  " + file + ":[5,8] note: this branch comes"
                + " from tensor data; script this function (@torch.jit.script) to keep the branch, or compute both sides"
                + " and choose with torch.where"), warnings.toString());
        assertEquals(1, warnings.stream().filter(w -> w.contains("TS0701")).count(), warnings.toString());
        assertTrue(error.contains("\tTrace source location:\n\t\t" + file + "(6): choose\n"), error);
        assertTrue(error.contains("\tCheck source location:\n\t\t" + file + "(8): choose"), error);
        assertEquals("TorchScript trace-check: 1 check failed in choose (listed above; reports in "
                + dir.resolve("target/torchscript-reports") + ")", f.failure().getMessage());

        Element suite = suite(p.report("choose"));
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals(List.of("trace", "check_inputs[0]", "check_inputs[1]"), testcaseNames(suite));
        Element failed = (Element) suite.getElementsByTagName("testcase").item(2);
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertEquals("Tracing failed sanity checks!", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().startsWith(file + ":[5,5]\n" + file + ":[5,5] TS0706: "),
                failure.getTextContent());
        assertTrue(failure.getTextContent().contains("ERROR: Graphs differed across invocations!"));
        assertEquals(0, ((Element) suite.getElementsByTagName("testcase").item(1)).getElementsByTagName("failure").getLength());
        Element traced = (Element) suite.getElementsByTagName("testcase").item(0);
        assertTrue(traced.getElementsByTagName("system-err").item(0).getTextContent().contains(file + ":[5,8] TS0701: "),
                traced.getTextContent());
    }

    @Test
    void outputsThatDifferFailUnlessOnlyWarned() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("noisy.py", """
                import torch


                def noisy(x):
                    return x + torch.rand(3)
                """);
        p.model("noisy", "noisy.py", "noisy", "trace", "float32[3]", "float32[3]");
        Failed f = p.traceCheckFailing();
        String error = texts(f.lines(), "ERROR").get(0);
        // at the line that computed the mismatched output
        assertTrue(error.startsWith(p.path("noisy.py") + ":[5,5] noisy: check_inputs[0] (float32[3]): Trace had nondeterministic"
                + " nodes."), error);
        assertTrue(error.contains("Output nr 1. of the traced function does not match the corresponding output of the"
                + " Python function."), error);

        p.traceParameters.put("failOnMismatch", false);
        List<Line> log = p.traceCheck();
        assertEquals(List.of(), texts(log, "ERROR"));
        assertTrue(texts(log, "WARNING").stream().anyMatch(w -> w.contains("TracerWarning: Output nr 1.")), log.toString());
        String file = p.path("noisy.py");
        assertTrue(texts(log, "WARNING").contains(file + ":[5,5] TS0704: aten::rand gives other values on every run, so"
                + " the trace checks compare different numbers\n  " + file + ":[5,5] note: seed or remove the randomness"
                + " (call .eval() on a model with dropout), or check without check_inputs"), log.toString());
        Element suite = suite(p.report("noisy"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals(1, suite.getElementsByTagName("system-err").getLength());
    }

    @Test
    void badDeclarationsNameTheModelAndTheValue() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("models/branchy.py", BRANCHY);
        p.model("typo", "models/branchy.py", "choose", "trace", "flaot32[3]");
        p.model("shape", "models/branchy.py", "choose", "trace", "float32[3]", "float32[3,-1]");
        p.model("missing", "models/branchy.py", "chose", "trace", "float32[3]");
        p.model("noentry", "models/branchy.py", null, "trace", "float32[3]");
        p.model("nofile", "models/nothere.py", "choose", "tracing", "float32[3]");
        Failed f = p.traceCheckFailing();
        String file = p.path("models/branchy.py");
        assertEquals(List.of(
                "TorchScript: model 'typo': inputs: unknown dtype 'flaot32' in 'flaot32[3]': expected one of float16,"
                        + " bfloat16, float32, float64, uint8, int8, int16, int32, int64, bool",
                "TorchScript: model 'shape': checkInputs #1: bad shape '[3,-1]' in 'float32[3,-1]': dimension '-1' is not"
                        + " a non-negative integer",
                "TorchScript: model 'missing': entry 'chose' is not a module-level function or class of " + file
                        + " (it has choose)",
                "TorchScript: model 'noentry': <entry> is missing: name the model's function or class in its source",
                "TorchScript: model 'nofile': bad mode 'tracing': expected script or trace",
                "TorchScript: model 'nofile': source 'models/nothere.py' is not in " + dir.resolve("src/main/torchscript")),
                texts(f.lines(), "ERROR"));
        assertTrue(f.failure().getMessage().startsWith("TorchScript: 6 errors in the <models> declarations (listed above);"
                + " the first: model 'typo': inputs: unknown dtype 'flaot32'"), f.failure().getMessage());
        assertFalse(Files.exists(dir.resolve("target/torchscript-reports")), "nothing is traced");
    }

    @Test
    void aModuleClassIsBuiltAndItsForwardTracedAndChecked() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("net.py", """
                import torch
                import torch.nn as nn


                class Net(nn.Module):
                    def __init__(self, n: int = 3):
                        super().__init__()
                        self.fc = nn.Linear(n, n)

                    def forward(self, x):
                        return self.fc(x).relu()


                class Steps(nn.Module):
                    def forward(self, x):
                        for _ in range(x.size(0)):
                            x = x * 2
                        return x
                """);
        p.model("net", "net.py", "Net", "trace", "float32[2,3]", "float32[4,3]", "float32[1,3](0,1)");
        List<Line> log = p.traceCheck();
        assertEquals(List.of(), texts(log, "ERROR"));
        assertTrue(texts(log, "INFO").contains("TorchScript trace-check: net (Net of net.py): traced; 2 check inputs:"
                + " 2 passed"), log.toString());

        p.models.clear();
        p.model("steps", "net.py", "Steps", "trace", "float32[2]", "float32[3]");
        Failed f = p.traceCheckFailing();
        List<String> errors = texts(f.lines(), "ERROR");
        assertTrue(errors.stream().anyMatch(e -> e.contains("steps: check_inputs[0] (float32[3])")
                && e.contains("Graphs differed across invocations!")), errors.toString());
        assertEquals("1", suite(p.report("steps")).getAttribute("failures"));
    }

    @Test
    void aModuleThatCannotBeBuiltOrAGpuIsAnErrorOfItsModel() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("net.py", """
                import torch


                class Net(torch.nn.Module):
                    def __init__(self):
                        super().__init__()
                        raise ValueError("no net today")

                    def forward(self, x):
                        return x + 1
                """);
        p.model("net", "net.py", "Net", "trace", "float32[3]", "float32[3]");
        p.model("gpu", "net.py", "Net", "trace", "float32[3]").device = "cuda:0";
        Failed f = p.traceCheckFailing();
        List<String> errors = texts(f.lines(), "ERROR");
        assertTrue(errors.get(0).contains("net: trace (float32[3]): building the module: ValueError: no net today"),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("gpu: trace (float32[3]): cannot trace on device cuda:0 yet")),
                errors.toString());
        Element suite = suite(p.report("net"));
        assertEquals("2", suite.getAttribute("errors"));
    }

    @Test
    void scriptedModelsWithoutChecksAndSkippedBuildsTraceNothing() throws Exception {
        TestProject p = new TestProject(dir);
        p.source("models/branchy.py", BRANCHY);
        p.model("choose", "models/branchy.py", "choose", null, null);
        assertEquals(List.of("TorchScript trace-check: no traced models (none has <mode>trace</mode> or <checkInputs>)"),
                texts(p.traceCheck(), "INFO"));
        p.model("traced", "models/branchy.py", "choose", "trace", "float32[3]=1", "float32[3]=-1");
        p.traceParameters.put("skip", true);
        assertEquals(List.of("TorchScript trace-check: skipped (torchscript.skip=true)"), texts(p.traceCheck(), "INFO"));
        assertFalse(Files.exists(p.report("traced")));
    }

    @Test
    void descriptorDeclaresTheGoalItsPhaseAndProperties() throws Exception {
        // Written by maven-plugin-plugin before the tests run.
        String descriptor = Files.readString(Path.of("target/classes/META-INF/maven/plugin.xml"));
        int at = descriptor.indexOf("<goal>trace-check</goal>");
        assertTrue(at > 0, descriptor);
        String mojo = descriptor.substring(at, descriptor.indexOf("</mojo>", at));
        assertTrue(mojo.contains("<phase>test</phase>"), mojo);
        assertTrue(mojo.contains("<threadSafe>true</threadSafe>"), mojo);
        assertTrue(mojo.contains("SplittableRandom(seed + i)"), "the description says how values are drawn");
        for (String property : List.of("torchscript.skip", "skipTests", "torchscript.sourceDirectory",
                "torchscript.reportsDirectory", "torchscript.failOnMismatch", "torchscript.testFailureIgnore")) {
            assertTrue(mojo.contains("${" + property + "}"), property);
        }
        assertTrue(mojo.contains("<name>models</name>"), mojo);
    }

    private static Element suite(Path report) throws Exception {
        assertTrue(Files.isRegularFile(report), report + " exists");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        return doc.getDocumentElement();
    }

    private static List<String> testcaseNames(Element suite) {
        NodeList cases = suite.getElementsByTagName("testcase");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            names.add(((Element) cases.item(i)).getAttribute("name"));
        }
        return names;
    }
}
