package io.github.torchscript4j.runtime.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.python.PyException;
import io.github.torchscript4j.runtime.python.PyInstance;
import io.github.torchscript4j.runtime.python.PyModuleObject;
import io.github.torchscript4j.runtime.python.PythonInterpreter;
import io.github.torchscript4j.runtime.python.TorchHost;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every module of our {@code torch.nn} library (the checker's {@code library/torch_nn*.py}) against
 * PyTorch 1.13.1's own {@code torch.nn}, one test per line of {@code
 * src/test/resources/nn-library/golden.jsonl} (its README says how it is regenerated and what each
 * key means):
 *
 * <ol>
 *   <li><b>built</b>: after {@code torch.manual_seed(seed)} our Python interpreter constructs the
 *       module ({@code nn.Class(**args)}, or the line's {@code expr}); its {@code state_dict()} has
 *       the reference's keys in order, dtypes and shapes, and values within {@code 1e-6} (the
 *       torch host reproduces PyTorch's generator);
 *   <li><b>eager</b>: with the reference's state dict loaded through {@code load_state_dict}, in
 *       the line's mode ({@code eval()} or training), {@code forward(*inputs)} under {@code
 *       torch.no_grad()} agrees with the reference's output by FORMAT.md's rule, and in training
 *       mode the state dict afterwards (running statistics) with the reference's;
 *   <li><b>archived</b>: with the reference's state dict loaded again, the instance is compiled,
 *       written and run as {@link ModelPackager} does — our IR interpreter on the archive read back
 *       and libtorch's runtime give what eager execution gives, and that is the reference's output.
 * </ol>
 *
 * Cases that cannot pass yet are listed, with the reason, in {@code
 * nn-library/known-failures.txt}; such a case must still fail (so the list only shrinks) and every
 * other case must pass. A summary of the stages reached is printed after the run.
 */
class NnLibraryGoldenTest {
    static final Path GOLDEN = Path.of("src", "test", "resources", "nn-library", "golden.jsonl");
    static final Path KNOWN_FAILURES = Path.of("src", "test", "resources", "nn-library", "known-failures.txt");

    /** How far a case got, in order; the last one reached is counted in the summary. */
    enum Stage { NONE, BUILT, EAGER, ARCHIVED }

    private static final Map<String, Stage> REACHED = new LinkedHashMap<>();
    private static final Map<String, String> FAILURES = new LinkedHashMap<>();

    @TempDir static Path tmp;

    /** One line of the golden file, named by its construction. */
    record Case(String name, String construction, JsonObject line) {
        boolean training() {
            return line.has("training") && line.get("training").getAsBoolean();
        }

        boolean hasForward() {
            return line.has("inputs") && !line.get("inputs").isJsonNull();
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String text : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
            if (text.isBlank()) {
                continue;
            }
            JsonObject line = JsonParser.parseString(text).getAsJsonObject();
            String construction;
            if (line.has("expr") && !line.get("expr").isJsonNull()) {
                construction = line.get("expr").getAsString();
            } else {
                List<String> args = new ArrayList<>();
                for (Map.Entry<String, JsonElement> e : line.getAsJsonObject("args").entrySet()) {
                    args.add(e.getKey() + "=" + python(e.getValue()));
                }
                construction = "nn." + line.get("module").getAsString() + "(" + String.join(", ", args) + ")";
            }
            String name = construction.startsWith("nn.") ? construction.substring(3) : construction;
            if (line.has("training") && line.get("training").getAsBoolean()) {
                name += " [training]";
            }
            assertTrue(names.add(name), "two golden lines are both " + name);
            cases.add(new Case(name, construction, line));
        }
        return cases;
    }

