package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.SchemaParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Overloads the reference adds to some operators as TorchScript functions of its own rather than
 * libtorch operators: a number before a tensor ({@code torch.add(1.5, t)}, {@code 2 * t}), which it
 * computes with the tensor first ({@code t + 1.5}, {@code torch.neg(t) + 2}). They are tried after
 * the operator's own overloads, so they win only when no operator overload matches without
 * conversions. Their overload names start with {@value #PREFIX}; the emitter lowers such calls to
 * the tensor-first form itself.
 */
final class BuiltinFunctions {
    private BuiltinFunctions() {}

    static final String PREFIX = "script_";

    /**
     * Operator name to the number-first overloads, in the reference's order (float, int, complex:
     * the order its "Arguments for call are not valid" reports list them in).
     */
    private static final Map<String, List<FunctionSchema>> FUNCTIONS = build();

    private static Map<String, List<FunctionSchema>> build() {
        Map<String, List<FunctionSchema>> all = new java.util.HashMap<>();
        for (String op : List.of("add", "sub", "mul", "div", "eq", "ne")) {
            for (String scalar : List.of("float", "int", "complex")) {
                add(all, "aten::" + op + "." + PREFIX + scalar + "(" + scalar + " a, Tensor b) -> Tensor");
            }
        }
        for (String op : List.of("lt", "le", "gt", "ge")) {
            for (String scalar : List.of("float", "int")) {
                add(all, "aten::" + op + "." + PREFIX + scalar + "(" + scalar + " a, Tensor b) -> Tensor");
            }
        }
        return all;
    }

    private static void add(Map<String, List<FunctionSchema>> all, String text) {
        FunctionSchema s = SchemaParser.parse(text).schema().orElseThrow();
        all.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
    }

    /** The operator's overloads followed by the reference's builtin functions of that name. */
    static List<FunctionSchema> withOverloads(List<FunctionSchema> operatorOverloads, String operator) {
        List<FunctionSchema> extra = FUNCTIONS.get(operator);
        if (extra == null) {
            return operatorOverloads;
        }
        List<FunctionSchema> all = new ArrayList<>(operatorOverloads);
        all.addAll(extra);
        return all;
    }

    static boolean isBuiltinFunction(FunctionSchema s) {
        return s.overloadName().startsWith(PREFIX);
    }

    /**
     * A schema as the reference prints it in its reports: a builtin function by its bare name
     * ({@code add(float a, Tensor b) -> Tensor}), an operator as libtorch prints it.
     */
    static String display(FunctionSchema s) {
        String text = s.toString();
        if (!isBuiltinFunction(s)) {
            return text;
        }
        String name = s.name().substring(s.name().indexOf("::") + 2);
        return name + text.substring(text.indexOf('('));
    }
}
