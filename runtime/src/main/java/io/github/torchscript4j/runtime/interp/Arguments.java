package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.runtime.TorchScriptException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks of a call from Java against a function's parameters, worded as the reference words
 * them for a call from Python ({@code f("x")} for {@code def f(x: int)}):
 *
 * <pre>
 * f() Expected a value of type 'int' for argument 'x' but instead found type 'str'.
 * Position: 0
 * Value: 'x'
 * Declaration: f(int x) -&gt; int
 * </pre>
 *
 * <p>(with a line {@code Inferred 'x' to be of type 'Tensor' because it was not annotated with an
 * explicit type.} before {@code Position} for an unannotated parameter), and {@code f() is missing value for argument 'x'. Declaration: ...}, {@code f() expected at
 * most 1 argument(s) but received 2 argument(s). Declaration: ...}. Each is a {@code RuntimeError}.
 */
final class Arguments {
    private Arguments() {}

    /** The arguments as the function's graph takes them: converted, with defaults filled in. */
    static List<Object> bind(Function function, List<?> arguments, ValueText text) {
        List<Function.Param> params = function.params();
        String name = function.name();
        if (arguments.size() > params.size()) {
            throw new TorchScriptException("RuntimeError", name + "() expected at most " + params.size()
                    + " argument(s) but received " + arguments.size() + " argument(s). Declaration: "
                    + declaration(function, text));
        }
        List<Object> bound = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            Function.Param param = params.get(i);
            if (i >= arguments.size()) {
                if (param.defaultValue().isEmpty()) {
                    throw new TorchScriptException("RuntimeError", name + "() is missing value for argument '"
                            + param.name() + "'. Declaration: " + declaration(function, text));
                }
                bound.add(copyDefault(param.defaultValue().get().value()));
                continue;
            }
            Object argument = arguments.get(i);
            Optional<Object> converted = RuntimeTypes.convert(argument, param.type());
            if (converted.isEmpty()) {
                throw new TorchScriptException("RuntimeError", name + "() Expected a value of type '"
                        + param.type().reprStr() + "' for argument '" + param.name() + "' but instead found type '"
                        + RuntimeTypes.pythonTypeName(argument) + "'.\n"
                        + (param.type() instanceof Type.TensorType t && t.inferred()
                                ? "Inferred '" + param.name() + "' to be of type 'Tensor' because it was not annotated"
                                        + " with an explicit type.\n"
                                : "")
                        + "Position: " + i + "\nValue: "
                        + text.pythonRepr(argument) + "\nDeclaration: " + declaration(function, text));
            }
            bound.add(RuntimeTypes.unwrap(converted.get()));
        }
        return bound;
    }

    /** A default's value for one call: list defaults are copied, since lists are mutable. */
    private static Object copyDefault(Object value) {
        return value instanceof List<?> list ? new ArrayList<>(list) : value;
    }

    /**
     * The function's schema as the reference prints it: {@code f(Tensor x, int[]? y=None, float
     * z=1.) -> ((int, float))}.
     */
    static String declaration(Function function, ValueText text) {
        StringBuilder out = new StringBuilder(function.name()).append('(');
        for (int i = 0; i < function.params().size(); i++) {
            Function.Param p = function.params().get(i);
            if (i > 0) {
                out.append(", ");
            }
            out.append(p.type().str()).append(' ').append(p.name());
            p.defaultValue().ifPresent(d -> out.append('=').append(text.declared(d.value())));
        }
        Type ret = function.returnType();
        String returns = ret.str();
        out.append(") -> ").append(ret instanceof Type.TupleType ? "(" + returns + ")" : returns);
        return out.toString();
    }
}
