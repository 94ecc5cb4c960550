package io.github.torchscript4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls of {@code @torch.jit.ignore}'d functions from compiled code, run by {@link PythonFallback}
 * in the project's Python interpreter. The expected values, messages and printed text are PyTorch
 * 1.13.1's for the same file ({@code torch.jit.script} functions called from Python).
 */
@Tag("native")
class PythonFallbackTest {
    private static final String SOURCE = """
import torch
from typing import Dict, List, Tuple

W = torch.ones(2)


@torch.jit.ignore
def show(x):
    print("I am called with {}".format(x))
    return x


@torch.jit.ignore
def grow(xs: List[int]) -> int:
    xs.append(7)
    return len(xs)


@torch.jit.ignore
def pair(n: int) -> Tuple[int, float]:
    return [n, n]


@torch.jit.ignore
def scaled(x, ws: List[torch.Tensor]) -> List[torch.Tensor]:
    return [x * w + 1 for w in ws] + [W]


@torch.jit.ignore
def lookup(d: Dict[str, int], keys: List[str]) -> List[int]:
    return [d[k] for k in keys]


@torch.jit.ignore
def check(x):
    if x.sum() > 10:
        raise ValueError("too big: %d" % int(x.sum()))
    return x


@torch.jit.ignore
def wrong(x) -> int:
    return "seven"


@torch.jit.script
def call_show(x):
    return show(x + 1)


@torch.jit.script
def call_grow(xs: List[int]):
    n = grow(xs)
    return n, xs


@torch.jit.script
def call_pair(n: int):
    return pair(n)


@torch.jit.script
def call_scaled(x, a, b):
    return scaled(x, [a, b])


@torch.jit.script
def call_lookup(d: Dict[str, int]):
    return lookup(d, ["b", "a"])


@torch.jit.script
def call_check(x):
    y = check(x)
    return y * 2


@torch.jit.script
def call_wrong(x):
    return wrong(x)
""";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private TorchScriptRuntime compile(String source) throws IOException {
        Path file = dir.resolve("t.py");
        Files.writeString(file, source);
        return TorchScriptRuntime.compile(TorchScriptRuntime.workspace(file, List.of()), file,
                Files.readAllBytes(file), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private static TensorRef tensor(double... values) {
        return new TensorData(Dtypes.FLOAT32, new long[] {values.length}, values, null, null).toTensor();
    }

    private static double[] floats(Object tensor) {
        return TensorData.read((TensorRef) tensor).floats();
    }

    @Test
    void anIgnoredFunctionRunsInPythonAndPrints() throws IOException {
        TorchScriptRuntime script = compile(SOURCE);
        TensorRef x = tensor(1, 2);
        TensorRef y = (TensorRef) script.call("call_show", x);
        assertArrayEquals(new double[] {2, 3}, floats(y));
        assertEquals("I am called with tensor([2., 3.])\n", printed.toString(StandardCharsets.UTF_8));
        // the result is the caller's alone: the tensor Python returned was made by x + 1 in TorchScript
        assertEquals(1, y.owners());
        y.release();
        assertTrue(y.isFreed());
        x.release();
    }

    @Test
    void listsArePassedAsCopiesAndResultsConvertedToTheDeclaredType() throws IOException {
        TorchScriptRuntime script = compile(SOURCE);
        List<Object> xs = new ArrayList<>(List.of(1L, 2L));
        // PyTorch 1.13.1: call_grow([1, 2]) is (3, [1, 2]): Python appended to its own copy
        assertEquals(new Tuple(List.of(3L, List.of(1L, 2L))), script.call("call_grow", xs));
        assertEquals(List.of(1L, 2L), xs);
        // a list returned for Tuple[int, float]: (3, 3.0)
        assertEquals(new Tuple(List.of(3L, 3.0)), script.call("call_pair", 3L));
        Map<String, Long> d = new LinkedHashMap<>();
        d.put("a", 1L);
        d.put("b", 2L);
        assertEquals(List.of(2L, 1L), script.call("call_lookup", d));
    }

    @Test
    void tensorsMadeInPythonComeBackOwnedByTheCaller() throws IOException {
        TorchScriptRuntime script = compile(SOURCE);
        TensorRef x = tensor(1, 2);
        TensorRef a = tensor(2, 3);
        TensorRef b = tensor(-1, 0);
        for (int round = 0; round < 2; round++) { // the global W survives the first call's release
            List<?> out = (List<?>) script.call("call_scaled", x, a, b);
            assertEquals(3, out.size());
            assertArrayEquals(new double[] {3, 7}, floats(out.get(0)));
            assertArrayEquals(new double[] {0, 1}, floats(out.get(1)));
            assertArrayEquals(new double[] {1, 1}, floats(out.get(2)));
            for (Object t : out) {
                ((TensorRef) t).release();
            }
            assertFalse(((TensorRef) out.get(2)).isFreed(), "the module's global W is still Python's");
        }
        assertFalse(x.isFreed());
        assertEquals(1, x.owners());
        x.release();
        a.release();
        b.release();
    }

    @Test
    void anExceptionRaisedInPythonIsTheReferencesRuntimeError() throws IOException {
        TorchScriptRuntime script = compile(SOURCE);
        assertArrayEquals(new double[] {2, 4}, floats(script.call("call_check", tensor(1, 2))));
        TorchScriptException e = assertThrows(TorchScriptException.class,
                () -> script.call("call_check", tensor(5, 7)));
        assertEquals("RuntimeError", e.pythonType());
        assertEquals("ValueError: too big: 12", e.firstLine());
        assertTrue(e.detail().contains("\n\nAt:\n  "), e.detail());
        assertTrue(e.detail().contains("t.py(37): check"), e.detail());
        assertEquals(74, e.location().orElseThrow().startLine(), "located at the call in call_check");
    }

    @Test
    void aResultThatDoesNotFitTheDeclaredTypeIsTheReferencesError() throws IOException {
        TorchScriptRuntime script = compile(SOURCE);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> script.call("call_wrong", tensor(1)));
        assertEquals("RuntimeError", e.pythonType());
        assertEquals(" expected value of type int for return value but instead got value of type str.\n"
                + "Value: 'seven'\n"
                + "Cast error details: Unable to cast Python instance to C++ type (#define "
                + "PYBIND11_DETAILED_ERROR_MESSAGES or compile in debug mode for details)", e.detail());
    }

    @Test
    void aModuleThatCannotRunIsReportedAtEveryCall() throws IOException {
        TorchScriptRuntime script = compile("""
                import torch

                LIMIT = 1 // 0


                @torch.jit.ignore
                def f(x):
                    return x


                @torch.jit.script
                def g(x):
                    return f(x)
                """);
        for (int i = 0; i < 2; i++) {
            TorchScriptException e = assertThrows(TorchScriptException.class, () -> script.call("g", tensor(1)));
            assertEquals("RuntimeError", e.pythonType());
            assertTrue(e.detail().startsWith("cannot run the Python module t "), e.detail());
            assertTrue(e.detail().contains("ZeroDivisionError"), e.detail());
        }
    }
}
