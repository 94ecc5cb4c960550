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

    /**
     * A parameter. {@code fixedSize} is N for the reference's fixed-size list {@code T[N]} (annotated
     * {@code BroadcastingListN[T]}, possibly {@code Optional}): its {@code type} is {@code List[T]}
     * (or {@code Optional[List[T]]}), and a single {@code T} (also a default) stands for N copies;
     * 0 for every other parameter.
     */
    public record Param(String name, Type type, Optional<Expr> defaultValue, boolean keywordOnly, int fixedSize) {
        public Param(String name, Type type, Optional<Expr> defaultValue, boolean keywordOnly) {
            this(name, type, defaultValue, keywordOnly, 0);
        }

        /** The element type {@code T} of a fixed-size list parameter {@code T[N]}; empty for other parameters. */
        public Optional<Type> fixedElement() {
            Type t = type instanceof Type.OptionalType o ? o.elem() : type;
            return fixedSize > 0 && t instanceof Type.ListType l ? Optional.of(l.elem()) : Optional.empty();
        }
    }

    public Signature {
        params = List.copyOf(params);
    }
}
