package io.github.torchscript4j.checker.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The call chain of an error inside a function compiled because another called it: each
 * diagnostic ends with one note per call, innermost first, at the call ("'helper' is being
 * compiled since it was called from 'main'"), as the reference's error reports end (recorded from
 * PyTorch 1.13.1).
 */
class CompilationChainTest {
    /** Every diagnostic as {@code line:col message}, each note below it as {@code   note line:col message}. */
    private static String check(String source) {
        var parsed = Parser.parse(SourceDecoder.decode("t.py", source.getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        for (Diagnostic d : Checker.check(parsed).diagnostics()) {
            out.add(d.range().startLine() + ":" + d.range().startColumn() + " " + d.message().split("\n", 2)[0]);
            for (Diagnostic.Related r : d.related()) {
                out.add("  note " + r.range().startLine() + ":" + r.range().startColumn() + " " + r.message());
            }
        }
        return String.join("\n", out);
    }

    @Test
    void anErrorInACalledFunctionNamesEveryCallerUpToTheScriptedOne() {
        assertEquals("""
                3:12 'Tensor' object has no attribute or method 'no_such_method'.
                  note 5:9 'leaf' is being compiled since it was called from 'middle'
                  note 9:12 'middle' is being compiled since it was called from 'top'""", check("""
                import torch
                def leaf(x: torch.Tensor) -> torch.Tensor:
                    return x.no_such_method()
                def middle(x: torch.Tensor) -> torch.Tensor:
                    y = leaf(x)
                    return y
                @torch.jit.script
                def top(x: torch.Tensor) -> torch.Tensor:
                    return middle(x)
                """));
    }

    @Test
    void theScriptedFunctionItselfHasNoChain() {
        assertEquals("4:16 undefined value y", check("""
                import torch
                @torch.jit.script
                def f(x: int) -> int:
                    return x + y
                """));
    }

    @Test
    void aFunctionCalledTwiceReportsTheFirstCallOnce() {
        assertEquals("""
                3:16 undefined value y
                  note 6:12 'helper' is being compiled since it was called from 'a'""", check("""
                import torch
                def helper(x: int) -> int:
                    return x + y
                @torch.jit.script
                def a(x: int) -> int:
                    return helper(x)
                @torch.jit.script
                def b(x: int) -> int:
                    return helper(x) + 1
                """));
    }

    @Test
    void aModuleMethodCalledFromForwardNamesBothWithTheClass() {
        assertEquals("""
                7:20 undefined value undefined_scale
                  note 9:16 'M.helper' is being compiled since it was called from 'M.forward'""", check("""
                import torch
                from torch import nn
                class M(nn.Module):
                    def __init__(self):
                        super().__init__()
                    def helper(self, x: torch.Tensor) -> torch.Tensor:
                        return x * undefined_scale
                    def forward(self, x: torch.Tensor) -> torch.Tensor:
                        return self.helper(x)
                """));
    }

    @Test
    void relatedLocationsOfTheErrorComeBeforeTheChain() {
        String out = check("""
                import torch
                def helper(x: torch.Tensor, flag: bool):
                    if flag:
                        r = x
                    else:
                        r = 1
                    return r
                @torch.jit.script
                def f(x: torch.Tensor) -> torch.Tensor:
                    return helper(x, True)
                """);
        assertEquals("""
                3:5 Type mismatch: r is set to type Tensor in the true branch and type int in the false branch
                  note 7:12 and was used here
                  note 10:12 'helper' is being compiled since it was called from 'f'""", out);
    }
}
