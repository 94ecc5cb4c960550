package io.github.torchscript4j.runtime.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance corpus's VALUE JSON ({@code ../shared/conformance/FORMAT.md}) to and from runtime
 * values (see {@code runtime.value}), and its agreement rule.
 *
 * <table>
 * <caption>JSON → runtime value</caption>
 * <tr><td>{@code null}, {@code true}, {@code "text"}</td><td>{@code null}, {@link Boolean}, {@link String}</td></tr>
 * <tr><td>a number without {@code .} or exponent, {@code 3}</td><td>{@link Long}</td></tr>
 * <tr><td>a number with one, {@code 3.0}, {@code 1e-05}; {@code {"float": "nan"}} ({@code inf}, {@code -inf})</td><td>{@link Double}</td></tr>
 * <tr><td>{@code [VALUE...]}</td><td>{@link ArrayList}</td></tr>
 * <tr><td>{@code {"tuple": [VALUE...]}}</td><td>{@link Tuple}</td></tr>
 * <tr><td>{@code {"dict": [[KEY, VALUE]...]}}</td><td>{@link LinkedHashMap}, in order</td></tr>
 * <tr><td>{@code {"tensor": {"dtype": "float32", "shape": [2], "data": [...]}}}</td><td>a new CPU {@link TensorRef} the caller owns</td></tr>
 * <tr><td>{@code {"device": "cuda:1"}}</td><td>{@link DeviceValue}</td></tr>
 * <tr><td>{@code {"dtype": "float32"}}</td><td>{@link Long}, the dtype's code (6), as TorchScript holds a dtype</td></tr>
 * </table>
 *
 * <p>Printing writes what Python's {@code json.dumps} writes for the reference's recordings:
 * separators {@code ", "} and {@code ": "}, non-ASCII characters escaped, floats as {@code
 * repr(float)} ({@link PythonFloats}). A dtype is an {@code int} at run time, so it prints as one.
 */
public final class JsonValues {
    private static final double ABSOLUTE_TOLERANCE = 1e-6;
    private static final double RELATIVE_TOLERANCE = 1e-5;

    private JsonValues() {}

    // ---------------------------------------------------------------- parsing

    /**
     * The runtime value of one VALUE in JSON text.
     *
     * @throws IllegalArgumentException if the text is not JSON or not a VALUE; the message says why
     */
    public static Object parse(String json) {
        JsonElement element;
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() == com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("no JSON value");
            }
            element = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("text after the JSON value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return fromJson(element);
    }

