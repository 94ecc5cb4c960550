package io.github.torchscript4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A set of Python files read into memory once, as raw bytes, for the benchmarks.
 *
 * <p>Where the files come from, in order: the system property {@code torchscript4j.corpus} (or a
 * {@code --corpus} argument), a list of directories and {@code .py} files separated by the path
 * separator, or {@code @file} naming a file with one path per line; else the standard library of
 * the {@code python3} on the {@code PATH} (every {@code .py} file, {@code test/} folders included,
 * {@code site-packages} excluded); else the project's own test resources (found from the working
 * directory upwards). Files are sorted by path so that every run sees the same order.
 *
 * <p>It does not decode or parse; it only reads bytes.
 */
public final class Corpus {
    /** The system property naming the corpus. */
    public static final String PROPERTY = "torchscript4j.corpus";

    private final String description;
    private final List<Path> paths;
    private final List<byte[]> contents;
    private final long totalBytes;

    private Corpus(String description, List<Path> paths) {
        this.description = description;
        this.paths = List.copyOf(paths);
        List<byte[]> contents = new ArrayList<>(paths.size());
        long total = 0;
        for (Path p : paths) {
            try {
                byte[] b = Files.readAllBytes(p);
                contents.add(b);
                total += b.length;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        this.contents = List.copyOf(contents);
        this.totalBytes = total;
    }

    /** The corpus named by {@code spec} (see the class comment), or the default one when blank. */
    public static Corpus load(String spec) {
        if (spec != null && !spec.isBlank()) {
            return new Corpus(spec, expand(spec));
        }
        Path stdlib = pythonStdlib();
        if (stdlib != null) {
            return new Corpus("python3 stdlib " + stdlib, pythonFiles(stdlib, true));
        }
        Path resources = projectTestResources();
        if (resources != null) {
            return new Corpus("project test resources " + resources, pythonFiles(resources, false));
        }
        throw new IllegalStateException("no corpus: set -D" + PROPERTY + "=<dirs or files>");
    }

    /** The corpus named by the system property {@link #PROPERTY}, or the default one. */
    public static Corpus fromSystemProperty() {
        return load(System.getProperty(PROPERTY, ""));
    }

    public String description() {
        return description;
    }

    public List<Path> paths() {
        return paths;
    }

    public List<byte[]> contents() {
        return contents;
    }

    public int size() {
        return contents.size();
    }

    public long totalBytes() {
        return totalBytes;
    }

    /** Total size in megabytes of 1,000,000 bytes (the unit every figure of this module uses). */
    public double megabytes() {
        return totalBytes / 1e6;
    }

    private static List<Path> expand(String spec) {
        List<Path> result = new ArrayList<>();
        if (spec.startsWith("@")) {
            try {
                for (String line : Files.readAllLines(Paths.get(spec.substring(1)), StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        result.add(Paths.get(line.strip()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the file list " + spec, e);
            }
            return result;
        }
        for (String part : spec.split(java.io.File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            Path p = Paths.get(part);
            if (Files.isDirectory(p)) {
                result.addAll(pythonFiles(p, false));
            } else {
                result.add(p);
            }
        }
        return result;
    }

    private static List<Path> pythonFiles(Path root, boolean skipSitePackages) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".py"))
                    .filter(Files::isRegularFile)
                    .filter(p -> !(skipSitePackages && root.relativize(p).startsWith("site-packages")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The stdlib directory of {@code python3}, or null when there is no such interpreter. */
    static Path pythonStdlib() {
        try {
            Process process = new ProcessBuilder("python3", "-c",
                            "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            Path dir = Paths.get(out);
            return Files.isDirectory(dir) ? dir : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code checker/src/test/resources} of this project, searched from the working directory up. */
    private static Path projectTestResources() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("checker/src/test/resources");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }
}
