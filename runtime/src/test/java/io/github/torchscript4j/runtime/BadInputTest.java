package io.github.torchscript4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bad input never crashes (issue 6, point 5): wrong argument types and counts, tensors of the wrong
 * shape or dtype, division by zero in ints, out-of-range indexing — each is a {@link
 * TorchScriptException} with a clear message and the place in the TorchScript source: the
 * statement that failed, or for arguments that do not fit, the called function's {@code def}.
 * Messages are the reference's (PyTorch 1.13.1, or libtorch's own kernels for operator errors).
 */
@Tag("native")
class BadInputTest {
    private static final String SOURCE = """
            import torch
            from typing import Dict, List, Optional

            @torch.jit.script
            def scale(x: torch.Tensor, factor: float, times: int = 1) -> torch.Tensor:
                for _ in range(times):
                    x = x * factor
                return x

            @torch.jit.script
            def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
                c = a + 1
                return torch.mm(c, b)

            @torch.jit.script
            def reshape(x: torch.Tensor) -> torch.Tensor:
                return x.view(4, 4)

            @torch.jit.script
            def divide(a: int, b: int) -> int:
                q = a // b
                return q

            @torch.jit.script
            def modulo(a: int, b: int) -> int:
                return a % b

            @torch.jit.script
            def item(xs: List[int], i: int) -> int:
                return xs[i]

            @torch.jit.script
            def store(xs: List[int], i: int) -> List[int]:
                xs[i] = 0
                return xs

            @torch.jit.script
            def row(x: torch.Tensor, i: int) -> torch.Tensor:
                return x[i]

            @torch.jit.script
            def lookup(d: Dict[str, int], k: str) -> int:
                return d[k]

            @torch.jit.script
            def char(s: str, i: int) -> str:
                return s[i]

            @torch.jit.script
            def bits(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
                return x & y

            @torch.jit.script
            def pick(x: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
                return x.index_select(0, index)

            @torch.jit.script
            def outer(xs: List[int], i: int) -> int:
                return item(xs, i) + 1
            """;

