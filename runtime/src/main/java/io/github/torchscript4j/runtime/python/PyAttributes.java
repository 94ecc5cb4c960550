package io.github.torchscript4j.runtime.python;

import java.util.Optional;

/**
 * A host value with Python attributes: a module the host provides ({@code torch}, {@code
 * torch._C._nn}), a class object of the host ({@code torch.Tensor}, {@code torch.nn.Parameter}),
 * a context manager ({@code torch.no_grad()}: attributes {@code __enter__} and {@code __exit__}).
 * Calling it, where Python can, goes through its {@code __call__} attribute.
 */
public interface PyAttributes {
    /** The attribute {@code name}, or empty when it has none (Python's {@code AttributeError}). */
    Optional<Object> attribute(String name);

    /** Sets attribute {@code name}; by default host values are read-only ({@code AttributeError}). */
    default void setAttribute(String name, Object value) {
        throw new PyException("AttributeError", "'" + pythonTypeName() + "' object attribute '" + name + "' is read-only");
    }

    /** The name of its Python type, for messages ({@code module}, {@code type}, {@code no_grad}). */
    String pythonTypeName();
}
