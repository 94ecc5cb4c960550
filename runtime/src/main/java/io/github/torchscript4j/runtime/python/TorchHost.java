package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link Host} for PyTorch: tensors ({@link TensorRef}), dtypes ({@link TorchDtype}), sizes
 * ({@link TorchSize}), layouts and memory formats ({@link TorchEnum}), devices ({@link
 * DeviceValue}), and the modules {@code torch}, {@code torch._C}, {@code torch._C._nn}, {@code
 * torch.nn.parameter}, {@code torch.jit} and {@code torch._jit_internal} ({@link TorchModules}).
 * Functions and tensor methods are libtorch's operators, chosen and called by {@link TorchCalls};
 * tensor attributes, methods and Python operators are {@link TorchTensorMethods}', subscripts
 * {@link TorchIndexing}'s.
 *
 * <h2>Parameters</h2>
 *
 * <p>A {@code torch.nn.Parameter} is a plain {@link TensorRef}, so that every operator, the archive
 * writer and the IR interpreter take it unchanged; the host remembers which TensorRefs are
 * parameters (an identity set, {@link #isParameter}). {@code Parameter(data, requires_grad)} makes
 * a new TensorRef sharing {@code data}'s storage (a detached alias) with {@code requires_grad} set.
 *
 * <h2>Memory</h2>
 *
 * <p>The host owns every tensor it creates (each operator output, each attribute such as {@code
 * t.data} or {@code t.grad}): one owner per time a TensorRef was handed out. {@link #close()}
 * releases them all; the Python side never releases a tensor on its own. A tensor the caller wants
 * to outlive the host (a built module's parameters) must be taken with {@link #keep(TensorRef)},
 * which transfers one owner to the caller. Tensors the caller passes in stay the caller's.
 *
 * <p>Grad mode ({@code torch.no_grad()}) and the random generator ({@code torch.manual_seed}) are
 * libtorch's, per thread and per process respectively, as in PyTorch. Not thread-safe: one host
 * serves one interpreter.
 */
public final class TorchHost implements Host, AutoCloseable {
    private final List<TensorRef> owned = new ArrayList<>();
    private final Set<TensorRef> parameters = Collections.newSetFromMap(new IdentityHashMap<>());
    private final TorchCalls calls = new TorchCalls(this);
    private final TorchTensorMethods tensors = new TorchTensorMethods(this);
    private final TorchIndexing indexing = new TorchIndexing(this);
    private final Map<String, PyAttributes> modules;
    private boolean closed;
    private OperatorObserver observer;

    /**
     * Told of every operator call the host makes for Python code (the tracer's hook, as the
     * reference's tracer sees each operator Python dispatches).
     */
    @FunctionalInterface
    public interface OperatorObserver {
        /**
         * An operator ran.
         *
         * @param schema the overload that ran
         * @param inputs its arguments in schema order, converted for its types (lent)
         * @param outputs its results as the operator returned them, one per return (lent; the host owns them)
         */
        void operator(io.github.torchscript4j.checker.builtins.FunctionSchema schema, List<Object> inputs,
                List<Object> outputs);

        /**
         * A custom autograd function's {@code apply} starts running its {@code forward}: the
         * operators until the matching {@link #exitPythonOp} are that function's (the reference's
         * tracer makes the call one {@code prim::PythonOp}).
         *
         * @param name the function's class name
         * @param module the class's module
         * @param arguments the arguments of {@code apply}, in order (lent)
         */
        default void enterPythonOp(String name, String module, List<Object> arguments) {}

        /**
         * The {@code forward} that {@link #enterPythonOp} announced returned {@code result} (lent);
         * {@code inplace}: it marked an input dirty.
         */
        default void exitPythonOp(Object result, boolean inplace) {}

        /** The {@code forward} that {@link #enterPythonOp} announced raised. */
        default void abandonPythonOp() {}

        /**
         * Python is converting a tensor to a Python value ({@code bool(t)}, {@code if t:}, {@code
         * int(t)}, {@code t.item()}, {@code len(t)}, {@code for row in t}, ...), which the
         * reference's tracer warns of: the value is a constant of the trace.
         */
        default void converted(Conversion conversion) {}

        /**
         * A function decorated {@code @torch.jit.script} returned {@code result} for {@code args}
         * (lent); what it ran was not reported, as the reference's tracer records one call of it.
         *
         * @param name the function's name
         */
        default void scriptedCall(String name, List<Object> args, Object result) {}

        /**
         * A method of a module instance that {@code torch.jit.script} was applied to returned
         * {@code result} for {@code args} ({@code self} left out, lent); what it ran was not
         * reported, as the reference's tracer records one {@code prim::CallMethod} of it.
         */
        default void scriptedMethodCall(PyInstance module, String method, List<Object> args, Object result) {}
    }

    /** The functions {@code torch.jit.script} was applied to, by identity. */
    private final Set<PyFunction> scripted = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Marks {@code function} as scripted ({@code @torch.jit.script}): an observer sees its calls as one. */
    void script(PyFunction function) {
        scripted.add(function);
    }

    /** The module instances {@code torch.jit.script} was applied to, by identity. */
    private final Set<PyInstance> scriptedModules = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Marks {@code module} as scripted ({@code torch.jit.script(instance)}): an observer sees its methods' calls as one. */
    void script(PyInstance module) {
        scriptedModules.add(module);
    }

    /** Whether {@code torch.jit.script} was applied to {@code module}. */
    public boolean isScripted(PyInstance module) {
        return scriptedModules.contains(module);
    }

    /**
     * A call of a scripted function, or of a method of a scripted module, while an observer
     * watches: run unobserved (the operators it runs, and its conversions, are not reported) and
     * reported as one {@link OperatorObserver#scriptedCall} or {@link
     * OperatorObserver#scriptedMethodCall}.
     */
    @Override
    public Object callFunction(PyFunction function, List<Object> args, java.util.function.Supplier<Object> call) {
        OperatorObserver watching = observer;
        if (watching == null) {
            return call.get();
        }
        if (!args.isEmpty() && args.get(0) instanceof PyInstance self && scriptedModules.contains(self)
                && self.pyClass().lookup(function.name()) == function) {
            List<Object> arguments = new ArrayList<>(args.subList(1, args.size()));
            Object result;
            observer = null;
            try {
                result = call.get();
            } finally {
                observer = watching;
            }
            // calling the module is calling its forward, as a scripted module's __call__ does
            String method = function.name().equals("__call__") ? "forward" : function.name();
            watching.scriptedMethodCall(self, method, arguments, result);
            return result;
        }
        if (!scripted.contains(function)) {
            return call.get();
        }
        List<Object> arguments = new ArrayList<>(args);
        Object result;
        observer = null;
        try {
            result = call.get();
        } finally {
            observer = watching;
        }
        watching.scriptedCall(function.name(), arguments, result);
        return result;
    }

    /** The conversions of a tensor to Python values that {@link OperatorObserver#converted} reports. */
    public enum Conversion {
        /** {@code bool(t)}, {@code if t:}, {@code while t:}, {@code not t}. */
        BOOLEAN,
        /** {@code int(t)}. */
        INTEGER,
        /** {@code float(t)}. */
        FLOAT,
        /** {@code t.item()}. */
        NUMBER,
        /** {@code t.tolist()}. */
        LIST,
        /** {@code len(t)}. */
        LENGTH,
        /** {@code for row in t}, {@code a, b = t}. */
        ITERATION
    }

    /** Tells the operator observer, if any, of a conversion of a tensor to a Python value. */
    void converted(Conversion conversion) {
        if (observer != null) {
            observer.converted(conversion);
        }
    }

    @Override
    public Optional<Object> toNumber(Object value, String builtin) {
        if (value instanceof TensorRef t) {
            converted(builtin.equals("float") ? Conversion.FLOAT : Conversion.INTEGER);
            return Optional.of(calls.callExact("aten::item", t));
        }
        return Optional.empty();
    }

    /** A host for one interpreter; loads libtorch. */
    public TorchHost() {
        Libtorch.ensureLoaded();
        modules = new TorchModules(this).build();
    }

    // ---------------------------------------------------------------- ownership

    /** Records the host as an owner of the tensors in {@code value} (an operator's output). */
    void own(Object value) {
        if (value instanceof TensorRef t) {
            owned.add(t);
        } else if (value instanceof List<?> list) {
            list.forEach(this::own);
        } else if (value instanceof Tuple tuple) {
            tuple.elements().forEach(this::own);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(this::own);
        }
    }

    /**
     * Hands one of the host's owners of {@code tensor} to the caller, who must release it; the
     * tensor then survives {@link #close()}. A tensor the host does not own is retained for the caller.
     */
    public TensorRef keep(TensorRef tensor) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i) == tensor) {
                owned.remove(i);
                return tensor;
            }
        }
        return tensor.retain();
    }

    /** The number of owners the host holds on tensors (one per tensor handed out and not kept). */
    public int ownedCount() {
        return owned.size();
    }

    /**
     * Hands the caller the owners the host took since {@link #ownedCount()} was {@code mark} (the
     * tensors made by the Python code run since then), in the order taken; the caller releases
     * them or leaves them to the garbage collector. For callers that run one Python call at a time
     * and must not let the host's list grow with every call.
     */
    public List<TensorRef> takeOwnedSince(int mark) {
        List<TensorRef> since = owned.subList(Math.min(mark, owned.size()), owned.size());
        List<TensorRef> taken = new ArrayList<>(since);
        since.clear();
        return taken;
    }

    /** Releases every tensor the host owns; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (TensorRef t : owned) {
            t.release();
        }
        owned.clear();
        parameters.clear();
    }

    /**
     * A call of {@code torch.jit.trace(func, example_inputs)} that Python code made: the function
     * (or module) and its example inputs, a non-tuple wrapped as {@code torch.jit.trace} wraps it.
     * Python keeps {@code func} itself (see {@link TorchModules}); the runtime traces it from this
     * record where TorchScript calls the result.
     */
    public record TraceRequest(Object target, List<Object> exampleInputs) {
        public TraceRequest {
            exampleInputs = java.util.Collections.unmodifiableList(new ArrayList<>(exampleInputs));
        }
    }

    private final List<TraceRequest> traceRequests = new ArrayList<>();

    /** The {@code torch.jit.trace} calls Python code made on this host, in order; their tensors are the host's. */
    public List<TraceRequest> traceRequests() {
        return List.copyOf(traceRequests);
    }

    void recordTrace(TraceRequest request) {
        traceRequests.add(request);
    }

    /** Sets (or, with null, removes) the observer told of each operator call. */
    public void observeOperators(OperatorObserver observer) {
        this.observer = observer;
    }

    // ---------------------------------------------------------------- services for the Torch* classes

    /** The operator observer, or null. */
    OperatorObserver operatorObserver() {
        return observer;
    }

    TorchCalls calls() {
        return calls;
    }

    /** Makes {@code tensor} a parameter. */
    void markParameter(TensorRef tensor) {
        parameters.add(tensor);
    }

    /** Whether {@code value} is a {@code torch.nn.Parameter} the host made. */
    public boolean isParameter(Object value) {
        return value instanceof TensorRef t && parameters.contains(t);
    }

    /** Calls the tensor method {@code name} of {@code self} as Python does ({@code t.add(1)}). */
    Object method(TensorRef self, String name, Object... args) {
        List<Object> all = new ArrayList<>(args.length + 1);
        all.add(self);
        Collections.addAll(all, args);
        return calls.call(name, TorchCalls.methodOverloads(name), true, all, Map.of());
    }

    /** Calls {@code torch.NAME} with positional arguments. */
    Object function(String name, Object... args) {
        List<Object> all = new ArrayList<>(args.length);
        Collections.addAll(all, args);
        return calls.call(name, TorchCalls.functionOverloads(name), false, all, Map.of());
    }

    /** {@code t}'s tensor result, or a {@code TypeError}. */
    static TensorRef tensorResult(Object value) {
        if (value instanceof TensorRef t) {
            return t;
        }
        throw new PyException("RuntimeError", "expected a tensor result");
    }

    /** A 0-dimensional tensor holding a Python number (int64, the default dtype, or bool). */
    TensorRef scalarTensor(Object number) {
        long dtype = number instanceof Long ? Dtypes.INT64 : number instanceof Boolean ? Dtypes.BOOL : defaultDtype();
        return tensorResult(calls.callExact("aten::scalar_tensor", number, dtype, null, null, null));
    }

    /**
     * A Python number as libtorch's wrapped number: a 0-dimensional int64, float64 or bool tensor
     * that type promotion treats as a Python scalar ({@code t * 2} keeps {@code t}'s dtype).
     */
    TensorRef wrappedNumber(Object number) {
        long dtype = number instanceof Long ? Dtypes.INT64 : number instanceof Boolean ? Dtypes.BOOL : Dtypes.FLOAT64;
        TensorRef t = tensorResult(calls.callExact("aten::scalar_tensor", number, dtype, null, null, null));
        t.tensor().unsafeGetTensorImpl().set_wrapped_number(true);
        return t;
    }

    /** libtorch's default dtype code ({@code torch.get_default_dtype()}). */
    static long defaultDtype() {
        return org.bytedeco.pytorch.global.torch.get_default_dtype_as_scalartype().value;
    }

    /** A {@code torch.device} from its text ({@code cpu}, {@code cuda:1}), or a {@code RuntimeError}. */
    static DeviceValue device(String text) {
        try {
            return DeviceValue.parse(text);
        } catch (RuntimeException e) {
            throw new PyException("RuntimeError", "Expected one of cpu, cuda, ... device type at start of device string: " + text);
        }
    }

    /**
     * Runs {@code body}, turning what escapes it into Python's exceptions: a libtorch error is a
     * {@code RuntimeError} with its message, a freed tensor's use a {@code RuntimeError}.
     */
    static <T> T guarded(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (PyException e) {
            throw e;
        } catch (io.github.torchscript4j.runtime.TorchScriptException e) {
            throw new PyException(e.pythonType(), e.detail());
        } catch (IllegalStateException e) {
            throw new PyException("RuntimeError", String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            io.github.torchscript4j.runtime.TorchScriptException t = io.github.torchscript4j.runtime.TorchScriptException.fromNative(e);
            throw new PyException(t.pythonType(), t.detail());
        }
    }

    // ---------------------------------------------------------------- Host

    @Override
    public Optional<PyAttributes> importModule(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    @Override
    public boolean isForeign(Object value) {
        return value instanceof TensorRef || value instanceof TorchDtype || value instanceof TorchSize
                || value instanceof TorchEnum || value instanceof DeviceValue
                || value instanceof TorchObjects.HostModule || value instanceof TorchObjects.HostClass
                || value instanceof TorchObjects.ContextManager || value instanceof TorchObjects.Placeholder;
    }

    @Override
    public Optional<Object> attribute(Object value, String name) {
        if (value instanceof TensorRef t) {
            return guarded(() -> tensors.attribute(t, name).map(v -> v instanceof PyCallable c && !(v instanceof PyAttributes)
                    ? (PyCallable) (a, k) -> guarded(() -> c.call(a, k)) : v));
        } else if (value instanceof TorchDtype d) {
            return d.attribute(name);
        } else if (value instanceof TorchSize s) {
            return switch (name) {
                case "numel" -> Optional.of((PyCallable) (a, k) -> s.numel());
                case "count" -> Optional.of((PyCallable) (a, k) -> (long) Collections.frequency(s.dims(), a.get(0)));
                case "index" -> Optional.of((PyCallable) (a, k) -> {
                    int i = s.dims().indexOf(a.get(0));
                    if (i < 0) {
                        throw new PyException("ValueError", "tuple.index(x): x not in tuple");
                    }
                    return (long) i;
                });
                default -> Optional.empty();
            };
        } else if (value instanceof DeviceValue d) {
            return switch (name) {
                case "type" -> Optional.of(d.type());
                case "index" -> Optional.of(d.index() < 0 ? NONE : (Object) (long) d.index());
                default -> Optional.empty();
            };
        } else if (value instanceof PyAttributes a) {
            return a.attribute(name);
        }
        return Optional.empty();
    }

    @Override
    public void setAttribute(Object value, String name, Object newValue) {
        if (value instanceof TensorRef t) {
            guarded(() -> {
                tensors.setAttribute(t, name, newValue);
                return null;
            });
        } else if (value instanceof PyAttributes a) {
            a.setAttribute(name, newValue);
        } else {
            throw new PyException("AttributeError", "'" + typeName(value) + "' object attribute '" + name + "' is read-only");
        }
    }

    @Override
    public Optional<Object> binary(String op, Object left, Object right) {
        if (left instanceof TensorRef || right instanceof TensorRef) {
            return guarded(() -> tensors.binary(op, left, right));
        }
        if (left instanceof TorchSize || right instanceof TorchSize) {
            return sizeBinary(op, left, right);
        }
        switch (op) {
            case "==":
                return isForeign(left) && isForeign(right) ? Optional.of(left.equals(right)) : Optional.empty();
            case "!=":
                return isForeign(left) && isForeign(right) ? Optional.of(!left.equals(right)) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private static Optional<Object> sizeBinary(String op, Object left, Object right) {
        List<Object> l = sizeItems(left);
        List<Object> r = sizeItems(right);
        if (l == null || r == null) {
            return Optional.empty();
        }
        switch (op) {
            case "==":
                return Optional.of(l.equals(r));
            case "!=":
                return Optional.of(!l.equals(r));
            case "+":
            case "+=": {
                List<Object> all = new ArrayList<>(l);
                all.addAll(r);
                if (left instanceof TorchSize && all.stream().allMatch(o -> o instanceof Long)) {
                    return Optional.of(new TorchSize(all.stream().map(o -> (Long) o).toList()));
                }
                return Optional.of(new Tuple(all));
            }
            default:
                return Optional.empty();
        }
    }

    private static List<Object> sizeItems(Object value) {
        if (value instanceof TorchSize s) {
            return new ArrayList<>(s.dims());
        } else if (value instanceof Tuple t) {
            return t.elements();
        }
        return null;
    }

    @Override
    public Optional<Object> unary(String op, Object operand) {
        if (operand instanceof TensorRef t) {
            return guarded(() -> tensors.unary(op, t));
        }
        return Optional.empty();
    }

    @Override
    public boolean truth(Object value) {
        if (value instanceof TensorRef t) {
            converted(Conversion.BOOLEAN);
            return (Boolean) calls.callExact("aten::is_nonzero", t);
        } else if (value instanceof TorchSize s) {
            return !s.dims().isEmpty();
        }
        return true;
    }

    @Override
    public String str(Object value) {
        if (value instanceof TensorRef t) {
            return guarded(() -> TorchText.of(this, t));
        } else if (value instanceof DeviceValue d) {
            return d.toString();
        }
        return String.valueOf(value);
    }

    @Override
    public String repr(Object value) {
        if (value instanceof DeviceValue d) {
            return d.index() < 0 ? "device(type='" + d.type() + "')" : "device(type='" + d.type() + "', index=" + d.index() + ")";
        }
        return str(value);
    }

    @Override
    public String typeName(Object value) {
        if (value instanceof TensorRef t) {
            return isParameter(t) ? "Parameter" : "Tensor";
        } else if (value instanceof TorchDtype) {
            return "torch.dtype";
        } else if (value instanceof TorchSize) {
            return "torch.Size";
        } else if (value instanceof TorchEnum e) {
            return "torch." + e.kind();
        } else if (value instanceof DeviceValue) {
            return "torch.device";
        } else if (value instanceof PyAttributes a) {
            return a.pythonTypeName();
        }
        return value == null ? "NoneType" : value.getClass().getSimpleName();
    }

    @Override
    public boolean isInstance(Object value, Object cls) {
        return cls instanceof TorchObjects.HostClass c && c.isInstance(value);
    }

    @Override
    public long length(Object value) {
        if (value instanceof TensorRef t) {
            converted(Conversion.LENGTH);
            long[] shape = guarded(() -> t.tensor().sizes().vec().get());
            if (shape.length == 0) {
                throw new PyException("TypeError", "len() of a 0-d tensor");
            }
            return shape[0];
        } else if (value instanceof TorchSize s) {
            return s.dims().size();
        }
        throw new PyException("TypeError", "object of type '" + typeName(value) + "' has no len()");
    }

    @Override
    public Iterable<Object> iterate(Object value) {
        if (value instanceof TensorRef t) {
            if (guarded(() -> t.tensor().dim()) == 0) {
                throw new PyException("TypeError", "iteration over a 0-d tensor");
            }
            converted(Conversion.ITERATION);
            Object parts = calls.callExact("aten::unbind.int", t, 0L);
            return new ArrayList<>(((Tuple) parts).elements());
        } else if (value instanceof TorchSize s) {
            return new ArrayList<>(s.dims());
        }
        throw new PyException("TypeError", "'" + typeName(value) + "' object is not iterable");
    }

    @Override
    public Object getItem(Object value, Object index) {
        if (value instanceof TensorRef t) {
            return guarded(() -> indexing.get(t, index));
        } else if (value instanceof TorchSize s) {
            return sizeItem(s, index);
        } else if (value instanceof TorchObjects.Placeholder p) {
            return p;
        }
        throw new PyException("TypeError", "'" + typeName(value) + "' object is not subscriptable");
    }

    private static Object sizeItem(TorchSize s, Object index) {
        int n = s.dims().size();
        if (index instanceof Long i) {
            long k = i < 0 ? i + n : i;
            if (k < 0 || k >= n) {
                throw new PyException("IndexError", "tuple index out of range");
            }
            return s.dims().get((int) k);
        } else if (index instanceof PySlice slice) {
            List<Long> out = new ArrayList<>();
            long step = slice.step() == null ? 1 : (Long) slice.step();
            if (step == 0) {
                throw new PyException("ValueError", "slice step cannot be zero");
            }
            long[] bounds = TorchIndexing.sliceBounds(slice, n, step);
            for (long k = bounds[0]; step > 0 ? k < bounds[1] : k > bounds[1]; k += step) {
                out.add(s.dims().get((int) k));
            }
            return new TorchSize(out);
        }
        throw new PyException("TypeError", "tuple indices must be integers or slices, not " + (index == null ? "NoneType" : index.getClass().getSimpleName()));
    }

    @Override
    public void setItem(Object value, Object index, Object newValue) {
        if (value instanceof TensorRef t) {
            guarded(() -> {
                indexing.set(t, index, newValue);
                return null;
            });
            return;
        }
        throw new PyException("TypeError", "'" + typeName(value) + "' object does not support item assignment");
    }

    /** Tensors, dtypes and the host's objects hash by identity; sizes, devices, layouts by value. */
    @Override
    public boolean hashesByIdentity(Object value) {
        return !(value instanceof TorchSize || value instanceof DeviceValue || value instanceof TorchEnum);
    }

    /** Python's names for the values the host creates in messages ({@code int}, {@code Tensor}). */
    String pythonType(Object value) {
        return calls.pythonType(value);
    }

    /** The keyword arguments of a call as an ordered map (for callers in Java). */
    static Map<String, Object> kwargs(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