    /** The known failures: case name → reason (lines {@code NAME<TAB>REASON}, {@code #} comments). */
    static Map<String, String> knownFailures() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        for (String text : Files.readAllLines(KNOWN_FAILURES, StandardCharsets.UTF_8)) {
            if (text.isBlank() || text.startsWith("#")) {
                continue;
            }
            int tab = text.indexOf('\t');
            assertTrue(tab > 0, "known-failures.txt: a line is NAME<TAB>REASON: " + text);
            known.put(text.substring(0, tab), text.substring(tab + 1).strip());
        }
        return known;
    }

    @Test
    void everyKnownFailureIsACase() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        cases().forEach(c -> names.add(c.name()));
        for (String known : knownFailures().keySet()) {
            assertTrue(names.contains(known), "known-failures.txt names no golden case: " + known);
        }
        assertTrue(cases().size() > 100, "the golden file has " + cases().size() + " cases");
    }

    @TestFactory
    Stream<DynamicTest> everyLibraryModuleComputesTheReferencesValues() throws IOException {
        Map<String, String> known = knownFailures();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Stage[] reached = {Stage.NONE};
            Throwable failure = null;
            try {
                run(c, reached);
            } catch (AssertionError | Exception e) {
                failure = e;
            }
            REACHED.put(c.name(), reached[0]);
            if (failure != null) {
                FAILURES.put(c.name(), failure.getMessage());
            }
            String reason = known.get(c.name());
            if (reason == null && failure != null) {
                throw failure;
            }
            if (reason != null && failure == null) {
                fail(c.name() + " now passes: remove it from known-failures.txt (listed as: " + reason + ")");
            }
        }));
    }

    @AfterAll
    static void summary() {
        if (REACHED.isEmpty()) {
            return;
        }
        Map<Stage, Integer> atLeast = new EnumMap<>(Stage.class);
        int withForward = 0;
        for (Stage s : REACHED.values()) {
            for (Stage t : Stage.values()) {
                if (s.compareTo(t) >= 0) {
                    atLeast.merge(t, 1, Integer::sum);
                }
            }
        }
        System.out.println("nn-library golden: " + REACHED.size() + " cases: built+state dict equal "
                + atLeast.getOrDefault(Stage.BUILT, 0) + ", eager output equal " + atLeast.getOrDefault(Stage.EAGER, 0)
                + ", compiled+archived+IR/libtorch/eager equal " + atLeast.getOrDefault(Stage.ARCHIVED, 0)
                + " (cases without forward stop after the state dict)");
        new TreeMap<>(FAILURES).forEach((name, why) -> System.out.println("  failing: " + name + ": "
                + (why == null ? "" : why.lines().findFirst().orElse(""))));
    }

    // ---- one case ---------------------------------------------------------------------------------

    private static void run(Case c, Stage[] reached) throws Exception {
        Path source = tmp.resolve("case" + Integer.toHexString(c.name().hashCode()) + ".py");
        Files.writeString(source, harness(c), StandardCharsets.UTF_8);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<TensorRef> made = new ArrayList<>();
        try (TorchHost host = new TorchHost()) {
            PythonInterpreter python = new PythonInterpreter(host, List.of(), quiet);
            PyModuleObject harness;
            PyInstance module;
            try {
                harness = python.runSource("__main__", source.toString(), Files.readString(source));
                Object built = python.call(harness.dict().get("build"), List.of(), Map.of());
                assertTrue(built instanceof PyInstance, c.construction() + " made " + python.repr(built));
                module = (PyInstance) built;
            } catch (PyException e) {
                throw new AssertionError("build: " + e.describe(), e);
            }
            Map<Object, Object> golden = map(value(c.line().get("state_dict"), made), "state_dict");
            Object ours = call(python, "state_dict", python.getAttr(module, "state_dict"), List.of());
            sameStateDict(map(ours, "our state_dict()"), golden, 1e-6, "state dict after seeding");
            reached[0] = Stage.BUILT;
            if (!c.hasForward()) {
                return;
            }

            call(python, "load_state_dict", python.getAttr(module, "load_state_dict"),
                    List.of(new LinkedHashMap<>(golden)));
            if (!c.training()) {
                call(python, "eval", python.getAttr(module, "eval"), List.of());
            }
            List<Object> inputs = list(value(c.line().get("inputs"), made));
            Object expected = value(c.line().get("output"), made);
            Object output = call(python, "forward", harness.dict().get("forward"), List.of(module, inputs));
            assertTrue(JsonValues.agree(expected, ModelPackager.plain(output)), "eager output " + JsonValues.print(ModelPackager.plain(output))
                    + " is not the reference's " + JsonValues.print(expected));
            if (c.training() && c.line().has("state_dict_after")) {
                Map<Object, Object> after = map(value(c.line().get("state_dict_after"), made), "state_dict_after");
                Object ourAfter = call(python, "state_dict", python.getAttr(module, "state_dict"), List.of());
                sameStateDict(map(ourAfter, "our state_dict()"), after, -1, "state dict after forward");
            }
            reached[0] = Stage.EAGER;

            call(python, "load_state_dict", python.getAttr(module, "load_state_dict"),
                    List.of(new LinkedHashMap<>(golden)));
            ModelPackager.Report report;
            try {
                report = ModelPackager.packageInstance(python, host, module, source, inputs,
                        tmp.resolve(source.getFileName() + ".pt"), quiet);
            } catch (PackageException e) {
                throw new AssertionError(e.stage() + ": " + e.getMessage(), e);
            }
            assertEquals(3, report.outputs().size());
            for (Map.Entry<String, String> e : report.outputs().entrySet()) {
                assertTrue(JsonValues.agree(expected, JsonValues.parse(e.getValue())),
                        e.getKey() + " gave " + e.getValue() + ", the reference " + JsonValues.print(expected));
            }
            reached[0] = Stage.ARCHIVED;
        } finally {
            made.forEach(TensorRef::release);
        }
    }

    /**
     * The case's Python: {@code build()} seeds and constructs, {@code forward(m, inputs)} runs the
     * module without autograd. It is also the source the packager compiles against.
     */
    static String harness(Case c) {
        return "import torch\n"
                + "from torch import nn\n"
                + "from collections import OrderedDict\n\n\n"
                + "def build():\n"
                + "    torch.manual_seed(" + c.line().get("seed").getAsLong() + ")\n"
                + "    return " + c.construction() + "\n\n\n"
                + "def forward(module, inputs):\n"
                + "    with torch.no_grad():\n"
                + "        return module(*inputs)\n";
    }

    private static Object call(PythonInterpreter python, String what, Object callable, List<Object> args) {
        try {
            return python.call(callable, args, Map.of());
        } catch (PyException e) {
            throw new AssertionError(what + ": " + e.describe(), e);
        }
    }

    /** Our state dict is the reference's: keys in order, dtypes, shapes, values within {@code atol} (FORMAT.md's rule when negative). */
    static void sameStateDict(Map<Object, Object> ours, Map<Object, Object> golden, double atol, String what) {
        assertEquals(List.copyOf(golden.keySet()), List.copyOf(ours.keySet()), what + ": keys");
        for (Map.Entry<Object, Object> e : golden.entrySet()) {
            Object mine = ours.get(e.getKey());
            assertTrue(mine instanceof TensorRef, what + ": " + e.getKey() + " is not a tensor");
            TensorData b = TensorData.read((TensorRef) e.getValue());
            TensorData a = TensorData.read((TensorRef) mine);
            String where = what + ": " + e.getKey();
            assertEquals(b.dtype(), a.dtype(), where + ": dtype");
            assertEquals(Arrays.toString(b.shape()), Arrays.toString(a.shape()), where + ": shape");
            if (atol < 0 || b.floats() == null) {
                assertTrue(JsonValues.agree(b, a), where + ": " + a + " is not " + b);
                continue;
            }
            for (int i = 0; i < b.floats().length; i++) {
                double x = a.floats()[i];
                double y = b.floats()[i];
                assertTrue(Math.abs(x - y) <= atol || Double.compare(x, y) == 0,
                        where + ": element " + i + " is " + x + ", the reference " + y);
            }
        }
    }

    /** A golden VALUE as a runtime value; the tensors it makes are recorded for release. */
    private static Object value(JsonElement json, List<TensorRef> made) {
        Object v = JsonValues.fromJson(json);
        collect(v, made);
        return v;
    }

    private static void collect(Object v, List<TensorRef> made) {
        if (v instanceof TensorRef t) {
            made.add(t);
        } else if (v instanceof List<?> l) {
            l.forEach(e -> collect(e, made));
        } else if (v instanceof Tuple t) {
            t.elements().forEach(e -> collect(e, made));
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(e -> collect(e, made));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object v, String what) {
        assertTrue(v instanceof Map<?, ?>, what + " is not a dict: " + v);
        return (Map<Object, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v) {
        assertTrue(v instanceof List<?>, "inputs are not a list: " + v);
        return new ArrayList<>((List<Object>) v);
    }

    /** A constructor argument (a golden VALUE) as Python source. */
    static String python(JsonElement v) {
        if (v == null || v.isJsonNull()) {
            return "None";
        }
        if (v.isJsonPrimitive()) {
            JsonPrimitive p = v.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean() ? "True" : "False";
            }
            if (p.isNumber()) {
                return p.getAsNumber().toString();
            }
            StringBuilder s = new StringBuilder("'");
            for (char ch : p.getAsString().toCharArray()) {
                if (ch == '\\' || ch == '\'') {
                    s.append('\\');
                }
                s.append(ch);
            }
            return s.append('\'').toString();
        }
        if (v.isJsonArray()) {
            List<String> items = new ArrayList<>();
            v.getAsJsonArray().forEach(e -> items.add(python(e)));
            return "[" + String.join(", ", items) + "]";
        }
        JsonObject o = v.getAsJsonObject();
        if (o.has("tuple")) {
            JsonArray a = o.getAsJsonArray("tuple");
            List<String> items = new ArrayList<>();
            a.forEach(e -> items.add(python(e)));
            return "(" + String.join(", ", items) + (items.size() == 1 ? ",)" : ")");
        }
        if (o.has("dtype")) {
            return "torch." + o.get("dtype").getAsString();
        }
        if (o.has("float")) {
            return "float('" + o.get("float").getAsString() + "')";
        }
        throw new IllegalArgumentException("no Python for the argument " + v);
    }
}
