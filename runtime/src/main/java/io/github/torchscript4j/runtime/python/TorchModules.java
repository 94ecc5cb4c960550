package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.python.TorchObjects.ContextManager;
import io.github.torchscript4j.runtime.python.TorchObjects.Function0;
import io.github.torchscript4j.runtime.python.TorchObjects.HostClass;
import io.github.torchscript4j.runtime.python.TorchObjects.HostModule;
import io.github.torchscript4j.runtime.python.TorchObjects.Placeholder;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.global.torch;

/**
 * The modules a {@link TorchHost} provides ({@code torch.cuda} too):
 *
 * <ul>
 *   <li>{@code torch}: every {@code aten::NAME} operator as {@code torch.NAME} ({@link
 *       TorchCalls}); the dtypes ({@code torch.float32}, {@code torch.float}, {@code torch.long},
 *       ...), {@code torch.strided} and the memory formats; the classes {@code Tensor}, {@code
 *       dtype}, {@code Size}, {@code device}; {@code tensor} (data from nested lists and tuples),
 *       {@code is_tensor}, {@code get_default_dtype}, {@code set_default_dtype}, {@code
 *       manual_seed} (libtorch's default CPU generator), {@code no_grad}, {@code enable_grad},
 *       {@code set_grad_enabled}, {@code is_grad_enabled}, {@code inf}, {@code nan}, {@code pi},
 *       {@code e}, {@code __version__} (the reference's, 1.13.1); and the submodules {@code jit},
 *       {@code _C}, {@code _jit_internal}, {@code cuda} ({@code is_available}, {@code device_count}).
 *   <li>{@code torch._C}: the tracer's hooks for custom autograd functions ({@link #tracerHooks}).
 *   <li>{@code torch._C._nn}: the operators again by their {@code aten::} name ({@code linear},
 *       {@code gelu}, {@code avg_pool2d}, ...).
 *   <li>{@code torch.nn.parameter}: {@code Parameter(data=None, requires_grad=True)}.
 *   <li>{@code torch.jit}: {@code script}, {@code export}, {@code ignore} (also {@code
 *       ignore(drop=True)}), {@code unused}, {@code interface}, {@code _overload}, {@code
 *       _overload_method} as identity decorators; {@code annotate(T, v)} and {@code Attribute(v,
 *       T)} give {@code v}; {@code is_scripting()} and {@code is_tracing()} are {@code False};
 *       {@code Final} is a typing placeholder. {@code trace} and {@code trace_module} give the
 *       function or module unchanged, {@code trace} recording its example inputs (see {@link #traced}).
 *   <li>{@code torch._jit_internal}: {@code BroadcastingList1/2/3} and the same helpers.
 * </ul>
 */
final class TorchModules {
    private final TorchHost host;

    TorchModules(TorchHost host) {
        this.host = host;
    }

    Map<String, PyAttributes> build() {
        Map<String, PyAttributes> modules = new LinkedHashMap<>();
        HostModule nn = new HostModule("torch._C._nn", this::operator);
        HostModule c = new HostModule("torch._C", name -> Optional.empty()).put("_nn", nn);
        tracerHooks(c);
        HostModule jit = jit();
        HostModule internal = jitInternal();
        HostModule parameter = new HostModule("torch.nn.parameter", name -> Optional.empty())
                .put("Parameter", parameterClass());
        HostModule cuda = new HostModule("torch.cuda", name -> Optional.empty())
                .put("is_available", new Function0("is_available", (args, kwargs) -> cudaCount() > 0))
                .put("device_count", new Function0("device_count", (args, kwargs) -> (long) cudaCount()));
        HostModule t = torch().put("jit", jit).put("_C", c).put("_jit_internal", internal).put("cuda", cuda);
        modules.put("torch.cuda", cuda);
        modules.put("torch", t);
        modules.put("torch._C", c);
        modules.put("torch._C._nn", nn);
        modules.put("torch.jit", jit);
        modules.put("torch._jit_internal", internal);
        modules.put("torch.nn.parameter", parameter);
        return modules;
    }

