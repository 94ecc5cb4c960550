package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.checker.source.SourceRange;
import java.util.Objects;
import java.util.Optional;

/**
 * A tracer warning or a failed trace check at the source line that caused it, with what to do
 * instead: the {@code if} whose branch a tensor's value decided, the {@code for} whose trip count
 * came from an input's shape, the line that converted a tensor to a Python number. This is what
 * the reference does not give (its warnings point into {@code torch/jit/_trace.py}, its check
 * failures at the first diverging operator): editors and CI render it as {@code
 * path:line:col: warning[TS0701]: message}, then the suggestion as a note.
 *
 * <p>A {@link Trace} carries the diagnostics of its warnings, a {@link TraceException} those of
 * its warnings and of the failure. The reference's own text stays in {@link Trace#warnings()} and
 * the exception's message.
 *
 * @param kind what happened
 * @param severity {@link Severity#ERROR} for a failed check, {@link Severity#WARNING} otherwise
 * @param range where: the statement or expression that caused it; empty when the trace holds no
 *     location for it (an operator of code outside the traced file)
 * @param message what happened there, in one line
 * @param suggestion what to do about it, in one line (a {@code note:}); empty when there is no advice
 */
public record TraceDiagnostic(Kind kind, Severity severity, Optional<SourceRange> range, String message,
        Optional<String> suggestion) {

    /** The kinds of trace diagnostics, each with a stable identifier ({@code TS07xx}: tracing). */
    public enum Kind {
        /** A tensor converted to a Python value ({@code bool}, {@code int}, {@code float}, {@code item()}, {@code tolist()}): a constant of the trace. */
        TENSOR_TO_PYTHON("TS0701"),
        /** {@code len} of a tensor: a constant of the trace. */
        TENSOR_LENGTH("TS0702"),
        /** A loop over a tensor's rows: unrolled as many times as the example input has rows. */
        TENSOR_ITERATION("TS0703"),
        /** An operator whose results differ from run to run ({@code torch.rand}, dropout). */
        NONDETERMINISTIC("TS0704"),
        /** The trace's output differs from the function's on a check input beyond the tolerance. */
        OUTPUT_MISMATCH("TS0705"),
        /** The trace on a check input records other operators than the trace on the example inputs. */
        GRAPHS_DIFFER("TS0706"),
        /** The trace, the function or the re-trace raised on a check input. */
        CHECK_RAISED("TS0707");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The stable identifier, {@code TS07xx}. */
        public String id() {
            return id;
        }
    }

    public TraceDiagnostic {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(range);
        Objects.requireNonNull(message);
        Objects.requireNonNull(suggestion);
    }

    static TraceDiagnostic warning(Kind kind, SourceRange range, String message, String suggestion) {
        return new TraceDiagnostic(kind, Severity.WARNING, Optional.ofNullable(range), message,
                Optional.ofNullable(suggestion));
    }

    static TraceDiagnostic error(Kind kind, SourceRange range, String message, String suggestion) {
        return new TraceDiagnostic(kind, Severity.ERROR, Optional.ofNullable(range), message,
                Optional.ofNullable(suggestion));
    }

    /**
     * The compiler-style line, {@code path:line:col: severity[TS07xx]: message} (without a location,
     * {@code path: severity[...]: message}), the 1-based line and column of the range's start in
     * its file, named by the path it was traced under; {@code path} names the file when there is no range.
     */
    public String render(String path) {
        return where(path) + ": " + severity.word() + "[" + kind.id() + "]: " + message;
    }

    /** The suggestion as a note at the same place, {@code path:line:col: note: suggestion}, if there is one. */
    public Optional<String> renderNote(String path) {
        return suggestion.map(s -> where(path) + ": note: " + s);
    }

    private String where(String path) {
        return range.map(r -> r.file().path() + ":" + r.startLine() + ":" + r.startColumn()).orElse(path);
    }
}
