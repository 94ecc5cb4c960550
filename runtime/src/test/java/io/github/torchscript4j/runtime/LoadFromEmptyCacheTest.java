package io.github.torchscript4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first load of libtorch on a fresh machine — an empty JavaCPP cache — in a new JVM, where it
 * used to crash (see {@link Libtorch}'s class comment): the process must exit normally, compute
 * with libtorch, and have mapped only the libtorch files of its own cache.
 *
 * <p>Each run extracts a few hundred MB into a temporary cache, so this takes seconds; it is
 * tagged {@code native} ({@code -DexcludedGroups=native} leaves it out).
 */
@Tag("native")
class LoadFromEmptyCacheTest {
    /** Where a distribution's libtorch (Debian's PyTorch, the project's reference) puts its libraries. */
    private static final List<String> SYSTEM_LIBRARY_DIRECTORIES = List.of(
            "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib");

    @TempDir
    Path temporary;

    @Test
    void theFirstLoadFromAnEmptyCacheWorks() throws Exception {
        Path cache = Files.createDirectory(temporary.resolve("cache"));
        assertLoadsFromOwnCache(cache, Optional.empty());
    }

    @Test
    void aForeignLibtorchOnLdLibraryPathIsNeverLoaded() throws Exception {
        Optional<String> foreign = SYSTEM_LIBRARY_DIRECTORIES.stream()
                .filter(directory -> Files.exists(Path.of(directory, "libtorch_cpu.so")))
                .findFirst();
        assumeTrue(foreign.isPresent(), "no other libtorch_cpu.so on this machine");
        Path cache = Files.createDirectory(temporary.resolve("cache-with-ld-library-path"));
        assertLoadsFromOwnCache(cache, foreign);
    }

    private void assertLoadsFromOwnCache(Path cache, Optional<String> ldLibraryPath) throws Exception {
        Path workingDirectory = Files.createDirectories(temporary.resolve("work"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache,
                "-XX:ErrorFile=" + workingDirectory.resolve("hs_err_pid%p.log"),
                LoadLibtorchMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        ldLibraryPath.ifPresent(path -> builder.environment().put("LD_LIBRARY_PATH", path));
        Process process = builder.start();
        byte[] output;
        try {
            output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                throw new AssertionError("the child JVM did not finish in 5 minutes");
            }
        } finally {
            process.destroyForcibly();
            deleteLinks(cache);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "exit status of the child JVM; its output:\n" + text);
        assertTrue(text.contains("sum=6.0"), text);
        assertTrue(text.contains("loaded libtorch " + Libtorch.VERSION), text);
        String ownCache = cache.toRealPath().toString();
        List<String> mapped = text.lines().filter(line -> line.startsWith("mapped ")).map(line -> line.substring(7)).toList();
        assertTrue(mapped.stream().anyMatch(file -> file.endsWith("/libtorch_cpu.so")), text);
        for (String file : mapped) {
            assertTrue(file.startsWith(ownCache + "/"), "mapped outside the JavaCPP cache: " + file + "\n" + text);
        }
    }

    /**
     * Removes the cache's symbolic links (JavaCPP links libraries it finds on the system, such as
     * CUDA's, into the cache), so that JUnit's clean-up of the temporary directory has nothing
     * outside it to warn about.
     */
    private static void deleteLinks(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isSymbolicLink(file)) {
                    Files.delete(file);
                }
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
