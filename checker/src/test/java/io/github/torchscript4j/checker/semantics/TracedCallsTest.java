package io.github.torchscript4j.checker.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.source.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scripted code calling traced functions ("Mixing Tracing and Scripting"): the whole messages of
 * calls that do not fit (the fixture {@code traced_calls.py} pins their first lines), the types a
 * traced function gets from its example inputs, and its qualified name when another project file
 * traces it. Expected texts are the reference's (PyTorch 1.13.1).
 */
class TracedCallsTest {
    private static final String HEAD = "import torch\n\n\ndef foo(x, y):\n    return 2 * x + y\n\n\n"
            + "traced_foo = torch.jit.trace(foo, (torch.rand(3), torch.rand(3)))\n\n\n@torch.jit.script\ndef bar(x):\n";

    private static CheckedFile check(String source) {
        return CheckedFile.check("m.py", source.getBytes(StandardCharsets.UTF_8));
    }

    private static String messages(CheckedFile f) {
        return f.diagnostics().stream().map(Diagnostic::message).collect(Collectors.joining("\n---\n"));
    }

    @Test
    void missingArgumentIsTheSchemaError() {
        assertEquals("foo(Tensor x, Tensor y) -> Tensor\nArgument y not provided.",
                messages(check(HEAD + "    return traced_foo(x)\n")));
    }

    @Test
    void wrongTypeIsTheSchemaError() {
        assertEquals("foo(Tensor x, Tensor y) -> Tensor\n"
                + "Expected a value of type 'Tensor' for argument 'y' but instead found type 'int'.",
                messages(check(HEAD + "    return traced_foo(x, 1)\n")));
    }

    @Test
    void parametersAreTypedFromTheExampleInputsAndTheResultFromTheFunction() {
        CheckedFile f = check("import torch\n\n\ndef pair(x, ys):\n    return x + ys[0], x * ys[1]\n\n\n"
                + "traced_pair = torch.jit.trace(pair, (torch.rand(3), [torch.rand(3), torch.rand(3)]))\n\n\n"
                + "@torch.jit.script\ndef bar(x):\n    return traced_pair(x, [x, x])\n");
        assertEquals("", messages(f));
        CheckResult.TracedFunction t = f.result().orElseThrow().tracedFunctions().values().iterator().next();
        assertEquals("__torch__.pair", t.qualifiedName());
        assertEquals(List.of("Tensor", "List[Tensor]"),
                t.signature().params().stream().map(p -> p.type().annotationStr()).toList());
        assertEquals("Tuple[Tensor, Tensor]", t.returnType().annotationStr());
    }

    @Test
    void aFunctionThatIsNotTorchScriptReturnsATensorAndItsErrorsAreNotReported() {
        CheckedFile f = check("import torch\n\n\ndef py(x, **kwargs):\n    return x.view(*x.shape[0:1])\n\n\n"
                + "traced = torch.jit.trace(py, torch.rand(3))\n\n\n"
                + "@torch.jit.script\ndef bar(x):\n    return traced(x) + 1\n");
        assertEquals("", messages(f));
        CheckResult.TracedFunction t = f.result().orElseThrow().tracedFunctions().values().iterator().next();
        assertEquals("Tensor", t.returnType().annotationStr());
    }

    @Test
    void aTracedFunctionOfAnotherProjectFileIsNamedByItsModule() {
        Path root = Path.of("proj").toAbsolutePath();
        Map<Path, byte[]> files = Map.of(
                root.resolve("b.py"), ("import torch\n\n\ndef foo(x, y):\n    return 2 * x + y\n\n\n"
                        + "traced_foo = torch.jit.trace(foo, (torch.rand(3), torch.rand(3)))\n").getBytes(StandardCharsets.UTF_8));
        Workspace ws = new Workspace(List.of(root), ((SourceProvider) path -> java.util.Optional.empty()).overlay(files));
        byte[] main = "import torch\nfrom b import traced_foo\n\n\n@torch.jit.script\ndef bar(x):\n    return traced_foo(x, x)\n"
                .getBytes(StandardCharsets.UTF_8);
        CheckedFile f = ws.check(root.resolve("m.py"), main);
        assertEquals("", messages(f));
        assertEquals("def bar(x: Tensor) -> Tensor:\n  return __torch__.b.foo(x, x, )\n",
                CodePrinter.print(Emitter.emit(f).unit().function("__torch__.bar").orElseThrow()));
        assertTrue(f.result().orElseThrow().tracedFunctions().values().stream()
                .anyMatch(t -> t.qualifiedName().equals("__torch__.b.foo")));
    }
}
