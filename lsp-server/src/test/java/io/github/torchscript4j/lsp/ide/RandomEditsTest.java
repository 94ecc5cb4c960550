package io.github.torchscript4j.lsp.ide;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Half-written code never breaks a feature: a seeded sequence of random edits (typing, deleting,
 * pasting fragments) over a TorchScript file, with every feature asked at random offsets after
 * each edit. A feature may answer nothing, but must not throw.
 */
class RandomEditsTest {
    private static final String START = """
            import math
            import torch
            import torch.nn.functional as F
            from typing import List, Optional


            class M(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.scale = 2.0

                def forward(self, x: torch.Tensor, k: Optional[int] = None) -> torch.Tensor:
                    \"\"\"Scales x.\"\"\"
                    if k is not None:
                        x = x * k
                    return F.relu(x) * self.scale


            @torch.jit.script
            def f(xs: List[torch.Tensor], n: int = 2) -> torch.Tensor:
                total = torch.zeros(n)
                for x in xs:
                    total = total + x.sum() * math.sqrt(n)
                return total
            """;

    private static final String[] FRAGMENTS = {
        "x.", "torch.", "F.", "self.", "(", ")", "[", "]", ":", "\n    ", "\n", " = ", "def g(", "return ",
        "# type: ", "\"", "'''", "if ", "else:", "import ", "from torch import nn", "->", ",", "lambda: ", "\\",
        "\uD83D\uDE00", "\t", "@torch.jit.script\n", "class C:", "global n\n", "y: Opt", "torch.add(x, ",
    };

    @Test
    void everyFeatureSurvivesRandomEdits() {
        Random random = new Random(20240501);
        String text = START;
        Optional<Analysis> lastChecked = Optional.empty();
        for (int step = 0; step < 400; step++) {
            text = edit(text, random);
            Analysis a = Analysis.of("fuzz.py", step, text);
            if (a.checked()) {
                lastChecked = Optional.of(a);
            }
            for (int probe = 0; probe < 3; probe++) {
                int offset = random.nextInt(text.length() + 1);
                Hovers.at(a, offset);
                Optional<Analysis> last = lastChecked;
                assertNotNull(Completions.at(a, last, offset, t -> Analysis.of("fuzz.py", 0, t)));
                SignatureHelps.at(a, last, offset);
                a.names().symbolAt(offset).ifPresent(s -> a.names().references(s));
                a.names().visibleAt(a.module(), offset);
                Renames.prepare(a, offset);
                Renames.rename(a, offset, "renamed");
                assertNotNull(IrViews.at(a, offset, probe == 0 ? IrViews.Form.GRAPH : IrViews.Form.CODE, "fuzz.py"));
            }
            Symbols.of(a);
            InlayHints.in(a, 0, text.length(), new InlayHints.Options(true, true, true));
            if (text.length() > 4 * START.length()) {
                text = START;
            }
        }
    }

    private static String edit(String text, Random random) {
        int at = random.nextInt(text.length() + 1);
        switch (random.nextInt(3)) {
            case 0:
                return text.substring(0, at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + text.substring(at);
            case 1:
                int end = Math.min(text.length(), at + random.nextInt(12));
                return text.substring(0, at) + text.substring(end);
            default:
                int from = random.nextInt(text.length());
                int to = Math.min(text.length(), from + random.nextInt(40));
                return text.substring(0, at) + text.substring(from, to) + text.substring(at);
        }
    }
}
