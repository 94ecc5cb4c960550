package io.github.torchscript4j.runtime;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.runtime.interp.PythonCalls;
import io.github.torchscript4j.runtime.interp.RuntimeTypes;
import io.github.torchscript4j.runtime.python.PyException;
import io.github.torchscript4j.runtime.python.PyModuleObject;
import io.github.torchscript4j.runtime.python.PythonInterpreter;
import io.github.torchscript4j.runtime.python.TorchDtype;
import io.github.torchscript4j.runtime.python.TorchEnum;
import io.github.torchscript4j.runtime.python.TorchHost;
import io.github.torchscript4j.runtime.python.TorchSize;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TorchScript's escape hatch to Python: runs the {@code @torch.jit.ignore}'d functions that a
 * compiled file calls ({@code prim::PythonOp} nodes) in the project's Python interpreter ({@link
 * PythonInterpreter} on a {@link TorchHost}), as the reference calls back into CPython.
 *
 * <p>On the first such call the file's source runs once as a Python module — named as the file's
 * module under its source roots ({@code pkg.model}), so {@code __name__} is not {@code
 * "__main__"} and code under {@code if __name__ == "__main__":} does not run — and each call then
 * looks the function up in that module by the name the node carries. A module that fails to run is
 * reported on every call, without running it again.
 *
 * <h2>Values</h2>
 *
 * <p>Arguments go to Python as the reference's {@code toPyObject} makes them: lists and dicts are
 * copied (a Python function that appends to a list argument does not change the caller's list),
 * tuples, numbers, strings, devices and tensors are passed as they are; a value Python cannot
 * receive (an object of a TorchScript class) is a {@code RuntimeError}. The result is converted to
 * the node's output type as the reference's {@code toIValue} does: an {@code int} becomes a {@code
 * float} where one is declared, a list fits a tuple type, a tensor of one element fits a number,
 * {@code None} fits {@code Tensor}; any other mismatch is the reference's {@code RuntimeError}
 * ({@code expected value of type int for return value but instead got value of type str.}).
 *
 * <h2>Errors</h2>
 *
 * <p>An exception raised in Python is a {@code RuntimeError} whose message is the Python
 * exception ({@code ValueError: bad value}) followed by {@code At:} and the Python frames it left,
 * innermost first ({@code   model.py(6): check}), as the reference reports it; the interpreter
 * locates it at the call.
 *
 * <h2>Tensors</h2>
 *
 * <p>Argument tensors are lent to Python (as to an operator: neither retained nor released), so a
 * Python function that keeps one beyond the call (in a global) holds it only as long as the caller
 * does. Each tensor of the result gets one owner for the caller: the host's owner when Python made
 * it during the call, a new one otherwise. The other tensors Python made during the call are
 * dropped by the host (see {@link TorchHost#takeOwnedSince}) and left to the garbage collector's
 * hook, since Python state may still hold them; tensors made while the module ran stay the host's.
 *
 * <p>Thread-safe: calls are serialised, as Python's global interpreter lock serialises them.
 */
public final class PythonFallback implements PythonCalls {
    private static final String PYBIND_CAST = "Unable to cast Python instance to C++ type (#define "
            + "PYBIND11_DETAILED_ERROR_MESSAGES or compile in debug mode for details)";
    private static final Pattern FRAME = Pattern.compile("(.*):(\\d+): in (.*)");

    private final SourceFile source;
    private final String moduleName;
    private final List<Path> roots;
    private final PrintStream out;
    private TorchHost host; // made on first call; guarded by this
    private PythonInterpreter python; // guarded by this
    private PyModuleObject module; // guarded by this
    private TorchScriptException moduleFailure; // guarded by this

    /**
     * @param source the compiled file's source, run as a Python module on the first call
     * @param moduleName its module name ({@code pkg.model})
     * @param roots where its imports of project modules are found
     * @param out where Python's {@code print} writes
     */
    public PythonFallback(SourceFile source, String moduleName, List<Path> roots, PrintStream out) {
        this.source = Objects.requireNonNull(source);
        this.moduleName = Objects.requireNonNull(moduleName);
        this.roots = List.copyOf(roots);
        this.out = Objects.requireNonNull(out);
    }

    /** The module name a file has under {@code roots} as Python imports it, else its file name without {@code .py}. */
    static String moduleName(Path file, Optional<String> underRoots) {
        return underRoots.orElseGet(() -> {
            String name = file.getFileName() == null ? "module" : file.getFileName().toString();
            return name.endsWith(".py") ? name.substring(0, name.length() - 3) : name;
        });
    }

    @Override
    public synchronized Object call(Node node, List<Object> arguments) {
        String name = node.stringAttribute("name");
        Type resultType = node.output().type();
        PyModuleObject m = module(name);
        int mark = host.ownedCount();
        try {
            List<Object> args = new ArrayList<>(arguments.size());
            for (Object a : arguments) {
                args.add(toPython(a, name));
            }
            Object function = python.getAttr(m, name);
            Object result = python.call(function, args, Map.of());
            Object converted = fit(result, resultType);
            if (converted == MISMATCH) {
                throw new TorchScriptException("RuntimeError", " expected value of type " + resultType.str()
                        + " for return value but instead got value of type " + python.typeName(result) + ".\nValue: "
                        + python.repr(result) + "\nCast error details: "
                        + (resultType instanceof Type.TensorType ? "Unable to cast " + python.repr(result) + " to Tensor"
                                : PYBIND_CAST));
            }
            ownForCaller(converted, host.takeOwnedSince(mark));
            return converted;
        } catch (PyException e) {
            throw new TorchScriptException("RuntimeError", pythonError(e), e);
        } finally {
            host.takeOwnedSince(mark); // left to the garbage collector: Python may still hold them
        }
    }

    /** The module, run on first use; a failure to run it is the call's {@code RuntimeError}. */
    private PyModuleObject module(String function) {
        if (module == null && moduleFailure == null) {
            host = new TorchHost();
            python = new PythonInterpreter(host, roots, out);
            try {
                module = python.runSource(moduleName, source.path(), source.text());
            } catch (PyException e) {
                moduleFailure = new TorchScriptException("RuntimeError", "cannot run the Python module " + moduleName
                        + " (" + source.path() + ") that defines the @torch.jit.ignore'd function " + function + ":\n"
                        + pythonError(e), e);
            }
        }
        if (moduleFailure != null) {
            throw new TorchScriptException(moduleFailure.pythonType(), moduleFailure.detail(), moduleFailure);
        }
        return module;
    }

    /**
     * A Python exception as the reference words it inside TorchScript: {@code ValueError: text},
     * a blank line, {@code At:} and the frames, innermost first, as {@code   file(line): function}.
     */
    static String pythonError(PyException e) {
        StringBuilder b = new StringBuilder(e.type()).append(": ").append(e.getMessage());
        if (!e.traceback().isEmpty()) {
            b.append("\n\nAt:\n");
            for (String frame : e.traceback()) {
                Matcher m = FRAME.matcher(frame);
                b.append("  ").append(m.matches() ? m.group(1) + "(" + m.group(2) + "): " + m.group(3) : frame)
                        .append('\n');
            }
        }
        return b.toString();
    }

    // ---- arguments ---------------------------------------------------------------------------

    /** An argument as Python receives it: containers copied, other values as they are. */
    private static Object toPython(Object v, String function) {
        if (v == null || v instanceof TensorRef || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof String || v instanceof DeviceValue) {
            return v;
        }
        if (v instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object e : list) {
                copy.add(toPython(e, function));
            }
            return copy;
        }
        if (v instanceof Tuple tuple) {
            List<Object> copy = new ArrayList<>(tuple.size());
            for (Object e : tuple.elements()) {
                copy.add(toPython(e, function));
            }
            return new Tuple(copy);
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(toPython(e.getKey(), function), toPython(e.getValue(), function));
            }
            return copy;
        }
        throw new TorchScriptException("RuntimeError", "cannot pass a value of type " + RuntimeTypes.pythonTypeName(v)
                + " to the Python function " + function + ": the runtime's Python has no such value");
    }

    // ---- the result --------------------------------------------------------------------------

    private static final Object MISMATCH = new Object();

    /** {@code v} converted to {@code type} as the reference's {@code toIValue} converts, or {@link #MISMATCH}. */
    private static Object fit(Object v, Type type) {
        Object normal = normalize(v, type);
        if (normal == null && type instanceof Type.TensorType) {
            return null; // an undefined tensor, which TorchScript sees as None
        }
        Optional<Object> converted = RuntimeTypes.convert(normal, type);
        if (converted.isEmpty()) {
            return MISMATCH;
        }
        return RuntimeTypes.unwrap(converted.get());
    }

    /**
     * The Python values that the reference converts but {@link RuntimeTypes#convert} does not take
     * rewritten into ones it does: sizes, dtypes and enums as numbers, a list for a tuple type, a
     * tensor of one element for a number; containers are copied.
     */
    private static Object normalize(Object v, Type type) {
        Type t = type instanceof Type.OptionalType o ? o.elem() : type;
        if (v instanceof TorchSize size) {
            v = new Tuple(new ArrayList<>(size.dims()));
        } else if (v instanceof TorchDtype dtype) {
            return dtype.code();
        } else if (v instanceof TorchEnum e) {
            return e.code();
        }
        if (v instanceof TensorRef tensor
                && (t instanceof Type.IntType || t instanceof Type.FloatType || t instanceof Type.BoolType)
                && tensor.tensor().numel() == 1) {
            TensorData data = TensorData.read(tensor);
            double value = data.floats() != null ? data.floats()[0]
                    : data.ints() != null ? data.ints()[0]
                    : data.bools()[0] ? 1 : 0;
            return t instanceof Type.IntType ? (Object) (long) value
                    : t instanceof Type.FloatType ? (Object) value : (Object) (value != 0);
        }
        List<?> elements = v instanceof List<?> list ? list : v instanceof Tuple tuple ? tuple.elements() : null;
        if (elements != null && t instanceof Type.ListType l) {
            List<Object> out = new ArrayList<>(elements.size());
            for (Object e : elements) {
                out.add(normalize(e, l.elem()));
            }
            return out;
        }
        if (elements != null && t instanceof Type.TupleType tt && elements.size() == tt.elements().size()) {
            List<Object> out = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                out.add(normalize(elements.get(i), tt.elements().get(i)));
            }
            return new Tuple(out);
        }
        if (v instanceof Map<?, ?> map && t instanceof Type.DictType d) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(normalize(e.getKey(), d.key()), normalize(e.getValue(), d.value()));
            }
            return out;
        }
        return v;
    }

    /**
     * Gives each tensor occurrence in {@code value} one owner for the caller: one of {@code taken}
     * (the host's owners of tensors Python made during the call) when there is one left for it,
     * else a new one.
     */
    private static void ownForCaller(Object value, List<TensorRef> taken) {
        Map<TensorRef, Integer> available = new IdentityHashMap<>();
        for (TensorRef t : taken) {
            available.merge(t, 1, Integer::sum);
        }
        ownForCaller(value, available);
        taken.clear();
    }

    private static void ownForCaller(Object value, Map<TensorRef, Integer> available) {
        if (value instanceof TensorRef t) {
            Integer n = available.get(t);
            if (n != null && n > 0) {
                available.put(t, n - 1);
            } else {
                t.retain();
            }
        } else if (value instanceof List<?> list) {
            list.forEach(e -> ownForCaller(e, available));
        } else if (value instanceof Tuple tuple) {
            tuple.elements().forEach(e -> ownForCaller(e, available));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, e) -> {
                ownForCaller(k, available);
                ownForCaller(e, available);
            });
        }
    }
}
