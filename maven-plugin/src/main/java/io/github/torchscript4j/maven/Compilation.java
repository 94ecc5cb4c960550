package io.github.torchscript4j.maven;

import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.GraphPrinter;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.semantics.Workspace;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.maven.SourceScanner.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work of {@code torchscript:compile} without Maven: checks the stale sources in one {@link
 * Workspace} over the build's source roots, so that imports of the project's own modules are
 * followed ({@link Workspace#check(Path, byte[])}), lowers each file without errors to the IR
 * ({@link Emitter#emit(CheckedFile)}), writes what was compiled, and keeps the {@link BuildState}
 * in step, with the files each check read as the source's dependencies. It reports; it does not
 * decide whether the build fails.
 *
 * <p>Each diagnostic is reported once, with the source it is in: an error inside an imported file
 * that several checked sources reach is listed under that file when it is one of the build's
 * sources, else under the first source (in source order) whose check found it; its message always
 * names its own file and line.
 *
 * <p>Output layout, for a source {@code <dir>/models/net.py}, in the output folder:
 *
 * <ul>
 *   <li>{@code models/net.py.code}: each compiled function and method as the reference prints
 *       {@code fn.code} ({@link CodePrinter}), each after a {@code # <qualified name>} line;
 *   <li>{@code models/net.py.graph}: the same functions as {@code fn.graph} ({@link GraphPrinter}),
 *       with {@code # models/net.py:line:column} source locations.
 * </ul>
 *
 * Both files are written for every source without errors, even one with no TorchScript function
 * (then they hold only their header line), and deleted for a source with errors and for a source
 * that no longer exists, so the folder always shows what the sources compile to. A function the
 * emitter cannot lower yet is left out of both and reported (see {@link FileResult#notLowered()}).
 *
 * <p>Sources are handled in parallel, each on a thread with a large stack (deeply nested code
 * recurses deeply in the checker, as in the language server); the checks themselves take turns on
 * the workspace's lock (so a module imported by many is parsed once), emitting and writing do not.
 * The results come back in source order. An instance holds no state between runs and is used by
 * one build thread.
 */
final class Compilation {
    /** Stack of the checking threads, as the language server's: deep but legal nesting recurses deeply. */
    static final long STACK_BYTES = 256L << 20;

    static final String CODE_SUFFIX = ".code";
    static final String GRAPH_SUFFIX = ".graph";

    /**
     * What happened to one source.
     *
     * @param checked false when the source was up to date and not checked again
     * @param diagnostics the checker's diagnostics, sorted by position (empty when not checked, which
     *     loses nothing: only a source whose last check reported nothing is skipped, so the log and
     *     the SARIF report of an unchanged rebuild are those of the build before it)
     * @param notLowered the functions the emitter could not lower (or the printers could not print)
     * @param functions how many functions and methods were written
     */
    record FileResult(Source source, boolean checked, List<Diagnostic> diagnostics, List<EmitException> notLowered,
            int functions) {
        FileResult {
            diagnostics = List.copyOf(diagnostics);
            notLowered = List.copyOf(notLowered);
        }

        long count(Severity severity) {
            return diagnostics.stream().filter(d -> d.severity() == severity).count();
        }

        boolean hasErrors() {
            return count(Severity.ERROR) > 0;
        }

        /** Whether the check reported nothing at all, so the source may count as up to date next time. */
        boolean clean() {
            return diagnostics.isEmpty() && notLowered.isEmpty();
        }
    }

    private final Path outputDirectory;
    private final int threads;
    private final List<Path> sourceRoots;

    /**
     * @param outputDirectory where the {@code .code} and {@code .graph} files go
     * @param threads the most sources checked at once (at least 1)
     * @param sourceRoots the folders imports of project modules are resolved under, in order
     */
    Compilation(Path outputDirectory, int threads, List<Path> sourceRoots) {
        this.outputDirectory = outputDirectory.toAbsolutePath().normalize();
        this.threads = Math.max(1, threads);
        this.sourceRoots = sourceRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /**
     * Checks every source that {@code state} does not know as up to date (all of them when {@code
     * incremental} is false), writes or deletes its outputs, deletes the outputs of sources the
     * state knows but that are gone, and updates {@code state} (which the caller saves).
     *
     * @throws IOException when a source cannot be read or an output cannot be written
     */
    List<FileResult> run(List<Source> sources, BuildState state, boolean incremental) throws IOException {
        List<FileResult> results = new ArrayList<>(sources.size());
        List<Integer> stale = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            Path file = s.file();
            present.add(BuildState.key(file));
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            boolean upToDate = incremental
                    && state.isUpToDate(file, attrs.size(), attrs.lastModifiedTime().toMillis())
                    && Files.isRegularFile(output(s, CODE_SUFFIX))
                    && Files.isRegularFile(output(s, GRAPH_SUFFIX));
            results.add(upToDate ? new FileResult(s, false, List.of(), List.of(), 0) : null);
            if (!upToDate) {
                stale.add(i);
            }
        }
        removeVanished(state, present);
        if (stale.isEmpty()) {
            return results;
        }
        Workspace workspace = Workspace.onDisk(sourceRoots);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, stale.size()), largeStackThreads());
        try {
            List<Future<FileResult>> futures = new ArrayList<>();
            for (int i : stale) {
                Source s = sources.get(i);
                futures.add(pool.submit(() -> compile(s, state, workspace)));
            }
            for (int k = 0; k < stale.size(); k++) {
                results.set(stale.get(k), await(futures.get(k), sources.get(stale.get(k))));
            }
        } finally {
            pool.shutdownNow();
        }
        return reportOnce(results);
    }

    /**
     * The results with each diagnostic once, under the source it is in (see the class comment):
     * the checks of several importers of one file all report the errors inside it. A function the
     * emitter could not lower is likewise reported once, by the first source whose unit holds it.
     */
    static List<FileResult> reportOnce(List<FileResult> results) {
        Map<String, Integer> byPath = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            byPath.putIfAbsent(BuildState.key(results.get(i).source().file()), i);
        }
        List<List<Diagnostic>> lists = new ArrayList<>();
        results.forEach(r -> lists.add(new ArrayList<>()));
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            for (Diagnostic d : results.get(i).diagnostics()) {
                SourceRange r = d.range();
                if (seen.add(List.of(r.file().path(), r.start(), r.end(), d.code().id(), d.message()))) {
                    lists.get(byPath.getOrDefault(pathKey(r.file().path()), i)).add(d);
                }
            }
        }
        Set<List<Object>> seenFailures = new HashSet<>();
        List<FileResult> once = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            FileResult r = results.get(i);
            List<EmitException> notLowered = r.notLowered().stream() // an imported function's, once
                    .filter(x -> x.range() == null || seenFailures.add(List.of(x.range().file().path(),
                            x.range().start(), x.range().end(), String.valueOf(x.getMessage()))))
                    .toList();
            String own = BuildState.key(r.source().file());
            List<Diagnostic> ds = lists.get(i);
            ds.sort(Comparator.<Diagnostic>comparingInt(d -> pathKey(d.range().file().path()).equals(own) ? 0 : 1)
                    .thenComparing(d -> d.range().file().path())
                    .thenComparing(Diagnostic.BY_POSITION));
            once.add(new FileResult(r.source(), r.checked(), ds, notLowered, r.functions()));
        }
        return once;
    }

    private static String pathKey(String path) {
        try {
            return BuildState.key(Path.of(path));
        } catch (InvalidPathException e) {
            return path;
        }
    }

    private static FileResult await(Future<FileResult> future, Source s) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking " + s.file(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("internal error while checking " + s.file() + ": " + cause, cause);
        }
    }

    /** Checks one source, writes or deletes its outputs. Runs on a pool thread. */
    private FileResult compile(Source s, BuildState state, Workspace workspace) throws IOException {
        Path file = s.file().toAbsolutePath().normalize();
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        byte[] bytes = Files.readAllBytes(file);
        CheckedFile checked = workspace.check(file, bytes);
        List<BuildState.Dependency> dependencies = workspace.dependencies(file).stream()
                .map(BuildState.Dependency::of).toList();
        List<EmitException> notLowered = new ArrayList<>();
        int functions = 0;
        if (checked.hasErrors()) {
            Files.deleteIfExists(output(s, CODE_SUFFIX));
            Files.deleteIfExists(output(s, GRAPH_SUFFIX));
        } else {
            Emitter.Result emitted = Emitter.emit(checked);
            notLowered.addAll(emitted.failures());
            StringBuilder code = new StringBuilder("# ").append(s.relativePath())
                    .append(": fn.code of each compiled function (torchscript-maven-plugin)\n");
            StringBuilder graph = new StringBuilder("# ").append(s.relativePath())
                    .append(": fn.graph of each compiled function (torchscript-maven-plugin)\n");
            for (Function f : emitted.unit().allFunctions()) {
                if (print(f, checked.file(), s.relativePath(), code, graph, notLowered)) {
                    functions++;
                }
            }
            write(output(s, CODE_SUFFIX), code);
            write(output(s, GRAPH_SUFFIX), graph);
        }
        FileResult result = new FileResult(s, true, checked.diagnostics(), notLowered, functions);
        synchronized (state) {
            state.put(file, new BuildState.Entry(attrs.size(), attrs.lastModifiedTime().toMillis(), result.clean(),
                    s.relativePath(), dependencies));
        }
        return result;
    }

    /**
     * Appends one function to both texts, or, if a printer fails on it (a bug, since the emitter
     * produced it), reports it as not lowered and appends nothing.
     */
    private static boolean print(Function f, SourceFile source, String path, StringBuilder code, StringBuilder graph,
            List<EmitException> notLowered) {
        String codeText;
        String graphText;
        try {
            codeText = CodePrinter.print(f);
            graphText = GraphPrinter.print(f.graph(), source, path);
        } catch (RuntimeException e) {
            notLowered.add(new EmitException("internal error while printing " + f.qualifiedName() + ": " + e,
                    source.range(0, source.lineEnd(1))));
            return false;
        }
        code.append("\n# ").append(f.qualifiedName()).append('\n').append(codeText);
        graph.append("\n# ").append(f.qualifiedName()).append('\n').append(graphText);
        return true;
    }

    /** Deletes the outputs of sources the state knows but this build did not find, and forgets them. */
    private void removeVanished(BuildState state, Set<String> present) throws IOException {
        for (Map.Entry<String, BuildState.Entry> e : List.copyOf(state.entries().entrySet())) {
            if (present.contains(e.getKey())) {
                continue;
            }
            for (String suffix : List.of(CODE_SUFFIX, GRAPH_SUFFIX)) {
                Path out = outputDirectory.resolve(e.getValue().outputPath() + suffix).normalize();
                if (out.startsWith(outputDirectory)) { // never outside the output folder, whatever the state says
                    Files.deleteIfExists(out);
                }
            }
            state.remove(e.getKey());
        }
    }

    /** The output file of a source with a suffix. */
    Path output(Source s, String suffix) {
        return outputDirectory.resolve(s.relativePath() + suffix);
    }

    private static void write(Path file, CharSequence text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static ThreadFactory largeStackThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, "torchscript-compile-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }
}
