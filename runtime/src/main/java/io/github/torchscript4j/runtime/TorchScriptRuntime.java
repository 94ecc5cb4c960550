package io.github.torchscript4j.runtime;

import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.runtime.interp.Interpreter;
import io.github.torchscript4j.runtime.interp.OperatorLookup;
import io.github.torchscript4j.runtime.interp.Operators;
import io.github.torchscript4j.runtime.interp.ValueText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Values are those of {@code runtime.value}: {@code Long}, {@code Double}, {@code Boolean},
 * {@code String}, {@code null}, {@code List}, {@code Map}, {@code Tuple}, {@code TensorRef}, ...;
 * Java's {@code Integer} and {@code Float} are accepted for {@code int} and {@code float}. A tensor
 * result belongs to the caller ({@link io.github.torchscript4j.runtime.value.TensorRef#release()}).
 *
 * <p>Thread-safe once compiled.
 */
public final class TorchScriptRuntime {
    private final CheckedFile file;
    private final Emitter.Result emitted;
    private final Interpreter interpreter;
    /** Where tensor arguments are moved before a call. */
    private final DeviceValue device;

    private TorchScriptRuntime(CheckedFile file, Emitter.Result emitted, PrintStream out) {
        this.file = file;
        this.emitted = emitted;
        this.interpreter = new Interpreter(emitted.unit(), defaultOperators(), out, new ValueText(TensorText::of));
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
     * Compiles a file; {@code print} goes to {@link System#out}.
     *
     * @throws CompilationException if the file has an error
     */
    public static TorchScriptRuntime compile(Path path) throws IOException {
        return compile(path.toString(), Files.readAllBytes(path), System.out);
    }

    /** Compiles TorchScript source text; {@code path} names it in messages. */
    public static TorchScriptRuntime compile(String path, String source) {
        return compile(path, source.getBytes(StandardCharsets.UTF_8), System.out);
    }

    /**
     * Compiles a file's bytes, with {@code print} writing to {@code out}.
     *
     * @throws CompilationException if the file has an error (the checker's first)
     */
    public static TorchScriptRuntime compile(String path, byte[] bytes, PrintStream out) {
        CheckedFile checked = CheckedFile.check(path, bytes);
        Optional<Diagnostic> error = checked.firstError();
        if (error.isPresent()) {
            throw new CompilationException(describe(error.get().range(), error.get().message()), error.get().range());
        }
        Libtorch.ensureLoaded();
        return new TorchScriptRuntime(checked, Emitter.emit(checked), out);
    }

    /** The operators a compiled file runs on: the Java ones first, then libtorch's dispatcher. */
    static OperatorLookup defaultOperators() {
        return Operators.standard();
    }

    public CheckedFile file() {
        return file;
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
