package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Node;
import java.util.List;

/**
 * Watches an {@link Interpreter} execute, for the tracer ({@code runtime.trace}): told of every
 * operator node it ran, with its arguments and results, and of every call of a compiled function.
 * Control flow ({@code prim::If}, {@code prim::Loop}) is reported as it starts, with what decides
 * it ({@link #controlFlow}); the data-structure {@code prim::} nodes are not reported.
 *
 * <p>Callbacks run on the interpreter's thread, in execution order. The values are the
 * interpreter's and only lent: an observer that keeps a tensor retains it. An exception thrown by
 * an observer ends the call as an interpreter failure would.
 */
public interface ExecutionObserver {
    /**
     * An operator node ran.
     *
     * @param frame identifies the call the node ran in (the same object for every node of one
     *     call, a different one for each call); compare it by identity only
     * @param node the node, with the schema it was dispatched by
     * @param inputs its arguments
     * @param outputs its results, one per output of the node
     */
    void operator(Object frame, Node node, List<Object> inputs, List<Object> outputs);

    /**
     * A {@code prim::CallFunction} node of the call {@code frame} is about to call {@code callee}
     * with {@code arguments}.
     */
    default void enterCall(Object frame, Node node, Function callee, List<Object> arguments) {}

    /**
     * A {@code prim::If} of the call {@code frame} is about to run the block its condition chose, or
     * a {@code prim::Loop} to start.
     *
     * @param deciders the values that decide it: the condition of an {@code If}; the maximum trip
     *     count and the initial condition of a {@code Loop}
     */
    default void controlFlow(Object frame, Node node, List<Object> deciders) {}

    /** The call {@link #enterCall} announced returned {@code result} (a tuple for several outputs). */
    default void exitCall(Object frame, Node node, Function callee, List<Object> arguments, Object result) {}
}
