package io.github.torchscript4j.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code torchscript check --format=torchscript} against the reference's own reports, byte for
 * byte: each {@code torchscript-format/NAME.py} is a program {@code torch.jit.script} rejects, and
 * {@code NAME.txt} the text of the reference's error (PyTorch 1.13.1), recorded by {@code
 * scripts/record-torchscript-format-golden}. Paths are compared without the folder's.
 *
 * <p>{@code KNOWN-DIFFERENCES.md} lists the cases whose report is known to differ, one {@code -
 * NAME: reason} line each: such a case must still differ (remove its line when it stops), and
 * every other case must be equal. The test prints the tally.
 */
class TorchScriptFormatGoldenTest {
    private static final String DIR = "/torchscript-format/";

    private static Path dir() throws URISyntaxException {
        return Paths.get(TorchScriptFormatGoldenTest.class.getResource(DIR).toURI());
    }

    private static List<Path> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
    }

    /** The known differences, by case name. */
    private static Map<String, String> knownDifferences() throws IOException, URISyntaxException {
        Map<String, String> known = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir().resolve("KNOWN-DIFFERENCES.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("- ") && line.contains(":")) {
                known.put(line.substring(2, line.indexOf(':')).trim(), line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return known;
    }

    /** Our report of one case, with the case folder left out of paths. */
    static String ours(Path source) throws URISyntaxException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new String[] {"check", "--format=torchscript", source.toString()},
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
        assertEquals(1, status, "a golden case has an error: " + err);
        return out.toString().replace(dir().toString() + java.io.File.separator, "");
    }

    private static String golden(Path source) throws IOException {
        String name = source.getFileName().toString();
        return Files.readString(source.resolveSibling(name.substring(0, name.length() - 3) + ".txt"), StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesTheReferenceOrIsAKnownDifference() throws IOException, URISyntaxException {
        Map<String, String> known = knownDifferences();
        return cases().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String name = p.getFileName().toString().replace(".py", "");
            if (known.containsKey(name)) {
                assertNotEquals(golden(p), ours(p), name + " now matches the reference: remove it from KNOWN-DIFFERENCES.md");
            } else {
                assertEquals(golden(p), ours(p), name);
            }
        }));
    }

    @Test
    void tally() throws IOException, URISyntaxException {
        List<Path> cases = cases();
        int equal = 0;
        for (Path p : cases) {
            if (golden(p).equals(ours(p))) {
                equal++;
            }
        }
        System.out.println("TorchScriptFormatGoldenTest: " + equal + " of " + cases.size() + " reports equal the reference's");
        assertTrue(cases.size() >= 15, "at least 15 golden cases");
        for (String name : knownDifferences().keySet()) {
            assertTrue(Files.exists(dir().resolve(name + ".py")), "KNOWN-DIFFERENCES.md names no case " + name);
        }
    }
}
