package io.github.torchscript4j.runtime.differential;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A committed list keyed by program name, one entry per line: the name, whitespace, then free text
 * (a reason, a recorded verdict). {@code #} starts a comment line; blank lines are ignored. Used
 * for {@code known-disagreements.txt} and {@code pytorch-1.13.txt}.
 */
final class NameList {
    private NameList() {}

    /** The entries of the resource {@code differential/FILE}, in file order; empty if there is no such file. */
    static Map<String, String> read(String file) {
        try (InputStream in = NameList.class.getResourceAsStream("/" + Corpus.FOLDER + "/" + file)) {
            return in == null ? Map.of() : parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parse(String file, String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        int number = 0;
        for (String line : text.lines().toList()) {
            number++;
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            String[] parts = stripped.split("\\s+", 2);
            if (entries.put(parts[0], parts.length > 1 ? parts[1] : "") != null) {
                throw new IllegalArgumentException(file + ":" + number + ": " + parts[0] + " is listed twice");
            }
        }
        return entries;
    }
}
