package io.github.torchscript4j.checker.source;

import java.util.List;
import java.util.Objects;

/**
 * One problem found in source code: what ({@link Code}), how bad ({@link Severity}), where
 * ({@link SourceRange}) and the message, in TorchScript's or CPython's wording where they have one.
 *
 * <p>This is the only diagnostic type of the toolchain; printers, the language server and the
 * Maven plugin render it at their edge.
 */
public record Diagnostic(
        Code code, Severity severity, SourceRange range, String message, List<Related> related) {

    /**
     * A secondary location that explains the diagnostic ("previous definition is here"), or one
     * step of the call chain that made the checker compile the function the diagnostic is in.
     */
    public record Related(SourceRange range, String message, Kind kind) {
        /** What a related location is. */
        public enum Kind {
            /** A location that explains the diagnostic ("and was used here"). */
            NOTE,
            /**
             * A call that compiled the function holding the diagnostic (or the previous step's
             * caller): "'helper' is being compiled since it was called from 'main'", at the call.
             * These come last, innermost call first.
             */
            CALLED_FROM
        }

        public Related {
            Objects.requireNonNull(range);
            Objects.requireNonNull(message);
            Objects.requireNonNull(kind);
        }

        /** A {@link Kind#NOTE}. */
        public Related(SourceRange range, String message) {
            this(range, message, Kind.NOTE);
        }
    }

    public Diagnostic {
        Objects.requireNonNull(code);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(range);
        Objects.requireNonNull(message);
        related = List.copyOf(related);
    }

    public static Diagnostic error(Code code, SourceRange range, String message) {
        return new Diagnostic(code, Severity.ERROR, range, message, List.of());
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Orders by file position, then by code, for stable output. */
    public static final java.util.Comparator<Diagnostic> BY_POSITION =
            java.util.Comparator.<Diagnostic>comparingInt(d -> d.range().start())
                    .thenComparingInt(d -> d.range().end())
                    .thenComparing(d -> d.code().id());
}
