package io.github.torchscript4j.runtime.trace;

import java.util.List;

/**
 * Something {@code torch.jit.trace} can trace: a module-level function ({@link Tracer}) or a
 * method of a module instance ({@link ModuleTracer}).
 */
public interface Traceable {
    /**
     * Traces on {@code inputs} (lent) without checks.
     *
     * @throws TraceException when the inputs cannot be traced or the code failed
     */
    Trace trace(List<Object> inputs);

    /**
     * Traces on {@code inputs} and checks the trace on each of {@code checkInputs}, as {@code
     * torch.jit.trace(..., check_inputs=..., check_tolerance=...)} does.
     *
     * @throws TraceException when tracing fails or a check fails ({@code TracingCheckError})
     */
    Trace trace(List<Object> inputs, List<List<Object>> checkInputs, double checkTolerance);
}
