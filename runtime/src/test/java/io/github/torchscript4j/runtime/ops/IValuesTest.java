package io.github.torchscript4j.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.builtins.SchemaParser;
import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.bytedeco.pytorch.IValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link IValues}: every TorchScript type goes to libtorch's {@code IValue} (with the kind of list
 * or dict libtorch's kernels expect) and comes back equal. Loads libtorch in this JVM.
 */
@Tag("native")
class IValuesTest {

    /** A schema type as written in a schema, read by the checker's own schema parser. */
    private static SchemaType type(String text) {
        return SchemaParser.parse("test::f(" + text + " x) -> ()").schema().orElseThrow().arguments().get(0).type();
    }

    private static Object roundTrip(Object value, String type) {
        return IValues.fromIValue(IValues.toIValue(value, type(type)));
    }

    private static TensorRef tensor(double... data) {
        return new TensorData(Dtypes.FLOAT32, new long[] {data.length}, data, null, null).toTensor();
    }

    @Test
    void scalarsRoundTrip() {
        assertEquals(42L, roundTrip(42L, "int"));
        assertEquals(-7L, roundTrip(-7L, "SymInt"));
        assertEquals(Long.MIN_VALUE, roundTrip(Long.MIN_VALUE, "int"));
        assertEquals(0.1, roundTrip(0.1, "float"));
        assertEquals(Double.NaN, roundTrip(Double.NaN, "float"));
        assertEquals(true, roundTrip(true, "bool"));
        assertEquals("héllo ✓", roundTrip("héllo ✓", "str"));
        assertEquals("", roundTrip("", "str"));
        assertNull(roundTrip(null, "NoneType"));
        assertNull(roundTrip(null, "int?"));
        assertEquals(3L, roundTrip(3L, "int?"));
    }

    @Test
    void scalarsAreNumbers() {
        IValue integer = IValues.toIValue(2L, SchemaType.Primitive.SCALAR);
        assertTrue(integer.isInt());
        IValue floating = IValues.toIValue(2.5, SchemaType.Primitive.SCALAR);
        assertTrue(floating.isDouble());
        assertEquals(true, roundTrip(true, "Scalar"));
    }

    @Test
    void dtypesLayoutsAndMemoryFormatsAreInts() {
        IValue dtype = IValues.toIValue(Dtypes.FLOAT64, type("ScalarType"));
        assertTrue(dtype.isInt());
        assertEquals(7L, IValues.fromIValue(dtype));
        assertEquals(0L, roundTrip(0L, "Layout"));
        assertEquals(2L, roundTrip(2L, "MemoryFormat?"));
        TorchScriptException bad = assertThrows(TorchScriptException.class,
                () -> IValues.toIValue(999L, type("ScalarType")));
        assertEquals("999 is not a valid ScalarType", bad.detail());
    }

    @Test
    void tensorsRoundTripAsNewReferences() {
        try (TensorRef original = tensor(1.5, -2.0, 3.25)) {
            Object back = roundTrip(original, "Tensor");
            TensorRef copy = assertInstanceOf(TensorRef.class, back);
            assertTrue(copy != original);
            assertEquals(TensorData.read(original), TensorData.read(copy));
            assertTrue(copy.tensor().is_same(original.tensor()), "the same at::Tensor, not a copy");
            copy.release();
            assertTrue(copy.isFreed());
            assertEquals(1, original.owners());
        }
    }

    @Test
    void listsAreTheKindTheTypeNames() {
        List<Object> ints = new ArrayList<>(List.of(1L, 2L, 3L));
        assertTrue(IValues.toIValue(ints, type("int[]")).isIntList());
        assertTrue(IValues.toIValue(new ArrayList<>(), type("int[]")).isIntList());
        assertTrue(IValues.toIValue(new ArrayList<>(List.of(0.5)), type("float[]")).isDoubleList());
        assertTrue(IValues.toIValue(new ArrayList<>(List.of(true)), type("bool[]")).isBoolList());
        assertTrue(IValues.toIValue(new ArrayList<>(), type("Tensor[]")).isTensorList());
        assertTrue(IValues.toIValue(new ArrayList<>(List.of(1L)), type("t[]")).isIntList(), "inferred from the element");
        assertTrue(IValues.toIValue(new ArrayList<>(List.of(1L)), new Type.ListType(new Type.IntType())).isIntList());
        assertEquals(ints, roundTrip(ints, "int[]"));
        assertEquals(List.of(0.5, -1.0), roundTrip(new ArrayList<>(List.of(0.5, -1.0)), "float[]"));
        assertEquals(List.of(true, false), roundTrip(new ArrayList<>(List.of(true, false)), "bool[]"));
        assertEquals(List.of("a", "b"), roundTrip(new ArrayList<>(List.of("a", "b")), "str[]"));
        List<Object> nested = new ArrayList<>(List.of(new ArrayList<>(List.of(1L)), new ArrayList<>()));
        assertEquals(nested, roundTrip(nested, "int[][]"));
        assertEquals(new ArrayList<>(), roundTrip(new ArrayList<>(), "int[]"));
        assertInstanceOf(ArrayList.class, roundTrip(ints, "int[]"));
    }

    @Test
    void tensorListsAndOptionalTensorLists() {
        try (TensorRef a = tensor(1.0); TensorRef b = tensor(2.0, 3.0)) {
            List<?> back = (List<?>) roundTrip(new ArrayList<>(List.of(a, b)), "Tensor[]");
            assertEquals(2, back.size());
            assertEquals(TensorData.read(b), TensorData.read((TensorRef) back.get(1)));
            back.forEach(t -> ((TensorRef) t).release());

            List<Object> withNone = new ArrayList<>(Arrays.asList(a, null));
            IValue optional = IValues.toIValue(withNone, type("Tensor?[]"));
            assertTrue(optional.isOptionalTensorList());
            List<?> optionalBack = (List<?>) IValues.fromIValue(optional);
            assertNull(optionalBack.get(1));
            ((TensorRef) optionalBack.get(0)).release();
        }
    }

