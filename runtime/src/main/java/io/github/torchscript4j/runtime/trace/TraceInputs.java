package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.runtime.TensorText;
import io.github.torchscript4j.runtime.json.PythonFloats;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The types a trace gives its function's parameters, inferred from the example inputs as
 * PyTorch 1.13.1's tracer infers them: a tensor is {@code Tensor}; a list, tuple or dict is typed
 * from its elements, which must agree; and only tensors and (nested) lists, tuples and dicts of
 * tensors can be traced. Failures are the reference's {@code RuntimeError}s, word for word: {@code
 * Tracer cannot infer type of ({1: []},)} followed by {@code :List trace inputs must have
 * elements}, or {@code Type 'Tuple[int]' cannot be traced. ...}.
 */
public final class TraceInputs {
    private TraceInputs() {}

    /**
     * The parameter types for {@code inputs}.
     *
     * @throws TraceException when a type cannot be inferred or is not traceable
     */
    public static List<Type> infer(List<?> inputs) {
        List<Type> types = new ArrayList<>();
        for (Object input : inputs) {
            try {
                types.add(typeOf(input));
            } catch (Uninferable e) {
                throw new TraceException("RuntimeError", "Tracer cannot infer type of " + repr(new Tuple(new ArrayList<>(inputs)))
                        + "\n:" + e.getMessage());
            }
        }
        Type all = new Type.TupleType(types);
        if (!traceable(all)) {
            throw new TraceException("RuntimeError", "Type '" + all.annotationStr() + "' cannot be traced. Only Tensors and"
                    + " (possibly nested) Lists, Dicts, and Tuples of Tensors can be traced");
        }
        return types;
    }

    /** Why an input's type could not be inferred. */
    private static final class Uninferable extends Exception {
        private static final long serialVersionUID = 1L;

        Uninferable(String message) {
            super(message, null, false, false);
        }
    }

    private static Type typeOf(Object v) throws Uninferable {
        if (v instanceof TensorRef) {
            return Types.TENSOR;
        }
        if (v == null) {
            return Types.NONE;
        }
        if (v instanceof Boolean) {
            return Types.BOOL;
        }
        if (v instanceof Long || v instanceof Integer) {
            return Types.INT;
        }
        if (v instanceof Double || v instanceof Float) {
            return Types.FLOAT;
        }
        if (v instanceof String) {
            return Types.STR;
        }
        if (v instanceof Tuple t) {
            List<Type> elements = new ArrayList<>();
            for (Object e : t.elements()) {
                elements.add(typeOf(e));
            }
            return new Type.TupleType(elements);
        }
        if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new Uninferable("List trace inputs must have elements");
            }
            Type first = null;
            for (Object e : list) {
                Type t;
                try {
                    t = typeOf(e);
                } catch (Uninferable u) {
                    throw new Uninferable("Could not infer type of list element: " + u.getMessage());
                }
                if (first == null) {
                    first = t;
                } else if (!first.equals(t)) {
                    throw new Uninferable("List inputs to traced functions must have consistent element type. Found "
                            + first.annotationStr() + " and " + t.annotationStr());
                }
            }
            return new Type.ListType(first);
        }
        if (v instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                throw new Uninferable("Dictionary inputs must have entries");
            }
            Type key = null;
            Type value = null;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Type k = typeOf(e.getKey());
                Type x = typeOf(e.getValue());
                if (key == null) {
                    key = k;
                    value = x;
                    continue;
                }
                if (!key.equals(k)) {
                    throw new Uninferable("Dictionary inputs to traced functions must have consistent type. Found "
                            + key.annotationStr() + " and " + k.annotationStr());
                }
                if (!value.equals(x)) {
                    throw new Uninferable("Dictionary inputs to traced functions must have consistent type. Found "
                            + value.annotationStr() + " and " + x.annotationStr());
                }
            }
            return new Type.DictType(key, value);
        }
        throw new Uninferable("Only tensors and (possibly nested) tuples of tensors, lists, or dicts are supported as"
                + " inputs or outputs of traced functions, but instead got value of type " + v.getClass().getSimpleName() + ".");
    }

    /** Whether a value of type {@code t} can be a traced input: tensors, and containers of them. */
    private static boolean traceable(Type t) {
        if (t instanceof Type.TensorType) {
            return true;
        }
        if (t instanceof Type.ListType l) {
            return traceable(l.elem());
        }
        if (t instanceof Type.TupleType tt) {
            return tt.elements().stream().allMatch(TraceInputs::traceable);
        }
        if (t instanceof Type.DictType d) {
            return traceable(d.value());
        }
        return false;
    }

    /** Python's {@code repr} of a value, as the reference's messages show inputs. */
    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return PythonFloats.repr(d);
        }
        if (v instanceof String s) {
            return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (v instanceof TensorRef t) {
            return TensorText.of(t);
        }
        if (v instanceof Tuple t) {
            List<String> parts = new ArrayList<>();
            t.elements().forEach(e -> parts.add(repr(e)));
            return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
        }
        if (v instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(e -> parts.add(repr(e)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, x) -> parts.add(repr(k) + ": " + repr(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        return String.valueOf(v);
    }
}
