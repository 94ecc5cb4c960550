package io.github.torchscript4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns command-line operands into the list of files to process.
 *
 * <p>A file operand stands for itself, spelled as the user spelled it. A directory stands for every
 * {@code .py} file below it, sorted by path so that output is deterministic, each spelled as the
 * directory operand joined with its path below the directory.
 */
final class InputFiles {
    private InputFiles() {}

    /** An operand that names nothing readable. */
    static final class MissingInput extends Exception {
        MissingInput(String message) {
            super(message);
        }
    }

    static List<String> expand(List<String> operands) throws MissingInput {
        List<String> files = new ArrayList<>();
        for (String operand : operands) {
            Path path = Path.of(operand);
            if (Files.isDirectory(path)) {
                files.addAll(pythonFilesBelow(path));
            } else if (Files.exists(path)) {
                files.add(operand);
            } else {
                throw new MissingInput(operand + ": no such file or directory");
            }
        }
        return files;
    }

    private static List<String> pythonFilesBelow(Path dir) throws MissingInput {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".py"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .map(Path::toString)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new MissingInput(dir + ": cannot list directory: " + e.getMessage());
        }
    }
}
