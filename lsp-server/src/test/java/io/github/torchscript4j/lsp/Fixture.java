package io.github.torchscript4j.lsp;

import org.eclipse.lsp4j.Position;

/**
 * A Python source with the cursor marked by {@code |}: the text without the marker and the
 * cursor's protocol position (0-based line, UTF-16 character).
 */
record Fixture(String text, Position cursor) {
    static Fixture of(String marked) {
        int at = marked.indexOf('|');
        if (at < 0 || marked.indexOf('|', at + 1) >= 0) {
            throw new IllegalArgumentException("a fixture has exactly one | marker");
        }
        String text = marked.substring(0, at) + marked.substring(at + 1);
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (marked.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Fixture(text, new Position(line, at - lineStart));
    }
}
