package io.github.torchscript4j.runtime;

import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.semantics.SourceProvider;
import io.github.torchscript4j.checker.semantics.Workspace;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.runtime.interp.Interpreter;
import io.github.torchscript4j.runtime.interp.OperatorLookup;
import io.github.torchscript4j.runtime.interp.Operators;
import io.github.torchscript4j.runtime.interp.ValueText;
import io.github.torchscript4j.runtime.trace.TracedCallees;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The embedding API: compiles a TorchScript source file with the checker and the IR emitter, and
 * calls its functions from Java on libtorch.
 *
 * <pre>{@code
 * TorchScriptRuntime script = TorchScriptRuntime.compile(Path.of("model.py"));
 * Object y = script.call("scale", x, 2.5);   // x a TensorRef, y a TensorRef
 * }</pre>
 *
 * <p>A file is compiled as part of its project: imports of the project's other files are followed
 * through a checker {@link Workspace} whose roots are the file's default ones ({@link
 * Workspace#defaultRoots}: the folder above its outermost package, then its own folder, as {@code
 * sys.path} has them when the file is run), after any extra roots given. The functions of other
 * modules that the file's TorchScript calls are compiled with it, under their qualified names
 * ({@code __torch__.pkg.util.helper}), and run as part of it; {@link #call} reaches them by that
 * name too. An error inside an imported file fails the compilation, located in that file.
 *
 * <p>Values are those of {@code runtime.value}: {@code Long}, {@code Double}, {@code Boolean},
 * {@code String}, {@code null}, {@code List}, {@code Map}, {@code Tuple}, {@code TensorRef}, ...;
 * Java's {@code Integer} and {@code Float} are accepted for {@code int} and {@code float}. A tensor
 * result belongs to the caller ({@link io.github.torchscript4j.runtime.value.TensorRef#release()}).
 *
 * <p>Calls of traced functions ({@code traced_foo = torch.jit.trace(foo, inputs)} at module level,
 * called from TorchScript) run the trace: the file runs once as a Python module when it is compiled,
 * and each such function is traced on the example inputs it was given ({@link TracedCallees}).
 *
 * <p>Calls of {@code @torch.jit.ignore}'d functions run in the project's Python interpreter
 * ({@link PythonFallback}): the file's source runs as a Python module on the first such call.
 *
 * <p>Thread-safe once compiled.
 */
public final class TorchScriptRuntime {
    private final CheckedFile file;
    private final Emitter.Result emitted;
    private final Interpreter interpreter;
    /** Where tensor arguments are moved before a call. */
    private final DeviceValue device;

    private TorchScriptRuntime(CheckedFile file, Emitter.Result emitted, PrintStream out, PythonFallback python) {
        this.file = file;
        this.emitted = emitted;
        this.interpreter = new Interpreter(emitted.unit(), defaultOperators(), out, new ValueText(TensorText::of),
                null, python);
        this.device = DeviceValue.CPU;
    }

    private TorchScriptRuntime(TorchScriptRuntime compiled, DeviceValue device) {
        this.file = compiled.file;
        this.emitted = compiled.emitted;
        this.interpreter = compiled.interpreter;
        this.device = device;
    }

    /**
     * This compiled file, calling its functions with their tensor arguments moved to {@code device}
     * ({@code cpu}, {@code cuda} or {@code cuda:N}; see {@link Devices}). Results stay where the
     * program made them (on that device).
     *
     * @throws IllegalArgumentException when {@code device} names no device
     * @throws Devices.DeviceUnavailableException when it cannot be used here: libtorch is a CPU build
     *     (the Maven profile {@code -Pcuda} selects the GPU build), no GPU is available, or there is
     *     no GPU of that index
     */
    public TorchScriptRuntime onDevice(String device) {
        DeviceValue target = Devices.parse(device);
        Devices.require(target);
        return new TorchScriptRuntime(this, target);
    }

    /** The device tensor arguments are moved to: {@code cpu} unless {@link #onDevice} said otherwise. */
    public DeviceValue device() {
        return device;
    }

    /**
     * Compiles a file with its imports of project files; {@code print} goes to {@link System#out}.
     *
     * @throws CompilationException if the file, or a function of another file it uses, has an error
     */
    public static TorchScriptRuntime compile(Path path) throws IOException {
        return compile(path, List.of());
    }

    /**
     * Compiles a file with its imports of project files resolved under {@code extraRoots} first,
     * then under the file's default roots; {@code print} goes to {@link System#out}.
     *
     * @throws CompilationException if the file, or a function of another file it uses, has an error
     */
    public static TorchScriptRuntime compile(Path path, List<Path> extraRoots) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        return compile(workspace(path, extraRoots), path, bytes, System.out);
    }

    /** Compiles TorchScript source text as the file {@code path} (which names it in messages, and need not exist). */
    public static TorchScriptRuntime compile(String path, String source) {
        return compile(path, source.getBytes(StandardCharsets.UTF_8), System.out);
    }

    /**
     * Compiles a file's bytes as the file {@code path}, imports resolved under its default roots,
     * with {@code print} writing to {@code out}.
     *
     * @throws CompilationException if the file has an error (the checker's first)
     */
    public static TorchScriptRuntime compile(String path, byte[] bytes, PrintStream out) {
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) { // no file of a project: checked on its own
            return compiled(CheckedFile.check(path, bytes), out, List.of(), "module");
        }
        return compile(workspace(file, List.of()), file, bytes, out);
    }

    /**
     * Compiles {@code bytes} as the file {@code path} of {@code workspace}'s project (which reads
     * the files it imports), with {@code print} writing to {@code out}. Callers that compile many
     * files of one project share a workspace, so a module imported by several is parsed once.
     *
     * @throws CompilationException if the file, or a function of another file it uses, has an error
     *     (the checker's first: the file's own errors come first)
     */
    public static TorchScriptRuntime compile(Workspace workspace, Path path, byte[] bytes, PrintStream out) {
        return compiled(workspace.check(path, bytes), out, workspace.sourceRoots(),
                PythonFallback.moduleName(path, workspace.moduleName(path)));
    }

    /** The workspace of one file: {@code extraRoots}, then the file's default roots, on disk. */
    public static Workspace workspace(Path file, List<Path> extraRoots) {
        List<Path> roots = new ArrayList<>(extraRoots);
        roots.addAll(Workspace.defaultRoots(file, SourceProvider.fileSystem()));
        return Workspace.onDisk(roots);
    }

    /**
     * The compiled file; calls of its {@code @torch.jit.ignore}'d functions run its source as the
     * Python module {@code moduleName} with imports under {@code roots} ({@link PythonFallback}).
     */
    private static TorchScriptRuntime compiled(CheckedFile checked, PrintStream out, List<Path> roots, String moduleName) {
        Optional<Diagnostic> error = checked.firstError();
        if (error.isPresent()) {
            throw new CompilationException(describe(error.get().range(), error.get().message()), error.get().range());
        }
        Libtorch.ensureLoaded();
        Emitter.Result emitted = Emitter.emit(checked);
        try {
            TracedCallees.link(checked, emitted.unit(), moduleName, roots, out);
        } catch (TracedCallees.LinkException e) {
            throw new CompilationException(describe(e.range(), e.getMessage()), e.range());
        }
        return new TorchScriptRuntime(checked, emitted, out, new PythonFallback(checked.file(), moduleName, roots, out));
    }

    /** The operators a compiled file runs on: the Java ones first, then libtorch's dispatcher. */
    static OperatorLookup defaultOperators() {
        return Operators.standard();
    }

    public CheckedFile file() {
        return file;
    }

    /** The compiled functions and classes of the file and of what it uses. */
    public io.github.torchscript4j.checker.ir.CompilationUnit unit() {
        return emitted.unit();
    }

    /**
     * The compiled function {@code name} ({@code f} or {@code __torch__.f}).
     *
     * @throws CompilationException if the file has no such TorchScript function, or it could not be
     *     compiled to the IR
     */
    public Function function(String name) {
        Optional<Function> found = interpreter.function(name);
        if (found.isPresent()) {
            return found.get();
        }
        Optional<SourceRange> def = file.module().body().stream()
                .filter(st -> st instanceof Stmt.FunctionDef fd && fd.name().equals(name))
                .map(Stmt::range).findFirst();
        for (EmitException failure : emitted.failures()) {
            if (def.isEmpty() || def.get().start() <= failure.range().start() && failure.range().end() <= def.get().end()) {
                throw new CompilationException(describe(failure.range(), failure.getMessage()), failure.range());
            }
        }
        throw new CompilationException(file.file().path() + ": no TorchScript function named '" + name
                + "' (a function needs @torch.jit.script, or to be called from one)", null);
    }

    /**
     * Calls function {@code name} with {@code arguments}.
     *
     * @throws TorchScriptException when the arguments do not fit, the function raised, or an operator failed
     * @throws CompilationException when there is no such compiled function
     */
    public Object call(String name, Object... arguments) {
        return call(function(name), Arrays.asList(arguments));
    }

    /**
     * Calls {@code function} (of this file) with {@code arguments}. An exception the program raised
     * is located at the statement that failed; arguments that do not fit the parameters (a wrong
     * type or count) at the function's {@code def}.
     */
    public Object call(Function function, List<?> arguments) {
        List<?> moved = device.type().equals("cpu") ? arguments : (List<?>) Devices.moveTo(arguments, device);
        try {
            return interpreter.call(function, moved);
        } catch (TorchScriptException e) {
            if (e.location().isEmpty()) {
                definition(function.name()).ifPresent(e::locate);
            }
            throw e;
        } finally {
            if (moved != arguments) {
                Devices.releaseAll(moved);
            }
        }
    }

    /** The first line of the {@code def} of the top-level function {@code name} (decorators excluded). */
    private Optional<SourceRange> definition(String name) {
        return file.module().body().stream()
                .filter(st -> st instanceof Stmt.FunctionDef fd && fd.name().equals(name))
                .map(Stmt::range)
                .map(r -> r.withEnd(Math.min(r.end(), r.file().lineEnd(r.startLine()))))
                .findFirst();
    }

    private static String describe(SourceRange range, String message) {
        return range.file().path() + ":" + range.startLine() + ":" + range.startColumn() + ": " + message;
    }

    /** A file that does not compile: the first error, with its location. */
    public static final class CompilationException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SourceRange range;

        public CompilationException(String message, SourceRange range) {
            super(message);
            this.range = range;
        }

        /** Where the error is, when it has a place in the file. */
        public Optional<SourceRange> range() {
            return Optional.ofNullable(range);
        }
    }
}
