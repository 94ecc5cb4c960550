package io.github.torchscript4j.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.runtime.TorchScriptRuntime;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripted functions calling traced functions, run by {@link TorchScriptRuntime} with the traces
 * {@link TracedCallees} links in. Expected outputs are PyTorch 1.13.1's for the same files.
 */
@Tag("native")
class TracedCalleesTest {
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

    /** The documentation's example (the conformance case seed.script_calls_traced). */
    private static final String DOCUMENTATION = """
import torch


def foo(x, y):
    return 2 * x + y


traced_foo = torch.jit.trace(foo, (torch.rand(3), torch.rand(3)))


@torch.jit.script
def bar(x):
    return traced_foo(x, x)
""";

    @Test
    void theDocumentationsExampleRunsTheTrace() throws IOException {
        TorchScriptRuntime script = compile(DOCUMENTATION);
        Object y = script.call("bar", tensor(0.8369089365005493, 0.28198742866516113, 0.3741576075553894));
        assertArrayEquals(new double[] {2.5107269287109375, 0.8459622859954834, 1.1224727630615234}, floats(y), 1e-6);
        assertTrue(script.unit().function("__torch__.foo").isPresent());
    }

    @Test
    void aDataDependentBranchIsFixedAsTraced() throws IOException {
        TorchScriptRuntime script = compile("""
import torch


def g(x):
    if x.sum() > 0:
        return x * 2
    return -x


tg = torch.jit.trace(g, torch.ones(3))


@torch.jit.script
def h(x):
    return tg(x)
""");
        // traced on ones: the x * 2 branch, also for a negative input (eager g gives [1, 1, 1])
        assertArrayEquals(new double[] {-2, -2, -2}, floats(script.call("h", tensor(-1, -1, -1))), 0);
        Function traced = script.unit().function("__torch__.g").orElseThrow();
        assertFalse(CodePrinter.print(traced).contains("if "), CodePrinter.print(traced));
    }

    @Test
    void tuplesAndListsCrossTheCall() throws IOException {
        TorchScriptRuntime script = compile("""
import torch


def pair(x, ys):
    return x + ys[0], x * ys[1]


def scale(x, y):
    return 2 * x + y


traced_pair = torch.jit.trace(pair, (torch.rand(3), [torch.rand(3), torch.rand(3)]))
traced_scale = torch.jit.trace(scale, (torch.rand(3), torch.rand(3)))


@torch.jit.script
def bar(x):
    a, b = traced_pair(x, [x, x])
    f = traced_scale
    return f(a, y=b) + traced_scale(x, x)
""");
        assertArrayEquals(new double[] {8, 18, 30}, floats(script.call("bar", tensor(1, 2, 3))), 0);
    }

    @Test
    void aFunctionThatIsNotTorchScriptIsTracedAsPython() throws IOException {
        TorchScriptRuntime script = compile("""
import torch


def py(x, **kwargs):
    return x.view(*x.shape[0:1]) * 3


traced = torch.jit.trace(py, torch.ones(3))


@torch.jit.script
def bar(x):
    return traced(x) + 1
""");
        assertArrayEquals(new double[] {4, 7, 10}, floats(script.call("bar", tensor(1, 2, 3))), 0);
    }

    @Test
    void aModuleThatFailsBeforeTheTraceIsACompilationErrorAtTheTrace() {
        TorchScriptRuntime.CompilationException e = assertThrows(TorchScriptRuntime.CompilationException.class,
                () -> compile(DOCUMENTATION.replace("(torch.rand(3), torch.rand(3))", "(torch.rand(3), missing)")));
        assertTrue(e.getMessage().contains("t.py:8:35: NameError: name 'missing' is not defined"), e.getMessage());
    }

    @Test
    void anArchiveOfTheCallerHoldsTheTracedCode() throws IOException {
        TorchScriptRuntime script = compile(DOCUMENTATION);
        Path out = dir.resolve("bar.pt");
        TorchScriptArchiveWriter.writeFunction(script.unit(), script.function("bar"), out);
        String code;
        try (ZipFile zip = new ZipFile(out.toFile())) {
            code = new String(zip.getInputStream(zip.stream().filter(en -> en.getName().endsWith("code/__torch__.py"))
                    .findFirst().orElseThrow()).readAllBytes(), StandardCharsets.UTF_8);
        }
        // the reference's archive: the PlaceholderModule, then the traced function (its 2 a tensor constant there)
        assertTrue(code.contains("    return __torch__.foo(x, x, )\n"), code);
        assertTrue(code.contains("def foo(x: Tensor,\n    y: Tensor) -> Tensor:\n  return torch.add(torch.mul(x, 2), y)\n"), code);
        assertEquals(code.indexOf("class PlaceholderModule"), 0, code);
    }
}
