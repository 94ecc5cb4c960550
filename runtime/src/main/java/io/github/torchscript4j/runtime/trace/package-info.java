/**
 * Tracing, as {@code torch.jit.trace} does it: a function is run on example inputs and every
 * tensor operation it executes is recorded into a flat graph, which is then checked against
 * re-traces on other inputs ({@code check_inputs}). {@link io.github.torchscript4j.runtime.trace.Tracer}
 * is the entry point.
 *
 * <p>A traced function that is valid TorchScript once its parameters are typed from the example
 * inputs ({@link io.github.torchscript4j.runtime.trace.TraceInputs}) runs on the IR interpreter,
 * which reports each operator it runs to a {@link io.github.torchscript4j.runtime.trace.TraceRecorder};
 * loops are thereby unrolled and branches fixed, and functions decorated {@code @torch.jit.script}
 * are recorded as one call. Any other function runs as Python ({@link
 * io.github.torchscript4j.runtime.trace.PythonTracing}), the Python interpreter's torch host
 * reporting each operator it runs to the same recorder.
 *
 * <p>The reference's tracer warnings are {@link io.github.torchscript4j.runtime.trace.Trace#warnings()};
 * each warning and failed check is also a {@link io.github.torchscript4j.runtime.trace.TraceDiagnostic}
 * at the source line that caused it, with a suggestion (usually: script that part).
 */
package io.github.torchscript4j.runtime.trace;
