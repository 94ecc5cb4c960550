package io.github.torchscript4j.cli.render;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;

/**
 * Shows a source range the way TorchScript's error reports do ({@code SourceRange::highlight} in
 * PyTorch's {@code torch/csrc/jit/frontend/source_range.cpp}):
 *
 * <pre>
 *   File "foo.py", line 5
 * def foo(x):
 *     return x + y
 *                ~ &lt;--- HERE
 * </pre>
 *
 * <p>The facts followed: a {@code File "path", line N} header indented by two spaces, where N is
 * the range's first line; up to {@value #CONTEXT_LINES} lines of context before and after, but
 * none outside the shown source (TorchScript shows the source of the function being compiled:
 * {@link #highlight(SourceRange, int, int)}); every line of the range printed whole and followed
 * by an underline of {@code ~} that skips the spaces (only spaces) before the range's first
 * character on that line, written as that many spaces (a tab counts one, as in the reference);
 * {@code " <--- HERE"} after the underline of the last line that has anything to underline; no
 * underline for lines of the range that are blank.
 *
 * <p>Deliberate difference: an empty range (for example "expected ':'" at the end of a line) gets
 * a one-column marker where TorchScript prints none.
 */
public final class SourceHighlighter {
    /**
     * Lines of context on each side of the range. TorchScript's constant is 3, but it counts
     * newlines including the one that ends the neighbouring line, which shows two lines.
     */
    public static final int CONTEXT_LINES = 2;

    private SourceHighlighter() {}

    /** The highlight of {@code range} with the whole file as its context, every line ended by {@code \n}. */
    public static String highlight(SourceRange range) {
        return highlight(range, 1, lastUsefulLine(range.file(), lastLineOf(range)));
    }

    /**
     * The highlight of {@code range} with context taken only from the lines {@code firstShown} to
     * {@code lastShown} (1-based, inclusive), every line ended by {@code \n}. The range's own
     * lines are always shown.
     */
    public static String highlight(SourceRange range, int firstShown, int lastShown) {
        StringBuilder out = new StringBuilder();
        SourceFile file = range.file();
        int firstLine = range.startLine();
        int lastLine = lastLineOf(range);
        int shownLines = Math.max(lastLine, Math.min(lastShown, lastUsefulLine(file, lastLine)));

        out.append("  File \"").append(file.path()).append("\", line ").append(firstLine).append('\n');
        for (int line = Math.max(Math.max(1, firstShown), firstLine - CONTEXT_LINES); line < firstLine; line++) {
            out.append(file.lineText(line)).append('\n');
        }

        // Where each line's underline starts and ends (offsets; empty when nothing to mark).
        int count = lastLine - firstLine + 1;
        int[] from = new int[count];
        int[] to = new int[count];
        int lastMarked = -1;
        for (int i = 0; i < count; i++) {
            int line = firstLine + i;
            int lineStart = file.lineStart(line);
            int lineEnd = lineStart + file.lineText(line).length();
            int start = Math.max(range.start(), lineStart);
            int end = Math.min(range.end(), lineEnd);
            // Spaces at the start of the marked part are not underlined (tabs are, as in the reference).
            while (start < end && isBlank(file.text().charAt(start))) {
                start++;
            }
            from[i] = start;
            to[i] = Math.max(start, end);
            if (to[i] > from[i]) {
                lastMarked = i;
            }
        }
        if (lastMarked < 0) {
            // Nothing visible in the range: mark its first position with one column.
            from[0] = Math.min(range.start(), file.lineStart(firstLine) + file.lineText(firstLine).length());
            to[0] = from[0] + 1;
            lastMarked = 0;
        }

        for (int i = 0; i < count; i++) {
            int line = firstLine + i;
            String text = file.lineText(line);
            out.append(text).append('\n');
            if (to[i] <= from[i]) {
                continue;
            }
            int lineStart = file.lineStart(line);
            out.append(" ".repeat(from[i] - lineStart));
            out.append("~".repeat(to[i] - from[i]));
            out.append(i == lastMarked ? " <--- HERE\n" : "\n");
        }

        for (int line = lastLine + 1; line <= Math.min(shownLines, lastLine + CONTEXT_LINES); line++) {
            out.append(file.lineText(line)).append('\n');
        }
        return out.toString();
    }

    /** The last line the range covers; a range that ends just after a newline ends on the line before. */
    private static int lastLineOf(SourceRange range) {
        int line = range.endLine();
        if (range.end() > range.start() && line > range.startLine()
                && range.file().lineStart(line) == range.end()) {
            line--;
        }
        return line;
    }

    /** The last line worth showing as context: not the empty line after a final newline. */
    private static int lastUsefulLine(SourceFile file, int lastLineOfRange) {
        int lines = file.lineCount();
        if (lines > 1 && file.lineStart(lines) == file.length()) {
            lines--;
        }
        return Math.max(lines, lastLineOfRange);
    }

    private static boolean isBlank(char c) {
        return c == ' ';
    }
}
