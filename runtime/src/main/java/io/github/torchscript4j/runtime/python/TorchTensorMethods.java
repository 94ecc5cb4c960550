package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Tensor;

/**
 * A tensor's Python attributes, methods and operators.
 *
 * <p>Attributes: {@code shape}, {@code dtype}, {@code device}, {@code data} (a detached tensor
 * sharing the storage; assignable), {@code requires_grad} (assignable), {@code grad}, {@code
 * is_cuda}, {@code is_leaf}, {@code ndim}, {@code T}, {@code layout}, {@code grad_fn} ({@code None}
 * for a leaf, otherwise an opaque object). Methods: {@code size}, {@code dim}, {@code numel},
 * {@code item}, {@code tolist}, {@code float}/{@code double}/{@code long}/... ({@code to(dtype)}),
 * {@code type}, {@code stride} (a tuple), {@code new_tensor}, {@code cpu}, {@code cuda}, {@code element_size}, and every {@code aten::} operator whose first
 * argument is {@code Tensor self}, bound to the tensor ({@link TorchCalls}).
 *
 * <p>Operators: the arithmetic, bitwise and comparison operators as PyTorch's {@code Tensor}
 * defines them, with a Python number on either side ({@code 1 - t} is {@code rsub}, {@code 2 / t}
 * is {@code t.reciprocal() * 2}, {@code 2 ** t} is {@code pow.Scalar}); the in-place forms
 * ({@code +=}) call the in-place operator and give the tensor itself; {@code @=} is {@code @}.
 */
final class TorchTensorMethods {
    private static final Map<String, Long> CONVERSIONS = Map.ofEntries(
            Map.entry("float", Dtypes.FLOAT32), Map.entry("double", Dtypes.FLOAT64), Map.entry("half", Dtypes.FLOAT16),
            Map.entry("bfloat16", Dtypes.BFLOAT16), Map.entry("long", Dtypes.INT64), Map.entry("int", Dtypes.INT32),
            Map.entry("short", Dtypes.INT16), Map.entry("char", Dtypes.INT8), Map.entry("byte", Dtypes.UINT8),
            Map.entry("bool", Dtypes.BOOL), Map.entry("cfloat", Dtypes.COMPLEX64), Map.entry("cdouble", Dtypes.COMPLEX128));

    /** {@code t.type()}'s names of the CPU tensor types. */
    private static final Map<Long, String> TYPE_NAMES = Map.ofEntries(
            Map.entry(Dtypes.FLOAT32, "torch.FloatTensor"), Map.entry(Dtypes.FLOAT64, "torch.DoubleTensor"),
            Map.entry(Dtypes.FLOAT16, "torch.HalfTensor"), Map.entry(Dtypes.BFLOAT16, "torch.BFloat16Tensor"),
            Map.entry(Dtypes.INT64, "torch.LongTensor"), Map.entry(Dtypes.INT32, "torch.IntTensor"),
            Map.entry(Dtypes.INT16, "torch.ShortTensor"), Map.entry(Dtypes.INT8, "torch.CharTensor"),
            Map.entry(Dtypes.UINT8, "torch.ByteTensor"), Map.entry(Dtypes.BOOL, "torch.BoolTensor"));

    /** Python's operator → the method a tensor on the left calls. */
    private static final Map<String, String> METHODS = Map.ofEntries(
            Map.entry("+", "add"), Map.entry("-", "sub"), Map.entry("*", "mul"), Map.entry("/", "div"),
            Map.entry("//", "floor_divide"), Map.entry("%", "remainder"), Map.entry("**", "pow"), Map.entry("@", "matmul"),
            Map.entry("&", "__and__"), Map.entry("|", "__or__"), Map.entry("^", "__xor__"), Map.entry("<<", "__lshift__"),
            Map.entry(">>", "__rshift__"), Map.entry("==", "eq"), Map.entry("!=", "ne"), Map.entry("<", "lt"),
            Map.entry("<=", "le"), Map.entry(">", "gt"), Map.entry(">=", "ge"),
            Map.entry("+=", "add_"), Map.entry("-=", "sub_"), Map.entry("*=", "mul_"), Map.entry("/=", "div_"),
            Map.entry("//=", "floor_divide_"), Map.entry("%=", "remainder_"), Map.entry("**=", "pow_"),
            Map.entry("&=", "bitwise_and_"), Map.entry("|=", "bitwise_or_"), Map.entry("^=", "bitwise_xor_"),
            Map.entry("<<=", "__ilshift__"), Map.entry(">>=", "__irshift__"), Map.entry("@=", "matmul"));

