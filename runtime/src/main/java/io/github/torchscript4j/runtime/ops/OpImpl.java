package io.github.torchscript4j.runtime.ops;

import java.util.List;

/**
 * The implementation of one operator overload: takes the schema's arguments in order (every
 * default already filled in, as the IR's nodes carry them) as runtime values (see {@code
 * runtime.value}) and returns the schema's outputs in order.
 *
 * <p>Ownership of tensors: an implementation borrows its arguments (it neither retains nor releases
 * their {@link io.github.torchscript4j.runtime.value.TensorRef}s) and hands each output tensor to
 * the caller with one owner, the caller; an output that is an argument itself is retained once for
 * it. Failures are {@link io.github.torchscript4j.runtime.TorchScriptException}s.
 */
@FunctionalInterface
public interface OpImpl {
    List<Object> call(List<Object> args);

    /**
     * This operator for one call site, where the arguments at the positions {@code constant} marks
     * are always the same, {@code values}' (the site's constants; the other positions of {@code
     * values} are ignored): an implementation that may prepare them once, called with the same
     * arguments as this one and behaving the same. The default is this implementation itself.
     */
    default OpImpl withConstants(boolean[] constant, Object[] values) {
        return this;
    }
}
