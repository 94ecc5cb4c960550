package io.github.torchscript4j.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.TensorText;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives that PyTorch 1.13.1 wrote ({@code archive/module.pt}, {@code
 * scripts/record-archive-golden}) read into our runtime's values and run by our interpreter (with
 * the code compiled from the module's source) with libtorch's outputs for the same archive; hostile
 * archives refused.
 */
@Tag("native")
class TorchScriptArchiveReaderTest {
    @TempDir
    Path tmp;

    private static Path resource(String name) {
        try {
            return Path.of(TorchScriptArchiveReaderTest.class.getResource("/archive/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theReferencesModuleArchiveIsReadAndRunsInOurInterpreter() throws IOException {
        TorchScriptArchiveReader.Archive archive = TorchScriptArchiveReader.read(resource("module.pt"));
        ScriptObject m = archive.module();
        try {
            assertEquals("__torch__.M", m.typeName());
            assertEquals(List.of("w", "b", "training", "_is_full_backward_hook", "scale", "names", "sub"),
                    new ArrayList<>(m.attributes().keySet()));
            assertEquals(new TensorData(Dtypes.FLOAT32, new long[] {2, 3}, new double[] {0, 0.25, 0.5, 0.75, 1, 1.25}, null, null),
                    TensorData.read((TensorRef) m.get("w")));
            assertEquals(new TensorData(Dtypes.INT64, new long[] {3}, null, new long[] {0, 1, 2}, null),
                    TensorData.read((TensorRef) m.get("b")));
            assertEquals(true, m.get("training"));
            assertNull(m.get("_is_full_backward_hook"));
            assertEquals(2.5, m.get("scale"));
            assertEquals(List.of("a", "b"), m.get("names"));
            ScriptObject sub = (ScriptObject) m.get("sub");
            assertEquals("__torch__.Sub", sub.typeName());
            assertArrayEquals(new double[] {1, 1, 1}, TensorData.read((TensorRef) sub.get("t")).floats(), 0.0);
            assertEquals(List.of("__torch__.py"), new ArrayList<>(archive.code().keySet()));
            assertTrue(archive.code().get("__torch__.py").startsWith("class M(Module):\n"));
            assertEquals(3, archive.version());

            CheckedFile checked = CheckedFile.check("module.py", Files.readAllBytes(resource("module.py")));
            CompilationUnit unit = Emitter.emit(checked).unit();
            Function forward = unit.classInfo("__torch__.M").orElseThrow().method("forward").orElseThrow();
            Interpreter interpreter = new Interpreter(unit, Operators.standard(),
                    new PrintStream(System.out, true, StandardCharsets.UTF_8), new ValueText(TensorText::of));
            TensorRef x = new TensorData(Dtypes.FLOAT32, new long[] {2, 2}, new double[] {1, -2, 0.5, 3}, null, null).toTensor();
            double[] ours = TensorData.read((TensorRef) interpreter.call(forward, List.of(m, x))).floats();
            assertArrayEquals(libtorchForward(resource("module.pt"), x), ours, 0.0);
        } finally {
            TorchScriptArchiveReader.release(m);
        }
    }

    private static double[] libtorchForward(Path archive, TensorRef x) {
        Libtorch.ensureLoaded();
        try (PointerScope scope = new PointerScope()) {
            JitModule module = torch.load(archive.toString());
            TensorRef out = (TensorRef) IValues.fromIValue(module.forward(new IValueVector(IValues.toIValue(x))));
            try {
                return TensorData.read(out).floats();
            } finally {
                out.release();
            }
        }
    }

    @Test
    void aFunctionArchiveIsAPlaceholderModule() {
        TorchScriptArchiveReader.Archive archive = TorchScriptArchiveReader.read(resource("function.pt"));
        assertEquals(TorchScriptArchiveWriter.PLACEHOLDER, archive.module().typeName());
        assertEquals(List.of("training"), new ArrayList<>(archive.module().attributes().keySet()));
        assertEquals(List.of("__torch__.py"), new ArrayList<>(archive.code().keySet()));
        assertTrue(archive.code().get("__torch__.py").contains("\ndef helper(x: Tensor) -> Tensor:\n"));
    }

    @Test
    void aGlobalOutsideTorchScriptIsRefused() throws IOException {
        Path evil = tmp.resolve("evil.pt");
        Pickler p = new Pickler();
        p.global("builtins", "eval").string("__import__('os').system('true')").op(0x85).op('R');
        try (ZipArchiveWriter zip = new ZipArchiveWriter(Files.newOutputStream(evil), "evil")) {
            zip.add("data.pkl", p.finish());
            zip.add("constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            zip.add("version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        ArchiveException e = assertThrows(ArchiveException.class, () -> TorchScriptArchiveReader.read(evil));
        assertEquals(evil + ": evil/data.pkl (pickle byte 2): global 'builtins.eval' is not allowed in a TorchScript "
                + "archive (only collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
                + "torch._utils._rebuild_parameter and torch's storage classes are)", e.getMessage());
    }

    @Test
    void aTorchClassNameThatIsNotAPlainNameIsRefused() throws IOException {
        Path odd = tmp.resolve("odd.pt");
        Pickler p = new Pickler();
        p.global("__torch__.a b", "M").op(')').op(0x81);
        try (ZipArchiveWriter zip = new ZipArchiveWriter(Files.newOutputStream(odd), "odd")) {
            zip.add("data.pkl", p.finish());
            zip.add("version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        ArchiveException e = assertThrows(ArchiveException.class, () -> TorchScriptArchiveReader.read(odd));
        assertTrue(e.getMessage().contains("global '__torch__.a b.M' is not allowed"), e.getMessage());
    }

    @Test
    void anArchiveWithoutItsPickleSaysWhichRecordIsMissing() throws IOException {
        Path empty = tmp.resolve("empty.pt");
        try (ZipArchiveWriter zip = new ZipArchiveWriter(Files.newOutputStream(empty), "empty")) {
            zip.add("version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        ArchiveException e = assertThrows(ArchiveException.class, () -> TorchScriptArchiveReader.read(empty));
        assertEquals(empty + ": the archive has no record 'empty/data.pkl'", e.getMessage());
    }
}