    /** Comparisons with the tensor on the right: {@code 1 < t} is {@code t > 1}. */
    private static final Map<String, String> MIRRORED = Map.of(
            "==", "eq", "!=", "ne", "<", "gt", "<=", "ge", ">", "lt", ">=", "le",
            "+", "add", "*", "mul", "&", "__and__", "|", "__or__");

    private final TorchHost host;

    TorchTensorMethods(TorchHost host) {
        this.host = host;
    }

    Optional<Object> attribute(TensorRef t, String name) {
        Tensor n = t.tensor();
        switch (name) {
            case "shape":
                return Optional.of(TorchSize.of(n.sizes().vec().get()));
            case "dtype":
                return Optional.of(TorchDtype.of(n.scalar_type().value));
            case "device":
                return Optional.of(DeviceValue.parse(n.device().str().getString()));
            case "data":
                return Optional.of(host.method(t, "detach"));
            case "requires_grad":
                return Optional.of(n.requires_grad());
            case "grad": {
                Tensor grad = n.grad();
                if (grad == null || grad.isNull() || !grad.defined()) {
                    return Optional.of(Host.NONE);
                }
                TensorRef ref = new TensorRef(grad);
                host.own(ref);
                return Optional.of(ref);
            }
            case "is_cuda":
                return Optional.of(n.is_cuda());
            case "is_leaf":
                return Optional.of(host.calls().callExact("aten::is_leaf", t));
            case "ndim":
                return Optional.of((long) n.dim());
            case "T":
                return Optional.of(host.calls().callExact("aten::numpy_T", t));
            case "layout":
                return Optional.of(TorchEnum.STRIDED);
            case "grad_fn":
                return Optional.of(n.requires_grad() && !(Boolean) host.calls().callExact("aten::is_leaf", t)
                        ? new TorchObjects.Placeholder("<grad_fn>") : Host.NONE);
            default:
                break;
        }
        PyCallable special = special(t, name);
        if (special != null) {
            return Optional.of(special);
        }
        if (!TorchCalls.methodOverloads(name).isEmpty()) {
            return Optional.of((PyCallable) (args, kwargs) -> {
                List<Object> all = new ArrayList<>(args.size() + 1);
                all.add(t);
                all.addAll(args);
                return host.calls().call(name, TorchCalls.methodOverloads(name), true, all, kwargs);
            });
        }
        return Optional.empty();
    }

