package io.github.torchscript4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Source to result: TorchScript files compiled by the checker and the emitter and run by the
 * interpreter on libtorch, with the results the reference (PyTorch 1.13.1) gives for the same calls.
 */
@Tag("native")
class TorchScriptRuntimeTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private TorchScriptRuntime compile(String source) {
        return TorchScriptRuntime.compile("t.py", source.getBytes(StandardCharsets.UTF_8),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private static TensorRef tensor(double... values) {
        return new TensorData(Dtypes.FLOAT32, new long[] {values.length}, values, null, null).toTensor();
    }

    private static double[] floats(Object tensor) {
        return TensorData.read((TensorRef) tensor).floats();
    }

    @Test
    void aTensorFunctionWithALoopRuns() {
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def grow(x: torch.Tensor, n: int) -> torch.Tensor:
                    for i in range(n):
                        x = x + x
                    return torch.relu(x)
                """);
        assertArrayEquals(new double[] {0, 16}, floats(script.call("grow", tensor(-1, 2), 3)));
        assertArrayEquals(new double[] {0, 2}, floats(script.call("grow", tensor(-1, 2), 0)));
    }

    @Test
    void forkedCallsRunAndWaitReturnsTheirResults() {
        // PyTorch 1.13.1: bar(torch.tensor([1., 2.]), 2) is tensor([-2., -3.])
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def foo(x, k: int):
                    return torch.neg(x) * k

                @torch.jit.script
                def bar(x, n: int):
                    a = torch.jit.fork(foo, x, 3)
                    b = torch.jit._fork(torch.add, x, x, alpha=n)
                    s = torch.jit.wait(a) + torch.jit._wait(b)
                    for i in range(n):
                        d = torch.jit.fork(foo, k=i, x=x + 1)
                        s = s + torch.jit.wait(d)
                    return s
                """);
        assertArrayEquals(new double[] {-2, -3}, floats(script.call("bar", tensor(1, 2), 2)));
    }

