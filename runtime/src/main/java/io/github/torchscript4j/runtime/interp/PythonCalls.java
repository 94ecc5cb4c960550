package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.ir.Node;
import java.util.List;

/**
 * Runs the Python functions that compiled code calls through {@code prim::PythonOp} nodes (calls
 * of {@code @torch.jit.ignore}'d functions, {@code ^name()(args)} in the reference's graphs), for
 * an {@link Interpreter} that was given one. Without one, such a call is a {@code RuntimeError}.
 */
public interface PythonCalls {
    /**
     * Calls the Python function that {@code node} (a {@code prim::PythonOp}, its {@code name}
     * attribute the function's name) names with {@code arguments}, and converts its result to the
     * node's output type as the reference does.
     *
     * @param arguments the interpreter's values, only lent: the call neither retains nor releases them
     * @return the converted result; each tensor in it has one owner for the interpreter (as an
     *     operator's outputs have: see {@link Operators})
     * @throws io.github.torchscript4j.runtime.TorchScriptException when the function raised or its
     *     result does not fit the output type, worded as the reference's
     */
    Object call(Node node, List<Object> arguments);
}
