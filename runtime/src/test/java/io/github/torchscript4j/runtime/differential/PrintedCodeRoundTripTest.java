package io.github.torchscript4j.runtime.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.GraphPrinter;
import io.github.torchscript4j.checker.ir.IrNormalization;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.runtime.Libtorch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bytedeco.pytorch.GraphFunction;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Point 3 of issue 4: our printed {@code .code} is valid TorchScript for libtorch. For every
 * accepted script case of the public conformance corpus ({@code ../shared/conformance/public} from
 * the project's root; skipped with a message when it is not there), the file is checked and
 * lowered, each module-level function is printed with {@link CodePrinter#print}, libtorch 2.10's
 * own front end ({@code torch::jit::compile}, as {@link
 * io.github.torchscript4j.runtime.ReferenceCompiler} uses it) compiles the printed code, and the
 * graph libtorch made of each function is compared with ours ({@link GraphPrinter}) under the
 * checker's {@link IrNormalization#graph} (reused from the checker's test-jar).
 *
 * <p>How the printed code is fed to libtorch: all module-level functions of one file are compiled
 * together as one unit (libtorch resolves calls between them in any order), with the {@code
 * __torch__.} prefix that our printer writes before a callee's name removed, since a unit that
 * {@code torch::jit::compile} makes has its functions at the top level. So the unit compiles or
 * fails as a whole; a failure counts against every function of the file. Methods of classes and
 * modules are not compiled (that front end has no {@code class}); they are counted apart, and a
 * file whose functions refer to its classes fails to compile.
 *
 * <p>Prints {@code round trip: compiled N/M (P%), graph equal K/N} and writes every failure, with
 * the printed code and both normalised graphs, to {@code target/ir-reports/roundtrip.txt}. Run it
 * alone with:
 *
 * <pre>
 * mvn -o -q -pl runtime -am test -Dtest=PrintedCodeRoundTripTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Tagged {@code native}: it loads libtorch.
 */
@Tag("native")
class PrintedCodeRoundTripTest {
    /** The share of functions libtorch must compile; raise it as the printer improves. */
    private static final double COMPILE_FLOOR = 0.65;

    /** libtorch's parser and emitter recurse on the native stack: compile on a large one. */
    private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(null, task, "roundtrip-compiler", 512L << 20);
        thread.setDaemon(true);
        return thread;
    });

    @AfterAll
    static void stopCompiler() {
        COMPILER.shutdownNow();
    }

    /** What libtorch made of one unit: each function's graph text by name, or libtorch's error. */
    private record Compiled(Map<String, String> graphs, String error) {}

    @Test
    void libtorchCompilesOurPrintedCodeToTheSameGraph() throws IOException {
        Optional<Path> corpus = corpusLocation();
        assumeTrue(corpus.isPresent(), "conformance corpus not found beside the project (../shared/conformance/public); skipped");
        Libtorch.ensureLoaded();
        int cases = 0;
        int functions = 0;
        int compiled = 0;
        int graphEqual = 0;
        int methodsSkipped = 0;
        int notEmitted = 0;
        StringBuilder report = new StringBuilder();
        for (String line : Files.readAllLines(corpus.get().resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject c = JsonParser.parseString(line).getAsJsonObject();
            if (!"script".equals(string(c, "kind")) || !"ok".equals(string(c, "expect"))) {
                continue;
            }
            cases++;
            String id = string(c, "id");
            String file = string(c, "file");
            CompilationUnit unit;
            try {
                byte[] bytes = Files.readAllBytes(corpus.get().resolve(file));
                unit = Emitter.emit(CheckedFile.check(file, bytes)).unit();
            } catch (RuntimeException | StackOverflowError e) {
                notEmitted++;
                report.append("=== ").append(id).append(": NOT EMITTED: ").append(e).append("\n\n");
                continue;
            }
            for (CompilationUnit.ClassInfo cls : unit.classes().values()) {
                methodsSkipped += cls.methods().size();
            }
            Map<String, Function> byName = new LinkedHashMap<>();
            for (Function f : unit.functions().values()) {
                byName.put(f.name(), f);
            }
            if (byName.isEmpty()) {
                notEmitted++;
                report.append("=== ").append(id).append(": NO MODULE-LEVEL FUNCTION EMITTED\n\n");
                continue;
            }
            StringBuilder source = new StringBuilder();
            Map<String, String> ourGraphs = new LinkedHashMap<>();
            String printFailure = null;
            for (Function f : byName.values()) {
                try {
                    source.append(CodePrinter.print(f).replace("__torch__.", "")).append('\n');
                    ourGraphs.put(f.name(), GraphPrinter.print(f.graph()));
                } catch (RuntimeException e) {
                    printFailure = f.name() + ": " + e;
                }
            }
            functions += byName.size();
            if (printFailure != null) {
                report.append("=== ").append(id).append(": PRINTER FAILED: ").append(printFailure).append("\n\n");
                continue;
            }
            Compiled theirs = compile(source.toString(), List.copyOf(byName.keySet()));
            if (theirs.error() != null) {
                report.append("=== ").append(id).append(": NOT COMPILED (").append(byName.size()).append(" functions): ")
                        .append(firstLine(theirs.error())).append("\n--- printed code\n").append(source)
                        .append("--- libtorch\n").append(theirs.error().strip()).append("\n\n");
                continue;
            }
            compiled += byName.size();
            for (Map.Entry<String, String> ours : ourGraphs.entrySet()) {
                String expected = IrNormalization.graph(theirs.graphs().get(ours.getKey()));
                String actual = IrNormalization.graph(ours.getValue());
                if (expected.equals(actual)) {
                    graphEqual++;
                } else {
                    report.append("=== ").append(id).append(" ").append(ours.getKey()).append(": GRAPH DIFFERS\n")
                            .append("--- libtorch 2.10 (normalised)\n").append(expected)
                            .append("\n--- ours (normalised)\n").append(actual).append("\n\n");
                }
            }
        }
        String figures = String.format(
                "round trip: %d cases, %d not emitted; compiled %d/%d functions (%.1f%%), graph equal %d/%d (%.1f%%);"
                        + " %d methods of classes not compiled",
                cases, notEmitted, compiled, functions, percent(compiled, functions), graphEqual, compiled,
                percent(graphEqual, compiled), methodsSkipped);
        System.out.println(figures);
        Path out = Path.of("target", "ir-reports");
        Files.createDirectories(out);
        Files.writeString(out.resolve("roundtrip.txt"), figures + "\n\n" + report, StandardCharsets.UTF_8);
        assertTrue(functions > 0, "no accepted script case was found in the corpus");
        assertTrue(compiled >= COMPILE_FLOOR * functions,
                figures + "; below the floor of " + COMPILE_FLOOR + "; see target/ir-reports/roundtrip.txt");
    }

    /** Compiles one unit with {@code torch::jit::compile} and reads back each named function's graph. */
    private static Compiled compile(String source, List<String> names) {
        Callable<Compiled> task = () -> {
            try (org.bytedeco.pytorch.CompilationUnit unit = torch.compile(source)) {
                Map<String, String> graphs = new LinkedHashMap<>();
                for (String name : names) {
                    try (QualifiedName q = new QualifiedName(name)) {
                        GraphFunction g = torch.toGraphFunction(unit.get_function(q));
                        graphs.put(name, g.graph().toString());
                    }
                }
                return new Compiled(graphs, null);
            } catch (RuntimeException e) {
                return new Compiled(Map.of(), String.valueOf(e.getMessage()));
            }
        };
        try {
            return COMPILER.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while libtorch compiled", e);
        } catch (ExecutionException e) {
            return new Compiled(Map.of(), String.valueOf(e.getCause()));
        }
    }

    /** The folder holding {@code cases.jsonl}, beside the project's root (found from the working directory upwards). */
    private static Optional<Path> corpusLocation() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("ARCHITECTURE.md"))) {
                Path corpus = p.resolveSibling("shared").resolve("conformance").resolve("public");
                return Files.isRegularFile(corpus.resolve("cases.jsonl")) ? Optional.of(corpus) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : null;
    }

    private static String firstLine(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