    /**
     * The runtime value of a parsed VALUE.
     *
     * @throws IllegalArgumentException if it is not a VALUE
     */
    public static Object fromJson(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element.isJsonPrimitive()) {
            JsonPrimitive primitive = element.getAsJsonPrimitive();
            if (primitive.isBoolean()) {
                return primitive.getAsBoolean();
            }
            if (primitive.isString()) {
                return primitive.getAsString();
            }
            return number(primitive.getAsNumber().toString());
        }
        if (element.isJsonArray()) {
            List<Object> items = new ArrayList<>();
            for (JsonElement item : element.getAsJsonArray()) {
                items.add(fromJson(item));
            }
            return items;
        }
        JsonObject object = element.getAsJsonObject();
        if (object.size() != 1) {
            throw new IllegalArgumentException("a VALUE object has one key, not " + object.keySet());
        }
        String key = object.keySet().iterator().next();
        JsonElement body = object.get(key);
        switch (key) {
            case "tuple":
                List<Object> elements = new ArrayList<>();
                for (JsonElement item : array(body, "tuple")) {
                    elements.add(fromJson(item));
                }
                return new Tuple(elements);
            case "dict":
                Map<Object, Object> map = new LinkedHashMap<>();
                for (JsonElement entry : array(body, "dict")) {
                    JsonArray pair = array(entry, "dict entry");
                    if (pair.size() != 2) {
                        throw new IllegalArgumentException("a dict entry is [KEY, VALUE], not " + pair);
                    }
                    map.put(fromJson(pair.get(0)), fromJson(pair.get(1)));
                }
                return map;
            case "float":
                return nonFinite(string(body, "float"));
            case "device":
                return device(string(body, "device"));
            case "dtype":
                String name = string(body, "dtype");
                return Dtypes.code(name).orElseThrow(() -> new IllegalArgumentException("unknown dtype " + name));
            case "tensor":
                return tensorData(body).toTensor();
            default:
                throw new IllegalArgumentException("unknown VALUE object {\"" + key + "\": ...}");
        }
    }

    /**
     * The contents of a {@code {"tensor": {...}}} body without making a tensor.
     *
     * @throws IllegalArgumentException if it is malformed
     */
    public static TensorData tensorData(JsonElement body) {
        if (!body.isJsonObject()) {
            throw new IllegalArgumentException("a tensor is {\"dtype\", \"shape\", \"data\"}, not " + body);
        }
        JsonObject tensor = body.getAsJsonObject();
        String dtypeName = string(tensor.get("dtype"), "tensor dtype");
        long dtype = Dtypes.code(dtypeName).orElseThrow(() -> new IllegalArgumentException("unknown dtype " + dtypeName));
        JsonArray shapeJson = array(tensor.get("shape"), "tensor shape");
        long[] shape = new long[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) {
            Object dimension = fromJson(shapeJson.get(i));
            if (!(dimension instanceof Long size) || size < 0) {
                throw new IllegalArgumentException("a tensor dimension is a non-negative int, not " + shapeJson.get(i));
            }
            shape[i] = size;
        }
        JsonArray data = array(tensor.get("data"), "tensor data");
        int count = data.size();
        try {
            if (Dtypes.isFloating(dtype)) {
                double[] floats = new double[count];
                for (int i = 0; i < count; i++) {
                    JsonPrimitive item = primitive(data.get(i));
                    floats[i] = item.isString() ? nonFinite(item.getAsString()) : item.getAsDouble();
                }
                return new TensorData(dtype, shape, floats, null, null);
            }
            if (Dtypes.isIntegral(dtype)) {
                long[] ints = new long[count];
                for (int i = 0; i < count; i++) {
                    Object item = fromJson(data.get(i));
                    if (!(item instanceof Long value)) {
                        throw new IllegalArgumentException("an element of an integer tensor is an int, not " + data.get(i));
                    }
                    ints[i] = value;
                }
                return new TensorData(dtype, shape, null, ints, null);
            }
            if (dtype == Dtypes.BOOL) {
                boolean[] bools = new boolean[count];
                for (int i = 0; i < count; i++) {
                    JsonPrimitive item = primitive(data.get(i));
                    if (!item.isBoolean()) {
                        throw new IllegalArgumentException("an element of a bool tensor is true or false, not " + item);
                    }
                    bools[i] = item.getAsBoolean();
                }
                return new TensorData(dtype, shape, null, null, bools);
            }
        } catch (NumberFormatException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("bad tensor data: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("tensors of dtype " + dtypeName + " have no JSON form");
    }

    private static Object number(String text) {
        boolean floating = text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0;
        try {
            return floating ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a TorchScript int or float: " + text, e);
        }
    }

    private static double nonFinite(String text) {
        switch (text) {
            case "nan":
                return Double.NaN;
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                throw new IllegalArgumentException("a non-finite float is \"nan\", \"inf\" or \"-inf\", not \"" + text + "\"");
        }
    }

    private static DeviceValue device(String spec) {
        try {
            DeviceValue device = DeviceValue.parse(spec);
            if (device.type().isEmpty() || device.index() < -1) {
                throw new IllegalArgumentException("bad device " + spec);
            }
            return device;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad device " + spec, e);
        }
    }

    private static JsonArray array(JsonElement element, String what) {
        if (element == null || !element.isJsonArray()) {
            throw new IllegalArgumentException("a " + what + " is a JSON array, not " + element);
        }
        return element.getAsJsonArray();
    }

    private static String string(JsonElement element, String what) {
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("a " + what + " is a JSON string, not " + element);
        }
        return element.getAsString();
    }

    private static JsonPrimitive primitive(JsonElement element) {
        if (!element.isJsonPrimitive()) {
            throw new IllegalArgumentException("not a number: " + element);
        }
        return element.getAsJsonPrimitive();
    }

    // ---------------------------------------------------------------- printing

    /**
     * The VALUE JSON of a runtime value, as the reference's recordings write it.
     *
     * @throws IllegalArgumentException for a value with no JSON form (objects, complex tensors)
     */
    public static String print(Object value) {
        StringBuilder out = new StringBuilder();
        print(value, out);
        return out.toString();
    }

    /** Appends the VALUE JSON of {@code value}. */
    public static void print(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean bool) {
            out.append(bool ? "true" : "false");
        } else if (value instanceof Long number) {
            out.append(number.longValue());
        } else if (value instanceof Double number) {
            double x = number;
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                out.append("{\"float\": \"").append(PythonFloats.repr(x)).append("\"}");
            } else {
                out.append(PythonFloats.repr(x));
            }
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof List<?> list) {
            sequence(list, out);
        } else if (value instanceof Tuple tuple) {
            out.append("{\"tuple\": ");
            sequence(tuple.elements(), out);
            out.append('}');
        } else if (value instanceof Map<?, ?> map) {
            out.append("{\"dict\": [");
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "[" : ", [");
                first = false;
                print(entry.getKey(), out);
                out.append(", ");
                print(entry.getValue(), out);
                out.append(']');
            }
            out.append("]}");
        } else if (value instanceof TensorRef tensor) {
            tensor(TensorData.read(tensor), out);
        } else if (value instanceof DeviceValue device) {
            out.append("{\"device\": ");
            string(device.toString(), out);
            out.append('}');
        } else {
            throw new IllegalArgumentException("a value of " + value.getClass().getSimpleName() + " has no JSON form");
        }
    }

    private static void sequence(List<?> items, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            print(items.get(i), out);
        }
        out.append(']');
    }

    private static void tensor(TensorData data, StringBuilder out) {
        out.append("{\"tensor\": {\"dtype\": \"").append(Dtypes.name(data.dtype()).orElseThrow())
                .append("\", \"shape\": [");
        for (int i = 0; i < data.shape().length; i++) {
            out.append(i > 0 ? ", " : "").append(data.shape()[i]);
        }
        out.append("], \"data\": [");
        for (int i = 0, n = data.size(); i < n; i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (data.floats() != null) {
                double x = data.floats()[i];
                boolean finite = !Double.isNaN(x) && !Double.isInfinite(x);
                out.append(finite ? PythonFloats.repr(x) : "\"" + PythonFloats.repr(x) + "\"");
            } else if (data.ints() != null) {
                out.append(data.ints()[i]);
            } else {
                out.append(data.bools()[i] ? "true" : "false");
            }
        }
        out.append("]}}");
    }

    /** A JSON string as Python's {@code json.dumps} writes it ({@code ensure_ascii}). */
    static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---------------------------------------------------------------- agreement

    /**
     * Whether {@code actual} agrees with {@code expected} by FORMAT.md's rule: the same structure
     * (a list with a list of the same length, a tuple with a tuple, a dict with a dict whose entries
     * agree in order, ...); ints, bools, strings and devices equal; floats close ({@code |a - b| <=
     * 1e-6 + 1e-5 * |b|}, {@code b} the expected value; NaN agrees with NaN, an infinity only with
     * itself); tensors of the same dtype and shape, with close elements when floating and equal
     * ones otherwise.
     */
    public static boolean agree(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Double b) {
            return actual instanceof Double a && close(a, b);
        }
        if (expected instanceof Long || expected instanceof Boolean || expected instanceof String
                || expected instanceof DeviceValue) {
            return expected.equals(actual);
        }
        if (expected instanceof List<?> list) {
            return actual instanceof List<?> other && allAgree(list, other);
        }
        if (expected instanceof Tuple tuple) {
            return actual instanceof Tuple other && allAgree(tuple.elements(), other.elements());
        }
        if (expected instanceof Map<?, ?> map) {
            if (!(actual instanceof Map<?, ?> other) || map.size() != other.size()) {
                return false;
            }
            Iterator<? extends Map.Entry<?, ?>> mine = map.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> theirs = other.entrySet().iterator();
            while (mine.hasNext()) {
                Map.Entry<?, ?> a = mine.next();
                Map.Entry<?, ?> b = theirs.next();
                if (!agree(a.getKey(), b.getKey()) || !agree(a.getValue(), b.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof TensorRef tensor) {
            return actual instanceof TensorRef other && agree(TensorData.read(tensor), TensorData.read(other));
        }
        return expected.equals(actual);
    }

    /** Whether two tensors' contents agree (dtype, shape, elements), as {@link #agree(Object, Object)}. */
    public static boolean agree(TensorData expected, TensorData actual) {
        if (expected.dtype() != actual.dtype() || !Arrays.equals(expected.shape(), actual.shape())) {
            return false;
        }
        if (expected.floats() != null) {
            double[] b = expected.floats();
            double[] a = actual.floats();
            for (int i = 0; i < b.length; i++) {
                if (!close(a[i], b[i])) {
                    return false;
                }
            }
            return true;
        }
        return Arrays.equals(expected.ints(), actual.ints()) && Arrays.equals(expected.bools(), actual.bools());
    }

    private static boolean allAgree(List<?> expected, List<?> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!agree(expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return Math.abs(a - b) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(b);
    }
}
