package io.github.torchscript4j.maven;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the TorchScript sources under one source directory: every file whose path relative to
 * the directory matches an include pattern and no exclude pattern ({@link SourcePattern}).
 *
 * <p>Symbolic links to files are followed; links to folders are not (so a link cycle cannot loop).
 * A missing directory has no sources. The result is sorted by relative path, so the goal checks
 * and reports files in the same order on every machine.
 */
final class SourceScanner {
    private SourceScanner() {}

    /**
     * The source roots of a goal: {@code sourceDirectory}, then the {@code additionalSourceDirectories}
     * (may be null) not already listed, each absolute and normalized.
     */
    static List<Path> roots(java.io.File sourceDirectory, List<java.io.File> additionalSourceDirectories) {
        List<Path> roots = new java.util.ArrayList<>();
        roots.add(sourceDirectory.toPath().toAbsolutePath().normalize());
        if (additionalSourceDirectories != null) {
            for (java.io.File f : additionalSourceDirectories) {
                Path p = f.toPath().toAbsolutePath().normalize();
                if (!roots.contains(p)) {
                    roots.add(p);
                }
            }
        }
        return roots;
    }

    /** One TorchScript source: the folder it was found under and its path relative to it, with {@code /}. */
    record Source(Path root, String relativePath) {
        /** The file itself. */
        Path file() {
            return root.resolve(relativePath);
        }
    }

    static List<Source> scan(Path root, List<SourcePattern> includes, List<SourcePattern> excludes)
            throws IOException {
        List<Source> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file))) {
                    String relative = relative(root, file);
                    if (selected(relative, includes, excludes)) {
                        found.add(new Source(root, relative));
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(Source::relativePath));
        return found;
    }

    /** Whether a relative path is included and not excluded. */
    static boolean selected(String relativePath, List<SourcePattern> includes, List<SourcePattern> excludes) {
        return includes.stream().anyMatch(p -> p.matches(relativePath))
                && excludes.stream().noneMatch(p -> p.matches(relativePath));
    }

    private static String relative(Path root, Path file) {
        StringBuilder b = new StringBuilder();
        for (Path segment : root.relativize(file)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(segment);
        }
        return b.toString();
    }
}