    private PyCallable special(TensorRef t, String name) {
        Long conversion = CONVERSIONS.get(name);
        if (conversion != null) {
            return (args, kwargs) -> {
                noArguments(name, args, kwargs);
                return host.calls().callExact("aten::to.dtype", t, conversion, false, false, null);
            };
        }
        switch (name) {
            case "size":
                return (args, kwargs) -> {
                    Object dim = args.isEmpty() ? kwargs.get("dim") : args.get(0);
                    long[] shape = t.tensor().sizes().vec().get();
                    if (dim == null) {
                        return TorchSize.of(shape);
                    }
                    if (!(dim instanceof Long d)) {
                        throw new PyException("TypeError", "size() received an invalid combination of arguments - got ("
                                + host.pythonType(dim) + "), but expected one of:\n * (int dim)\n * ()");
                    }
                    return shape[(int) TorchIndexing.wrapDim(d, shape.length)];
                };
            case "stride":
                return (args, kwargs) -> {
                    Object dim = args.isEmpty() ? kwargs.get("dim") : args.get(0);
                    long[] strides = t.tensor().strides().vec().get();
                    if (dim == null) {
                        List<Object> items = new ArrayList<>();
                        for (long st : strides) {
                            items.add(st);
                        }
                        return new io.github.torchscript4j.checker.eval.Tuple(items);
                    }
                    if (!(dim instanceof Long d)) {
                        throw new PyException("TypeError", "stride() received an invalid combination of arguments - got ("
                                + host.pythonType(dim) + "), but expected one of:\n * (int dim)\n * ()");
                    }
                    return strides[(int) TorchIndexing.wrapDim(d, strides.length)];
                };
            case "type":
                return (args, kwargs) -> {
                    Object target = args.isEmpty() ? kwargs.get("dtype") : args.get(0);
                    long code = t.tensor().scalar_type().value;
                    if (target == null) {
                        return TYPE_NAMES.getOrDefault(code, "torch.Tensor");
                    }
                    if (target instanceof String typeName) {
                        target = TYPE_NAMES.entrySet().stream().filter(e -> e.getValue().equals(typeName))
                                .map(e -> (Object) TorchDtype.of(e.getKey())).findFirst()
                                .orElseThrow(() -> new PyException("ValueError", "invalid type: '" + typeName + "'"));
                    }
                    if (!(target instanceof TorchDtype d)) {
                        throw new PyException("TypeError", "type() received an invalid combination of arguments - got ("
                                + host.pythonType(target) + ")");
                    }
                    return d.code() == code ? t : host.calls().callExact("aten::to.dtype", t, d.code(), false, false, null);
                };
            case "new_tensor":
                return (args, kwargs) -> {
                    java.util.Map<String, Object> options = new java.util.LinkedHashMap<>(kwargs);
                    options.putIfAbsent("dtype", TorchDtype.of(t.tensor().scalar_type().value));
                    options.putIfAbsent("device", DeviceValue.parse(t.tensor().device().str().getString()));
                    PyCallable tensor = (PyCallable) host.importModule("torch").orElseThrow().attribute("tensor").orElseThrow();
                    return tensor.call(args, options);
                };
            case "item":
                return (args, kwargs) -> {
                    noArguments(name, args, kwargs);
                    host.converted(TorchHost.Conversion.NUMBER);
                    return host.calls().callExact("aten::item", t);
                };
            case "dim", "ndimension":
                return (args, kwargs) -> {
                    noArguments(name, args, kwargs);
                    return (long) t.tensor().dim();
                };
            case "numel", "nelement":
                return (args, kwargs) -> {
                    noArguments(name, args, kwargs);
                    return t.tensor().numel();
                };
            case "element_size":
                return (args, kwargs) -> TorchDtype.of(t.tensor().scalar_type().value).attribute("itemsize").orElseThrow();
            case "tolist":
                return (args, kwargs) -> {
                    noArguments(name, args, kwargs);
                    host.converted(TorchHost.Conversion.LIST);
                    return tolist(t);
                };
            case "cpu":
                return (args, kwargs) -> host.calls().call("to", TorchCalls.methodOverloads("to"), true,
                        List.of(t, DeviceValue.CPU), Map.of());
            case "cuda":
                return (args, kwargs) -> host.calls().call("to", TorchCalls.methodOverloads("to"), true,
                        List.of(t, args.isEmpty() ? new DeviceValue("cuda", -1) : args.get(0) instanceof Long i
                                ? new DeviceValue("cuda", i.intValue()) : args.get(0)), Map.of());
            default:
                return null;
        }
    }

    private static void noArguments(String name, List<Object> args, Map<String, Object> kwargs) {
        if (!args.isEmpty() || !kwargs.isEmpty()) {
            throw new PyException("TypeError", name + "() takes no arguments (" + (args.size() + kwargs.size()) + " given)");
        }
    }

    /** {@code t.tolist()}: nested lists of Python numbers ({@code int}, {@code float}, {@code bool}). */
    static Object tolist(TensorRef t) {
        TensorData data = TensorData.read(t);
        if (Dtypes.isComplex(data.dtype())) {
            throw new PyException("RuntimeError", "tolist() of a complex tensor is not supported");
        }
        int[] position = {0};
        return nested(data, 0, position);
    }

