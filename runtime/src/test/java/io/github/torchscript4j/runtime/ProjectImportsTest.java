package io.github.torchscript4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TorchScriptRuntime} on a project of several files: a function that calls into another
 * module runs with that module's functions compiled in, under their qualified names. Results were
 * recorded from the reference, PyTorch 1.13.1, running {@code main.py} with the project folder as
 * the script's folder on {@code sys.path}.
 */
@Tag("native")
class ProjectImportsTest {
    static final String UTIL = """
            import torch


            def scale(x: torch.Tensor, k: float) -> torch.Tensor:
                return x * k + offset(k)


            def offset(k: float) -> float:
                return k - 1.0
            """;

    static final String MAIN = """
            import torch
            from pkg.util import scale
            import pkg.util as u


            @torch.jit.script
            def run(x: torch.Tensor, n: int) -> torch.Tensor:
                y = scale(x, 2.0)
                return y + u.offset(float(n))
            """;

    @TempDir Path dir;

    private Path write(String relativePath, String text) throws IOException {
        Path file = dir.resolve(relativePath);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static TensorRef tensor(double... values) {
        return new TensorData(Dtypes.FLOAT32, new long[] {values.length}, values, null, null).toTensor();
    }

    private static double[] floats(Object tensor) {
        return TensorData.read((TensorRef) tensor).floats();
    }

    @Test
    void aFunctionCallingIntoAnotherFileRuns() throws IOException {
        write("pkg/__init__.py", "");
        write("pkg/util.py", UTIL);
        Path main = write("main.py", MAIN);
        TorchScriptRuntime script = TorchScriptRuntime.compile(main);
        // reference: run(torch.tensor([1.0, 2.0]), 3) is tensor([5., 7.])
        assertArrayEquals(new double[] {5, 7}, floats(script.call("run", tensor(1, 2), 3)));
        // the other module's functions are in the unit under their qualified names, and callable
        assertArrayEquals(new double[] {3, 5}, floats(script.call("__torch__.pkg.util.scale", tensor(1, 2), 2.0)));
        assertEquals(2.0, script.call("__torch__.pkg.util.offset", 3.0));
    }

    @Test
    void extraRootsAreSearchedBeforeTheFilesOwn() throws IOException {
        write("lib/pkg/__init__.py", "");
        write("lib/pkg/util.py", UTIL);
        Path main = write("app/main.py", MAIN);
        TorchScriptRuntime script = TorchScriptRuntime.compile(main, List.of(dir.resolve("lib")));
        assertArrayEquals(new double[] {5, 7}, floats(script.call("run", tensor(1, 2), 3)));
        // without the extra root, pkg is no project module: the import is opaque, and run cannot be compiled
        TorchScriptRuntime alone = TorchScriptRuntime.compile(main);
        TorchScriptRuntime.CompilationException e = assertThrows(TorchScriptRuntime.CompilationException.class,
                () -> alone.call("run", tensor(1, 2), 3));
        assertTrue(e.getMessage().startsWith(main + ":8:9: ") && e.getMessage().contains("Opaque scale"),
                e.getMessage());
    }

    @Test
    void anErrorInsideAnImportedFunctionIsLocatedInItsFile() throws IOException {
        write("pkg/__init__.py", "");
        Path util = write("pkg/util.py", UTIL.replace("return k - 1.0", "return k - nope"));
        Path main = write("main.py", MAIN);
        TorchScriptRuntime.CompilationException e = assertThrows(TorchScriptRuntime.CompilationException.class,
                () -> TorchScriptRuntime.compile(main));
        assertTrue(e.getMessage().startsWith(util + ":9:16: undefined value nope"), e.getMessage());
        assertEquals(util.toString(), e.range().orElseThrow().file().path());
    }
}
