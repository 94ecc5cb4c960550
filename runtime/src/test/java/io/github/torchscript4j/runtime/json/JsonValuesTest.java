package io.github.torchscript4j.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonValues}: the conformance VALUE JSON of FORMAT.md parsed to runtime values and printed
 * back byte for byte, and the agreement rule. Tensors load libtorch in this JVM.
 */
@Tag("native")
class JsonValuesTest {

    /** Canonical VALUE texts, as the reference's recorder writes them: each prints back unchanged. */
    private static final List<String> CANONICAL = List.of(
            "null", "true", "false", "0", "-7", "9223372036854775807", "3.0", "-0.0", "0.1", "1e-05",
            "1e+16", "0.020375549793243408", "{\"float\": \"nan\"}", "{\"float\": \"inf\"}",
            "{\"float\": \"-inf\"}", "\"\"", "\"hello\"", "\"caf\\u00e9 \\u2713 \\ud83d\\ude00\"",
            "\"quote \\\" backslash \\\\ newline \\n tab \\t nul \\u0000 del \\u007f\"",
            "[]", "[1, 2.5, \"a\", null, [true]]", "{\"tuple\": []}", "{\"tuple\": [10.0, 3, true]}",
            "{\"dict\": []}", "{\"dict\": [[\"hello\", 3], [\"a\", {\"tuple\": [1, [2]]}]]}",
            "{\"dict\": [[1, 0.5], [2, null]]}", "{\"device\": \"cpu\"}", "{\"device\": \"cuda:1\"}",
            "{\"tensor\": {\"dtype\": \"float32\", \"shape\": [3], \"data\": [0.3202674984931946, 0.9217443466186523, 0.6808037757873535]}}",
            "{\"tensor\": {\"dtype\": \"float64\", \"shape\": [2, 2], \"data\": [1.0, \"nan\", \"-inf\", 1e-05]}}",
            "{\"tensor\": {\"dtype\": \"int64\", \"shape\": [2], \"data\": [-3, 9223372036854775807]}}",
            "{\"tensor\": {\"dtype\": \"int32\", \"shape\": [], \"data\": [7]}}",
            "{\"tensor\": {\"dtype\": \"uint8\", \"shape\": [1], \"data\": [255]}}",
            "{\"tensor\": {\"dtype\": \"int8\", \"shape\": [1], \"data\": [-128]}}",
            "{\"tensor\": {\"dtype\": \"int16\", \"shape\": [1], \"data\": [-300]}}",
            "{\"tensor\": {\"dtype\": \"bool\", \"shape\": [1, 2], \"data\": [true, false]}}",
            "{\"tensor\": {\"dtype\": \"float16\", \"shape\": [2], \"data\": [0.5, 65504.0]}}",
            "{\"tensor\": {\"dtype\": \"float32\", \"shape\": [0, 3], \"data\": []}}",
            "{\"dict\": [[\"T1\", {\"tensor\": {\"dtype\": \"float32\", \"shape\": [2, 2], \"data\": [0.0, 0.0, 0.0, 0.0]}}]]}");

    @Test
    void canonicalValuesPrintBackUnchanged() {
        for (String text : CANONICAL) {
            Object value = JsonValues.parse(text);
            assertEquals(text, JsonValues.print(value), text);
            release(value);
        }
    }

    @Test
    void valuesParseToTheRuntimeRepresentation() {
        assertEquals(3L, JsonValues.parse("3"));
        assertEquals(3.0, JsonValues.parse("3.0"));
        assertEquals(300.0, JsonValues.parse("3E2"));
        assertInstanceOf(ArrayList.class, JsonValues.parse("[1]"));
        assertEquals(Tuple.of(1L, "a"), JsonValues.parse("{\"tuple\": [1, \"a\"]}"));
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("b", 1L);
        dict.put("a", 2L);
        Object parsed = JsonValues.parse("{\"dict\": [[\"b\", 1], [\"a\", 2]]}");
        assertInstanceOf(LinkedHashMap.class, parsed);
        assertEquals(new ArrayList<>(dict.entrySet()), new ArrayList<>(((Map<?, ?>) parsed).entrySet()));
        assertEquals(new DeviceValue("cuda", 1), JsonValues.parse("{\"device\": \"cuda:1\"}"));
        assertEquals(Double.NaN, JsonValues.parse("{\"float\": \"nan\"}"));
        try (TensorRef tensor = (TensorRef) JsonValues.parse(
                "{\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [0.1, \"inf\"]}}")) {
            TensorData data = TensorData.read(tensor);
            assertEquals(Dtypes.FLOAT32, data.dtype());
            assertEquals((double) 0.1f, data.floats()[0], "stored as float32");
            assertEquals(Double.POSITIVE_INFINITY, data.floats()[1]);
        }
    }

    @Test
    void dtypesAreTheirIntCodes() {
        assertEquals(6L, JsonValues.parse("{\"dtype\": \"float32\"}"));
        assertEquals(Dtypes.INT64, JsonValues.parse("{\"dtype\": \"int64\"}"));
        assertEquals(Dtypes.BOOL, JsonValues.parse("{\"dtype\": \"bool\"}"));
        assertEquals("6", JsonValues.print(JsonValues.parse("{\"dtype\": \"float32\"}")));
        assertEquals(Dtypes.code("float64").orElseThrow(), 7L);
        assertEquals("bfloat16", Dtypes.name(15).orElseThrow());
    }