    /** {@code torch.NAME} for an {@code aten::NAME} operator. */
    private Optional<Object> operator(String name) {
        if (TorchCalls.functionOverloads(name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Function0(name, (args, kwargs) ->
                host.calls().call(name, TorchCalls.functionOverloads(name), false, args, kwargs)));
    }

    private HostModule torch() {
        HostModule m = new HostModule("torch", this::operator);
        TorchDtype.NAMES.forEach(m::put);
        for (TorchEnum e : TorchEnum.ALL) {
            m.put(e.name(), e);
        }
        m.put("Tensor", new HostClass("Tensor", "torch.Tensor", v -> v instanceof TensorRef, null));
        m.put("dtype", new HostClass("dtype", "torch.dtype", v -> v instanceof TorchDtype, null));
        m.put("Size", new HostClass("Size", "torch.Size", v -> v instanceof TorchSize, TorchModules::size));
        m.put("device", new HostClass("device", "torch.device", v -> v instanceof DeviceValue, TorchModules::device));
        m.put("tensor", new Function0("tensor", (args, kwargs) -> {
            List<Object> converted = new ArrayList<>(args);
            if (!converted.isEmpty()) {
                converted.set(0, lists(converted.get(0)));
            }
            if (!converted.isEmpty()) {
                converted.set(0, unify(converted.get(0), hasFloat(converted.get(0)) ? Double.class
                        : hasInt(converted.get(0)) ? Long.class : Boolean.class));
            }
            if (!kwargs.containsKey("dtype") && !converted.isEmpty() && hasFloat(converted.get(0))
                    && TorchHost.defaultDtype() != Dtypes.FLOAT32) {
                kwargs = new LinkedHashMap<>(kwargs);
                kwargs.put("dtype", TorchDtype.of(TorchHost.defaultDtype()));
            }
            return host.calls().call("tensor", TorchCalls.functionOverloads("tensor"), false, converted, kwargs);
        }));
        m.put("is_tensor", new Function0("is_tensor", (args, kwargs) -> one("is_tensor", args) instanceof TensorRef));
        m.put("get_default_dtype", new Function0("get_default_dtype", (args, kwargs) -> TorchDtype.of(TorchHost.defaultDtype())));
        m.put("set_default_dtype", new Function0("set_default_dtype", (args, kwargs) -> {
            if (!(one("set_default_dtype", args) instanceof TorchDtype d)) {
                throw new PyException("TypeError", "set_default_dtype(): argument 'd' must be torch.dtype");
            }
            if (!Dtypes.isFloating(d.code())) {
                throw new PyException("TypeError", "only floating-point types are supported as the default type");
            }
            torch.set_default_dtype(torch.scalarTypeToTypeMeta(io.github.torchscript4j.runtime.value.TensorData.scalarType(d.code())));
            return null;
        }));
        m.put("manual_seed", new Function0("manual_seed", (args, kwargs) -> {
            if (!(one("manual_seed", args) instanceof Long seed)) {
                throw new PyException("TypeError", "manual_seed expected an int");
            }
            torch.manual_seed(seed);
            return null;
        }));
        m.put("no_grad", new Function0("no_grad", (args, kwargs) -> gradMode("no_grad", false)));
        m.put("enable_grad", new Function0("enable_grad", (args, kwargs) -> gradMode("enable_grad", true)));
        m.put("set_grad_enabled", new Function0("set_grad_enabled", (args, kwargs) -> {
            Object mode = args.isEmpty() ? kwargs.get("mode") : args.get(0);
            if (!(mode instanceof Boolean enabled)) {
                throw new PyException("TypeError", "set_grad_enabled(): argument 'mode' must be bool");
            }
            boolean previous = GradMode.is_enabled();
            GradMode.set_enabled(enabled);
            return new ContextManager("set_grad_enabled", () -> { }, () -> GradMode.set_enabled(previous));
        }));
        m.put("is_grad_enabled", new Function0("is_grad_enabled", (args, kwargs) -> GradMode.is_enabled()));
        m.put("__version__", "1.13.1");
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("nan", Double.NaN);
        m.put("pi", Math.PI);
        m.put("e", Math.E);
        return m;
    }

    /** The number of usable GPUs: 0 on Bytedeco's CPU build. */
    private static int cudaCount() {
        return io.github.torchscript4j.runtime.Devices.cudaBuild() && torch.cuda_is_available() ? (int) torch.cuda_device_count() : 0;
    }

    /** A grad-mode context manager: sets the mode on entry, restores the previous one on exit. */
    private static ContextManager gradMode(String name, boolean enabled) {
        Deque<Boolean> previous = new ArrayDeque<>();
        return new ContextManager(name, () -> {
            previous.push(GradMode.is_enabled());
            GradMode.set_enabled(enabled);
        }, () -> GradMode.set_enabled(previous.isEmpty() ? true : previous.pop()));
    }

    /**
     * {@code torch.jit.trace(func, example_inputs, ...)} and {@code trace_module(mod, inputs, ...)}
     * in Python code (a decorator that traces at import): {@code func} itself, which stays Python —
     * as {@code script} does here, so Python callers run it eagerly; {@code trace}'s example inputs
     * are recorded on the host ({@link TorchHost#traceRequests()}), from which the runtime traces
     * the function where TorchScript code calls the result.
     */
    private Object traced(String name, String first, List<Object> args, Map<String, Object> kwargs) {
        Object target = args.isEmpty() ? kwargs.get(first) : args.get(0);
        if (target == null) {
            throw new PyException("TypeError", name + "() missing 1 required positional argument: '" + first + "'");
        }
        if (name.equals("trace")) {
            Object inputs = args.size() > 1 ? args.get(1) : kwargs.get("example_inputs");
            if (inputs != null) {
                host.recordTrace(new TorchHost.TraceRequest(target,
                        inputs instanceof Tuple t ? t.elements() : List.of(inputs)));
            }
        }
        return target;
    }

    private static void arity(String name, List<Object> args, int n) {
        if (args.size() != n) {
            throw new PyException("TypeError", name + "() takes " + n + " positional arguments but " + args.size()
                    + " were given");
        }
    }

    private static Object one(String name, List<Object> args) {
        if (args.size() != 1) {
            throw new PyException("TypeError", name + "() takes 1 positional argument but " + args.size() + " were given");
        }
        return args.get(0);
    }

    /** Whether nested data holds a float, so that {@code torch.tensor} makes the default dtype. */
    private static boolean hasFloat(Object data) {
        if (data instanceof List<?> list) {
            return list.stream().anyMatch(TorchModules::hasFloat);
        }
        return data instanceof Double;
    }

    private static boolean hasInt(Object data) {
        if (data instanceof List<?> list) {
            return list.stream().anyMatch(TorchModules::hasInt);
        }
        return data instanceof Long;
    }

    /**
     * Nested data's numbers as the one kind Python's {@code torch.tensor} infers for all of them
     * ({@code [1, 2.5]} is floats, {@code [1, True]} ints).
     */
    private static Object unify(Object data, Class<?> kind) {
        if (data instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(unify(o, kind));
            }
            return out;
        }
        if (kind == Double.class && data instanceof Long n) {
            return n.doubleValue();
        } else if (kind == Double.class && data instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        } else if (kind == Long.class && data instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return data;
    }

    /** Nested tuples as lists, for {@code torch.tensor}'s data. */
    private static Object lists(Object data) {
        if (data instanceof Tuple t) {
            return lists(new ArrayList<>(t.elements()));
        } else if (data instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(lists(o));
            }
            return out;
        }
        return data;
    }

