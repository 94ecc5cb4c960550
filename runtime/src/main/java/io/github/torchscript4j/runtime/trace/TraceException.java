package io.github.torchscript4j.runtime.trace;

/**
 * A trace that could not be made or did not pass its checks. The message is the reference's: its
 * first line is what {@code torch.jit.trace} raised ({@code Tracer cannot infer type of ...},
 * {@code Tracing failed sanity checks!}, an operator's error), the rest the details it printed.
 */
public class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String pythonType;

    public TraceException(String pythonType, String message) {
        super(message);
        this.pythonType = pythonType;
    }

    public TraceException(String pythonType, String message, Throwable cause) {
        super(message, cause);
        this.pythonType = pythonType;
    }

    /** The Python class the reference raises: {@code RuntimeError}, {@code TracingCheckError}, .... */
    public String pythonType() {
        return pythonType;
    }
}