    @Test
    void dtypeCodesAreLibtorchs() {
        for (int code = 0; code < Dtypes.count(); code++) {
            String name = Dtypes.name(code).orElseThrow();
            org.bytedeco.pytorch.global.torch.ScalarType type = TensorData.scalarType(code);
            assertEquals(code, type.value, name);
        }
        assertEquals("Float", TensorData.scalarType(Dtypes.FLOAT32).name());
        assertEquals("BFloat16", TensorData.scalarType(Dtypes.BFLOAT16).name());
        assertEquals("QUInt2x4", TensorData.scalarType(17).name());
    }

    @Test
    void malformedValuesAreClearErrors() {
        for (String text : List.of("", "[1,", "{\"unknown\": 1}", "{\"tuple\": 1}", "{\"float\": \"huge\"}",
                "{\"dtype\": \"float99\"}", "NaN", "1 2", "{\"dict\": [[1]]}", "{\"a\": 1, \"b\": 2}",
                "{\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [1.0]}}",
                "{\"tensor\": {\"dtype\": \"int64\", \"shape\": [1], \"data\": [1.5]}}",
                "{\"tensor\": {\"dtype\": \"float32\", \"shape\": [-1], \"data\": []}}",
                "{\"tensor\": {\"dtype\": \"complex64\", \"shape\": [0], \"data\": []}}",
                "{\"tensor\": {\"shape\": [0], \"data\": []}}", "99999999999999999999")) {
            assertThrows(IllegalArgumentException.class, () -> JsonValues.parse(text), text);
        }
    }

    @Test
    void agreementFollowsFormatMd() {
        assertTrue(agree("1.0", "1.000001"));
        assertTrue(agree("1000.0", "1000.01"), "relative tolerance 1e-5");
        assertFalse(agree("1000.0", "1000.02"));
        assertTrue(agree("0.0", "1e-06"), "absolute tolerance 1e-6");
        assertFalse(agree("0.0", "2e-06"));
        assertTrue(agree("{\"float\": \"nan\"}", "{\"float\": \"nan\"}"));
        assertTrue(agree("{\"float\": \"inf\"}", "{\"float\": \"inf\"}"));
        assertFalse(agree("{\"float\": \"inf\"}", "{\"float\": \"-inf\"}"));
        assertFalse(agree("1", "1.0"), "int and float are different structures");
        assertFalse(agree("1", "true"));
        assertTrue(agree("\"a\"", "\"a\""));
        assertFalse(agree("[1, 2]", "[1]"));
        assertFalse(agree("[1, 2]", "{\"tuple\": [1, 2]}"));
        assertTrue(agree("{\"tuple\": [1, 2.0]}", "{\"tuple\": [1, 2.0000001]}"));
        assertTrue(agree("{\"dict\": [[\"a\", 1], [\"b\", 2]]}", "{\"dict\": [[\"a\", 1], [\"b\", 2]]}"));
        assertFalse(agree("{\"dict\": [[\"a\", 1], [\"b\", 2]]}", "{\"dict\": [[\"b\", 2], [\"a\", 1]]}"),
                "insertion order is part of a dict");
        assertTrue(agree("{\"dtype\": \"float32\"}", "6"));
        assertTrue(agree("null", "null"));
        assertFalse(agree("null", "0"));
        assertTrue(agree("{\"device\": \"cpu\"}", "{\"device\": \"cpu\"}"));
        String t = "{\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [%s]}}";
        assertTrue(agree(String.format(t, "1.0, \"nan\""), String.format(t, "1.000001, \"nan\"")));
        assertFalse(agree(String.format(t, "1.0, 2.0"), String.format(t, "1.0, 2.1")));
        assertFalse(agree(String.format(t, "1.0, 2.0"),
                "{\"tensor\": {\"dtype\": \"float64\", \"shape\": [2], \"data\": [1.0, 2.0]}}"), "dtype");
        assertFalse(agree(String.format(t, "1.0, 2.0"),
                "{\"tensor\": {\"dtype\": \"float32\", \"shape\": [1, 2], \"data\": [1.0, 2.0]}}"), "shape");
        String ints = "{\"tensor\": {\"dtype\": \"int64\", \"shape\": [1], \"data\": [%s]}}";
        assertTrue(agree(String.format(ints, "5"), String.format(ints, "5")));
        assertFalse(agree(String.format(ints, "5"), String.format(ints, "6")), "integer tensors are equal or not");
    }

    private static boolean agree(String expected, String actual) {
        Object e = JsonValues.parse(expected);
        Object a = JsonValues.parse(actual);
        try {
            return JsonValues.agree(e, a);
        } finally {
            release(e);
            release(a);
        }
    }

    /** Frees the tensors a parsed value holds. */
    private static void release(Object value) {
        if (value instanceof TensorRef tensor) {
            tensor.release();
        } else if (value instanceof List<?> list) {
            list.forEach(JsonValuesTest::release);
        } else if (value instanceof Tuple tuple) {
            tuple.elements().forEach(JsonValuesTest::release);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                release(k);
                release(v);
            });
        }
    }
}
