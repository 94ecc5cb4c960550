package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            Object argument = numberOfTensor(arguments.get(i), param.type());
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

    /**
     * A tensor of one element passed for an {@code int}, {@code float} or {@code bool} parameter (or
     * an {@code Optional} of one) is its element as that type — {@code int} truncates, {@code bool}
     * is "not zero" — as the reference converts a call's arguments from Python ({@code f(torch.tensor([1.7]))}
     * for {@code def f(a: int)} is {@code f(1)}), also inside a list, dict or tuple argument (a new
     * one is made: {@code [torch.tensor(3.5)]} for {@code List[int]} is {@code [3]}); any other
     * argument is itself.
     */
    private static Object numberOfTensor(Object argument, Type type) {
        Type target = type instanceof Type.OptionalType o ? o.elem() : type;
        if (target instanceof Type.ListType l && argument instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(numberOfTensor(e, l.elem()));
            }
            return out;
        }
        if (target instanceof Type.DictType d && argument instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(numberOfTensor(k, d.key()), numberOfTensor(v, d.value())));
            return out;
        }
        if (target instanceof Type.TupleType t && argument instanceof Tuple tuple && tuple.size() == t.elements().size()) {
            List<Object> out = new ArrayList<>(tuple.size());
            for (int i = 0; i < tuple.size(); i++) {
                out.add(numberOfTensor(tuple.get(i), t.elements().get(i)));
            }
            return new Tuple(out);
        }
        if (!(argument instanceof TensorRef tensor)
                || !(target instanceof Type.IntType || target instanceof Type.FloatType || target instanceof Type.BoolType)
                || tensor.tensor().numel() != 1) {
            return argument;
        }
        TensorData data = TensorData.read(tensor);
        double value = data.floats() != null ? data.floats()[0]
                : data.ints() != null ? data.ints()[0]
                : data.bools()[0] ? 1 : 0;
        if (target instanceof Type.IntType) {
            return (long) value;
        }
        return target instanceof Type.FloatType ? (Object) value : (Object) (value != 0);
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
