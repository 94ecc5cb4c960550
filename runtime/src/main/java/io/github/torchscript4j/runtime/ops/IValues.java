package io.github.torchscript4j.runtime.ops;

import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.checker.builtins.SchemaType.Primitive;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.value.ScriptObject;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.BooleanList;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DoubleList;
import org.bytedeco.pytorch.GenericDict;
import org.bytedeco.pytorch.GenericDictEntryRef;
import org.bytedeco.pytorch.GenericDictIterator;
import org.bytedeco.pytorch.GenericList;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.LongList;
import org.bytedeco.pytorch.Operation;
import org.bytedeco.pytorch.Operator;
import org.bytedeco.pytorch.OperatorName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorList;
import org.bytedeco.pytorch.TupleElements;
import org.bytedeco.pytorch.global.torch;

/**
 * Conversions between the runtime's values (see {@code runtime.value}) and libtorch's {@code
 * c10::IValue}.
 *
 * <p>To libtorch, a value is converted for an expected type — a schema's {@link SchemaType} or a
 * checker {@link Type} — because the Java value alone does not say which {@code c10::List} an
 * empty list is ({@code int[]}, {@code Tensor[]}, ...), nor that a {@code Long} is a {@code
 * ScalarType}. Where the expected type is a type variable ({@code t}), {@code Any} or a union, the
 * type is inferred from the value as TorchScript does (an empty list is a {@code List[Tensor]}, an
 * empty dict a {@code Dict[str, Tensor]}). A value that does not fit the type is a {@link
 * TorchScriptException} ({@code RuntimeError}) worded as libtorch's {@code formatTypeMismatchMsg}:
 * "Expected a value of type 'int' for argument 'other' but instead found type 'float'."
 *
 * <p>From libtorch, the {@code IValue}'s own tag decides: {@code None} is {@code null}, as is an
 * undefined tensor; a tensor becomes a new {@link TensorRef} that the caller owns; {@code ScalarType},
 * {@code Layout} and {@code MemoryFormat} values are {@code int}s there already.
 *
 * <p>Not supported (a {@code RuntimeError} naming the type): complex numbers, generators, storages,
 * streams, futures, objects ({@link ScriptObject}) and other custom classes.
 *
 * <p>The IValues made here are JavaCPP objects: inside a {@link org.bytedeco.javacpp.PointerScope}
 * they are freed with it, otherwise by the garbage collector.
 */
public final class IValues {
    /** Turns one runtime value into an IValue for a fixed expected type. */
    @FunctionalInterface
    interface ToNative {
        IValue apply(Object value);
    }

    private static final Map<String, Operation> DICT_CONSTRUCTORS = new ConcurrentHashMap<>();

    private static final long SCALAR_TYPES = torch.ScalarType.NumOptions.value;
    private static final long LAYOUTS = torch.Layout.NumOptions.value;
    private static final long MEMORY_FORMATS = torch.MemoryFormat.NumOptions.value;
    private static final long QSCHEMES = torch.QScheme.COMPILE_TIME_NUM_QSCHEMES.value;

    private IValues() {}

    /** {@code value} as an IValue of the schema type {@code expected}. */
    public static IValue toIValue(Object value, SchemaType expected) {
        Libtorch.ensureLoaded();
        return converter(expected, "", OptionalInt.empty()).apply(value);
    }

    /** {@code value} as an IValue of the TorchScript type {@code expected}. */
    public static IValue toIValue(Object value, Type expected) {
        return toIValue(value, schemaType(expected));
    }

    /** {@code value} as an IValue of the type inferred from it. */
    public static IValue toIValue(Object value) {
        return toIValue(value, inferredType(value));
    }

