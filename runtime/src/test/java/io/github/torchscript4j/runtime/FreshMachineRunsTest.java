package io.github.torchscript4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run on a fresh machine, again and again (issue 6, point 3): each time the JavaCPP
 * cache ({@code -Dorg.bytedeco.javacpp.cachedir}) is emptied and a new JVM compiles and runs a
 * TorchScript program ({@link RunProgramMain}), which must print the right result and exit
 * normally — no crash while Bytedeco extracts and loads libtorch (see {@link Libtorch}).
 * {@link LoadFromEmptyCacheTest} looks at what one such load maps; this one repeats the whole
 * first run.
 *
 * <p>It runs {@value #DEFAULT_RUNS} times, as the issue asks; each run extracts libtorch (a few
 * hundred MB) anew, about 3 s on a 2-core machine, so some 30 s in all. {@code
 * -Dtorchscript.freshRuns=N} runs it N times instead:
 *
 * <pre>
 * mvn -o -q -pl runtime test -Dtest=FreshMachineRunsTest -Dsurefire.failIfNoSpecifiedTests=false -Dtorchscript.freshRuns=3
 * </pre>
 *
 * <p>Tagged {@code native} ({@code -DexcludedGroups=native} leaves it out).
 */
@Tag("native")
class FreshMachineRunsTest {
    static final int DEFAULT_RUNS = 10;

    @TempDir
    Path temporary;

    @Test
    void aProgramRunsInANewJvmFromAnEmptyCacheEveryTime() throws Exception {
        int runs = Integer.getInteger("torchscript.freshRuns", DEFAULT_RUNS);
        Path cache = temporary.resolve("cache");
        Path work = Files.createDirectories(temporary.resolve("work"));
        for (int run = 1; run <= runs; run++) {
            empty(cache);
            Files.createDirectories(cache);
            long start = System.nanoTime();
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", testClassPath(),
                    "-Dorg.bytedeco.javacpp.cachedir=" + cache,
                    "-XX:ErrorFile=" + work.resolve("hs_err_pid%p.log"),
                    RunProgramMain.class.getName());
            Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
            String output;
            try {
                output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    throw new AssertionError("run " + run + ": the JVM did not finish in 5 minutes");
                }
            } finally {
                process.destroyForcibly();
            }
            assertEquals(0, process.exitValue(), "run " + run + " of " + runs + ": exit status; output:\n" + output);
            assertTrue(output.contains("result=27.0"), "run " + run + ": " + output);
            System.out.printf("fresh machine: run %d of %d from an empty cache in %d ms%n", run, runs,
                    (System.nanoTime() - start) / 1_000_000);
        }
        empty(cache);
    }

    /** Deletes {@code directory} and everything in it (symbolic links themselves, never what they point to). */
    private static void empty(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    /** The class path of this test run (surefire's own property when forked, else the JVM's). */
    private static String testClassPath() {
        String classPath = System.getProperty("surefire.test.class.path");
        if (classPath == null || classPath.isBlank()) {
            classPath = System.getProperty("java.class.path");
        }
        return classPath;
    }
}
