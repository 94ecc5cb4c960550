package io.github.torchscript4j.checker.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the {@code torch.nn} library's modules need beyond plain TorchScript, lowered as PyTorch
 * 1.13.1 lowers it (the expected code is the reference's {@code fn.code}, recorded with {@code
 * /usr/bin/python3}): {@code "...".format(a, b)} as {@code aten::format}, {@code
 * torch.nn.modules.utils._pair} and its siblings as the builtins of a {@code BroadcastingListN[int]},
 * a tuple passed for a list argument of an operator ({@code torch.lstm}'s {@code hx}), a tuple's slice, and {@code
 * and} with a statically false operand deciding an {@code if} at compile time.
 */
class LibraryHelpersLoweringTest {

    private static Emitter.Result emit(String source) {
        CheckedFile file = CheckedFile.check("user.py", source.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), file.diagnostics());
        Emitter.Result r = Emitter.emit(file);
        assertEquals(List.of(), r.failures());
        return r;
    }

    private static String code(Emitter.Result r, String function) {
        return CodePrinter.print(r.unit().function("__torch__." + function).orElseThrow());
    }

    @Test
    void strFormatIsATorchFormatOfItsPositionalValues() {
        Emitter.Result r = emit("""
                import torch
                from torch import Tensor


                @torch.jit.script
                def g(x: Tensor, n: int) -> str:
                    return 'a {} b {}'.format(x.dim(), n)
                """);
        assertEquals("""
                def g(x: Tensor,
                    n: int) -> str:
                  _0 = torch.format("a {} b {}", torch.dim(x), n)
                  return _0
                """, code(r, "g"));
    }

    @Test
    void pairRepeatsAnIntAndTurnsATupleIntoAList() {
        Emitter.Result r = emit("""
                from typing import List, Tuple
                import torch
                from torch.nn.modules.utils import _pair, _single, _triple


                @torch.jit.script
                def f(x: int, y: List[int], z: Tuple[int, int, int]):
                    return _pair(x), _pair(y), _triple(z), _single(0)
                """);
        assertEquals("""
                def f(x: int,
                    y: List[int],
                    z: Tuple[int, int, int]) -> Tuple[List[int], List[int], List[int], List[int]]:
                  _0 = [x, x]
                  _1, _2, _3, = z
                  return (_0, y, [_1, _2, _3], [0])
                """, code(r, "f"));
    }

    @Test
    void pairOfAStringIsAnErrorAtItsArgument() {
        CheckedFile file = CheckedFile.check("user.py", """
                import torch
                from torch.nn.modules.utils import _pair


                @torch.jit.script
                def f(s: str):
                    return _pair(s)
                """.getBytes(StandardCharsets.UTF_8));
        List<Diagnostic> d = file.diagnostics();
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).message().contains("Expected a value of type 'List[int]' for argument 'x' but instead "
                + "found type 'str'"), d.get(0).message());
        assertEquals(7, d.get(0).range().startLine());
    }

    @Test
    void aTupleOfTensorsMatchesATensorListAndTheResultIsTyped() {
        Emitter.Result r = emit("""
                from typing import List, Tuple
                import torch
                from torch import Tensor


                @torch.jit.script
                def f(x: Tensor, hx: Tuple[Tensor, Tensor], w: List[Tensor]):
                    result = torch.lstm(x, hx, w, True, 1, 0.0, False, False, False)
                    output = result[0]
                    return output.squeeze(0)
                """);
        assertEquals("""
                def f(x: Tensor,
                    hx: Tuple[Tensor, Tensor],
                    w: List[Tensor]) -> Tensor:
                  _0, _1, = hx
                  _2, _3, _4 = torch.lstm(x, [_0, _1], w, True, 1, 0., False, False, False)
                  return torch.squeeze(_2, 0)
                """, code(r, "f"));
    }

    @Test
    void aTupleSliceWithConstantBoundsIsATupleOfItsElements() {
        Emitter.Result r = emit("""
                from typing import Tuple
                import torch
                from torch import Tensor


                @torch.jit.script
                def g(t: Tuple[Tensor, Tensor, Tensor]):
                    hidden = t[1:]
                    return hidden[0].squeeze(1)
                """);
        assertEquals("""
                def g(t: Tuple[Tensor, Tensor, Tensor]) -> Tensor:
                  return torch.squeeze((t)[1], 1)
                """, code(r, "g"));
    }

    @Test
    void anAndWithAFalseOperandRemovesItsBranch() {
        Emitter.Result r = emit("""
                import torch


                @torch.jit.script
                def f(x: int, b: bool) -> int:
                    if b and not torch.jit.is_scripting():
                        x = x + 1
                    return x
                """);
        String code = code(r, "f");
        assertFalse(code.contains("torch.add"), code);
        assertFalse(code.contains("if "), code);
    }
}