    @Test
    void fixedSizeIntListsAcceptOneInt() {
        IValue repeated = IValues.converter(type("int[]"), "kernel_size", OptionalInt.of(2)).apply(3L);
        assertEquals(List.of(3L, 3L), IValues.fromIValue(repeated));
    }

    @Test
    void tuplesRoundTrip() {
        Tuple tuple = Tuple.of(1L, "two", Tuple.of(3.0, false), null);
        assertEquals(tuple, roundTrip(tuple, "(int, str, (float, bool), NoneType)"));
        assertEquals(tuple, IValues.fromIValue(IValues.toIValue(tuple)));
        assertEquals(Tuple.of(), roundTrip(Tuple.of(), "()"));
        assertTrue(IValues.toIValue(Tuple.of(1L), type("(int)")).isTuple());
    }

    @Test
    void dictsRoundTripForEveryKeyType() {
        Map<Object, Object> byStr = new LinkedHashMap<>();
        byStr.put("b", 2L);
        byStr.put("a", 1L);
        IValue dict = IValues.toIValue(byStr, type("Dict(str, int)"));
        assertTrue(dict.isGenericDict());
        assertEquals("str", dict.toGenericDict().keyType().get().str().getString());
        assertEquals(List.of("b", "a"), new ArrayList<>(((Map<?, ?>) IValues.fromIValue(dict)).keySet()), "insertion order");
        assertEquals(byStr, IValues.fromIValue(dict));

        Map<Object, Object> byInt = new LinkedHashMap<>(Map.of(3L, 0.5));
        assertEquals(byInt, roundTrip(byInt, "Dict(int, float)"));
        Map<Object, Object> byFloat = new LinkedHashMap<>(Map.of(0.25, "x"));
        assertEquals(byFloat, roundTrip(byFloat, "Dict(float, str)"));
        Map<Object, Object> byBool = new LinkedHashMap<>(Map.of(true, new ArrayList<>(List.of(1L))));
        assertEquals(byBool, roundTrip(byBool, "Dict(bool, int[])"));
        assertEquals(new LinkedHashMap<>(), roundTrip(new LinkedHashMap<>(), "Dict(str, Tensor)"));
        assertEquals(byStr, IValues.fromIValue(IValues.toIValue(byStr)), "inferred Dict(str, int)");
        assertEquals(byStr, IValues.fromIValue(IValues.toIValue(byStr,
                new Type.DictType(new Type.StrType(), new Type.IntType()))));

        try (TensorRef key = tensor(7.0)) {
            Map<Object, Object> byTensor = new LinkedHashMap<>();
            byTensor.put(key, 1L);
            IValue tensorDict = IValues.toIValue(byTensor, type("Dict(Tensor, int)"));
            Map<?, ?> back = (Map<?, ?>) IValues.fromIValue(tensorDict);
            TensorRef backKey = (TensorRef) back.keySet().iterator().next();
            assertTrue(backKey.tensor().is_same(key.tensor()));
            assertEquals(1L, back.get(backKey));
            backKey.release();
        }
    }

    @Test
    void devicesRoundTrip() {
        assertEquals(DeviceValue.CPU, roundTrip(DeviceValue.CPU, "Device"));
        assertEquals(new DeviceValue("cuda", 1), roundTrip(new DeviceValue("cuda", 1), "Device"));
        assertEquals(DeviceValue.CPU, roundTrip("cpu", "Device?"));
        TorchScriptException bad = assertThrows(TorchScriptException.class,
                () -> IValues.toIValue("nowhere", type("Device")));
        assertEquals("RuntimeError", bad.pythonType());
        assertTrue(bad.detail().startsWith("Expected one of cpu, cuda"), bad.detail());
    }

    @Test
    void aValueOfTheWrongTypeIsAClearError() {
        TorchScriptException e = assertThrows(TorchScriptException.class,
                () -> IValues.converter(type("int"), "other", OptionalInt.empty()).apply(1.5));
        assertEquals("RuntimeError", e.pythonType());
        assertEquals("Expected a value of type 'int' for argument 'other' but instead found type 'float'.", e.detail());
        TorchScriptException list = assertThrows(TorchScriptException.class,
                () -> IValues.toIValue(new ArrayList<>(List.of(1L, "x")), type("int[]")));
        assertEquals("Expected a value of type 'int' but instead found type 'str'.", list.detail());
        assertThrows(TorchScriptException.class, () -> IValues.toIValue(null, type("Tensor")));
        assertThrows(TorchScriptException.class, () -> IValues.toIValue(Tuple.of(1L), type("(int, int)")));
    }

    @Test
    void freedTensorsNeverReachLibtorch() {
        TensorRef freed = tensor(1.0);
        freed.close();
        assertThrows(IllegalStateException.class, () -> IValues.toIValue(freed, type("Tensor")));
    }

    @Test
    void checkerTypesMapToSchemaTypes() {
        assertEquals(type("Dict(str, (int, Tensor?)[])"), IValues.schemaType(new Type.DictType(new Type.StrType(),
                new Type.ListType(new Type.TupleType(List.of(new Type.IntType(),
                        new Type.OptionalType(new Type.TensorType(false))))))));
        assertEquals("List[Tuple[int, str]]", IValues.typeName(new ArrayList<>(List.of(Tuple.of(1L, "a")))));
    }
}
