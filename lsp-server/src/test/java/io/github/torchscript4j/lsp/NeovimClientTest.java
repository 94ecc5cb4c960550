package io.github.torchscript4j.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real editor as the client: Neovim, headless, drives the server through its built-in LSP client
 * ({@code neovim/client.lua}, a resource beside this class). Neovim starts the server as an editor
 * would, a child process on stdio ({@code java -cp <this test's class path>
 * io.github.torchscript4j.lsp.LanguageServerLauncher}), opens {@code neovim/example.py} (a TorchScript
 * error: an undefined name), waits for the published diagnostics, asks for hover on a name, types
 * {@code z = x.} on a new line (sent by Neovim as an incremental change) and asks for completion at
 * its end, stops the server, and writes what it received as JSON. This test checks that JSON.
 *
 * <p>Skipped (a JUnit assumption) when {@code nvim} is not on the {@code PATH}; {@code .ci/run}
 * installs Debian's {@code neovim} (0.7.2). Takes a few seconds (a JVM starts for the server).
 */
class NeovimClientTest {
    private static final long WAIT_SECONDS = 120;

    @Test
    void neovimReceivesDiagnosticsHoverAndCompletion(@TempDir Path dir) throws Exception {
        Path nvim = onPath("nvim");
        assumeTrue(nvim != null, "nvim is not on the PATH: install Neovim (apt-get install neovim) to run this test");

        Path script = dir.resolve("client.lua");
        Files.write(script, resource("neovim/client.lua"));
        Path project = Files.createDirectories(dir.resolve("project"));
        Path example = project.resolve("example.py");
        Files.write(example, resource("neovim/example.py"));
        Path out = dir.resolve("received.json");

        JsonArray cmd = new JsonArray();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LanguageServerLauncher.class.getName());

        ProcessBuilder pb = new ProcessBuilder(nvim.toString(), "--headless", "--clean", "-u", script.toString())
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nvim.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("TS_LSP_CMD", cmd.toString());
        env.put("TS_LSP_FILE", example.toString());
        env.put("TS_LSP_OUT", out.toString());
        env.put("TS_LSP_HOVER", "6,11"); // the y of `return y + offset`
        env.put("TS_LSP_TYPE_LINE", "6");
        env.put("TS_LSP_TYPE", "    z = x.");
        for (String xdg : List.of("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")) {
            env.put(xdg, Files.createDirectories(dir.resolve(xdg.toLowerCase())).toString()); // Neovim's logs stay here
        }
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("Neovim did not finish within " + WAIT_SECONDS + " s; its output:\n" + log(dir));
        }
        assertTrue(Files.exists(out), "Neovim wrote nothing (exit " + p.exitValue() + "); its output:\n" + log(dir));
        JsonObject received = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertEquals(new JsonArray(), received.getAsJsonArray("errors"), "the Lua client's errors; Neovim's output:\n" + log(dir));

        // The diagnostics of the opened file, as the server published them to Neovim.
        JsonObject published = received.getAsJsonArray("diagnostics").get(0).getAsJsonObject();
        assertEquals(example.toUri().getPath(), Path.of(java.net.URI.create(published.get("uri").getAsString())).toString(),
                published.toString());
        JsonArray diagnostics = published.getAsJsonArray("diagnostics");
        assertEquals(1, diagnostics.size(), diagnostics.toString());
        JsonObject d = diagnostics.get(0).getAsJsonObject();
        assertTrue(d.get("message").getAsString().startsWith("undefined value offset"), d.toString());
        assertEquals("TS0101", d.get("code").getAsString());
        assertEquals(1, d.get("severity").getAsInt()); // Error
        assertEquals(range(6, 15, 6, 21), d.get("range"));

        // Hover on y: the type the checker inferred.
        JsonObject hover = received.get("hover").getAsJsonObject();
        String hoverText = hover.getAsJsonObject("contents").get("value").getAsString();
        assertTrue(hoverText.contains("y: Tensor"), hoverText);
        assertEquals(range(6, 11, 6, 12), hover.get("range"));

        // Completion after `x.`, x a Tensor parameter: the tensor's methods and properties.
        List<String> labels = new ArrayList<>();
        JsonObject relu = null;
        for (JsonElement e : received.getAsJsonArray("completion")) {
            String label = e.getAsJsonObject().get("label").getAsString();
            labels.add(label);
            if (label.equals("relu")) {
                relu = e.getAsJsonObject();
            }
        }
        assertTrue(labels.containsAll(List.of("relu", "sum", "shape", "dtype")), labels.toString());
        assertTrue(relu != null && relu.get("detail").getAsString().startsWith("aten::relu(Tensor self)"), String.valueOf(relu));
        assertEquals(2, relu.get("kind").getAsInt()); // Method

        // Neovim stopped the server with shutdown and exit: an orderly exit.
        assertEquals(0, received.get("exit_code").getAsInt(), "the server's exit status; Neovim's output:\n" + log(dir));
    }

    private static JsonObject range(int line, int character, int endLine, int endCharacter) {
        return JsonParser.parseString(("{\"start\": {\"line\": %d, \"character\": %d},"
                + " \"end\": {\"line\": %d, \"character\": %d}}").formatted(line, character, endLine, endCharacter))
                .getAsJsonObject();
    }

    /** The executable {@code name} in a folder of the {@code PATH}, or null. */
    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (!folder.isEmpty()) {
                Path candidate = Path.of(folder, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static byte[] resource(String name) {
        try (InputStream in = NeovimClientTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String log(Path dir) {
        try {
            Path log = dir.resolve("nvim.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
