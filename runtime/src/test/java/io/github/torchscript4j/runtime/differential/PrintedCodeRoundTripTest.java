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
 * lowered, each module-level function is printed with {@link CodePrinter#print}, libtorch 2.10
 * compiles the printed code, and the graph libtorch made of each function is compared with ours
 * ({@link GraphPrinter}) under the checker's {@link IrNormalization#graph} (the same class, from
 * the checker's test-jar).
 *
 * <p>Two ways of handing the code to libtorch are measured; the first is the one held to a floor:
 *
 * <ol>
 *   <li><b>As an archive</b> ({@link #importArchive}): the printed code is the serialized form, so
 *       it is loaded as {@code torch::jit::load} loads an archive's {@code code/} files ({@code
 *       torch::jit::import_ir_module} on a minimal archive written here), whose resolver knows what
 *       the printed form uses: {@code annotate}, {@code unchecked_cast}, {@code ops.prim}, {@code
 *       uninitialized}, {@code inf} and {@code __torch__.} names. Functions go to the file of their
 *       qualified name ({@code __torch__.torch.nn.functional.f} to {@code
 *       code/__torch__/torch/nn/functional.py}); the file's classes are written too (attributes
 *       with their types, methods with {@link CodePrinter#printMethod}) so that functions using
 *       them resolve, but methods are not compared.
 *   <li><b>With {@code torch::jit::compile}</b> ({@link #compile}, the front end {@link
 *       io.github.torchscript4j.runtime.ReferenceCompiler} uses): all functions of a file as one
 *       unit, with the {@code __torch__.} prefix removed. Its resolver knows only {@code torch},
 *       so code using {@code annotate}, {@code unchecked_cast}, {@code ops}, classes or nested
 *       namespaces fails; it is reported for comparison.
 * </ol>
 *
 * <p>Either way the functions of one file compile or fail together, and a failure counts against
 * every function of the file. Prints {@code round trip: …} with, per way, {@code compiled N/M (P%),
 * graph equal K/N}, and writes every failure, with the printed code and both normalised graphs, to
 * {@code target/ir-reports/roundtrip.txt}. Run it alone with:
 *
 * <pre>
 * mvn -o -q -pl runtime -am test -Dtest=PrintedCodeRoundTripTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Tagged {@code native}: it loads libtorch.
 */
@Tag("native")
class PrintedCodeRoundTripTest {
    /** The share of functions libtorch must compile as an archive; raise it as the printer improves. */
    private static final double COMPILE_FLOOR = 0.90;

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

    /** The figures and failures of one way of handing the printed code to libtorch. */
    private static final class Tally {
        final String name;
        int compiled;
        int graphEqual;
        final StringBuilder report = new StringBuilder();

        Tally(String name) {
            this.name = name;
        }

        void add(String id, Compiled theirs, Map<String, String> ourGraphs, String code) {
            if (theirs.error() != null) {
                report.append("=== ").append(id).append(": NOT COMPILED (").append(ourGraphs.size()).append(" functions): ")
                        .append(firstLine(theirs.error())).append("\n--- printed code\n").append(code)
                        .append("--- libtorch\n").append(theirs.error().strip()).append("\n\n");
                return;
            }
            compiled += ourGraphs.size();
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

        String figures(int functions) {
            return String.format("%s: compiled %d/%d functions (%.1f%%), graph equal %d/%d (%.1f%%)", name, compiled,
                    functions, percent(compiled, functions), graphEqual, compiled, percent(graphEqual, compiled));
        }
    }

    @Test
    void libtorchCompilesOurPrintedCodeToTheSameGraph() throws IOException {
        Optional<Path> corpus = corpusLocation();
        assumeTrue(corpus.isPresent(), "conformance corpus not found beside the project (../shared/conformance/public); skipped");
        Libtorch.ensureLoaded();
        Path out = Path.of("target", "ir-reports");
        Files.createDirectories(out);
        int cases = 0;
        int functions = 0;
        int methodsSkipped = 0;
        int notEmitted = 0;
        StringBuilder report = new StringBuilder();
        Tally archive = new Tally("archive import (import_ir_module)");
        Tally compile = new Tally("torch::jit::compile");
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
                byName.put(f.qualifiedName(), f);
            }
            if (byName.isEmpty()) {
                notEmitted++;
                report.append("=== ").append(id).append(": NO MODULE-LEVEL FUNCTION EMITTED\n\n");
                continue;
            }
            Map<String, String> printed = new LinkedHashMap<>();
            Map<String, String> ourGraphs = new LinkedHashMap<>();
            String printFailure = null;
            for (Function f : byName.values()) {
                try {
                    printed.put(f.qualifiedName(), CodePrinter.print(f));
                    ourGraphs.put(f.qualifiedName(), GraphPrinter.print(f.graph()));
                } catch (RuntimeException e) {
                    printFailure = f.name() + ": " + e;
                }
            }
            functions += byName.size();
            if (printFailure != null) {
                report.append("=== ").append(id).append(": PRINTER FAILED: ").append(printFailure).append("\n\n");
                continue;
            }
            String code = String.join("", printed.values());
            archive.add(id, importArchive(byName, printed, unit, out), ourGraphs, code);
            String stripped = code.replace("__torch__.", "");
            compile.add(id, compile(stripped, byName), ourGraphs, stripped);
        }
        String figures = String.format("round trip: %d cases, %d not emitted, %d functions, %d methods of classes not compared%n  %s%n  %s",
                cases, notEmitted, functions, methodsSkipped, archive.figures(functions), compile.figures(functions));
        System.out.println(figures);
        Files.writeString(out.resolve("roundtrip.txt"), figures + "\n\n" + report + "##### " + archive.name + "\n\n" + archive.report
                + "##### " + compile.name + "\n\n" + compile.report, StandardCharsets.UTF_8);
        assertTrue(functions > 0, "no accepted script case was found in the corpus");
        assertTrue(archive.compiled >= COMPILE_FLOOR * functions,
                figures + "; below the floor of " + COMPILE_FLOOR + "; see target/ir-reports/roundtrip.txt");
    }

    /** The class that holds the wrappers in {@link #importArchive}'s archive. */
    private static final String HOLDER = "RoundTripHolder__";

    /**
     * Loads the printed code as libtorch loads an archive's {@code code/__torch__.py} ({@code
     * torch::jit::import_ir_module}, whose resolver knows {@code annotate}, {@code unchecked_cast},
     * {@code ops}, {@code uninitialized}, {@code inf} and {@code __torch__.}) and reads back each
     * function's graph. The importer compiles a free function only when something refers to it, so
     * the archive's module class gets one method per function that calls it with its own
     * parameters; the functions are then in the unit as {@code __torch__.NAME}.
     */
    private static Compiled importArchive(Map<String, Function> functions, Map<String, String> printed, CompilationUnit ours, Path dir) {
        StringBuilder code = new StringBuilder("class " + HOLDER + "(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
        int index = 0;
        for (Map.Entry<String, String> e : printed.entrySet()) {
            String text = e.getValue();
            int open = text.indexOf('(');
            int end = text.indexOf(":\n", open);
            String params = text.substring(open + 1, end).replace("\n", "\n  ");
            List<String> args = new ArrayList<>();
            for (Function.Param p : functions.get(e.getKey()).params()) {
                args.add(p.name() + "=" + p.name());
            }
            String self = params.startsWith(")") ? "self" : "self, ";
            code.append("  def call").append(index++).append("(").append(self).append(params).append(":\n    return __torch__.")
                    .append(e.getKey().substring("__torch__.".length())).append("(").append(String.join(", ", args)).append(")\n");
        }
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        files.put("__torch__", code);
        for (Map.Entry<String, String> e : printed.entrySet()) {
            String qualifier = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
            files.computeIfAbsent(qualifier, k -> new StringBuilder()).append(e.getValue());
        }
        for (CompilationUnit.ClassInfo cls : ours.classes().values()) {
            String qualified = cls.qualifiedName();
            int dot = qualified.lastIndexOf('.');
            files.computeIfAbsent(qualified.substring(0, dot), k -> new StringBuilder()).append(classText(cls, qualified.substring(dot + 1)));
        }
        Path archive = dir.resolve("roundtrip.pt");
        try {
            writeArchive(archive, files);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Callable<Compiled> task = () -> {
            org.bytedeco.pytorch.CompilationUnit unit = new org.bytedeco.pytorch.CompilationUnit();
            try (org.bytedeco.pytorch.JitModule module = torch.import_ir_module(unit, archive.toString())) {
                Map<String, String> graphs = new LinkedHashMap<>();
                for (String name : functions.keySet()) {
                    try (QualifiedName q = new QualifiedName(name)) {
                        GraphFunction g = torch.toGraphFunction(unit.get_function(q));
                        graphs.put(name, g.graph().toString());
                    }
                }
                return new Compiled(graphs, null);
            } catch (RuntimeException e) {
                return new Compiled(Map.of(), String.valueOf(e.getMessage()) + "\n--- archive code/__torch__.py\n" + code);
            }
        };
        return run(task);
    }

    /** A class as an archive declares it: its attributes with their types, then its methods. */
    private static String classText(CompilationUnit.ClassInfo cls, String name) {
        StringBuilder b = new StringBuilder("class ").append(name).append(cls.isModule() ? "(Module):\n" : ":\n");
        if (cls.isModule()) {
            b.append("  __parameters__ = []\n  __buffers__ = []\n");
            if (!cls.attributes().containsKey("training")) {
                b.append("  training : bool\n");
            }
        }
        cls.attributes().forEach((attribute, type) -> b.append("  ").append(attribute).append(" : ").append(type.annotationStr()).append('\n'));
        for (Function m : cls.methods().values()) {
            try {
                b.append(CodePrinter.printMethod(m, 1));
            } catch (RuntimeException e) {
                b.append("  # method ").append(m.name()).append(" not printed: ").append(e).append('\n');
            }
        }
        if (cls.attributes().isEmpty() && cls.methods().isEmpty() && !cls.isModule()) {
            b.append("  pass\n");
        }
        return b.toString();
    }

    /** A minimal archive: an empty module of class {@link #HOLDER}, with {@code code} as {@code code/__torch__.py}. */
    private static void writeArchive(Path archive, Map<String, StringBuilder> files) throws IOException {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        data.write(new byte[] {(byte) 0x80, 2, 'c'});
        data.write(("__torch__\n" + HOLDER + "\n").getBytes(StandardCharsets.US_ASCII));
        data.write(new byte[] {')', (byte) 0x81, '}', 'X', 8, 0, 0, 0});
        data.write("training".getBytes(StandardCharsets.US_ASCII));
        data.write(new byte[] {(byte) 0x88, 's', 'b', '.'});
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(archive))) {
            stored(zip, "roundtrip/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, "roundtrip/data.pkl", data.toByteArray());
            stored(zip, "roundtrip/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            for (Map.Entry<String, StringBuilder> file : files.entrySet()) {
                String path = "roundtrip/code/" + file.getKey().replace('.', '/') + ".py";
                stored(zip, path, file.getValue().toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void stored(java.util.zip.ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(name);
        entry.setMethod(java.util.zip.ZipEntry.STORED);
        entry.setSize(bytes.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Compiles one unit with {@code torch::jit::compile} and reads back each named function's graph. */
    private static Compiled compile(String source, Map<String, Function> functions) {
        Callable<Compiled> task = () -> {
            try (org.bytedeco.pytorch.CompilationUnit unit = torch.compile(source)) {
                Map<String, String> graphs = new LinkedHashMap<>();
                for (Function f : functions.values()) {
                    try (QualifiedName q = new QualifiedName(f.name())) {
                        GraphFunction g = torch.toGraphFunction(unit.get_function(q));
                        graphs.put(f.qualifiedName(), g.graph().toString());
                    }
                }
                return new Compiled(graphs, null);
            } catch (RuntimeException e) {
                return new Compiled(Map.of(), String.valueOf(e.getMessage()));
            }
        };
        return run(task);
    }

    private static Compiled run(Callable<Compiled> task) {
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
