package io.github.torchscript4j.checker.source;

/** How serious a {@link Diagnostic} is. Only {@link #ERROR} fails a check. */
public enum Severity {
    ERROR,
    WARNING,
    INFO;

    /** The lower-case word used by every printer ({@code error}, {@code warning}, {@code info}). */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
