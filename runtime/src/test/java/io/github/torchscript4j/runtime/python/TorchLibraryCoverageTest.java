package io.github.torchscript4j.runtime.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code torch.NAME} and {@code torch._C._nn.NAME} that the bundled Python libraries call
 * ({@code torch.nn.functional}, {@code torch.nn.init}) is an attribute of the host's modules.
 */
class TorchLibraryCoverageTest {
    private static final Pattern USE = Pattern.compile("torch\\.(_C\\._nn\\.)?([A-Za-z_][A-Za-z_0-9]*)\\s*\\(");
    private static final Set<String> NOT_FUNCTIONS = Set.of("nn", "jit", "_C", "_jit_internal", "X");

    @Test
    void everyTorchFunctionTheBundledLibrariesCallExists() throws IOException {
        try (TorchHost host = new TorchHost()) {
            PyAttributes torch = host.importModule("torch").orElseThrow();
            PyAttributes nn = host.importModule("torch._C._nn").orElseThrow();
            Set<String> missing = new TreeSet<>();
            int checked = 0;
            for (String file : List.of("torch_nn_functional.py", "torch_nn_init.py")) {
                String text = read(file);
                Matcher m = USE.matcher(text);
                while (m.find()) {
                    String name = m.group(2);
                    if (NOT_FUNCTIONS.contains(name)) {
                        continue;
                    }
                    PyAttributes module = m.group(1) != null ? nn : torch;
                    checked++;
                    if (module.attribute(name).isEmpty()) {
                        missing.add((m.group(1) != null ? "torch._C._nn." : "torch.") + name);
                    }
                }
            }
            assertEquals(new TreeSet<>(), missing, "of " + checked + " uses");
        }
    }

    private static String read(String file) throws IOException {
        String path = "/io/github/torchscript4j/checker/library/" + file;
        try (InputStream in = TorchLibraryCoverageTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