    private static Object size(List<Object> args, Map<String, Object> kwargs) {
        if (args.isEmpty()) {
            return new TorchSize(List.of());
        }
        Object items = args.get(0);
        List<?> list = items instanceof Tuple t ? t.elements() : items instanceof List<?> l ? l
                : items instanceof TorchSize s ? s.dims() : null;
        if (list == null || !list.stream().allMatch(o -> o instanceof Long)) {
            throw new PyException("TypeError", "torch.Size() takes an iterable of 'int'");
        }
        return new TorchSize(list.stream().map(o -> (Long) o).toList());
    }

    private static Object device(List<Object> args, Map<String, Object> kwargs) {
        Object type = args.isEmpty() ? kwargs.get("type") : args.get(0);
        Object index = args.size() > 1 ? args.get(1) : kwargs.get("index");
        if (type instanceof DeviceValue d && index == null) {
            return d;
        }
        if (!(type instanceof String text)) {
            throw new PyException("TypeError", "device() received an invalid combination of arguments");
        }
        DeviceValue d = TorchHost.device(text);
        if (index != null) {
            if (!(index instanceof Long i) || d.index() >= 0) {
                throw new PyException("RuntimeError", "type (string) must not include an index because index was passed explicitly: " + text);
            }
            return new DeviceValue(d.type(), i.intValue());
        }
        return d;
    }

    private HostClass parameterClass() {
        return new HostClass("Parameter", "torch.nn.parameter.Parameter", host::isParameter, (args, kwargs) -> {
            Object data = args.isEmpty() ? kwargs.get("data") : args.get(0);
            Object requiresGrad = args.size() > 1 ? args.get(1) : kwargs.getOrDefault("requires_grad", Boolean.TRUE);
            if (data == null) {
                data = host.function("empty", 0L);
            }
            if (!(data instanceof TensorRef tensor)) {
                throw new PyException("TypeError", "Parameter(): argument 'data' must be a Tensor, not " + host.pythonType(data));
            }
            if (!(requiresGrad instanceof Boolean grad)) {
                throw new PyException("TypeError", "Parameter(): argument 'requires_grad' must be bool");
            }
            TensorRef p = TorchHost.tensorResult(host.calls().callExact("aten::detach", tensor));
            host.calls().callExact("aten::requires_grad_", p, grad);
            host.markParameter(p);
            return p;
        });
    }

