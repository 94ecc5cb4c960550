package io.github.torchscript4j.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Diagnostics of real checks rendered as Maven's compiler messages. */
class MavenMessagesTest {

    private static List<String> render(String path, String source) {
        return CheckedFile.check(path, source.getBytes(StandardCharsets.UTF_8)).diagnostics().stream()
                .map(MavenMessages::diagnostic).toList();
    }

    @Test
    void aSemanticErrorWithItsCodeAndOneBasedLineAndColumn() {
        assertEquals(List.of("/p/net.py:[5,16] TS0101: undefined value y"), render("/p/net.py", """
                import torch

                @torch.jit.script
                def f(x: torch.Tensor) -> torch.Tensor:
                    return x + y
                """));
    }

    @Test
    void relatedLocationsFollowAsIndentedNotes() {
        assertEquals(List.of("/p/m.py:[5,5] TS0102: y is not defined in the false branch\n"
                + "  /p/m.py:[9,12] note: and was used here"), render("/p/m.py", """
                import torch

                @torch.jit.script
                def f(x: int) -> int:
                    if x > 0:
                        y = 1
                    else:
                        pass
                    return y
                """).subList(0, 1));
    }

    @Test
    void anErrorInACalledFunctionEndsWithTheCallThatCompiledIt() {
        assertEquals(List.of("/p/c.py:[3,16] TS0101: undefined value y\n"
                + "  /p/c.py:[6,12] note: 'helper' is being compiled since it was called from 'main'"), render("/p/c.py", """
                import torch
                def helper(x: int) -> int:
                    return x + y
                @torch.jit.script
                def main(x: int) -> int:
                    return helper(x)
                """));
    }

    @Test
    void aSyntaxErrorAsCPythonWordsIt() {
        assertEquals(List.of("/p/s.py:[1,9] TS0001: expected ':'"), render("/p/s.py", "def f(x)\n    return x\n"));
    }

    @Test
    void columnsCountUtf16CodeUnits() {
        // "é" is one UTF-16 unit and two UTF-8 bytes: the column is the one an editor shows.
        List<String> lines = render("/p/u.py", """
                import torch

                @torch.jit.script
                def f(x: torch.Tensor) -> torch.Tensor:
                    s = "é"; return x + y
                """);
        assertEquals(List.of("/p/u.py:[5,25] TS0101: undefined value y"), lines);
    }

    @Test
    void aFunctionNotLoweredIsLocated() {
        SourceFile file = new SourceFile("/p/f.py", "a\nbb = fork()\n");
        EmitException failure = new EmitException("the emitter does not lower calls of fork yet", file.range(7, 13));
        assertEquals("/p/f.py:[2,6] not lowered yet: the emitter does not lower calls of fork yet",
                MavenMessages.notLowered("/p/f.py", failure));
        assertEquals("/p/f.py not lowered yet: internal", MavenMessages.notLowered("/p/f.py",
                new EmitException("internal", null)));
    }
}
