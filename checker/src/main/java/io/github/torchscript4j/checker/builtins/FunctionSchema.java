package io.github.torchscript4j.checker.builtins;

import java.util.List;
import java.util.Objects;

/**
 * An operator's schema as libtorch registers it: {@code aten::add.Tensor(Tensor self, Tensor
 * other, *, Scalar alpha=1) -> Tensor}.
 *
 * <p>{@link #toString()} prints the schema exactly as libtorch does ({@code operator<<} of {@code
 * c10::FunctionSchema}), so that every line of the builtin table survives a parse and a print
 * unchanged.
 *
 * @param name the qualified operator name, {@code aten::add}
 * @param overloadName the overload, {@code Tensor}; empty for the unnamed overload
 * @param arguments the arguments in order; those after {@code *} are {@link
 *     SchemaArgument#kwargOnly() keyword-only}, and keyword-only ones come last
 * @param returns the returns in order; empty for {@code -> ()}
 * @param isVararg whether the arguments end with {@code ...} (any further positional arguments)
 * @param isVarret whether the returns end with {@code ...} (any further returns)
 */
public record FunctionSchema(
        String name,
        String overloadName,
        List<SchemaArgument> arguments,
        List<SchemaArgument> returns,
        boolean isVararg,
        boolean isVarret) {

    public FunctionSchema {
        Objects.requireNonNull(name);
        Objects.requireNonNull(overloadName);
        arguments = List.copyOf(arguments);
        returns = List.copyOf(returns);
        boolean keywordOnly = false;
        for (SchemaArgument argument : arguments) {
            if (keywordOnly && !argument.kwargOnly()) {
                throw new IllegalArgumentException("positional argument after keyword-only ones: " + argument);
            }
            keywordOnly |= argument.kwargOnly();
        }
    }

    /** The namespace, {@code aten} for {@code aten::add}; empty if the name has none. */
    public String namespace() {
        int separator = name.indexOf("::");
        return separator < 0 ? "" : name.substring(0, separator);
    }

    /** The name without its namespace, {@code add} for {@code aten::add}. */
    public String unqualifiedName() {
        int separator = name.indexOf("::");
        return separator < 0 ? name : name.substring(separator + 2);
    }

    /** The name with its overload, {@code aten::add.Tensor}, or just the name for the unnamed overload. */
    public String nameWithOverload() {
        return overloadName.isEmpty() ? name : name + "." + overloadName;
    }

    /** The schema as libtorch prints it. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(nameWithOverload()).append('(');
        boolean keywordOnlySeen = false;
        for (int i = 0; i < arguments.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            SchemaArgument argument = arguments.get(i);
            if (argument.kwargOnly() && !keywordOnlySeen) {
                out.append("*, ");
                keywordOnlySeen = true;
            }
            out.append(argument);
        }
        if (isVararg) {
            out.append(arguments.isEmpty() ? "..." : ", ...");
        }
        out.append(") -> ");
        // libtorch leaves out the parentheses around one return (unless its text starts with one,
        // a tuple type) and around a lone "...".
        boolean parenthesized = !((returns.size() == 1 && !isVarret) || (returns.isEmpty() && isVarret));
        if (returns.size() == 1 && !isVarret && returns.get(0).toString().startsWith("(")) {
            parenthesized = true;
        }
        if (parenthesized) {
            out.append('(');
        }
        for (int i = 0; i < returns.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(returns.get(i));
        }
        if (isVarret) {
            out.append(returns.isEmpty() ? "..." : ", ...");
        }
        if (parenthesized) {
            out.append(')');
        }
        return out.toString();
    }
}
