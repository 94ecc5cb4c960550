package io.github.torchscript4j.checker.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Modules lowered from source (the static view, no instance built) whose {@code ModuleList},
 * {@code Sequential} and {@code ModuleDict} contents {@code __init__} writes literally: loops,
 * {@code enumerate}, {@code .items()}, constant indexing (by position in an {@code OrderedDict}
 * {@code Sequential}), keys and {@code len} are unrolled as PyTorch 1.13.1 unrolls them (the
 * expected code is the reference's {@code forward.code}, recorded with {@code /usr/bin/python3}
 * from the same source ending in {@code print(torch.jit.script(Net()).code)}).
 */
class StaticContainerLoweringTest {
    private static final String SOURCE = """
            import torch
            import torch.nn as nn
            from collections import OrderedDict


            class Net(nn.Module):
                def __init__(self%s):
                    super().__init__()
                    self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(%s)])
                    self.layers.append(nn.ReLU())
                    self.d = nn.ModuleDict({"a": nn.Tanh(), "b": nn.Sigmoid()})
                    self.seq = nn.Sequential(OrderedDict([("fc", nn.Linear(4, 4)), ("act", nn.ReLU())]))

                def forward(self, x):
                    for i, layer in enumerate(self.layers):
                        x = layer(x) * i
                    for k, m in self.d.items():
                        x = m(x)
                    return self.seq(x) + self.seq[1](x) + self.d["b"](x) + len(self.layers)
            """;

    private static Emitter.Result emit(String source) {
        CheckedFile file = CheckedFile.check("user.py", source.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), file.diagnostics());
        return Emitter.emit(file);
    }

    @Test
    void containersWrittenLiterallyAreUnrolledAsTheReferenceUnrollsThem() {
        Emitter.Result r = emit(SOURCE.formatted("", "2"));
        assertEquals(List.of(), r.failures());
        assertEquals("""
                def forward(self,
                    x: Tensor) -> Tensor:
                  layers = self.layers
                  _0 = getattr(layers, "0")
                  _1 = getattr(layers, "1")
                  _2 = getattr(layers, "2")
                  x0 = torch.mul((_0).forward(x, ), 0)
                  x1 = torch.mul((_1).forward(x0, ), 1)
                  x2 = torch.mul((_2).forward(x1, ), 2)
                  d = self.d
                  a = d.a
                  b = d.b
                  x3 = (a).forward(x2, )
                  x4 = (b).forward(x3, )
                  seq = self.seq
                  _3 = (seq).forward(x4, )
                  seq0 = self.seq
                  act = seq0.act
                  _4 = torch.add(_3, (act).forward(x4, ))
                  d0 = self.d
                  b0 = d0.b
                  _5 = torch.add(_4, (b0).forward(x4, ))
                  layers0 = self.layers
                  return torch.add(_5, (layers0).__len__())
                """, CodePrinter.print(r.unit().classInfo("__torch__.Net").orElseThrow().method("forward").orElseThrow()));
    }

    @Test
    void aContainerOfUnknownLengthIsNotLoweredButReportedAsSuch() {
        Emitter.Result r = emit(SOURCE.formatted(", n: int = 2", "n"));
        assertFalse(r.failures().isEmpty());
    }
}
