package io.github.torchscript4j.lsp.workspace;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code .py} files of a workspace on disk: under each source root of each {@code file:} root
 * folder (the root folders themselves when no source roots are configured), skipping hidden
 * folders, virtual environments and build output, and at most {@value #LIMIT} files, so that a
 * huge folder opened by mistake cannot stall the server.
 */
public final class PythonFiles {
    /** The most files listed. */
    public static final int LIMIT = 20_000;

    private static final Set<String> SKIPPED = Set.of(
            "node_modules", "__pycache__", "venv", "site-packages", "target", "build", "dist");

    private PythonFiles() {}

    /** The files of {@code workspace}'s roots, in a stable order; unreadable folders are skipped. */
    public static List<Path> of(Workspace workspace) {
        Set<Path> out = new LinkedHashSet<>();
        for (String root : workspace.roots()) {
            Path base;
            try {
                base = Path.of(URI.create(root));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                continue; // not a file: URI
            }
            List<Path> folders = new ArrayList<>();
            if (workspace.sourceRoots().isEmpty()) {
                folders.add(base);
            } else {
                for (String s : workspace.sourceRoots()) {
                    folders.add(base.resolve(s).normalize());
                }
            }
            for (Path folder : folders) {
                walk(folder, out);
            }
        }
        return List.copyOf(out);
    }

    private static void walk(Path folder, Set<Path> out) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(folder) && (name.startsWith(".") || SKIPPED.contains(name));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".py")) {
                        out.add(file);
                    }
                    return out.size() >= LIMIT ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // an unreadable folder contributes nothing
        }
    }
}
