package io.github.torchscript4j.runtime.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs each program of {@code src/test/resources/python/*.py} through the interpreter (with a host
 * that provides nothing) and compares what it prints with what CPython printed, recorded in
 * {@code NAME.out} by {@code scripts/record-python-interpreter-golden}.
 */
class PythonProgramsTest {
    static Path programs() throws URISyntaxException {
        return Path.of(PythonProgramsTest.class.getResource("/python").toURI());
    }

    @TestFactory
    Stream<DynamicTest> eachProgramPrintsWhatCPythonPrints() throws Exception {
        Path dir = programs();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String expected = Files.readString(dir.resolve(file.getFileName().toString().replace(".py", ".out")));
            String actual = run(dir, file);
            if (!expected.equals(actual)) {
                // kept for a diff with the expected output: target/python-actual/NAME.out
                Path failed = Path.of("target", "python-actual", file.getFileName().toString().replace(".py", ".out"));
                Files.createDirectories(failed.getParent());
                Files.writeString(failed, actual);
            }
            assertEquals(expected, actual);
        }));
    }

    static String run(Path dir, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PythonInterpreter py = new PythonInterpreter(new NoHost(), List.of(dir), out);
        try {
            py.runFile(file);
        } catch (PyException e) {
            out.println("UNCAUGHT " + e.describe());
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
