package io.github.torchscript4j.runtime;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaParser;
import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.runtime.ops.IValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.Function;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.global.torch;

/**
 * libtorch's own TorchScript compiler <em>and interpreter</em> as an oracle and a yardstick: a
 * compilation unit made by {@code torch::jit::compile} (the same source {@link ReferenceCompiler}
 * judges), whose functions are called through libtorch's graph executor. The execution
 * differential test compares our interpreter's results with these, and the benchmarks time both.
 * Our runtime never executes programs this way: upstream PyTorch has deprecated the TorchScript
 * interpreter.
 *
 * <pre>{@code
 * try (ReferenceScript reference = ReferenceScript.compile("def f(x: Tensor) -> Tensor:\n    return x + 1\n")) {
 *     Object y = reference.call("f", List.of(x));   // a TensorRef the caller owns
 * }
 * }</pre>
 *
 * <p>Arguments are runtime values (see {@code runtime.value}), converted by {@link IValues} for the
 * types of the function's schema as libtorch declares it; the result is converted back (a tuple to a
 * {@link io.github.torchscript4j.checker.eval.Tuple}, a tensor to a new {@link
 * io.github.torchscript4j.runtime.value.TensorRef} the caller owns). Arguments are shared with
 * libtorch, not copied: a function that writes into a tensor argument writes into the caller's.
 * An exception of the program or an operator is a {@link TorchScriptException} with libtorch's
 * message: the interpreter's whole report ({@code The following operation failed in the
 * TorchScript interpreter. Traceback ...}) without the C++ backtrace.
 *
 * <p>Compilation runs on a thread with a large stack (as {@link ReferenceCompiler}'s does); calls
 * run on the caller's thread. Not thread-safe: one caller at a time.
 */
public final class ReferenceScript implements AutoCloseable {
    private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(null, task, "torchscript4j-reference-script", (long) ReferenceCompiler.STACK_MIB << 20);
        thread.setDaemon(true);
        return thread;
    });

    private final CompilationUnit unit;
    private final Map<String, Callee> functions = new ConcurrentHashMap<>();

    private ReferenceScript(CompilationUnit unit) {
        this.unit = unit;
    }

    /**
     * Compiles {@code source} (top-level {@code def}s only, see {@link ReferenceCompiler}) with
     * libtorch's front end.
     *
     * @throws RejectedException when libtorch rejects the program
     */
    public static ReferenceScript compile(String source) {
        Objects.requireNonNull(source);
        Libtorch.ensureLoaded();
        String text = source.endsWith("\n") ? source : source + "\n";
        Future<CompilationUnit> compiled = COMPILER.submit(() -> torch.compile(text));
        try {
            CompilationUnit unit = compiled.get();
            if (unit == null || unit.isNull()) {
                throw new RejectedException(ReferenceCompiler.Rejection.fromReport("torch::jit::compile returned no compilation unit"));
            }
            return new ReferenceScript(unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("interrupted while libtorch compiled");
            cancelled.initCause(e);
            throw cancelled;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw new RejectedException(ReferenceCompiler.Rejection.fromReport(failure.getMessage()));
            }
            throw new IllegalStateException("the reference compiler failed", e.getCause());
        }
    }

    /**
     * Calls function {@code name} with {@code arguments} (borrowed) through libtorch's TorchScript
     * interpreter.
     *
     * @throws TorchScriptException when the program raised or an operator failed, or an argument
     *     does not fit the parameter's type
     * @throws IllegalArgumentException when the unit has no function {@code name}
     */
    public Object call(String name, List<?> arguments) {
        Callee callee = functions.computeIfAbsent(name, this::callee);
        if (arguments.size() > callee.parameters.size()) {
            throw new TorchScriptException("RuntimeError", name + "() expected at most " + callee.parameters.size()
                    + " argument(s) but received " + arguments.size() + " argument(s)");
        }
        try (PointerScope scope = new PointerScope()) {
            IValueVector stack = new IValueVector();
            for (int i = 0; i < arguments.size(); i++) {
                stack.push_back(IValues.toIValue(arguments.get(i), callee.parameters.get(i)));
            }
            IValue result;
            try {
                result = callee.function.apply(stack);
            } catch (TorchScriptException e) {
                throw e;
            } catch (RuntimeException e) {
                throw TorchScriptException.fromNative(e);
            }
            return IValues.fromIValue(result);
        }
    }

    /** The parameter types libtorch declares for function {@code name}, as schema types. */
    public List<SchemaType> parameterTypes(String name) {
        return functions.computeIfAbsent(name, this::callee).parameters;
    }

    private Callee callee(String name) {
        Function function = unit.find_function(new QualifiedName(name));
        if (function == null || function.isNull()) {
            throw new IllegalArgumentException("libtorch's compilation unit has no function " + name);
        }
        function.retainReference(); // kept for the life of the unit
        String schema = torch.toString(function.getSchema()).getString(StandardCharsets.UTF_8);
        // libtorch prints a function's schema without a namespace ("f(Tensor x) -> Tensor"); the
        // parser wants an operator's.
        Optional<FunctionSchema> parsed = SchemaParser.parse("reference::" + schema).schema();
        List<SchemaType> parameters = new ArrayList<>();
        if (parsed.isEmpty()) {
            throw new IllegalStateException("cannot read libtorch's schema of " + name + ": " + schema);
        }
        for (SchemaArgument argument : parsed.get().arguments()) {
            parameters.add(argument.type());
        }
        return new Callee(function, List.copyOf(parameters));
    }

    /** Releases libtorch's compilation unit; the functions cannot be called afterwards. */
    @Override
    public void close() {
        unit.close();
    }

    private record Callee(Function function, List<SchemaType> parameters) {}

    /** libtorch's front end rejected the program. */
    public static final class RejectedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ReferenceCompiler.Rejection rejection;

        RejectedException(ReferenceCompiler.Rejection rejection) {
            super(rejection.report());
            this.rejection = rejection;
        }

        public ReferenceCompiler.Rejection rejection() {
            return rejection;
        }
    }
}
