package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.runtime.value.ScriptObject;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runtime values against static types: whether a value is an instance of a type ({@code
 * isinstance}, the checks of a call from Java), the conversion of a Java value to the value a
 * parameter of that type holds, and the Python class name of a value for messages.
 *
 * <p>Lists, dicts and tuples carry no element type at run time, so their elements are checked one
 * by one: an empty list is an instance of every {@code List[T]}.
 */
public final class RuntimeTypes {
    private RuntimeTypes() {}

    /** Whether {@code v} is a value of type {@code t}. */
    public static boolean isInstance(Object v, Type t) {
        if (t instanceof Type.AnyType || t instanceof Type.UnknownType) {
            return true;
        }
        if (t instanceof Type.OptionalType o) {
            return v == null || isInstance(v, o.elem());
        }
        if (t instanceof Type.UnionType u) {
            for (Type m : u.members()) {
                if (isInstance(v, m)) {
                    return true;
                }
            }
            return false;
        }
        if (t instanceof Type.NoneType) {
            return v == null;
        }
        if (t instanceof Type.TensorType) {
            return v instanceof TensorRef;
        }
        if (t instanceof Type.IntType) {
            return v instanceof Long;
        }
        if (t instanceof Type.FloatType) {
            return v instanceof Double;
        }
        if (t instanceof Type.NumberType) {
            return v instanceof Long || v instanceof Double;
        }
        if (t instanceof Type.BoolType) {
            return v instanceof Boolean;
        }
        if (t instanceof Type.StrType) {
            return v instanceof String;
        }
        if (t instanceof Type.DeviceType) {
            return v instanceof DeviceValue;
        }
        if (t instanceof Type.ListType l) {
            if (!(v instanceof List<?> list)) {
                return false;
            }
            for (Object e : list) {
                if (!isInstance(e, l.elem())) {
                    return false;
                }
            }
            return true;
        }
        if (t instanceof Type.TupleType tt) {
            if (!(v instanceof Tuple tuple) || tuple.size() != tt.elements().size()) {
                return false;
            }
            for (int i = 0; i < tuple.size(); i++) {
                if (!isInstance(tuple.get(i), tt.elements().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (t instanceof Type.DictType d) {
            if (!(v instanceof Map<?, ?> map)) {
                return false;
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!isInstance(e.getKey(), d.key()) || !isInstance(e.getValue(), d.value())) {
                    return false;
                }
            }
            return true;
        }
        if (t instanceof Type.ClassType c) {
            return v instanceof ScriptObject o && o.typeName().equals(c.qualifiedName());
        }
        if (t instanceof Type.ModuleType m) {
            return v instanceof ScriptObject o && o.typeName().equals(m.qualifiedName());
        }
        if (t instanceof Type.AnyClassType) {
            return v instanceof ScriptObject;
        }
        return false;
    }

    /**
     * {@code v}, a value from Java, as a parameter of type {@code t} holds it, or empty when it is
     * no such value. As a call from Python does, it accepts a {@code bool} for an {@code int}, an
     * {@code int} for a {@code float}, Java's {@code Integer}, {@code Short}, {@code Byte} and
     * {@code Float} for their TorchScript counterparts, a tuple for a list, a device's name for a
     * device; and it copies lists and dicts (the callee's mutations are not seen by the caller,
     * as in a call from Python).
     */
    public static Optional<Object> convert(Object v, Type t) {
        if (t instanceof Type.AnyType) {
            return Optional.ofNullable(v).or(() -> Optional.of(NONE));
        }
        if (t instanceof Type.OptionalType o) {
            return v == null ? Optional.of(NONE) : convert(v, o.elem());
        }
        if (t instanceof Type.UnionType u) {
            for (Type m : u.members()) {
                if (isInstance(v, m)) {
                    return Optional.of(v == null ? NONE : v);
                }
            }
            for (Type m : u.members()) {
                Optional<Object> c = convert(v, m);
                if (c.isPresent()) {
                    return c;
                }
            }
            return Optional.empty();
        }
        if (t instanceof Type.NoneType) {
            return v == null ? Optional.of(NONE) : Optional.empty();
        }
        if (t instanceof Type.IntType) {
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return Optional.of(((Number) v).longValue());
            }
            if (v instanceof Boolean b) {
                return Optional.of(b ? 1L : 0L);
            }
            return Optional.empty();
        }
        if (t instanceof Type.FloatType) {
            if (v instanceof Double || v instanceof Float || v instanceof Long || v instanceof Integer
                    || v instanceof Short || v instanceof Byte) {
                return Optional.of(((Number) v).doubleValue());
            }
            if (v instanceof Boolean b) {
                return Optional.of(b ? 1.0 : 0.0);
            }
            return Optional.empty();
        }
        if (t instanceof Type.NumberType) {
            if (v instanceof Double || v instanceof Float) {
                return Optional.of(((Number) v).doubleValue());
            }
            return convert(v, new Type.IntType());
        }
        if (t instanceof Type.DeviceType && v instanceof String s) {
            try {
                return Optional.of(DeviceValue.parse(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (t instanceof Type.ListType l) {
            List<?> elements = v instanceof List<?> list ? list : v instanceof Tuple tuple ? tuple.elements() : null;
            if (elements == null) {
                return Optional.empty();
            }
            List<Object> out = new ArrayList<>(elements.size());
            for (Object e : elements) {
                Optional<Object> c = convert(e, l.elem());
                if (c.isEmpty()) {
                    return Optional.empty();
                }
                out.add(unwrap(c.get()));
            }
            return Optional.of(out);
        }
        if (t instanceof Type.TupleType tt) {
            List<?> elements = v instanceof Tuple tuple ? tuple.elements() : null;
            if (elements == null || elements.size() != tt.elements().size()) {
                return Optional.empty();
            }
            List<Object> out = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                Optional<Object> c = convert(elements.get(i), tt.elements().get(i));
                if (c.isEmpty()) {
                    return Optional.empty();
                }
                out.add(unwrap(c.get()));
            }
            return Optional.of(new Tuple(out));
        }
        if (t instanceof Type.DictType d) {
            if (!(v instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Optional<Object> k = convert(e.getKey(), d.key());
                Optional<Object> value = convert(e.getValue(), d.value());
                if (k.isEmpty() || value.isEmpty()) {
                    return Optional.empty();
                }
                out.put(unwrap(k.get()), unwrap(value.get()));
            }
            return Optional.of(out);
        }
        return isInstance(v, t) ? Optional.of(v) : Optional.empty();
    }

    /** Stands for a converted {@code None} inside {@link #convert}'s {@code Optional}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** The value {@link #convert} found: {@code null} for {@link #NONE}. */
    public static Object unwrap(Object converted) {
        return converted == NONE ? null : converted;
    }

    /** The Python class name of a value, as messages name it: {@code int}, {@code list}, {@code Tensor}. */
    public static String pythonTypeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return "int";
        }
        if (v instanceof Double || v instanceof Float) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof List<?>) {
            return "list";
        }
        if (v instanceof Tuple) {
            return "tuple";
        }
        if (v instanceof Map<?, ?>) {
            return "dict";
        }
        if (v instanceof TensorRef) {
            return "Tensor";
        }
        if (v instanceof DeviceValue) {
            return "device";
        }
        if (v instanceof ScriptObject o) {
            return o.typeName().substring(o.typeName().lastIndexOf('.') + 1);
        }
        return v.getClass().getSimpleName();
    }
}
