package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.checker.builtins.SchemaType.Primitive;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.interp.JitOperators;
import io.github.torchscript4j.runtime.ops.DispatcherOps;
import io.github.torchscript4j.runtime.ops.OpImpl;
import io.github.torchscript4j.runtime.ops.TensorJitOps;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Python calls of libtorch's {@code aten::} operators, chosen among the overloads as PyTorch's
 * Python argument parser chooses: the overloads of the name in the operator table's registration
 * order, first accepting only values of the argument's own kind (a {@code Tensor} for {@code
 * Tensor}, an {@code int} for {@code int}, a number for {@code Scalar}), then also an {@code int}
 * where a {@code float} is expected, then also a number where a tensor is expected (a wrapped number,
 * as PyTorch passes it; from the first pass for the arithmetic and comparison operators, whose
 * Python bindings take numbers as tensors). Arguments bind by position and by the schema's names ({@code input} for
 * {@code self} in {@code torch.NAME} calls, wherever it is: {@code torch.where(c, input=t, other=u)}); keyword-only ones only by name; defaults fill the
 * rest. An overload whose only positional argument (besides {@code self}) is an {@code int[]}
 * takes its elements as varargs ({@code torch.zeros(2, 3)}, {@code t.view(2, 3)}); a function whose
 * last positional argument is a {@code Tensor[]} takes tensors as varargs there ({@code
 * torch.einsum("ij,jk", a, b)}, {@code torch.meshgrid(x, y)}). Factories accept
 * {@code requires_grad=} as PyTorch's do. {@code out=} is refused ({@code TypeError}); overloads
 * with names ({@code Dimname}) and {@code out} overloads are never chosen.
 *
 * <p>The chosen overload runs through the runtime's operators: {@link TensorJitOps}, then
 * libtorch's dispatcher ({@link DispatcherOps}), then libtorch's JIT registry ({@link
 * JitOperators}). Its outputs are handed to the {@link TorchHost}, which owns them; a {@code
 * Tensor[]} output is a tuple, a {@code ScalarType} one a {@link TorchDtype}, as in PyTorch.
 */
final class TorchCalls {
    /** Marks an argument that does not fit. */
    private static final Object MISMATCH = new Object();

    private static final Map<String, List<FunctionSchema>> FUNCTIONS = new ConcurrentHashMap<>();
    private static final Map<String, List<FunctionSchema>> METHODS = new ConcurrentHashMap<>();
    private static final Map<String, Optional<OpImpl>> IMPLS = new ConcurrentHashMap<>();

    private static final Map<String, Long> ENUM_DEFAULTS = Map.ofEntries(
            Map.entry("contiguous_format", 0L), Map.entry("preserve_format", 1L), Map.entry("channels_last", 2L),
            Map.entry("channels_last_3d", 3L), Map.entry("strided", 0L), Map.entry("Mean", 1L), Map.entry("Sum", 2L),
            Map.entry("None", 0L), Map.entry("long", 4L), Map.entry("int", 3L), Map.entry("float", 6L),
            Map.entry("double", 7L), Map.entry("half", 5L), Map.entry("bool", 11L), Map.entry("uint8", 0L),
            Map.entry("per_tensor_affine", 0L));

    /**
     * The operators whose Python bindings take a number for a tensor (as a wrapped number) in the
     * first place, as PyTorch's parser does for them ({@code t * 2} is {@code mul.Tensor}, whose
     * gradient function is {@code MulBackward0}).
     */
    private static final java.util.Set<String> NUMBERS_AS_TENSORS = numbersAsTensors();