    private static Object nested(TensorData data, int dim, int[] position) {
        if (dim == data.shape().length) {
            int i = position[0]++;
            if (data.floats() != null) {
                return data.floats()[i];
            } else if (data.ints() != null) {
                return data.ints()[i];
            }
            return data.bools()[i];
        }
        List<Object> items = new ArrayList<>();
        for (long k = 0; k < data.shape()[dim]; k++) {
            items.add(nested(data, dim + 1, position));
        }
        return items;
    }

    void setAttribute(TensorRef t, String name, Object value) {
        switch (name) {
            case "requires_grad":
                if (!(value instanceof Boolean b)) {
                    throw new PyException("TypeError", "requires_grad must be a bool");
                }
                host.calls().callExact("aten::requires_grad_", t, b);
                return;
            case "data":
                if (!(value instanceof TensorRef other)) {
                    throw new PyException("TypeError", "Variable data has to be a tensor, but got " + host.pythonType(value));
                }
                host.calls().callExact("aten::set_data", t, other);
                return;
            case "grad":
                if (value == null) {
                    t.tensor().mutable_grad().reset();
                    return;
                }
                throw new PyException("RuntimeError", "assigning a gradient tensor is not supported");
            default:
                throw new PyException("AttributeError", "'" + host.typeName(t) + "' object attribute '" + name + "' is read-only");
        }
    }

    Optional<Object> binary(String op, Object left, Object right) {
        if (!operand(left) || !operand(right)) {
            return Optional.empty();
        }
        if (left instanceof TensorRef t) {
            String method = METHODS.get(op);
            if (method == null) {
                return Optional.empty();
            }
            if (op.equals("@=") || op.equals("@")) {
                if (!(right instanceof TensorRef)) {
                    return Optional.empty();
                }
            }
            return Optional.of(host.method(t, method, right));
        }
        TensorRef t = (TensorRef) right;
        String plain = op.endsWith("=") && !op.equals("==") && !op.equals("!=") && !op.equals("<=") && !op.equals(">=")
                ? op.substring(0, op.length() - 1) : op;
        String mirrored = MIRRORED.get(plain);
        if (mirrored != null) {
            return Optional.of(host.method(t, mirrored, left));
        }
        switch (plain) {
            case "-":
                return Optional.of(host.method(t, "rsub", left));
            case "/": {
                TensorRef reciprocal = TorchHost.tensorResult(host.method(t, "reciprocal"));
                return Optional.of(host.method(reciprocal, "mul", left));
            }
            case "**":
                return Optional.of(host.function("pow", left, t));
            case "%":
                return Optional.of(host.function("remainder", left, t));
            case "//":
                return Optional.of(host.function("floor_divide", wrapped(left, t), t));
            case "^":
                return Optional.of(host.method(t, "__xor__", left));
            case "<<":
                return Optional.of(host.function("bitwise_left_shift", left, t));
            case ">>":
                return Optional.of(host.function("bitwise_right_shift", left, t));
            default:
                return Optional.empty();
        }
    }

    /** A number as a tensor of the dtype it has with {@code t} (PyTorch's wrapped number). */
    private TensorRef wrapped(Object number, TensorRef t) {
        Object dtype = host.calls().callExact("aten::result_type.Scalar_Tensor", number, t);
        return TorchHost.tensorResult(host.calls().callExact("aten::scalar_tensor", number,
                ((TorchDtype) dtype).code(), null, null, null));
    }

    private static boolean operand(Object value) {
        return value instanceof TensorRef || value instanceof Long || value instanceof Double || value instanceof Boolean;
    }

    Optional<Object> unary(String op, TensorRef t) {
        return switch (op) {
            case "-" -> Optional.of(host.method(t, "neg"));
            case "+" -> Optional.of(t);
            case "~" -> Optional.of(host.method(t, "bitwise_not"));
            default -> Optional.empty();
        };
    }
}