    /**
     * The runtime value of an IValue. Tensors become new {@link TensorRef}s owned by the caller (an
     * undefined tensor is {@code None}); lists are fresh {@link ArrayList}s, dicts fresh {@link
     * LinkedHashMap}s in libtorch's insertion order.
     */
    public static Object fromIValue(IValue value) {
        if (value.isNone()) {
            return null;
        }
        if (value.isTensor()) {
            Tensor tensor = value.toTensor();
            return tensor.defined() ? new TensorRef(tensor) : null;
        }
        if (value.isInt()) {
            return value.toInt();
        }
        if (value.isDouble()) {
            return value.toDouble();
        }
        if (value.isBool()) {
            return value.toBool();
        }
        if (value.isString()) {
            BytePointer text = value.toStringRef(); // JavaCPP hands back null for ""
            return text == null ? "" : text.getString(StandardCharsets.UTF_8);
        }
        if (value.isList()) {
            return listOf(value);
        }
        if (value.isTuple()) {
            TupleElements elements = value.toTuple().elements();
            List<Object> items = new ArrayList<>((int) elements.size());
            for (long i = 0, n = elements.size(); i < n; i++) {
                items.add(fromIValue(elements.get(i)));
            }
            return new Tuple(items);
        }
        if (value.isGenericDict()) {
            GenericDict dict = value.toGenericDict();
            Map<Object, Object> map = new LinkedHashMap<>();
            GenericDictIterator end = dict.end();
            for (GenericDictIterator it = dict.begin(); !it.equals(end); it.increment()) {
                GenericDictEntryRef entry = it.access();
                map.put(fromIValue(entry.key()), fromIValue(entry.value()));
            }
            return map;
        }
        if (value.isDevice()) {
            return DeviceValue.parse(value.toDevice().str().getString());
        }
        throw new TorchScriptException("RuntimeError", "cannot convert libtorch's "
                + value.tagKind().getString() + " value to a runtime value");
    }

    private static List<Object> listOf(IValue value) {
        if (value.isIntList()) {
            LongList list = value.toIntList();
            List<Object> items = new ArrayList<>((int) list.size());
            for (long i = 0, n = list.size(); i < n; i++) {
                items.add(list.get(i));
            }
            return items;
        }
        if (value.isDoubleList()) {
            DoubleList list = value.toDoubleList();
            List<Object> items = new ArrayList<>((int) list.size());
            for (long i = 0, n = list.size(); i < n; i++) {
                items.add(list.get(i));
            }
            return items;
        }
        if (value.isBoolList()) {
            BooleanList list = value.toBoolList();
            List<Object> items = new ArrayList<>((int) list.size());
            for (long i = 0, n = list.size(); i < n; i++) {
                items.add(list.get(i));
            }
            return items;
        }
        if (value.isTensorList()) {
            TensorList list = value.toTensorList();
            List<Object> items = new ArrayList<>((int) list.size());
            for (long i = 0, n = list.size(); i < n; i++) {
                Tensor tensor = list.get(i);
                items.add(tensor.defined() ? new TensorRef(tensor) : null);
            }
            return items;
        }
        GenericList list = value.toList();
        List<Object> items = new ArrayList<>((int) list.size());
        for (long i = 0, n = list.size(); i < n; i++) {
            items.add(fromIValue(list.get(i)));
        }
        return items;
    }

    // ---------------------------------------------------------------- types

    /**
     * The schema type that stands for a TorchScript type in conversions; {@code Any} for the types
     * whose values are inferred (unions, enums, classes, unknown).
     */
    public static SchemaType schemaType(Type type) {
        if (type instanceof Type.TensorType) {
            return Primitive.TENSOR;
        } else if (type instanceof Type.IntType) {
            return Primitive.INT;
        } else if (type instanceof Type.FloatType) {
            return Primitive.FLOAT;
        } else if (type instanceof Type.ComplexType) {
            return Primitive.COMPLEX;
        } else if (type instanceof Type.BoolType) {
            return Primitive.BOOL;
        } else if (type instanceof Type.StrType) {
            return Primitive.STR;
        } else if (type instanceof Type.NoneType) {
            return Primitive.NONE_TYPE;
        } else if (type instanceof Type.NumberType) {
            return Primitive.SCALAR;
        } else if (type instanceof Type.DeviceType) {
            return Primitive.DEVICE;
        } else if (type instanceof Type.OptionalType optional) {
            return new SchemaType.OptionalType(schemaType(optional.elem()));
        } else if (type instanceof Type.ListType list) {
            return new SchemaType.ListType(schemaType(list.elem()));
        } else if (type instanceof Type.TupleType tuple) {
            return new SchemaType.TupleType(tuple.elements().stream().map(IValues::schemaType).toList());
        } else if (type instanceof Type.DictType dict) {
            return new SchemaType.DictType(schemaType(dict.key()), schemaType(dict.value()));
        }
        return Primitive.ANY;
    }

