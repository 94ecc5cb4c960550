package io.github.torchscript4j.checker.eval;

import java.util.Objects;

/**
 * An exception a TorchScript operator raises while it runs: {@code RuntimeError: division by 0},
 * {@code RuntimeError: pop from empty list}.
 *
 * <p>{@link #type()} is the exception's class as the reference's interpreter names it in the last
 * line of its traceback (PyTorch 1.13.1 reports errors of built-in operators as {@code
 * RuntimeError}, with Python's class in the message where libtorch writes one: {@code KeyError: x});
 * {@link #getMessage()} is the rest of that line.
 */
public final class ScriptError extends RuntimeException {
    private final String type;

    public ScriptError(String type, String message) {
        super(Objects.requireNonNull(message), null, false, false);
        this.type = Objects.requireNonNull(type);
    }

    /** A {@code RuntimeError}, the class of every error libtorch's operators raise. */
    public static ScriptError runtime(String message) {
        return new ScriptError("RuntimeError", message);
    }

    /** The exception's class, {@code RuntimeError}. */
    public String type() {
        return type;
    }

    /** The error as the reference prints it: {@code RuntimeError: division by 0}. */
    @Override
    public String toString() {
        return type + ": " + getMessage();
    }
}