    /**
     * The hooks through which {@code torch.autograd.Function.apply} (bundled Python) tells the
     * operator observer where a custom function's {@code forward} starts and ends: {@code
     * _tracer_enter_python_op(name, module, args)}, {@code _tracer_exit_python_op(result, inplace)}
     * (gives {@code result}) and {@code _tracer_abandon_python_op()}; without an observer they do
     * nothing.
     */
    private void tracerHooks(HostModule c) {
        c.put("_tracer_enter_python_op", new Function0("_tracer_enter_python_op", (args, kwargs) -> {
            arity("_tracer_enter_python_op", args, 3);
            TorchHost.OperatorObserver o = host.operatorObserver();
            if (o != null) {
                List<Object> arguments = args.get(2) instanceof Tuple t ? t.elements() : List.of(args.get(2));
                o.enterPythonOp(String.valueOf(args.get(0)), String.valueOf(args.get(1)), arguments);
            }
            return null;
        }));
        c.put("_tracer_exit_python_op", new Function0("_tracer_exit_python_op", (args, kwargs) -> {
            arity("_tracer_exit_python_op", args, 2);
            TorchHost.OperatorObserver o = host.operatorObserver();
            if (o != null) {
                o.exitPythonOp(args.get(0), Boolean.TRUE.equals(args.get(1)));
            }
            return args.get(0);
        }));
        c.put("_tracer_abandon_python_op", new Function0("_tracer_abandon_python_op", (args, kwargs) -> {
            TorchHost.OperatorObserver o = host.operatorObserver();
            if (o != null) {
                o.abandonPythonOp();
            }
            return null;
        }));
    }

    private HostModule jit() {
        HostModule m = new HostModule("torch.jit", name -> Optional.empty());
        addJitHelpers(m);
        m.put("script", new Function0("script", (args, kwargs) -> {
            Object target = one("script", args);
            if (target instanceof PyFunction f) {
                host.script(f);
            } else if (target instanceof PyInstance module) {
                host.script(module);
            }
            return target;
        }));
        m.put("trace", new Function0("trace", (args, kwargs) -> traced("trace", "func", args, kwargs)));
        m.put("trace_module", new Function0("trace_module", (args, kwargs) -> traced("trace_module", "mod", args, kwargs)));
        m.put("interface", new Function0("interface", (args, kwargs) -> one("interface", args)));
        m.put("script_method", new Function0("script_method", (args, kwargs) -> one("script_method", args)));
        m.put("annotate", new Function0("annotate", (args, kwargs) -> {
            if (args.size() != 2) {
                throw new PyException("TypeError", "annotate() takes 2 positional arguments but " + args.size() + " were given");
            }
            return args.get(1);
        }));
        m.put("Attribute", new Function0("Attribute", (args, kwargs) -> {
            if (args.isEmpty()) {
                throw new PyException("TypeError", "Attribute() missing required argument 'value'");
            }
            return args.get(0);
        }));
        m.put("is_tracing", new Function0("is_tracing", (args, kwargs) -> Boolean.FALSE));
        return m;
    }

    private HostModule jitInternal() {
        HostModule m = new HostModule("torch._jit_internal", name -> Optional.empty());
        addJitHelpers(m);
        for (int i = 1; i <= 3; i++) {
            m.put("BroadcastingList" + i, new Placeholder("BroadcastingList" + i));
        }
        return m;
    }

    private static void addJitHelpers(HostModule m) {
        for (String name : List.of("export", "unused", "_overload", "_overload_method")) {
            m.put(name, new Function0(name, (args, kwargs) -> one(name, args)));
        }
        m.put("ignore", new Function0("ignore", (args, kwargs) -> {
            if (args.size() == 1 && kwargs.isEmpty() && !(args.get(0) instanceof Boolean)) {
                return args.get(0);
            }
            return new Function0("ignore", (a, k) -> one("ignore", a));
        }));
        m.put("is_scripting", new Function0("is_scripting", (args, kwargs) -> Boolean.FALSE));
        m.put("Final", new Placeholder("Final"));
    }
}
