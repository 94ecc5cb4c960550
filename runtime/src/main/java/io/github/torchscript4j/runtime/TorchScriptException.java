package io.github.torchscript4j.runtime;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.Optional;

/**
 * An exception a TorchScript program raised while it ran: the Python exception type TorchScript
 * reports ({@code RuntimeError}, {@code NotImplementedError}, {@code IndexError}, ...), the message
 * without libtorch's C++ backtrace, and — once the interpreter has filled it in — the source range
 * of the statement that failed.
 *
 * <p>Errors of libtorch's operators ({@code c10::Error} and its subclasses, which reach Java as a
 * plain {@link RuntimeException} carrying {@code what()}) become one through {@link
 * #fromNative(RuntimeException)}. JavaCPP keeps only the message, not the C++ class, so the type is
 * read from the message: the reference (PyTorch 1.13.1) reports every {@code c10::Error} raised
 * inside the TorchScript interpreter as {@code RuntimeError} — even {@code c10::IndexError}, which
 * eager PyTorch raises as {@code IndexError} ({@code x.select(0, 5)} in a scripted function says
 * {@code RuntimeError: select(): index 5 out of range ...}) — except {@code
 * c10::NotImplementedError}, the dispatcher's "Could not run 'aten::view' with arguments from the
 * 'SparseCPU' backend", which stays {@code NotImplementedError}.
 *
 * <p>The location is set once, by the innermost interpreter frame that sees the exception ({@link
 * #locate(SourceRange)}); later calls keep the first.
 */
public class TorchScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The marker that starts the C++ part of a {@code c10::Error}'s {@code what()}. */
    private static final String BACKTRACE_MARKER = "Exception raised from ";

    /** How the dispatcher's message for an operator without a kernel for a backend starts. */
    private static final String NO_KERNEL_PREFIX = "Could not run '";

    private final String pythonType;
    private final String detail;
    private transient SourceRange location; // null until the interpreter fills it in

    /**
     * @param pythonType the exception's Python class name as TorchScript reports it, {@code RuntimeError}
     * @param message the message, without type name or backtrace
     */
    public TorchScriptException(String pythonType, String message) {
        this(pythonType, message, null);
    }

    public TorchScriptException(String pythonType, String message, Throwable cause) {
        super(pythonType + ": " + message, cause);
        this.pythonType = pythonType;
        this.detail = message;
    }

    /**
     * The exception for an error thrown by libtorch (through JavaCPP): its message without the
     * C++ backtrace, typed as the reference's TorchScript interpreter types it.
     */
    public static TorchScriptException fromNative(RuntimeException nativeError) {
        if (nativeError instanceof TorchScriptException) {
            return (TorchScriptException) nativeError;
        }
        String message = nativeMessage(nativeError.getMessage());
        String type = message.startsWith(NO_KERNEL_PREFIX) ? "NotImplementedError" : "RuntimeError";
        return new TorchScriptException(type, message, nativeError);
    }

    /**
     * libtorch's message without the backtrace: every line before the one that starts with {@code
     * Exception raised from}, trailing blanks removed.
     */
    public static String nativeMessage(String what) {
        if (what == null) {
            return "unknown libtorch error";
        }
        int cut = what.startsWith(BACKTRACE_MARKER) ? 0 : what.indexOf("\n" + BACKTRACE_MARKER);
        String message = cut < 0 ? what : what.substring(0, cut);
        return message.stripTrailing();
    }

    /** The Python exception type: {@code RuntimeError}, {@code NotImplementedError}, ... */
    public String pythonType() {
        return pythonType;
    }

    /** The message alone, without the type name: {@code select(): index 5 out of range ...}. */
    public String detail() {
        return detail;
    }

    /** The first line of {@link #detail()}, as the conformance records compare it. */
    public String firstLine() {
        int newline = detail.indexOf('\n');
        return newline < 0 ? detail : detail.substring(0, newline);
    }

    /** Where the failing statement is, once the interpreter has said so. */
    public Optional<SourceRange> location() {
        return Optional.ofNullable(location);
    }

    /** Records where the exception was raised unless a location is already known; returns this. */
    public TorchScriptException locate(SourceRange range) {
        if (location == null) {
            location = range;
        }
        return this;
    }
}
