package io.github.torchscript4j.checker.source;

import java.util.Objects;

/**
 * A half-open range {@code [start, end)} of UTF-16 offsets in one {@link SourceFile}.
 *
 * <p>Equality is by file identity and offsets. Lines and columns are derived on demand.
 */
public record SourceRange(SourceFile file, int start, int end) {
    public SourceRange {
        Objects.requireNonNull(file);
        if (start < 0 || end < start || end > file.length()) {
            throw new IllegalArgumentException(
                    "bad range " + start + ".." + end + " in a file of length " + file.length());
        }
    }

    public int length() {
        return end - start;
    }

    public String text() {
        return file.text().substring(start, end);
    }

    /** The smallest range covering this one and {@code other} (same file). */
    public SourceRange union(SourceRange other) {
        return new SourceRange(file, Math.min(start, other.start), Math.max(end, other.end));
    }

    public SourceRange withEnd(int newEnd) {
        return new SourceRange(file, start, newEnd);
    }

    public boolean contains(int offset) {
        return start <= offset && offset < end;
    }

    public int startLine() {
        return file.lineOf(start);
    }

    public int startColumn() {
        return file.columnOf(start);
    }

    public int endLine() {
        return file.lineOf(end);
    }

    /** 1-based column of the (exclusive) end position. */
    public int endColumn() {
        return file.columnOf(end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRange r && r.file == file && r.start == start && r.end == end;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(file) * 31 * 31 + start * 31 + end;
    }

    @Override
    public String toString() {
        return file.path() + "@" + start + ".." + end;
    }
}
