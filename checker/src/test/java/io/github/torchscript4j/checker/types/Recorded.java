package io.github.torchscript4j.checker.types;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test helper: the tables under {@code src/test/resources/types/}, recorded from PyTorch 1.13.1
 * by {@code scripts/record_torchscript_types.py} (which documents each file's columns). One row
 * per line, tab-separated; lines starting with {@code #} are comments.
 */
final class Recorded {
    private Recorded() {}

    static List<List<String>> rows(String file) {
        String resource = "/types/" + file;
        try (InputStream in = Recorded.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<List<String>> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rows.add(Arrays.asList(line.split("\t", -1)));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