    private final TorchScriptRuntime script = TorchScriptRuntime.compile("bad.py", SOURCE.getBytes(StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    private static TensorRef floats(long[] shape, double... values) {
        return new TensorData(Dtypes.FLOAT32, shape, values, null, null).toTensor();
    }

    private static TensorRef longs(long... values) {
        return new TensorData(Dtypes.INT64, new long[] {values.length}, null, values, null).toTensor();
    }

    /** The exception of calling {@code function}, checked to be located at {@code line} of bad.py. */
    private TorchScriptException raised(int line, String function, Object... arguments) {
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> script.call(function, arguments));
        assertTrue(e.location().isPresent(), "no location: " + e.getMessage());
        assertEquals("bad.py", e.location().get().file().path());
        assertEquals(line, e.location().get().startLine(), e.getMessage());
        return e;
    }

    // ---------------------------------------------------------------- arguments from Java

    @Test
    void anArgumentOfTheWrongTypeNamesTheParameterAtTheDef() {
        TorchScriptException e = raised(5, "scale", floats(new long[] {2}, 1, 2), "two");
        assertEquals("RuntimeError", e.pythonType());
        assertEquals("scale() Expected a value of type 'float' for argument 'factor' but instead found type 'str'.",
                e.firstLine());
        assertTrue(e.detail().contains("Position: 1\nValue: 'two'\n"
                + "Declaration: scale(Tensor x, float factor, int times=1) -> Tensor"), e.detail());
    }

    @Test
    void aNumberForATensorAndATensorForANumberAreWrongTypes() {
        assertEquals("scale() Expected a value of type 'Tensor' for argument 'x' but instead found type 'int'.",
                raised(5, "scale", 3, 2.0).firstLine());
        assertEquals("divide() Expected a value of type 'int' for argument 'a' but instead found type 'Tensor'.",
                raised(20, "divide", floats(new long[] {2}, 1, 2), 2).firstLine());
    }

    /** The reference converts a tensor of one element for a number parameter, as {@code int(t)} would. */
    @Test
    void aOneElementTensorForANumberIsItsValue() {
        assertEquals(2L, script.call("divide", longs(5), 2));
        assertEquals(0L, script.call("divide", floats(new long[] {1}, 1.7), 2));
        assertEquals(-2L, script.call("divide", floats(new long[] {1, 1}, -4.5), 2)); // int(-4.5) // 2
        // also inside containers: PyTorch 1.13.1 gives item([torch.tensor(3.5)], 0) == 3 and
        // lookup({"a": torch.tensor([1.0])}, "a") == 1
        assertEquals(3L, script.call("item", List.of(floats(new long[] {}, 3.5)), 0));
        assertEquals(1L, script.call("lookup", java.util.Map.of("a", floats(new long[] {1}, 1.0)), "a"));
    }

    @Test
    void nullAndForeignJavaObjectsAreWrongTypes() {
        assertEquals("divide() Expected a value of type 'int' for argument 'b' but instead found type 'NoneType'.",
                raised(20, "divide", 1, null).firstLine());
        TorchScriptException e = raised(20, "divide", 1, new StringBuilder("2"));
        assertTrue(e.firstLine().startsWith("divide() Expected a value of type 'int' for argument 'b'"), e.firstLine());
    }

    @Test
    void aListWithAnElementOfTheWrongTypeIsAWrongType() {
        List<Object> xs = new ArrayList<>(List.of(1L, "two"));
        assertEquals("item() Expected a value of type 'List[int]' for argument 'xs' but instead found type 'list'.",
                raised(29, "item", xs, 0).firstLine());
    }

    @Test
    void tooManyAndTooFewArgumentsAreCounted() {
        assertEquals("divide() expected at most 2 argument(s) but received 3 argument(s). "
                + "Declaration: divide(int a, int b) -> int", raised(20, "divide", 1, 2, 3).detail());
        assertEquals("divide() is missing value for argument 'b'. Declaration: divide(int a, int b) -> int",
                raised(20, "divide", 1).detail());
        // a default fills in a missing trailing argument
        TensorRef y = (TensorRef) script.call("scale", floats(new long[] {1}, 3), 2.0);
        assertEquals(6.0, TensorData.read(y).floats()[0]);
    }

    // ---------------------------------------------------------------- tensors

    @Test
    void tensorsOfTheWrongShapeFailAtTheStatement() {
        TensorRef a = floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        TorchScriptException e = raised(13, "matmul", a, a);
        assertEquals("RuntimeError", e.pythonType());
        assertEquals("mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)", e.firstLine());
        TorchScriptException view = raised(17, "reshape", a);
        assertEquals("shape '[4, 4]' is invalid for input of size 6", view.firstLine());
    }

    @Test
    void tensorsOfTheWrongDtypeFailAtTheStatement() {
        TensorRef x = floats(new long[] {2}, 1, 2);
        TorchScriptException e = raised(51, "bits", x, x);
        assertEquals("RuntimeError", e.pythonType());
        assertEquals("\"bitwise_and_cpu\" not implemented for 'Float'", e.firstLine());
        TorchScriptException index = raised(55, "pick", x, x);
        assertTrue(index.firstLine().contains("index_select(): Expected dtype int32 or int64 for index"), index.firstLine());
    }

    @Test
    void aTensorIndexOutOfRangeFailsAtTheStatement() {
        TorchScriptException e = raised(39, "row", floats(new long[] {2, 2}, 1, 2, 3, 4), 5);
        assertEquals("RuntimeError", e.pythonType());
        // libtorch 2.10's words; 1.13.1 says "select(): index 5 out of range for tensor of size [2, 2] at dimension 0"
        assertEquals("select(): index 5 out of range for tensor of size [2, 2] at dimension 0", e.firstLine());
        TorchScriptException pick = raised(55, "pick", floats(new long[] {2}, 1, 2), longs(7));
        assertEquals("index out of range in self", pick.firstLine());
    }

    // ---------------------------------------------------------------- ints, lists, dicts, strings

    @Test
    void integerDivisionByZeroFailsAtTheStatement() {
        TorchScriptException e = raised(21, "divide", 7, 0);
        assertEquals("RuntimeError", e.pythonType());
        assertEquals("division by 0", e.detail());
        // The reference's interpreter dies of SIGFPE here (aten::remainder.int); ours raises.
        TorchScriptException modulo = raised(26, "modulo", 7, 0);
        assertEquals("ZeroDivisionError: integer modulo by zero", modulo.detail());
    }

    @Test
    void listIndicesOutOfRangeFailAtTheStatement() {
        List<Object> xs = new ArrayList<>(List.of(1L, 2L));
        assertEquals("list index out of range", raised(30, "item", xs, 2).detail());
        assertEquals("list index out of range", raised(30, "item", xs, -3).detail());
        assertEquals(2L, script.call("item", xs, -1));
        assertEquals("list index out of range", raised(34, "store", xs, 5).detail());
    }

    @Test
    void aFailureInACalledFunctionIsLocatedWhereItHappened() {
        TorchScriptException e = raised(30, "outer", new ArrayList<>(List.of(1L)), 3);
        assertEquals("list index out of range", e.detail());
    }

    @Test
    void aMissingKeyAndAStringIndexOutOfRangeFailAtTheStatement() {
        TorchScriptException key = raised(43, "lookup", Map.of("a", 1L), "b");
        assertEquals("KeyError: b", key.detail());
        // The reference's words (1.13.1 lets std::string::at's message through)
        assertEquals("basic_string::at: __n (which is 2) >= this->size() (which is 2)",
                raised(47, "char", "ab", 2).detail());
    }
}
