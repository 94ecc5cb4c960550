package io.github.torchscript4j.checker.syntax.robustness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Python snippets under {@code src/test/resources/robustness/} (listed in its
 * {@code index.txt}), loaded once as raw bytes. They are small, valid files covering the grammar
 * (and a CRLF, a BOM, a latin-1 and a no-final-newline file); mutation properties start from them.
 */
public final class Snippets {
    private Snippets() {}

    public record Snippet(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static final List<Snippet> ALL = load();

    private static List<Snippet> load() {
        List<Snippet> snippets = new ArrayList<>();
        for (String name : new String(read("index.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (!name.isBlank()) {
                snippets.add(new Snippet(name.trim(), read(name.trim())));
            }
        }
        return List.copyOf(snippets);
    }

    private static byte[] read(String name) {
        try (InputStream in = Snippets.class.getResourceAsStream("/robustness/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource robustness/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
