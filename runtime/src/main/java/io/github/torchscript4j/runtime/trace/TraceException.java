package io.github.torchscript4j.runtime.trace;

import java.util.List;

/**
 * A trace that could not be made or did not pass its checks. The message is the reference's: its
 * first line is what {@code torch.jit.trace} raised ({@code Tracer cannot infer type of ...},
 * {@code Tracing failed sanity checks!}, an operator's error), the rest the details it printed.
 */
public class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String pythonType;
    private final transient List<String> warnings;
    private final transient List<TraceDiagnostic> diagnostics;

    public TraceException(String pythonType, String message) {
        this(pythonType, message, List.of(), List.of());
    }

    public TraceException(String pythonType, String message, Throwable cause) {
        super(message, cause);
        this.pythonType = pythonType;
        this.warnings = List.of();
        this.diagnostics = List.of();
    }

    /**
     * A failed check: {@code warnings} are the tracer warnings given before it failed (the reference
     * prints them before it raises), {@code diagnostics} theirs and the failure's, at their lines.
     */
    public TraceException(String pythonType, String message, List<String> warnings, List<TraceDiagnostic> diagnostics) {
        super(message);
        this.pythonType = pythonType;
        this.warnings = List.copyOf(warnings);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** The Python class the reference raises: {@code RuntimeError}, {@code TracingCheckError}, .... */
    public String pythonType() {
        return pythonType;
    }

    /** The tracer warnings given before the failure, in the reference's words. */
    public List<String> warnings() {
        return warnings;
    }

    /** The warnings and the failure at the source lines that caused them (the failure last); may be empty. */
    public List<TraceDiagnostic> diagnostics() {
        return diagnostics;
    }
}
