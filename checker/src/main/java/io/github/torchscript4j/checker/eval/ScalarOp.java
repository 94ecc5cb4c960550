package io.github.torchscript4j.checker.eval;

import java.util.List;

/**
 * The implementation of one operator overload on non-tensor values (see {@link ScalarOps}).
 *
 * <p>{@link #call} takes the arguments in schema order with defaults already filled in (a vararg
 * schema's extra arguments follow), in this package's value representation, and returns the
 * outputs in order: none for {@code -> ()}, one for {@code -> int}, two for {@code -> (int, int)}.
 * An operator that mutates an argument ({@code (a!)}) changes the very list or dict it was given.
 * Errors the reference raises are thrown as {@link ScriptError}.
 */
@FunctionalInterface
public interface ScalarOp {
    List<Object> call(List<Object> args);
}
