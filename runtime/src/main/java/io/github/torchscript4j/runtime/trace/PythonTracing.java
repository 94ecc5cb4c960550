package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.semantics.SourceProvider;
import io.github.torchscript4j.checker.semantics.Workspace;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.runtime.python.PyException;
import io.github.torchscript4j.runtime.python.PyModuleObject;
import io.github.torchscript4j.runtime.python.PythonInterpreter;
import io.github.torchscript4j.runtime.python.TorchHost;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a traced function as Python, for the functions that are not TorchScript ({@code
 * *x.shape[1:2]} in a call, {@code **kwargs}, Python globals and objects): the file runs as a module
 * in a fresh {@link PythonInterpreter} on a fresh {@link TorchHost} for each run, and the function
 * is called with the inputs. When recording, the host's {@link TorchHost.OperatorObserver} hands
 * each operator call to a {@link TraceRecorder}, which binds tensors by identity as it does for the
 * IR interpreter; Python's numbers, lists and control flow leave no trace but their effect, as in
 * the reference. The module's own top-level operators (a global tensor) are recorded too, so a
 * trace recomputes such a global rather than holding it as a constant.
 *
 * <p>The module is named after the file ({@code model} for {@code model.py}) and imports modules
 * under the file's default source roots.
 */
final class PythonTracing {
    private final SourceFile source;
    private final String name;
    private final PrintStream out;
    private final List<Path> roots;
    private final String moduleName;

    PythonTracing(String path, byte[] bytes, String name, PrintStream out) {
        this.source = new SourceFile(path, new String(bytes, StandardCharsets.UTF_8));
        this.name = name;
        this.out = out;
        List<Path> r = List.of();
        String module = "module";
        try {
            Path file = Path.of(path);
            r = Workspace.defaultRoots(file, SourceProvider.fileSystem());
            String fileName = file.getFileName() == null ? module : file.getFileName().toString();
            module = fileName.endsWith(".py") ? fileName.substring(0, fileName.length() - 3) : fileName;
        } catch (InvalidPathException e) {
            // not a file of a project: no imports of project modules
        }
        this.roots = r;
        this.moduleName = module;
    }

    SourceFile source() {
        return source;
    }

    /** The names of the positional parameters of the module-level function traced, if the file defines it. */
    Optional<List<String>> params() {
        for (Stmt s : Parser.parse(source).module().body()) {
            if (s instanceof Stmt.FunctionDef fd && fd.name().equals(name)) {
                List<String> names = new ArrayList<>();
                fd.args().posonlyargs().stream().map(Arg::arg).forEach(names::add);
                fd.args().args().stream().map(Arg::arg).forEach(names::add);
                return Optional.of(names);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the function on {@code inputs} (lent), letting {@code recorder} (null: nobody) record
     * each operator, at the line of Python that ran it; the result's tensors belong to the caller.
     *
     * @throws TraceException with the Python exception's type and message when the module or the
     *     function raised
     */
    Object run(List<Object> inputs, TraceRecorder recorder) {
        try (TorchHost host = new TorchHost()) {
            PythonInterpreter python = new PythonInterpreter(host, roots, out);
            if (recorder != null) {
                host.observeOperators(recorder.pythonObserver());
                recorder.locatePython(python::location);
            }
            try {
                PyModuleObject module = python.runSource(moduleName, source.path(), source.text());
                Object function = python.getAttr(module, name);
                Object result = python.call(function, new ArrayList<>(inputs), Map.of());
                keep(host, result);
                return result;
            } catch (PyException e) {
                throw new TraceException(e.type(), e.getMessage() + traceback(e), e);
            }
        }
    }

    private static String traceback(PyException e) {
        StringBuilder b = new StringBuilder();
        for (String frame : e.traceback()) {
            b.append("\n  at ").append(frame);
        }
        return b.toString();
    }

    /** Takes one of the host's owners (or a new one) of each tensor in {@code value} for the caller. */
    private static void keep(TorchHost host, Object value) {
        if (value instanceof TensorRef t) {
            host.keep(t);
        } else if (value instanceof Tuple t) {
            t.elements().forEach(e -> keep(host, e));
        } else if (value instanceof List<?> l) {
            l.forEach(e -> keep(host, e));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(e -> keep(host, e));
        }
    }
}
