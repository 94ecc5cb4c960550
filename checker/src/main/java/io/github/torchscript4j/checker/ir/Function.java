package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.types.Type;
import java.util.List;
import java.util.Optional;

/**
 * A compiled function or method: its qualified name ({@code __torch__.foo}, {@code
 * __torch__.M.forward}), its parameters (for a method, the first is {@code self}) and its graph,
 * whose inputs are the parameters in order.
 */
public final class Function {
    /** A parameter: name, type and, if declared, its default. */
    public record Param(String name, Type type, Optional<Default> defaultValue, boolean keywordOnly) {}

    /** A parameter's default: a {@link Constants} value ({@code null} for {@code None}). */
    public record Default(Object value) {}

    private final String qualifiedName;
    private final List<Param> params;
    private final Type returnType;
    private final Graph graph;

    public Function(String qualifiedName, List<Param> params, Type returnType, Graph graph) {
        this.qualifiedName = qualifiedName;
        this.params = List.copyOf(params);
        this.returnType = returnType;
        this.graph = graph;
    }

    public String qualifiedName() {
        return qualifiedName;
    }

    /** The last component of the qualified name. */
    public String name() {
        return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }

    public List<Param> params() {
        return params;
    }

    public Type returnType() {
        return returnType;
    }

    public Graph graph() {
        return graph;
    }

    @Override
    public String toString() {
        return qualifiedName;
    }
}