    private static java.util.Set<String> numbersAsTensors() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String n : List.of("add", "sub", "mul", "div", "true_divide", "floor_divide", "fmod", "remainder", "eq", "ne",
                "lt", "le", "gt", "ge", "greater", "less", "greater_equal", "less_equal", "not_equal", "bitwise_and",
                "bitwise_or", "bitwise_xor", "__and__", "__or__", "__xor__", "copysign", "xlogy", "multiply", "divide",
                "subtract")) {
            names.add(n);
            names.add(n + "_");
        }
        return java.util.Set.copyOf(names);
    }

    private final TorchHost host;

    TorchCalls(TorchHost host) {
        this.host = host;
    }

    /** The overloads {@code torch.NAME} may call ({@code aten::NAME}'s); empty when it is no operator. */
    static List<FunctionSchema> functionOverloads(String name) {
        return FUNCTIONS.computeIfAbsent(name, n -> OperatorTable.builtin().overloads("aten::" + n).stream()
                .filter(TorchCalls::eligible).toList());
    }

    /** The overloads of the method {@code t.NAME}: those whose first argument is {@code Tensor self}. */
    static List<FunctionSchema> methodOverloads(String name) {
        return METHODS.computeIfAbsent(name, n -> functionOverloads(n).stream()
                .filter(s -> !s.arguments().isEmpty() && s.arguments().get(0).name().equals("self")
                        && s.arguments().get(0).type() == Primitive.TENSOR)
                .toList());
    }

    private static boolean eligible(FunctionSchema schema) {
        String overload = schema.overloadName().toLowerCase(java.util.Locale.ROOT);
        if (schema.isVararg() || overload.equals("out") || overload.endsWith("_out") || overload.contains("dimname")
                || overload.contains("names")) {
            return false;
        }
        boolean tensor = false;
        for (SchemaArgument a : schema.arguments()) {
            if (a.kwargOnly() && a.isWrite() || mentions(a.type(), Primitive.DIMNAME) || a.name().equals("names")) {
                return false;
            }
            tensor |= mentions(a.type(), Primitive.TENSOR);
        }
        for (SchemaArgument r : schema.returns()) {
            tensor |= mentions(r.type(), Primitive.TENSOR);
        }
        return tensor;
    }

    private static boolean mentions(SchemaType type, Primitive primitive) {
        if (type == primitive) {
            return true;
        } else if (type instanceof SchemaType.OptionalType o) {
            return mentions(o.element(), primitive);
        } else if (type instanceof SchemaType.ListType l) {
            return mentions(l.element(), primitive);
        } else if (type instanceof SchemaType.TupleType t) {
            return t.elements().stream().anyMatch(e -> mentions(e, primitive));
        }
        return false;
    }

    /**
     * Calls {@code name} ({@code zeros}, or the method {@code view} with its receiver first in
     * {@code args} when {@code method}) with Python's arguments.
     *
     * @throws PyException {@code TypeError} when no overload accepts them, {@code RuntimeError}
     *     when libtorch fails
     */
    Object call(String name, List<FunctionSchema> overloads, boolean method, List<Object> args, Map<String, Object> kwargs) {
        if (kwargs.containsKey("out")) {
            throw new PyException("TypeError", name + "(): the out= argument is not supported");
        }
        for (int pass = 0; pass < 3; pass++) {
            for (FunctionSchema schema : overloads) {
                Bound bound = bind(schema, method, args, kwargs, pass == 0 && NUMBERS_AS_TENSORS.contains(name) ? 2 : pass);
                if (bound == null) {
                    continue;
                }
                Optional<OpImpl> impl = implementation(schema);
                if (impl.isEmpty()) {
                    continue;
                }
                return run(schema, impl.get(), bound);
            }
        }
        throw mismatch(name, overloads, method, args, kwargs);
    }

    /** Runs the overload {@code nameWithOverload} with all its arguments given as runtime values. */
    Object callExact(String nameWithOverload, Object... args) {
        FunctionSchema schema = OperatorTable.builtin().find(nameWithOverload)
                .orElseThrow(() -> new IllegalStateException("no operator " + nameWithOverload));
        OpImpl impl = implementation(schema)
                .orElseThrow(() -> new IllegalStateException("no implementation of " + nameWithOverload));
        List<Object> values = new ArrayList<>();
        Collections.addAll(values, args);
        return run(schema, impl, new Bound(values, null));
    }

    private static Optional<OpImpl> implementation(FunctionSchema schema) {
        return IMPLS.computeIfAbsent(schema.toString(), text -> {
            Optional<OpImpl> found = TensorJitOps.find(schema);
            if (found.isEmpty()) {
                found = DispatcherOps.find(schema);
            }
            if (found.isEmpty()) {
                found = JitOperators.find(schema);
            }
            return found;
        });
    }

    private Object run(FunctionSchema schema, OpImpl impl, Bound bound) {
        List<Object> outputs;
        try {
            outputs = impl.call(bound.values);
        } catch (TorchScriptException e) {
            throw new PyException(e.pythonType(), e.detail());
        } catch (IllegalStateException e) {
            throw new PyException("RuntimeError", String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            if (e instanceof PyException p) {
                throw p;
            }
            TorchScriptException t = TorchScriptException.fromNative(e);
            throw new PyException(t.pythonType(), t.detail());
        }
        for (Object output : outputs) {
            host.own(output);
        }
        if (host.operatorObserver() != null) {
            host.operatorObserver().operator(schema, bound.values, outputs);
        }
        List<Object> results = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            Object out = outputs.get(i);
            SchemaType declared = i < schema.returns().size() ? schema.returns().get(i).type() : null;
            if (declared == Primitive.SCALAR_TYPE && out instanceof Long code) {
                out = TorchDtype.of(code);
            } else if (declared instanceof SchemaType.ListType l && l.element() == Primitive.TENSOR && out instanceof List<?> list) {
                out = new Tuple(new ArrayList<>(list)); // PyTorch's bindings return a TensorList as a tuple
            }
            results.add(out);
        }
        if (bound.requiresGrad != null && !results.isEmpty() && results.get(0) instanceof TensorRef t) {
            callExact("aten::requires_grad_", t, bound.requiresGrad);
        }
        if (results.isEmpty()) {
            return null;
        }
        return results.size() == 1 ? results.get(0) : new Tuple(results);
    }

    /** Arguments bound to one overload, in schema order, converted for its types. */
    private record Bound(List<Object> values, Boolean requiresGrad) {}

    private Bound bind(FunctionSchema schema, boolean method, List<Object> args, Map<String, Object> kwargs, int loose) {
        List<SchemaArgument> formals = schema.arguments();
        int positional = 0;
        while (positional < formals.size() && !formals.get(positional).kwargOnly()) {
            positional++;
        }
        List<Object> given = args;
        int varargs = method ? 2 : 1;
        if (positional == varargs && isIntList(formals.get(varargs - 1))
                && (args.size() > varargs || args.size() == varargs && args.get(varargs - 1) instanceof Long)) {
            List<Object> gathered = new ArrayList<>(args.subList(varargs - 1, args.size()));
            for (Object o : gathered) {
                if (!(o instanceof Long)) {
                    return null;
                }
            }
            given = new ArrayList<>(args.subList(0, varargs - 1));
            given.add(gathered);
        }
        if (!method && positional >= 1 && isTensorList(formals.get(positional - 1)) && args.size() >= positional
                && args.subList(positional - 1, args.size()).stream().allMatch(a -> a instanceof TensorRef)) {
            // Python's *tensors forms: torch.einsum("ij,jk", a, b), torch.meshgrid(x, y)
            List<Object> gathered = new ArrayList<>(args.subList(positional - 1, args.size()));
            given = new ArrayList<>(args.subList(0, positional - 1));
            given.add(gathered);
        }
        if (given.size() > positional) {
            return null;
        }
        Object[] slots = new Object[formals.size()];
        boolean[] set = new boolean[formals.size()];
        for (int i = 0; i < given.size(); i++) {
            slots[i] = given.get(i);
            set[i] = true;
        }
        Boolean requiresGrad = null;
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            int index = indexOf(formals, kw.getKey(), method);
            if (index < 0) {
                if (kw.getKey().equals("requires_grad") && kw.getValue() instanceof Boolean b) {
                    requiresGrad = b;
                    continue;
                }
                return null;
            }
            if (set[index]) {
                return null;
            }
            slots[index] = kw.getValue();
            set[index] = true;
        }
        List<Object> values = new ArrayList<>(formals.size());
        for (int i = 0; i < formals.size(); i++) {
            SchemaArgument formal = formals.get(i);
            if (!set[i]) {
                if (formal.defaultValueText().isEmpty()) {
                    return null;
                }
                values.add(defaultValue(formal));
                continue;
            }
            Object value = convert(slots[i], formal.type(), formal, loose);
            if (value == MISMATCH) {
                return null;
            }
            values.add(value);
        }
        return new Bound(values, requiresGrad);
    }

    private static int indexOf(List<SchemaArgument> formals, String name, boolean method) {
        for (int i = 0; i < formals.size(); i++) {
            String formal = formals.get(i).name();
            if (formal.equals(name) && !(method && i == 0)) {
                return i;
            }
            if (!method && formal.equals("self") && name.equals("input")) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isTensorList(SchemaArgument argument) {
        return argument.type() instanceof SchemaType.ListType l && l.element() == Primitive.TENSOR;
    }

    private static boolean isIntList(SchemaArgument argument) {
        return argument.type() instanceof SchemaType.ListType l
                && (l.element() == Primitive.INT || l.element() == Primitive.SYM_INT);
    }

    /** {@code value} as the runtime value the operator takes for {@code type}, or {@link #MISMATCH}. */
    private Object convert(Object value, SchemaType type, SchemaArgument formal, int loose) {
        if (type instanceof SchemaType.OptionalType o) {
            return value == null ? null : convert(value, o.element(), formal, loose);
        }
        if (type instanceof SchemaType.TypeVariable || type == Primitive.ANY) {
            return plain(value);
        }
        if (type instanceof SchemaType.ListType l) {
            List<?> items;
            if (value instanceof List<?> list) {
                items = list;
            } else if (value instanceof Tuple t) {
                items = t.elements();
            } else if (value instanceof TorchSize s) {
                items = s.dims();
            } else if (formal != null && formal.size().isPresent() && value instanceof Long n
                    && (l.element() == Primitive.INT || l.element() == Primitive.SYM_INT)) {
                return new ArrayList<>(Collections.nCopies(formal.size().getAsInt(), n));
            } else {
                return MISMATCH;
            }
            List<Object> out = new ArrayList<>(items.size());
            for (Object item : items) {
                Object converted = convert(item, l.element(), null, loose);
                if (converted == MISMATCH) {
                    return MISMATCH;
                }
                out.add(converted);
            }
            return out;
        }
        if (type instanceof SchemaType.TupleType || type instanceof SchemaType.DictType || type instanceof SchemaType.UnionType) {
            return plain(value);
        }
        if (!(type instanceof Primitive p)) {
            return MISMATCH;
        }
        switch (p) {
            case TENSOR:
                if (value instanceof TensorRef) {
                    return value;
                }
                if (loose >= 2 && (value instanceof Long || value instanceof Double || value instanceof Boolean)) {
                    return host.wrappedNumber(value);
                }
                return MISMATCH;
            case INT, SYM_INT:
                return value instanceof Long ? value : MISMATCH;
            case FLOAT, SYM_FLOAT:
                if (value instanceof Double) {
                    return value;
                }
                return loose >= 1 && value instanceof Long n ? (Object) n.doubleValue() : MISMATCH;
            case BOOL, SYM_BOOL:
                return value instanceof Boolean ? value : MISMATCH;
            case SCALAR:
                return value instanceof Long || value instanceof Double || value instanceof Boolean ? value : MISMATCH;
            case STR:
                return value instanceof String ? value : MISMATCH;
            case SCALAR_TYPE:
                return value instanceof TorchDtype d ? (Object) d.code() : MISMATCH;
            case LAYOUT:
                return value instanceof TorchEnum e && e.kind().equals("layout") ? (Object) e.code() : MISMATCH;
            case MEMORY_FORMAT:
                return value instanceof TorchEnum e && e.kind().equals("memory_format") ? (Object) e.code() : MISMATCH;
            case DEVICE:
                if (value instanceof DeviceValue) {
                    return value;
                }
                if (value instanceof String s) {
                    return TorchHost.device(s);
                }
                return MISMATCH;
            case NONE_TYPE:
                return value == null ? null : MISMATCH;
            default:
                return MISMATCH;
        }
    }

    /** A Python value as the runtime's: tuples stay tuples, sizes become lists, dtypes their codes. */
    static Object plain(Object value) {
        if (value instanceof TorchDtype d) {
            return d.code();
        } else if (value instanceof TorchEnum e) {
            return e.code();
        } else if (value instanceof TorchSize s) {
            return new ArrayList<Object>(s.dims());
        } else if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(plain(o));
            }
            return out;
        } else if (value instanceof Tuple t) {
            List<Object> out = new ArrayList<>(t.elements().size());
            for (Object o : t.elements()) {
                out.add(plain(o));
            }
            return new Tuple(out);
        }
        return value;
    }

    /** The value of an argument's default, as the schema writes it. */
    static Object defaultValue(SchemaArgument formal) {
        String text = formal.defaultValueText().orElseThrow().strip();
        Object value = parseDefault(text, formal.type());
        if (formal.size().isPresent() && value != null && !(value instanceof List<?>)) {
            return new ArrayList<>(Collections.nCopies(formal.size().getAsInt(), value));
        }
        return value;
    }

    private static Object parseDefault(String text, SchemaType type) {
        if (text.equals("None")) {
            return null;
        }
        SchemaType t = type instanceof SchemaType.OptionalType o ? o.element() : type;
        if (t instanceof SchemaType.ListType l) {
            if (!text.startsWith("[")) {
                return parseDefault(text, l.element());
            }
            String inner = text.substring(1, text.length() - 1).strip();
            List<Object> items = new ArrayList<>();
            if (!inner.isEmpty()) {
                for (String part : inner.split(",")) {
                    items.add(parseDefault(part.strip(), l.element()));
                }
            }
            return items;
        }
        switch (text) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            default:
                break;
        }
        if (text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        if (t == Primitive.SCALAR_TYPE || t == Primitive.LAYOUT || t == Primitive.MEMORY_FORMAT
                || !Character.isDigit(text.charAt(text.length() - 1)) && ENUM_DEFAULTS.containsKey(text)) {
            Long code = ENUM_DEFAULTS.get(text);
            if (code != null) {
                return code;
            }
        }
        if (t == Primitive.FLOAT || t == Primitive.SYM_FLOAT) {
            return Double.parseDouble(text);
        }
        if (text.matches("-?\\d+")) {
            return Long.parseLong(text);
        }
        return Double.parseDouble(text);
    }

    private PyException mismatch(String name, List<FunctionSchema> overloads, boolean method, List<Object> args, Map<String, Object> kwargs) {
        List<String> got = new ArrayList<>();
        for (int i = method ? 1 : 0; i < args.size(); i++) {
            got.add(pythonType(args.get(i)));
        }
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            got.add(kw.getKey() + "=" + pythonType(kw.getValue()));
        }
        if (overloads.isEmpty()) {
            return new PyException("TypeError", name + "(): no operator aten::" + name + " accepts Python arguments");
        }
        StringBuilder b = new StringBuilder(name).append("() received an invalid combination of arguments - got (")
                .append(String.join(", ", got)).append("), but expected one of:");
        LinkedHashMap<String, Boolean> lines = new LinkedHashMap<>();
        for (FunctionSchema s : overloads) {
            List<SchemaArgument> formals = s.arguments().subList(method ? 1 : 0, s.arguments().size());
            boolean star = false;
            List<String> parts = new ArrayList<>();
            for (SchemaArgument a : formals) {
                if (a.kwargOnly() && !star) {
                    parts.add("*");
                    star = true;
                }
                parts.add(a.toString());
            }
            lines.put(" * (" + String.join(", ", parts) + ")", true);
        }
        b.append(lines.keySet().stream().collect(Collectors.joining("\n", "\n", "")));
        return new PyException("TypeError", b.toString());
    }

    /** The Python type name of a value, for messages. */
    String pythonType(Object value) {
        if (value == null) {
            return "NoneType";
        } else if (value instanceof Long) {
            return "int";
        } else if (value instanceof Double) {
            return "float";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof String) {
            return "str";
        } else if (value instanceof List<?>) {
            return "list";
        } else if (value instanceof Tuple) {
            return "tuple";
        } else if (value instanceof Map<?, ?>) {
            return "dict";
        } else if (host.isForeign(value)) {
            return host.typeName(value);
        }
        return value.getClass().getSimpleName();
    }

    static boolean isDtypeCode(long code) {
        return Dtypes.name(code).isPresent();
    }
}
