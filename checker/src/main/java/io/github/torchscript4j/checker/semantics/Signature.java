package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.types.Type;
import java.util.List;
import java.util.Optional;

/**
 * A user function's signature as TorchScript compiles it: parameters with their types (an
 * unannotated parameter is an inferred {@code Tensor}) and defaults, and the return type when it
 * is annotated. {@code complete} is false when the checker could not understand the parameter list
 * (varargs, keyword-only parameters): calls are then not checked against it.
 */
public record Signature(String name, List<Param> params, Optional<Type> annotatedReturn, boolean complete) {

    public record Param(String name, Type type, Optional<Expr> defaultValue, boolean keywordOnly) {}

    public Signature {
        params = List.copyOf(params);
    }
}
