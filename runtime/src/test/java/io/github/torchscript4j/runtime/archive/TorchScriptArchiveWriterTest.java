package io.github.torchscript4j.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeDeclaration;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.TensorText;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.Attribute;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.Kind;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.ModuleInstance;
import io.github.torchscript4j.runtime.interp.Interpreter;
import io.github.torchscript4j.runtime.interp.Operators;
import io.github.torchscript4j.runtime.interp.ValueText;
import io.github.torchscript4j.runtime.ops.IValues;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.ScriptObject;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives written from our IR, compared record by record with those that PyTorch 1.13.1's {@code
 * torch.jit.save} wrote for the same sources ({@code archive/*.pt}, recorded by {@code
 * scripts/record-archive-golden}), then loaded by libtorch 2.10 ({@code torch::jit::load}) and run,
 * with the outputs of our interpreter and of the reference's archive.
 */
@Tag("native")
class TorchScriptArchiveWriterTest {
    @TempDir
    Path tmp;

    private static Path resource(String name) {
        try {
            return Path.of(TorchScriptArchiveWriterTest.class.getResource("/archive/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompilationUnit compile(String file) {
        try {
            CheckedFile checked = CheckedFile.check(file, Files.readAllBytes(resource(file)));
            assertTrue(checked.firstError().isEmpty(), () -> checked.firstError().toString());
            Emitter.Result emitted = Emitter.emit(checked);
            assertEquals(List.of(), emitted.failures());
            return emitted.unit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of an archive, by name below its folder. */
    private static Map<String, byte[]> records(Path archive) {
        Map<String, byte[]> out = new TreeMap<>();
        try (ZipArchive zip = ZipArchive.open(archive)) {
            for (String name : zip.names()) {
                if (!name.endsWith(".debug_pkl")) {
                    out.put(name, zip.read(name));
                }
            }
        }
        return out;
    }

    private static void assertSameRecords(Path reference, Path ours) {
        Map<String, byte[]> want = records(reference);
        Map<String, byte[]> got = records(ours);
        assertEquals(want.keySet(), got.keySet(), "records");
        for (String name : want.keySet()) {
            if (name.endsWith(".py") || name.endsWith("version")) {
                assertEquals(new String(want.get(name), StandardCharsets.UTF_8), new String(got.get(name), StandardCharsets.UTF_8), name);
            } else {
                assertArrayEquals(want.get(name), got.get(name), name);
            }
        }
    }

    private static TensorRef tensor(long dtype, long[] shape, double... values) {
        return Dtypes.isFloating(dtype) ? new TensorData(dtype, shape, values, null, null).toTensor()
                : new TensorData(dtype, shape, null, java.util.Arrays.stream(values).mapToLong(v -> (long) v).toArray(), null).toTensor();
    }

    /** libtorch's runtime: loads the archive and calls its forward. */
    private static double[] runInLibtorch(Path archive, List<Object> inputs) {
        Libtorch.ensureLoaded();
        try (PointerScope scope = new PointerScope()) {
            JitModule module = torch.load(archive.toString());
            IValueVector args = new IValueVector();
            for (Object input : inputs) {
                args.push_back(IValues.toIValue(input));
            }
            IValue result = module.forward(args);
            TensorRef out = (TensorRef) IValues.fromIValue(result);
            try {
                return TensorData.read(out).floats();
            } finally {
                out.release();
            }
        }
    }

    private static Interpreter interpreter(CompilationUnit unit) {
        return new Interpreter(unit, Operators.standard(), new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new ValueText(TensorText::of));
    }

    @Test
    void aScriptedFunctionIsSavedAsTheReferenceSavesIt() throws IOException {
        CompilationUnit unit = compile("function.py");
        Function f = unit.function("__torch__.f").orElseThrow();
        Path ours = tmp.resolve("function.pt");
        TorchScriptArchiveWriter.writeFunction(unit, f, ours);
        assertSameRecords(resource("function.pt"), ours);

        TensorRef x = tensor(Dtypes.FLOAT32, new long[] {3}, -4, 0.5, 2);
        double[] interpreted = TensorData.read((TensorRef) interpreter(unit).call(f, List.of(x, 3L))).floats();
        assertArrayEquals(new double[] {0, 8, 20}, interpreted, 0.0); // ((x*2+0)*2+1)*2+2, then relu
        assertArrayEquals(interpreted, runInLibtorch(ours, List.of(x, 3L)), 0.0);
        assertArrayEquals(interpreted, runInLibtorch(resource("function.pt"), List.of(x, 3L)), 0.0);
    }

    /** {@code M()} of {@code module.py}, as its {@code __init__} builds it. */
    private static ModuleInstance moduleInstance(TensorRef w, TensorRef b, TensorRef t) {
        Type.ModuleType subType = new Type.ModuleType("__torch__.Sub", TypeDeclaration.NONE);
        Attribute training = new Attribute("training", Types.BOOL, Kind.ATTRIBUTE, true);
        Attribute hook = new Attribute("_is_full_backward_hook", Types.optional(Types.BOOL), Kind.ATTRIBUTE, null);
        ModuleInstance sub = new ModuleInstance("__torch__.Sub", List.of(
                new Attribute("t", Types.TENSOR, Kind.PARAMETER, t), training, hook));
        return new ModuleInstance("__torch__.M", List.of(
                new Attribute("w", Types.TENSOR, Kind.PARAMETER, w),
                new Attribute("b", Types.TENSOR, Kind.BUFFER, b),
                training, hook,
                new Attribute("scale", Types.FLOAT, Kind.ATTRIBUTE, 2.5),
                new Attribute("names", new Type.ListType(Types.STR), Kind.ATTRIBUTE, new ArrayList<>(List.of("a", "b"))),
                new Attribute("sub", subType, Kind.MODULE, sub)));
    }

    @Test
    void aModuleWithParametersBuffersAndASubmoduleIsSavedAsTheReferenceSavesIt() throws IOException {
        CompilationUnit unit = compile("module.py");
        TensorRef w = tensor(Dtypes.FLOAT32, new long[] {2, 3}, 0, 0.25, 0.5, 0.75, 1, 1.25);
        TensorRef b = tensor(Dtypes.INT64, new long[] {3}, 0, 1, 2);
        TensorRef t = tensor(Dtypes.FLOAT32, new long[] {3}, 1, 1, 1);
        ModuleInstance m = moduleInstance(w, b, t);
        Path ours = tmp.resolve("module.pt");
        TorchScriptArchiveWriter.writeModule(unit, m, ours);
        assertSameRecords(resource("module.pt"), ours);

        ScriptObject subObject = new ScriptObject("__torch__.Sub");
        subObject.set("t", t);
        subObject.set("training", true);
        ScriptObject object = new ScriptObject("__torch__.M");
        object.set("w", w);
        object.set("b", b);
        object.set("training", true);
        object.set("scale", 2.5);
        object.set("sub", subObject);
        Function forward = unit.classInfo("__torch__.M").orElseThrow().method("forward").orElseThrow();
        TensorRef x = tensor(Dtypes.FLOAT32, new long[] {1, 2}, 1, -2);
        double[] interpreted = TensorData.read((TensorRef) interpreter(unit).call(forward, List.of(object, x))).floats();
        // x @ w = [-1.5, -1.75, -2], * 2.5, + 1, + [0, 1, 2]
        assertArrayEquals(new double[] {-2.75, -2.375, -2}, interpreted, 0.0);
        assertArrayEquals(interpreted, runInLibtorch(ours, List.of(x)), 0.0);
    }

    @Test
    void aScriptedFunctionsVersionIsItsNewestOperators() throws IOException {
        Path source = tmp.resolve("ops.py");
        Files.writeString(source, """
                import torch

                @torch.jit.script
                def f(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
                    return torch.div(a, b) + torch.linspace(0, 1, 3)
                """);
        CheckedFile checked = CheckedFile.check("ops.py", Files.readAllBytes(source));
        CompilationUnit unit = Emitter.emit(checked).unit();
        Path ours = tmp.resolve("ops.pt");
        TorchScriptArchiveWriter.writeFunction(unit, unit.function("__torch__.f").orElseThrow(), ours);
        // 1.13 writes .data/version = 8 for linspace (aten::linspace was bumped at 8)
        assertEquals("8\n", new String(records(ours).get(".data/version"), StandardCharsets.US_ASCII));
        TensorRef a = tensor(Dtypes.FLOAT32, new long[] {3}, 1, 2, 3);
        TensorRef b = tensor(Dtypes.FLOAT32, new long[] {3}, 2, 2, 2);
        assertArrayEquals(new double[] {0.5, 1.5, 2.5}, runInLibtorch(ours, List.of(a, b)), 0.0);
    }

    /**
     * PyTorch 1.13's {@code torch.jit.load} loads our archives and computes what our interpreter
     * computed; skipped (aborted) without a Python 3 that imports torch 1.13.
     */
    @Test
    void pyTorch113LoadsAndRunsOurArchives() throws Exception {
        String python = findReferencePython();
        Assumptions.assumeTrue(python != null, "no python3 with torch 1.13 found: PyTorch loading not checked");
        CompilationUnit functions = compile("function.py");
        Path function = tmp.resolve("function.pt");
        TorchScriptArchiveWriter.writeFunction(functions, functions.function("__torch__.f").orElseThrow(), function);
        CompilationUnit modules = compile("module.py");
        Path module = tmp.resolve("module.pt");
        TorchScriptArchiveWriter.writeModule(modules, moduleInstance(
                tensor(Dtypes.FLOAT32, new long[] {2, 3}, 0, 0.25, 0.5, 0.75, 1, 1.25),
                tensor(Dtypes.INT64, new long[] {3}, 0, 1, 2), tensor(Dtypes.FLOAT32, new long[] {3}, 1, 1, 1)), module);
        String script = "import sys, torch\n"
                + "f = torch.jit.load(sys.argv[1]); m = torch.jit.load(sys.argv[2])\n"
                + "print(f(torch.tensor([-4.0, 0.5, 2.0]), 3).tolist())\n"
                + "print(m(torch.tensor([[1.0, -2.0]])).tolist())\n";
        Process p = new ProcessBuilder(python, "-c", script, function.toString(), module.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertEquals("[0.0, 8.0, 20.0]\n[[-2.75, -2.375, -2.0]]\n", output);
    }

    static String findReferencePython() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch; print(torch.__version__)")
                        .redirectErrorStream(true).start();
                String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() == 0 && version.startsWith("1.13")) {
                    return candidate;
                }
            } catch (IOException e) {
                // not there: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
