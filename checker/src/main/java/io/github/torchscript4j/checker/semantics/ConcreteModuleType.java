package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A module instance as {@code torch.jit.script(instance)} sees it: the Python class it was built
 * from, and its attributes in the order the instance holds them — parameters, buffers,
 * submodules (each with its own concrete type), plain attributes with their TorchScript types, and
 * constants ({@code __constants__}, {@code Final}) with their values. It is the reference's {@code
 * ConcreteModuleType} together with the instance values compilation needs (constants; the
 * contents of {@code ModuleList}, {@code Sequential} and {@code ModuleDict}, which are their
 * submodules in order).
 *
 * <p>API Boundary: the runtime's Python interpreter describes each module it built with one of
 * these ({@link #builder}); {@code checker.emit.ConcreteModuleCompiler} compiles the tree. The
 * values of tensors are opaque here (the runtime's own objects), carried for the runtime's use.
 *
 * <p>Two concrete types are {@linkplain #sameType the same type} when their classes, attributes
 * (names, kinds, types), constant values and submodules' concrete types are; each distinct one
 * becomes its own TorchScript class, named as the reference mangles it.
 */
public final class ConcreteModuleType {
    /** What an attribute of a module is. */
    public enum Kind { PARAMETER, BUFFER, MODULE, ATTRIBUTE, CONSTANT }

    /**
     * One attribute: its name, kind and TorchScript type; {@code value} is the instance's value
     * (a constant's is a checker value: {@code Long}, {@code Double}, {@code Boolean}, {@code
     * String}, {@code null}, {@code DeviceValue}, {@link Tuple}; a tensor's is opaque), {@code
     * module} a submodule's concrete type (null for other kinds). A submodule's {@code type} names
     * its Python class before mangling; the class it is compiled to is {@code
     * ConcreteModuleCompiler.Result.classOf(module)}.
     */
    public record Attribute(String name, Kind kind, Type type, Object value, ConcreteModuleType module) {
        public Attribute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * What the reference's {@code torch._C._jit_try_infer_type} makes of a Python value: its
     * TorchScript type, or (type null) why there is none, worded as the reference words it.
     */
    public record Inference(Type type, String failure) {
        public boolean success() {
            return type != null;
        }
    }

    private final String pythonModule;
    private final String className;
    private final Map<String, Attribute> attributes;
    private final Map<String, String> failed;
    private String key;

    private ConcreteModuleType(String pythonModule, String className, Map<String, Attribute> attributes,
            Map<String, String> failed) {
        this.pythonModule = pythonModule;
        this.className = className;
        this.attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    /**
     * The type of a Python value held by a module attribute, as the reference infers it ({@code
     * torch._C._jit_try_infer_type}): {@code int}, {@code float}, {@code bool}, {@code str},
     * {@code NoneType}, {@code Device}, {@code Tensor} (what {@code isTensor} accepts), and lists,
     * tuples and dicts of them whose elements agree; an empty list or dict, or elements of
     * different types, have none.
     */
    public static Inference inferType(Object value, java.util.function.Predicate<Object> isTensor) {
        if (value == null) {
            return new Inference(Types.NONE, null);
        }
        if (value instanceof Boolean) {
            return new Inference(Types.BOOL, null);
        }
        if (value instanceof Long || value instanceof Integer) {
            return new Inference(Types.INT, null);
        }
        if (value instanceof Double) {
            return new Inference(Types.FLOAT, null);
        }
        if (value instanceof String) {
            return new Inference(Types.STR, null);
        }
        if (value instanceof DeviceValue) {
            return new Inference(Types.DEVICE, null);
        }
        if (isTensor.test(value)) {
            return new Inference(Types.TENSOR, null);
        }
        if (value instanceof Tuple t) {
            List<Type> elements = new ArrayList<>();
            for (Object e : t.elements()) {
                Inference i = inferType(e, isTensor);
                if (!i.success()) {
                    return i;
                }
                elements.add(i.type());
            }
            return new Inference(new Type.TupleType(elements), null);
        }
        if (value instanceof List<?> l) {
            if (l.isEmpty()) {
                return new Inference(null, "List trace inputs must have elements");
            }
            Type element = null;
            for (Object e : l) {
                Inference i = inferType(e, isTensor);
                if (!i.success()) {
                    return i;
                }
                if (element != null && !element.equals(i.type())) {
                    return new Inference(null, "List inputs to traced functions must have consistent element type. "
                            + "Found " + element.annotationStr() + " and " + i.type().annotationStr());
                }
                element = i.type();
            }
            return new Inference(new Type.ListType(element), null);
        }
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return new Inference(null, "Dictionary inputs must have entries");
            }
            Type key = null;
            Type val = null;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Inference k = inferType(e.getKey(), isTensor);
                Inference v = inferType(e.getValue(), isTensor);
                if (!k.success()) {
                    return k;
                }
                if (!v.success()) {
                    return v;
                }
                if (key != null && !key.equals(k.type())) {
                    return new Inference(null, "Dictionary inputs to traced functions must have consistent type. "
                            + "Found " + key.annotationStr() + " and " + k.type().annotationStr());
                }
                if (val != null && !val.equals(v.type())) {
                    return new Inference(null, "Dictionary inputs to traced functions must have consistent type. "
                            + "Found " + val.annotationStr() + " and " + v.type().annotationStr());
                }
                key = k.type();
                val = v.type();
            }
            return new Inference(new Type.DictType(key, val), null);
        }
        return new Inference(null, "Only tensors, lists, tuples of tensors, or dictionary of tensors can be output "
                + "from traced functions");
    }

    /**
     * The attributes whose Python values have no TorchScript type, with the reference's reason
     * (used in compiled code, they are its error; otherwise they are left out, as in the reference).
     */
    public Map<String, String> failedAttributes() {
        return failed;
    }

    /**
     * Starts the description of an instance of the class {@code className} of the Python module
     * {@code pythonModule}: {@code ""} (or {@code "__main__"}) for the file being compiled, a
     * project module's dotted name, or a module of our bundled {@code torch.nn} library ({@code
     * torch.nn.modules.linear}).
     */
    public static Builder builder(String pythonModule, String className) {
        return new Builder(pythonModule.equals("__main__") ? "" : pythonModule, className);
    }

    /** The Python module of the class ({@code ""} for the compiled file). */
    public String pythonModule() {
        return pythonModule;
    }

    public String className() {
        return className;
    }

    /** The attributes, in the instance's order. */
    public List<Attribute> attributes() {
        return List.copyOf(attributes.values());
    }

    public Optional<Attribute> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The submodules, in order. */
    public List<Attribute> submodules() {
        return attributes.values().stream().filter(a -> a.kind() == Kind.MODULE).toList();
    }

    /** The class's qualified name before mangling: {@code __torch__.torch.nn.modules.linear.Linear}. */
    public String qualifiedName() {
        return "__torch__." + (pythonModule.isEmpty() ? "" : pythonModule + ".") + className;
    }

    /** Whether it is one of {@code torch.nn}'s containers whose uses are unrolled: {@code ModuleList}, {@code Sequential}, {@code ModuleDict}. */
    public boolean isContainer(String name) {
        return pythonModule.equals("torch.nn.modules.container") && className.equals(name);
    }

    /** Whether {@code other} compiles to the same TorchScript class. */
    public boolean sameType(ConcreteModuleType other) {
        return key().equals(other.key());
    }

    /** A text equal for two concrete types exactly when they are {@linkplain #sameType the same type}. */
    String key() {
        if (key == null) {
            StringBuilder b = new StringBuilder(qualifiedName()).append('{');
            for (Attribute a : attributes.values()) {
                b.append(a.name()).append(':').append(a.kind()).append(':');
                if (a.kind() == Kind.MODULE) {
                    b.append(a.module().key());
                } else {
                    b.append(a.type().annotationStr());
                }
                if (a.kind() == Kind.CONSTANT) {
                    b.append('=').append(constantText(a.value()));
                }
                b.append(';');
            }
            failed.forEach((n, why) -> b.append('!').append(n).append(';'));
            key = b.append('}').toString();
        }
        return key;
    }

    private static String constantText(Object v) {
        if (v instanceof Tuple t) {
            StringBuilder b = new StringBuilder("(");
            t.elements().forEach(e -> b.append(constantText(e)).append(','));
            return b.append(')').toString();
        }
        return v == null ? "None" : v.getClass().getSimpleName() + ":" + v;
    }

    @Override
    public String toString() {
        return key();
    }

    /** Collects the attributes of one instance, in order; a name given twice keeps its first place. */
    public static final class Builder {
        private final String pythonModule;
        private final String className;
        private final Map<String, Attribute> attributes = new LinkedHashMap<>();
        private final Map<String, String> failed = new LinkedHashMap<>();

        private Builder(String pythonModule, String className) {
            this.pythonModule = pythonModule;
            this.className = className;
        }

        private Builder add(Attribute a) {
            attributes.put(a.name(), a);
            return this;
        }

        /** A parameter: {@code Tensor}, or {@code NoneType} for {@code register_parameter(name, None)}. */
        public Builder parameter(String name, Object tensor) {
            return add(new Attribute(name, Kind.PARAMETER, tensor == null ? Types.NONE : Types.TENSOR, tensor, null));
        }

        /** A buffer: {@code Tensor}, or {@code NoneType} for a buffer registered as None. */
        public Builder buffer(String name, Object tensor) {
            return add(new Attribute(name, Kind.BUFFER, tensor == null ? Types.NONE : Types.TENSOR, tensor, null));
        }

        /** A submodule; {@code null} is an attribute of type {@code NoneType}, as the reference makes it. */
        public Builder module(String name, ConcreteModuleType module) {
            if (module == null) {
                return add(new Attribute(name, Kind.ATTRIBUTE, Types.NONE, null, null));
            }
            Type t = new Type.ModuleType(module.qualifiedName(), io.github.torchscript4j.checker.types.TypeDeclaration.NONE);
            return add(new Attribute(name, Kind.MODULE, t, module, module));
        }

        /** A plain attribute with its TorchScript type ({@code training} included, a {@code bool}). */
        public Builder attribute(String name, Type type, Object value) {
            return add(new Attribute(name, Kind.ATTRIBUTE, type, value, null));
        }

        /**
         * A plain attribute typed from its Python value ({@link #inferType}); one without a type is
         * a {@linkplain #failedAttributes failed attribute} ({@code pythonType}: its Python type's
         * name, {@code list}).
         */
        public Builder attribute(String name, Object value, String pythonType, java.util.function.Predicate<Object> isTensor) {
            Inference i = inferType(value, isTensor);
            if (i.success()) {
                return attribute(name, i.type(), value);
            }
            failed.put(name, "failed to convert Python type: '" + pythonType + "' to a TorchScript type. "
                    + i.failure() + ".");
            return this;
        }

        /**
         * A constant ({@code __constants__}, {@code Final}): its type follows from its value, and a
         * list is a tuple, as the reference makes it.
         *
         * @throws IllegalArgumentException for a value TorchScript cannot hold as a constant
         */
        public Builder constant(String name, Object value) {
            Object v = constantValue(name, value);
            return add(new Attribute(name, Kind.CONSTANT, constantType(v), v, null));
        }

        public ConcreteModuleType build() {
            return new ConcreteModuleType(pythonModule, className, attributes, failed);
        }
    }

    private static Object constantValue(String name, Object v) {
        if (v instanceof List<?> l) {
            List<Object> items = new ArrayList<>();
            l.forEach(x -> items.add(constantValue(name, x)));
            return new Tuple(items);
        }
        if (v instanceof Tuple t) {
            List<Object> items = new ArrayList<>();
            t.elements().forEach(x -> items.add(constantValue(name, x)));
            return new Tuple(items);
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v == null || v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String
                || v instanceof DeviceValue) {
            return v;
        }
        throw new IllegalArgumentException("Object " + v + " of constant '" + name + "' is not a valid constant.\n"
                + "Valid constants are:\n1. a nn.ModuleList\n2. a value of type {bool, float, int, str, NoneType, "
                + "torch.device, torch.layout, torch.dtype}\n3. a list or tuple of (2)");
    }

    private static Type constantType(Object v) {
        if (v == null) {
            return Types.NONE;
        }
        if (v instanceof Long) {
            return Types.INT;
        }
        if (v instanceof Double) {
            return Types.FLOAT;
        }
        if (v instanceof Boolean) {
            return Types.BOOL;
        }
        if (v instanceof String) {
            return Types.STR;
        }
        if (v instanceof DeviceValue) {
            return Types.DEVICE;
        }
        List<Type> elements = new ArrayList<>();
        ((Tuple) v).elements().forEach(e -> elements.add(constantType(e)));
        return new Type.TupleType(elements);
    }
}
