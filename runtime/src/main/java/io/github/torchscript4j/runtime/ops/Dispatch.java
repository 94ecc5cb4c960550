package io.github.torchscript4j.runtime.ops;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls of libtorch's dispatcher operators by name, for the Java implementations of the JIT
 * operators ({@link TensorJitOps}): {@code call("aten::to.dtype", self, dtype, false, false, null)}.
 * The same boxed calls as {@link DispatcherOps}, with the same ownership: arguments are borrowed,
 * outputs are the caller's.
 */
final class Dispatch {
    private static final Map<String, OpImpl> OPS = new ConcurrentHashMap<>();

    private Dispatch() {}

    /** The dispatcher's implementation of an overload of the builtin table. */
    static OpImpl op(String nameWithOverload) {
        return OPS.computeIfAbsent(nameWithOverload, name -> {
            FunctionSchema schema = OperatorTable.builtin().find(name).orElseThrow(() ->
                    new IllegalStateException("no schema " + name + " in the operator table"));
            return DispatcherOps.find(schema).orElseThrow(() ->
                    new IllegalStateException("libtorch's dispatcher has no " + schema));
        });
    }

    /** Calls an operator with every argument given; returns its outputs. */
    static List<Object> call(String nameWithOverload, Object... args) {
        return op(nameWithOverload).call(new ArrayList<>(Arrays.asList(args)));
    }

    /** Calls an operator with one output and returns it. */
    static Object one(String nameWithOverload, Object... args) {
        return call(nameWithOverload, args).get(0);
    }

    /** Calls an operator with one tensor output and returns it (the caller's). */
    static TensorRef tensor(String nameWithOverload, Object... args) {
        Object out = one(nameWithOverload, args);
        if (out instanceof TensorRef ref) {
            return ref;
        }
        throw new TorchScriptException("RuntimeError", nameWithOverload + " returned no tensor");
    }

    /** Calls an operator with one bool output and returns it. */
    static boolean bool(String nameWithOverload, Object... args) {
        return (Boolean) one(nameWithOverload, args);
    }
}