    @Test
    void aCallOfAnIgnoredPythonFunctionRunsInPython() {
        // PyTorch 1.13.1: f(torch.tensor([1.])) is tensor([2.]); a Python error is located at the call
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.ignore
                def in_python(x):
                    return x.view(7)

                @torch.jit.script
                def f(x):
                    return in_python(x) + 1
                """);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> script.call("f", tensor(1)));
        assertEquals("RuntimeError: shape '[7]' is invalid for input of size 1", e.firstLine());
        assertEquals(9, e.location().orElseThrow().startLine(), "the call's line");
    }

    @Test
    void statementsAfterAnIfThatMayLeaveTheIterationRunOnlyWhereItDidNot() {
        // PyTorch 1.13.1: varexit(1) == 6, varexit(2) == 2, skips(10) == 343
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def varexit(cond: int) -> int:
                    m = 0
                    for i in range(3):
                        if cond == 2:
                            if cond == 2:
                                m = 2
                                break
                            k = 1
                        else:
                            k = 2
                        m += k
                    return m

                @torch.jit.script
                def skips(n: int) -> int:
                    total = 0
                    i = 0
                    while i < n:
                        i += 1
                        if i % 2 == 0:
                            if i % 4 == 0:
                                continue
                            total += 100
                        total += i
                    return total
                """);
        assertEquals(6L, script.call("varexit", 1L));
        assertEquals(2L, script.call("varexit", 2L));
        assertEquals(343L, script.call("skips", 10L));
    }

    @Test
    void noGradSwitchesGradModeOffInsideTheWithAndBackAfter() {
        // PyTorch 1.13.1: f(torch.tensor([1., 2.])) == (tensor([2., 4.]), False, True)
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def f(x):
                    with torch.no_grad():
                        inside = torch.is_grad_enabled()
                        y = x * 2
                    return y, inside, torch.is_grad_enabled()
                """);
        Tuple result = (Tuple) script.call("f", tensor(1, 2));
        assertArrayEquals(new double[] {2, 4}, floats(result.get(0)));
        assertEquals(false, result.get(1));
        assertEquals(true, result.get(2));
    }

    @Test
    void nnInitFillsInPlace() {
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def init(w):
                    torch.nn.init.constant_(w, 0.5)
                    c = w.clone()
                    torch.nn.init.uniform_(w, -1.0, 1.0)
                    return c, w
                """);
        Tuple result = (Tuple) script.call("init", tensor(7, 8, 9));
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, floats(result.get(0)));
        for (double v : floats(result.get(1))) {
            assertTrue(v >= -1 && v < 1, "uniform_(w, -1, 1) drew " + v);
        }
    }

    /**
     * The bundled torch.nn.utils.rnn; PyTorch 1.13.1 gives data [4, 1, 5, 2, 0], batch sizes [2, 2, 1],
     * padded [[1, 2, -1], [4, 5, 0]] and lengths [2, 3]; total_length=2 raises its ValueError.
     */
    @Test
    void packedSequencesRoundTripInTheCallersOrder() {
        TorchScriptRuntime script = compile("""
                import torch
                from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pack_sequence, unpack_sequence
                from typing import List

                @torch.jit.script
                def round_trip(x: torch.Tensor, lengths: torch.Tensor):
                    packed = pack_padded_sequence(x, lengths, enforce_sorted=False)
                    padded, out_lengths = pad_packed_sequence(packed, batch_first=True, padding_value=-1.0)
                    return packed.data, packed.batch_sizes, padded, out_lengths

                @torch.jit.script
                def unpack(seqs: List[torch.Tensor]) -> List[torch.Tensor]:
                    return unpack_sequence(pack_sequence(seqs, enforce_sorted=False))

                @torch.jit.script
                def too_short(x: torch.Tensor, lengths: torch.Tensor):
                    return pad_packed_sequence(pack_padded_sequence(x, lengths), total_length=2)
                """);
        TensorRef x = new TensorData(Dtypes.FLOAT32, new long[] {3, 2}, new double[] {1, 4, 2, 5, 3, 0}, null, null)
                .toTensor();
        TensorRef lengths = new TensorData(Dtypes.INT64, new long[] {2}, null, new long[] {2, 3}, null).toTensor();
        Tuple result = (Tuple) script.call("round_trip", x, lengths);
        assertArrayEquals(new double[] {4, 1, 5, 2, 0}, floats(result.get(0)));
        assertArrayEquals(new long[] {2, 2, 1}, TensorData.read((TensorRef) result.get(1)).ints());
        assertArrayEquals(new double[] {1, 2, -1, 4, 5, 0}, floats(result.get(2)));
        assertArrayEquals(new long[] {2, 3}, TensorData.read((TensorRef) result.get(3)).ints());

        java.util.List<?> unpacked = (java.util.List<?>) script.call("unpack",
                new java.util.ArrayList<>(java.util.List.of(tensor(1, 2), tensor(3, 4, 5))));
        assertArrayEquals(new double[] {1, 2}, floats(unpacked.get(0)));
        assertArrayEquals(new double[] {3, 4, 5}, floats(unpacked.get(1)));

        TensorRef ones = new TensorData(Dtypes.FLOAT32, new long[] {3, 2}, new double[] {1, 1, 1, 1, 1, 1}, null, null)
                .toTensor();
        TensorRef sorted = new TensorData(Dtypes.INT64, new long[] {2}, null, new long[] {3, 2}, null).toTensor();
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> script.call("too_short", ones, sorted));
        assertEquals("builtins.ValueError: Expected total_length to be at least the length of the longest sequence in "
                + "input, but got total_length=2 and max sequence length being 3", e.detail());
    }

    @Test
    void einsumInTheSublistFormat() {
        // PyTorch 1.13.1: torch.einsum(tensor([1., 2.]), [0], tensor([1., 2., 3.]), [1], [0, 1]) is the outer product
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def outer(x, y):
                    return torch.einsum(x, [0], y, [1], [0, 1])
                """);
        assertArrayEquals(new double[] {1, 2, 3, 2, 4, 6}, floats(script.call("outer", tensor(1, 2), tensor(1, 2, 3))));
    }

    @Test
    void branchesTuplesAndCallsBetweenFunctions() {
        TorchScriptRuntime script = compile("""
                import torch
                from typing import Tuple

                def helper(x: torch.Tensor) -> torch.Tensor:
                    return x * 2

                @torch.jit.script
                def pick(x: torch.Tensor, flag: bool) -> Tuple[torch.Tensor, bool]:
                    if flag:
                        y = helper(x)
                    else:
                        y = torch.neg(x)
                    return y, flag
                """);
        Tuple doubled = (Tuple) script.call("pick", tensor(1, 2), true);
        assertArrayEquals(new double[] {2, 4}, floats(doubled.get(0)));
        assertEquals(true, doubled.get(1));
        assertArrayEquals(new double[] {-1, -2}, floats(((Tuple) script.call("pick", tensor(1, 2), false)).get(0)));
    }

    /** The reference: {@code torch.jit.Error}, last line {@code builtins.ValueError: negative}, at the raise. */
    @Test
    void aRaiseSurfacesWithItsClassAndStatement() {
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def check(x: torch.Tensor, bad: bool) -> torch.Tensor:
                    if bad:
                        raise ValueError("negative")
                    return x
                """);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> script.call("check", tensor(1), true));
        assertEquals("torch.jit.Error", e.pythonType());
        assertEquals("builtins.ValueError: negative", e.detail());
        assertEquals(6, e.location().orElseThrow().startLine());
        assertTrue(e.location().get().text().startsWith("raise ValueError"), e.location().get().text());
    }

    @Test
    void anOperatorErrorIsARuntimeErrorAtItsExpression() {
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def mm(x: torch.Tensor) -> torch.Tensor:
                    y = x + 1
                    return torch.mm(y, y)
                """);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> script.call("mm", tensor(1, 2)));
        assertEquals("RuntimeError", e.pythonType());
        assertEquals("self must be a matrix", e.detail());
        assertEquals(6, e.location().orElseThrow().startLine());
    }

    @Test
    void wrongArgumentsAreReportedAsTheReferenceDoes() {
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def f(x: int) -> int:
                    return x
                """);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> script.call("f", "x"));
        assertEquals("f() Expected a value of type 'int' for argument 'x' but instead found type 'str'.", e.firstLine());
        assertEquals(4L, script.call("f", 4));
    }

    @Test
    void aFileWithAnErrorDoesNotCompile() {
        TorchScriptRuntime.CompilationException e = assertThrows(TorchScriptRuntime.CompilationException.class,
                () -> compile("""
                        import torch

                        @torch.jit.script
                        def f(x: int) -> int:
                            return y
                        """));
        assertTrue(e.getMessage().startsWith("t.py:5:"), e.getMessage());
        assertThrows(TorchScriptRuntime.CompilationException.class,
                () -> compile("import torch\n@torch.jit.script\ndef f(x: int) -> int:\n    return x\n").function("g"));
    }

    @Test
    void printGoesToTheGivenStream() {
        TorchScriptRuntime script = compile("""
                import torch

                @torch.jit.script
                def p(x: torch.Tensor, s: str):
                    print(s, [s], x)
                """);
        script.call("p", new TensorData(Dtypes.FLOAT32, new long[] {2, 2}, new double[] {1.5, 2, 3, 4}, null, null)
                .toTensor(), "hi");
        // The reference prints exactly this for torch.tensor([[1.5, 2.0], [3.0, 4.0]]).
        assertEquals("hi [hi]  1.5000  2.0000\n 3.0000  4.0000\n[ CPUFloatType{2,2} ]\n",
                printed.toString(StandardCharsets.UTF_8));
    }
}
