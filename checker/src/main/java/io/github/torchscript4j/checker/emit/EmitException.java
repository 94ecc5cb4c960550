package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.source.SourceRange;

/** A construct the emitter cannot lower (yet), at a source range. */
public final class EmitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SourceRange range;

    public EmitException(String message, SourceRange range) {
        super(message);
        this.range = range;
    }

    /** An internal error of the emitter, keeping its cause for the stack trace. */
    public EmitException(String message, SourceRange range, Throwable cause) {
        super(message, cause);
        this.range = range;
    }

    public SourceRange range() {
        return range;
    }

    /** {@code path:line:col: message}. */
    public String describe() {
        return range.file().path() + ":" + range.startLine() + ":" + range.startColumn() + ": " + getMessage();
    }
}
