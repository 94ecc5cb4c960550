package io.github.torchscript4j.checker.semantics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a {@link Workspace} reads the project's files: the bytes of the file at a path, or
 * nothing when there is none, and whether a folder exists (for namespace packages). {@link
 * #fileSystem()} reads the disk; a language server puts the
 * unsaved texts of open editors in front of it with {@link #overlay(Map)}.
 *
 * <p>Implementations must be safe to call from the thread that checks; they never throw for a
 * missing or unreadable file (that is an empty answer, as Python's import system skips a file it
 * cannot open).
 */
@FunctionalInterface
public interface SourceProvider {
    /** The contents of {@code file}, or empty when it is not a readable regular file. */
    Optional<byte[]> read(Path file);

    /**
     * Whether {@code folder} is a folder (where a namespace package may be: a folder of modules
     * without {@code __init__.py}). By default none is: a provider of texts alone knows no folders.
     */
    default boolean isDirectory(Path folder) {
        return false;
    }

    /** The files on disk. */
    static SourceProvider fileSystem() {
        return new SourceProvider() {
            @Override
            public Optional<byte[]> read(Path file) {
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Files.readAllBytes(file));
                } catch (IOException | SecurityException e) {
                    return Optional.empty();
                }
            }

            @Override
            public boolean isDirectory(Path folder) {
                try {
                    return Files.isDirectory(folder);
                } catch (SecurityException e) {
                    return false;
                }
            }
        };
    }

    /**
     * These texts in front of this provider: a path of {@code texts} (compared after {@link
     * Path#normalize()} and {@link Path#toAbsolutePath()}) reads as its bytes, any other as before.
     */
    default SourceProvider overlay(Map<Path, byte[]> texts) {
        Map<Path, byte[]> copy = new java.util.HashMap<>();
        texts.forEach((p, b) -> copy.put(p.toAbsolutePath().normalize(), b.clone()));
        SourceProvider below = this;
        return new SourceProvider() {
            @Override
            public Optional<byte[]> read(Path file) {
                byte[] b = copy.get(file.toAbsolutePath().normalize());
                return b != null ? Optional.of(b.clone()) : below.read(file);
            }

            @Override
            public boolean isDirectory(Path folder) {
                Path f = folder.toAbsolutePath().normalize();
                return copy.keySet().stream().anyMatch(p -> p.startsWith(f) && !p.equals(f)) || below.isDirectory(folder);
            }
        };
    }
}
