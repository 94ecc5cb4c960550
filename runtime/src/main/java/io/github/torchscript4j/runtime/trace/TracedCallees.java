package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.runtime.python.PyException;
import io.github.torchscript4j.runtime.python.PyFunction;
import io.github.torchscript4j.runtime.python.PythonInterpreter;
import io.github.torchscript4j.runtime.python.TorchHost;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scripted code calling traced functions ("Mixing Tracing and Scripting"): {@code traced_foo =
 * torch.jit.trace(foo, (torch.rand(3), torch.rand(3)))} at module level, then {@code
 * traced_foo(x, x)} in a {@code @torch.jit.script} function, which the checker lowers to a {@code
 * prim::CallFunction} of {@code __torch__.foo} ({@link CheckResult#tracedFunctions()}).
 *
 * <p>{@link #link} makes those callees as the reference does at import: the file runs as a Python
 * module ({@link PythonInterpreter} on a fresh {@link TorchHost}), so each {@code torch.jit.trace}
 * call's example inputs are evaluated and recorded ({@link TorchHost#traceRequests()}); each traced
 * function is then traced on its inputs by a {@link Tracer} (TorchScript-compatible or Python), and
 * the trace — data-dependent branches fixed as they went on the example inputs — goes into the
 * compiled unit under the reference's name, with the scripted functions the trace calls. Archives
 * then save the traced code as {@code torch.jit.save} does.
 *
 * <p>Not done: traced modules ({@code torch.jit.trace(M(), x)}) as submodules of scripted modules.
 */
public final class TracedCallees {
    private TracedCallees() {}

    /** Why the traced callees could not be made: a Python error, or a failed trace, at the trace call. */
    public static final class LinkException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SourceRange range;

        LinkException(String message, SourceRange range, Throwable cause) {
            super(message, cause);
            this.range = range;
        }

        /** The example inputs of the {@code torch.jit.trace} call whose trace failed. */
        public SourceRange range() {
            return range;
        }
    }

    /**
     * Traces each traced function {@code file}'s TorchScript calls and adds it to {@code unit};
     * nothing to do (and no Python run) when there is none.
     *
     * @param moduleName the file's module name as Python imports it ({@code pkg.model})
     * @param roots where its imports of project modules are found
     * @param out where Python's and the traced code's {@code print} write
     * @throws LinkException when the module fails to run, a function was not traced at run time, or its trace failed
     */
    public static void link(CheckedFile file, CompilationUnit unit, String moduleName, List<Path> roots, PrintStream out) {
        Map<?, CheckResult.TracedFunction> traced = file.result().map(CheckResult::tracedFunctions).orElse(Map.of());
        if (traced.isEmpty()) {
            return;
        }
        try (TorchHost host = new TorchHost()) {
            PythonInterpreter python = new PythonInterpreter(host, roots, out);
            PyException failure = null;
            try {
                python.runSource(moduleName, file.file().path(), file.file().text());
            } catch (PyException e) {
                failure = e; // the traces recorded before it still serve (our Python lacks some of the reference's objects)
            }
            for (CheckResult.TracedFunction t : traced.values()) {
                String module = t.pythonModule().isEmpty() ? moduleName : t.pythonModule();
                Optional<List<Object>> found = inputs(host, t, module);
                if (found.isEmpty()) {
                    throw failure == null
                            ? new LinkException("torch.jit.trace of " + t.def().name() + " did not run when the module ran",
                                    t.exampleInputs().range(), null)
                            : new LinkException(failure.describe(), t.exampleInputs().range(), failure);
                }
                List<Object> inputs = found.get();
                SourceRange at = t.def().range();
                Trace trace;
                try {
                    trace = Tracer.of(at.file().path(), at.file().text().getBytes(StandardCharsets.UTF_8), t.def().name(), out)
                            .trace(inputs);
                } catch (TraceException e) {
                    throw new LinkException(e.pythonType() + ": " + e.getMessage(), t.exampleInputs().range(), e);
                }
                Function f = trace.function();
                unit.addFunction(new Function(t.qualifiedName(), f.params(), f.returnType(), f.graph()));
                for (Function callee : trace.unit().functions().values()) {
                    if (callee != f && unit.function(callee.qualifiedName()).isEmpty()) {
                        unit.addFunction(callee);
                    }
                }
            }
        }
    }

    /** The example inputs of the last {@code torch.jit.trace} call of {@code t}'s function in {@code module}. */
    private static Optional<List<Object>> inputs(TorchHost host, CheckResult.TracedFunction t, String module) {
        List<TorchHost.TraceRequest> requests = host.traceRequests();
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).target() instanceof PyFunction f && f.name().equals(t.def().name())
                    && f.module().equals(module)) {
                return Optional.of(requests.get(i).exampleInputs());
            }
        }
        return Optional.empty();
    }
}
