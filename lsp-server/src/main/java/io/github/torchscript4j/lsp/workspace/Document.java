package io.github.torchscript4j.lsp.workspace;

import java.util.List;

/**
 * One version of an open document: its URI, the version number the client gave it, and its text.
 * Immutable; an edit makes a new one.
 */
public record Document(String uri, int version, String text) {

    /**
     * A change as the client sends it: the text replacing a range given in 0-based lines and UTF-16
     * characters, or the whole text when {@code whole} is set.
     */
    public record Change(boolean whole, int startLine, int startCharacter, int endLine, int endCharacter, String text) {
        public static Change wholeText(String text) {
            return new Change(true, 0, 0, 0, 0, text);
        }
    }

    /** This document after {@code changes}, applied in order, as version {@code newVersion}. */
    public Document apply(int newVersion, List<Change> changes) {
        String t = text;
        for (Change c : changes) {
            if (c.whole()) {
                t = c.text();
            } else {
                int start = offset(t, c.startLine(), c.startCharacter());
                int end = Math.max(start, offset(t, c.endLine(), c.endCharacter()));
                t = t.substring(0, start) + c.text() + t.substring(end);
            }
        }
        return new Document(uri, newVersion, t);
    }

    /**
     * The offset of a 0-based line and UTF-16 character in {@code text}; positions past the end of a
     * line or of the text are clamped to it, as the protocol asks.
     */
    public static int offset(String text, int line, int character) {
        int start = 0;
        for (int l = 0; l < line; l++) {
            int nl = nextLineStart(text, start);
            if (nl < 0) {
                return text.length();
            }
            start = nl;
        }
        int lineEnd = start;
        while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
            lineEnd++;
        }
        return start + Math.max(0, Math.min(character, lineEnd - start));
    }

    private static int nextLineStart(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if (c == '\r') {
                return i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
            }
        }
        return -1;
    }
}
