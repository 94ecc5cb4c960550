package io.github.torchscript4j.checker.source;

import java.util.Arrays;
import java.util.Objects;

/**
 * The text of one source file and its line table.
 *
 * <p>Everything inside the front end speaks in UTF-16 offsets into {@link #text()}; lines and
 * columns are computed only at the edges (printers, the language server, the Maven plugin) from
 * this class. A line ends at {@code \n}, {@code \r\n} or a lone {@code \r}, as Python's tokenizer
 * counts them.
 *
 * <p>Instances are immutable and safe to share between threads (the line table is computed
 * eagerly).
 */
public final class SourceFile {
    private final String path;
    private final String text;
    /** Offset of the first character of each line; {@code lineStarts[0] == 0}. */
    private final int[] lineStarts;

    public SourceFile(String path, String text) {
        this.path = Objects.requireNonNull(path);
        this.text = Objects.requireNonNull(text);
        this.lineStarts = computeLineStarts(text);
    }

    private static int[] computeLineStarts(String text) {
        int[] starts = new int[16];
        int count = 1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }

    /** The path as the user named it (not normalized); used in messages only. */
    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** Number of lines; a file ending in a newline has an empty last line. */
    public int lineCount() {
        return lineStarts.length;
    }

    /** The 1-based line holding {@code offset} (an offset equal to the length is on the last line). */
    public int lineOf(int offset) {
        checkOffset(offset);
        int idx = Arrays.binarySearch(lineStarts, offset);
        return idx >= 0 ? idx + 1 : -idx - 1;
    }

    /** The 1-based column of {@code offset} in UTF-16 code units. */
    public int columnOf(int offset) {
        return offset - lineStarts[lineOf(offset) - 1] + 1;
    }

    /** Offset of the first character of the 1-based {@code line}. */
    public int lineStart(int line) {
        return lineStarts[line - 1];
    }

    /** Offset just past the last character of the 1-based {@code line}, before its terminator. */
    public int lineEnd(int line) {
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > lineStarts[line - 1]) {
            char c = text.charAt(end - 1);
            if (c != '\n' && c != '\r') {
                break;
            }
            end--;
        }
        return end;
    }

    /** The text of the 1-based {@code line} without its terminator. */
    public String lineText(int line) {
        return text.substring(lineStart(line), lineEnd(line));
    }

    public SourceRange range(int start, int end) {
        return new SourceRange(this, start, end);
    }

    private void checkOffset(int offset) {
        if (offset < 0 || offset > text.length()) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside 0.." + text.length());
        }
    }

    @Override
    public String toString() {
        return "SourceFile[" + path + "]";
    }
}
