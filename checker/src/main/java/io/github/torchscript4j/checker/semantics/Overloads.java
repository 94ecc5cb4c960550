package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Boundary for the IR emitter: which overload of a builtin operator the reference picks for a
 * call whose argument types the checker found, by the same rules the checker applies.
 */
public final class Overloads {
    private Overloads() {}

    /** An argument of a call: its type and whether it is an empty {@code []} or {@code {}} display. */
    public record Argument(Type type, boolean emptyDisplay) {}

    /**
     * The overload chosen and the type of the call's result with the schema's type variables bound.
     * {@link #isBuiltinFunction()}: the overload is one of the reference's own TorchScript functions
     * for a number before a tensor ({@code torch.add(1.5, t)}), computed with the tensor first.
     */
    public record Choice(FunctionSchema schema, Type result) {
        public boolean isBuiltinFunction() {
            return BuiltinFunctions.isBuiltinFunction(schema);
        }
    }

    /** A schema type as a checker type, type variables replaced by {@code bindings} (unknown when unbound). */
    public static Type schemaType(io.github.torchscript4j.checker.builtins.SchemaType t, Map<String, Type> bindings) {
        return SchemaMatcher.toType(t, bindings);
    }

    /**
     * For the builtins {@code torch.nn.modules.utils._single}, {@code _pair}, {@code _triple} and
     * {@code _quadruple} (a call's {@code Value.Builtin} name): the length of the list they make.
     */
    public static Optional<Integer> ntupleSize(String qualifiedName) {
        return PythonValues.ntupleSize(qualifiedName);
    }

    /** The chosen overload of {@code operator} ({@code aten::add}), or empty when none matches. */
    public static Optional<Choice> choose(String operator, List<Argument> positional, Map<String, Argument> keywords) {
        List<SchemaMatcher.Arg> p = new ArrayList<>();
        for (Argument a : positional) {
            p.add(new SchemaMatcher.Arg(a.type(), a.emptyDisplay()));
        }
        Map<String, SchemaMatcher.Arg> k = new LinkedHashMap<>();
        keywords.forEach((name, a) -> k.put(name, new SchemaMatcher.Arg(a.type(), a.emptyDisplay())));
        return SchemaMatcher.choose(operator, p, k);
    }
}