    /**
     * The schema type TorchScript would infer for a runtime value: an empty list is {@code
     * Tensor[]}, an empty dict {@code Dict(str, Tensor)}, a list's element type is its first
     * non-None element's (optional when it also holds None).
     */
    public static SchemaType inferredType(Object value) {
        if (value == null) {
            return Primitive.NONE_TYPE;
        } else if (value instanceof Long) {
            return Primitive.INT;
        } else if (value instanceof Double) {
            return Primitive.FLOAT;
        } else if (value instanceof Boolean) {
            return Primitive.BOOL;
        } else if (value instanceof String) {
            return Primitive.STR;
        } else if (value instanceof TensorRef) {
            return Primitive.TENSOR;
        } else if (value instanceof DeviceValue) {
            return Primitive.DEVICE;
        } else if (value instanceof Tuple tuple) {
            return new SchemaType.TupleType(tuple.elements().stream().map(IValues::inferredType).toList());
        } else if (value instanceof List<?> list) {
            return new SchemaType.ListType(elementType(list));
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return new SchemaType.DictType(Primitive.STR, Primitive.TENSOR);
            }
            Map.Entry<?, ?> first = map.entrySet().iterator().next();
            return new SchemaType.DictType(inferredType(first.getKey()), elementType(new ArrayList<>(map.values())));
        } else if (value instanceof ScriptObject object) {
            return new SchemaType.CustomClass(object.typeName());
        }
        throw new IllegalArgumentException("not a runtime value: " + value.getClass().getName());
    }

    private static SchemaType elementType(List<?> elements) {
        boolean none = false;
        for (Object element : elements) {
            if (element == null) {
                none = true;
            }
        }
        for (Object element : elements) {
            if (element != null) {
                SchemaType type = inferredType(element);
                return none ? new SchemaType.OptionalType(type) : type;
            }
        }
        return none ? Primitive.NONE_TYPE : Primitive.TENSOR;
    }

    /** Whether a schema type names no type variable and no {@code Any} (so that libtorch can make it). */
    static boolean isConcrete(SchemaType type) {
        if (type instanceof SchemaType.TypeVariable || type instanceof SchemaType.UnionType
                || type == Primitive.ANY) {
            return false;
        } else if (type instanceof SchemaType.OptionalType optional) {
            return isConcrete(optional.element());
        } else if (type instanceof SchemaType.ListType list) {
            return isConcrete(list.element());
        } else if (type instanceof SchemaType.TupleType tuple) {
            return tuple.elements().stream().allMatch(IValues::isConcrete);
        } else if (type instanceof SchemaType.DictType dict) {
            return isConcrete(dict.key()) && isConcrete(dict.value());
        }
        return true;
    }

    /**
     * The Python name of a runtime value's type, as libtorch's messages write it: {@code int},
     * {@code Tensor}, {@code List[int]}, {@code Tuple[int, str]}, {@code Dict[str, Tensor]}.
     */
    public static String typeName(Object value) {
        return annotation(inferredType(value));
    }

    private static String annotation(SchemaType type) {
        if (type instanceof SchemaType.ListType list) {
            return "List[" + annotation(list.element()) + "]";
        } else if (type instanceof SchemaType.OptionalType optional) {
            return "Optional[" + annotation(optional.element()) + "]";
        } else if (type instanceof SchemaType.TupleType tuple) {
            return "Tuple[" + String.join(", ", tuple.elements().stream().map(IValues::annotation).toList()) + "]";
        } else if (type instanceof SchemaType.DictType dict) {
            return "Dict[" + annotation(dict.key()) + ", " + annotation(dict.value()) + "]";
        } else if (type == Primitive.SCALAR) {
            return "number";
        }
        return type.toString();
    }

    // ---------------------------------------------------------------- to libtorch

    /**
     * The conversion of values for one argument: of type {@code type}, named {@code name} in
     * messages (empty: no argument), with a fixed list size ({@code int[2]}: a single int stands
     * for the list repeating it, as TorchScript allows).
     */
    static ToNative converter(SchemaType type, String name, OptionalInt size) {
        if (type instanceof Primitive primitive) {
            return primitive(primitive, name);
        } else if (type instanceof SchemaType.OptionalType optional) {
            ToNative element = converter(optional.element(), name, size);
            return value -> value == null ? new IValue() : element.apply(value);
        } else if (type instanceof SchemaType.ListType list) {
            return list(type, list.element(), name, size);
        } else if (type instanceof SchemaType.TupleType tuple) {
            return tuple(type, tuple, name);
        } else if (type instanceof SchemaType.DictType dict) {
            return dict(type, dict, name);
        } else if (type instanceof SchemaType.TypeVariable || type instanceof SchemaType.UnionType) {
            return inferred(name);
        }
        return unsupported(type);
    }

    private static ToNative inferred(String name) {
        return value -> converter(inferredType(value), name, OptionalInt.empty()).apply(value);
    }

    private static ToNative unsupported(SchemaType type) {
        return value -> {
            throw new TorchScriptException("RuntimeError", "values of type " + type
                    + " cannot be passed to libtorch's operators yet");
        };
    }

    private static TorchScriptException mismatch(SchemaType expected, String name, Object value) {
        String argument = name.isEmpty() ? "" : " for argument '" + name + "'";
        return new TorchScriptException("RuntimeError", "Expected a value of type '" + expected + "'"
                + argument + " but instead found type '" + typeName(value) + "'.");
    }

    private static TorchScriptException outOfRange(String what, long value, String name) {
        String argument = name.isEmpty() ? "" : " for argument '" + name + "'";
        return new TorchScriptException("RuntimeError", value + " is not a valid " + what + argument);
    }

    private static ToNative primitive(Primitive type, String name) {
        switch (type) {
            case TENSOR:
                return value -> {
                    if (value instanceof TensorRef ref) {
                        return new IValue(ref.tensor());
                    }
                    throw mismatch(type, name, value);
                };
            case INT:
            case SYM_INT:
            case DEVICE_INDEX:
                return value -> {
                    if (value instanceof Long number) {
                        return new IValue(number.longValue());
                    }
                    throw mismatch(type, name, value);
                };
            case FLOAT:
            case SYM_FLOAT:
                return value -> {
                    if (value instanceof Double number) {
                        return new IValue(number.doubleValue());
                    }
                    throw mismatch(type, name, value);
                };
            case BOOL:
            case SYM_BOOL:
                return value -> {
                    if (value instanceof Boolean bool) {
                        return new IValue(bool.booleanValue());
                    }
                    throw mismatch(type, name, value);
                };
            case STR:
                return value -> {
                    if (value instanceof String text) {
                        return new IValue(new BytePointer(text, StandardCharsets.UTF_8));
                    }
                    throw mismatch(type, name, value);
                };
            case SCALAR:
                return value -> {
                    if (value instanceof Long number) {
                        return new IValue(number.longValue());
                    } else if (value instanceof Double number) {
                        return new IValue(number.doubleValue());
                    } else if (value instanceof Boolean bool) {
                        return new IValue(bool.booleanValue());
                    }
                    throw mismatch(type, name, value);
                };
            case SCALAR_TYPE:
                return enumeration(type, name, "ScalarType", SCALAR_TYPES);
            case LAYOUT:
                return enumeration(type, name, "Layout", LAYOUTS);
            case MEMORY_FORMAT:
                return enumeration(type, name, "MemoryFormat", MEMORY_FORMATS);
            case QSCHEME:
                return enumeration(type, name, "QScheme", QSCHEMES);
            case DEVICE:
                return value -> {
                    String spec;
                    if (value instanceof DeviceValue device) {
                        spec = device.toString();
                    } else if (value instanceof String text) {
                        spec = text;
                    } else {
                        throw mismatch(type, name, value);
                    }
                    Device device;
                    try {
                        device = new Device(spec);
                    } catch (RuntimeException e) {
                        throw TorchScriptException.fromNative(e);
                    }
                    return new IValue(device);
                };
            case NONE_TYPE:
                return value -> {
                    if (value == null) {
                        return new IValue();
                    }
                    throw mismatch(type, name, value);
                };
            case ANY:
                return inferred(name);
            default:
                return unsupported(type);
        }
    }

    private static ToNative enumeration(Primitive type, String name, String what, long count) {
        return value -> {
            if (value instanceof Long number) {
                long code = number;
                if (code < 0 || code >= count) {
                    throw outOfRange(what, code, name);
                }
                return new IValue(code);
            }
            throw mismatch(type, name, value);
        };
    }

    private static ToNative list(SchemaType type, SchemaType element, String name, OptionalInt size) {
        boolean concrete = isConcrete(element);
        ToNative elements = converter(element, name, OptionalInt.empty());
        boolean intList = element == Primitive.INT || element == Primitive.SYM_INT;
        return value -> {
            if (value instanceof Long number && intList && size.isPresent()) {
                GenericList list = new GenericList(NativeTypes.of(Primitive.INT));
                for (int i = 0; i < size.getAsInt(); i++) {
                    list.push_back(new IValue(number.longValue()));
                }
                return new IValue(list);
            }
            if (!(value instanceof List<?> items)) {
                throw mismatch(type, name, value);
            }
            SchemaType actualElement = concrete ? element : elementType(items);
            ToNative convert = concrete ? elements : converter(actualElement, name, OptionalInt.empty());
            GenericList list = new GenericList(NativeTypes.of(actualElement));
            list.reserve(items.size());
            for (Object item : items) {
                list.push_back(convert.apply(item));
            }
            return new IValue(list);
        };
    }

    private static ToNative tuple(SchemaType type, SchemaType.TupleType tuple, String name) {
        List<ToNative> elements = new ArrayList<>();
        for (SchemaType element : tuple.elements()) {
            elements.add(converter(element, name, OptionalInt.empty()));
        }
        return value -> {
            if (!(value instanceof Tuple items) || items.size() != elements.size()) {
                throw mismatch(type, name, value);
            }
            IValueVector vector = new IValueVector();
            for (int i = 0; i < elements.size(); i++) {
                vector.push_back(elements.get(i).apply(items.get(i)));
            }
            return new IValue(org.bytedeco.pytorch.Tuple.create(vector));
        };
    }

    private static ToNative dict(SchemaType type, SchemaType.DictType dict, String name) {
        return value -> {
            if (!(value instanceof Map<?, ?> map)) {
                throw mismatch(type, name, value);
            }
            SchemaType.DictType actual = dict;
            if (!isConcrete(dict)) {
                SchemaType.DictType inferred = (SchemaType.DictType) inferredType(map);
                actual = new SchemaType.DictType(isConcrete(dict.key()) ? dict.key() : inferred.key(),
                        isConcrete(dict.value()) ? dict.value() : inferred.value());
            }
            String keyKind = dictKeyKind(actual.key());
            if (keyKind == null) {
                throw new TorchScriptException("RuntimeError", "dicts with keys of type " + actual.key()
                        + " cannot be passed to libtorch's operators");
            }
            ToNative keys = converter(actual.key(), name, OptionalInt.empty());
            ToNative values = converter(actual.value(), name, OptionalInt.empty());
            GenericList pairs = new GenericList(NativeTypes.of(new SchemaType.TupleType(List.of(actual.key(),
                    actual.value()))));
            pairs.reserve(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                pairs.push_back(new IValue(org.bytedeco.pytorch.Tuple.create(keys.apply(entry.getKey()),
                        values.apply(entry.getValue()))));
            }
            // libtorch's JIT operator aten::dict.<key>((K, V)[] inputs) makes a typed c10::Dict.
            IValueVector stack = new IValueVector();
            stack.push_back(new IValue(pairs));
            try {
                dictConstructor(keyKind).apply(stack);
            } catch (RuntimeException e) {
                throw TorchScriptException.fromNative(e);
            }
            return new IValue(stack.get(0));
        };
    }

    /** The overload of {@code aten::dict} for dicts with this key type; null if there is none. */
    private static String dictKeyKind(SchemaType key) {
        if (key == Primitive.STR || key == Primitive.INT || key == Primitive.BOOL || key == Primitive.FLOAT) {
            return key.toString();
        } else if (key == Primitive.TENSOR) {
            return "Tensor";
        }
        return null;
    }

    private static Operation dictConstructor(String keyKind) {
        return DICT_CONSTRUCTORS.computeIfAbsent(keyKind, kind -> {
            Operator operator = torch.findOperatorFor(new OperatorName("aten::dict", kind));
            if (operator == null || operator.isNull()) {
                throw new IllegalStateException("libtorch has no operator aten::dict." + kind);
            }
            Operation operation = operator.getOperation();
            operation.retainReference(); // kept for the life of the process
            return operation;
        });
    }
}
