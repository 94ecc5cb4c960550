package io.github.torchscript4j.runtime;

import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.runtime.archive.ArchiveException;
import io.github.torchscript4j.runtime.archive.ArchiveModules;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveReader;
import io.github.torchscript4j.runtime.interp.Interpreter;
import io.github.torchscript4j.runtime.interp.Operators;
import io.github.torchscript4j.runtime.interp.ValueText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TorchScript archive ({@code torch.jit.save}'s, PyTorch's or ours) loaded for our IR
 * interpreter: the module's state and its code compiled from the archive alone ({@link
 * ArchiveModules}), no Python involved.
 *
 * <pre>{@code
 * try (TorchScriptModule model = TorchScriptModule.load(Path.of("model.pt"))) {
 *     Object y = model.forward(List.of(x));   // x a TensorRef; y belongs to the caller
 * }
 * }</pre>
 *
 * <p>Values are those of {@link TorchScriptRuntime}. The module's tensors belong to this object
 * until {@link #close()}; methods may change its attributes as TorchScript allows ({@code
 * self.calls += 1}, appending to a list). Not thread-safe.
 */
public final class TorchScriptModule implements AutoCloseable {
    private final ArchiveModules.Loaded loaded;
    private final Interpreter interpreter;
    private boolean closed;

    private TorchScriptModule(ArchiveModules.Loaded loaded, PrintStream out) {
        this.loaded = loaded;
        this.interpreter = new Interpreter(loaded.unit(), Operators.standard(), out, new ValueText(TensorText::of));
    }

    /**
     * Loads the archive at {@code path}; the model's {@code print} goes to standard output.
     *
     * @throws ArchiveException when the archive cannot be read, or its code does not compile
     */
    public static TorchScriptModule load(Path path) {
        return load(path, System.out);
    }

    /** As {@link #load(Path)}, with the model's {@code print} going to {@code out}. */
    public static TorchScriptModule load(Path path, PrintStream out) {
        Libtorch.ensureLoaded();
        return new TorchScriptModule(ArchiveModules.load(path), out);
    }

    /** The root module's class ({@code __torch__.MyModule}). */
    public String className() {
        return loaded.className();
    }

    /** The loaded archive: the module's state and the compiled unit. */
    public ArchiveModules.Loaded loaded() {
        return loaded;
    }

    /** Runs {@code forward} with the positional {@code inputs}. */
    public Object forward(List<?> inputs) {
        return call("forward", inputs);
    }

    /**
     * Runs the module's method {@code name} with the positional {@code inputs}.
     *
     * @throws IllegalArgumentException when the module has no such method
     * @throws TorchScriptException when the method raises
     */
    public Object call(String name, List<?> inputs) {
        if (closed) {
            throw new IllegalStateException("the module is closed");
        }
        Function method = loaded.method(name)
                .orElseThrow(() -> new IllegalArgumentException(loaded.className() + " has no method " + name));
        List<Object> args = new ArrayList<>();
        args.add(loaded.module());
        args.addAll(inputs);
        return interpreter.call(method, args);
    }

    /** Releases the module's tensors. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            TorchScriptArchiveReader.release(loaded.module());
            TorchScriptArchiveReader.release(loaded.constants());
        }
    }
}
