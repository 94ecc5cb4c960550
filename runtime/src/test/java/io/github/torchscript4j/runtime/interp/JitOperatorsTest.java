package io.github.torchscript4j.runtime.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.ops.OpImpl;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link JitOperators}: operators that only libtorch's TorchScript interpreter registers, run by
 * libtorch itself, with the results the reference gives. Loads libtorch.
 */
@Tag("native")
class JitOperatorsTest {
    private static final OperatorTable TABLE = OperatorTable.builtin();

    private static OpImpl op(String nameWithOverload) {
        return JitOperators.find(TABLE.find(nameWithOverload).orElseThrow()).orElseThrow();
    }

    private static TensorRef tensor(long[] shape, double... values) {
        return new TensorData(Dtypes.FLOAT32, shape, values, null, null).toTensor();
    }

    @Test
    void sizesDtypesAndConversionsOfTensors() {
        TensorRef t = tensor(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        assertEquals(List.of(List.of(2L, 3L)), op("aten::size").call(List.of(t)));
        assertEquals(List.of(Dtypes.FLOAT32), op("prim::dtype").call(List.of(t)));
        TensorRef scalar = tensor(new long[] {}, 2.5);
        assertEquals(List.of(true), op("aten::Bool.Tensor").call(List.of(scalar)));
        assertEquals(List.of(2L), op("aten::Int.Tensor").call(List.of(scalar)));
        // torch.tensor(3) is an int64 scalar tensor.
        TensorRef made = (TensorRef) op("aten::tensor.int").call(java.util.Arrays.asList(3L, null, null, false)).get(0);
        TensorData data = TensorData.read(made);
        assertEquals(Dtypes.INT64, data.dtype());
        assertEquals(0, data.shape().length);
        assertEquals(3L, data.ints()[0]);
    }

    @Test
    void libtorchsErrorsAreTorchScriptExceptions() {
        TensorRef t = tensor(new long[] {2}, 1, 2);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> op("aten::Bool.Tensor").call(List.of(t)));
        assertEquals("RuntimeError", e.pythonType());
        assertTrue(e.detail().startsWith("Boolean value of Tensor with more than one value is ambiguous"), e.detail());
    }

    /** {@code a.remove(torch.zeros(1))} removes the equal tensor from the very list the program holds. */
    @Test
    void aWrittenListArgumentSeesTheOperatorsChanges() {
        List<Object> list = new ArrayList<>(List.of(tensor(new long[] {1}, 1), tensor(new long[] {1}, 0),
                tensor(new long[] {2}, 1, 1)));
        op("aten::remove.Tensor").call(List.of(list, tensor(new long[] {1}, 0)));
        assertEquals(2, list.size());
        assertEquals(1.0, TensorData.read((TensorRef) list.get(0)).floats()[0]);
        assertEquals(2, TensorData.read((TensorRef) list.get(1)).shape()[0]);
    }

    @Test
    void operatorsOfTheDispatcherOrUnknownAreNotHere() {
        assertTrue(JitOperators.find(TABLE.find("aten::format").orElseThrow()).isEmpty(), "varargs are left out");
    }
}
