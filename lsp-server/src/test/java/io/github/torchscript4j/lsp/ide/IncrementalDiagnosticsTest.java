package io.github.torchscript4j.lsp.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rechecking only the edited function gives exactly the diagnostics of a whole-file check, and
 * declines (empty) where an edit can reach other functions.
 */
class IncrementalDiagnosticsTest {
    private static final String PATH = "file:///project/model.py";

    private static final String START = """
            import math
            import torch
            import torch.nn.functional as F
            from typing import List, Optional
            from torch import Tensor


            def helper(x: Tensor) -> Tensor:
                return x * 2


            def unused(x: Tensor) -> Tensor:
                return x + undefined_in_unused


            @torch.jit.script
            def f(xs: List[Tensor], n: int = 2) -> Tensor:
                \"\"\"Sums.\"\"\"
                total = torch.zeros(n)
                for x in xs:
                    total = total + x.sum() * math.sqrt(n)
                return total


            @torch.jit.script
            def g(x: Tensor, w: Optional[Tensor]) -> Tensor:
                y = helper(x) + f([x], 3)
                if w is not None:
                    y = y + w
                return y


            class M(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.scale = 2.0

                def forward(self, x: Tensor, k: Optional[int] = None) -> Tensor:
                    if k is not None:
                        x = x * k
                    return g(x, None) * self.scale + missing
            """;

    private static List<String> keys(List<Diagnostic> ds) {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : ds) {
            StringBuilder k = new StringBuilder(d.range().start() + ":" + d.range().end() + " " + d.code().id() + " "
                    + d.severity() + " " + d.message());
            for (Diagnostic.Related r : d.related()) {
                k.append(" | ").append(r.range().start()).append(':').append(r.range().end()).append(' ').append(r.message());
            }
            out.add(k.toString());
        }
        out.sort(null);
        return out;
    }

    private static IncrementalDiagnostics.Base base(String text) {
        return IncrementalDiagnostics.Base.of(Analysis.of(PATH, 1, text)).orElseThrow();
    }

    private static String replace(String text, String from, String to) {
        assertTrue(text.contains(from), from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    @Test
    void anEditInsideADecoratedFunctionRechecksOnlyItAndAgreesWithAWholeFileCheck() {
        String broken = replace(START, "y = y + w", "y = y + ww");
        IncrementalDiagnostics.Result r = IncrementalDiagnostics.recheck(base(START), PATH, broken).orElseThrow();
        assertEquals(Optional.of("g"), r.rechecked());
        assertEquals(keys(Analysis.of(PATH, 2, broken).diagnostics()), keys(r.diagnostics()));
        assertTrue(keys(r.diagnostics()).stream().anyMatch(k -> k.contains("undefined value ww")), keys(r.diagnostics()).toString());
        // Mending it, against the broken version's base; lines after it moved.
        String mended = replace(broken, "y = y + ww", "y = y + w * 2.0");
        IncrementalDiagnostics.Result again = IncrementalDiagnostics.recheck(r.base(), PATH, mended).orElseThrow();
        assertEquals(keys(Analysis.of(PATH, 3, mended).diagnostics()), keys(again.diagnostics()));
    }

    @Test
    void editsThatCanReachOtherFunctionsAreDeclined() {
        IncrementalDiagnostics.Base base = base(START);
        // a new call makes `unused` compiled: its error appears
        assertEquals(Optional.empty(), IncrementalDiagnostics.recheck(base, PATH, replace(START, "y = y + w", "y = y + unused(w)")));
        // the signature
        assertEquals(Optional.empty(), IncrementalDiagnostics.recheck(base, PATH, replace(START, "def g(x: Tensor,", "def g(x: int,")));
        // a function that is compiled only because it is called
        assertEquals(Optional.empty(), IncrementalDiagnostics.recheck(base, PATH, replace(START, "return x * 2", "return x * 3")));
        // a method
        assertEquals(Optional.empty(), IncrementalDiagnostics.recheck(base, PATH, replace(START, "x = x * k", "x = x * k * k")));
    }

    @Test
    void aTextThatDoesNotParseGetsItsSyntaxErrorsAndKeepsTheBase() {
        IncrementalDiagnostics.Base base = base(START);
        String typing = replace(START, "y = y + w", "y = y + w.");
        IncrementalDiagnostics.Result r = IncrementalDiagnostics.recheck(base, PATH, typing).orElseThrow();
        assertEquals(keys(Analysis.of(PATH, 2, typing).diagnostics()), keys(r.diagnostics()));
        assertTrue(r.base() == base);
        assertEquals(Optional.empty(), r.rechecked());
    }

    /** Random edits, mostly in and around two decorated functions, each compared with a whole-file check. */
    @Test
    void randomEditsAgreeWithWholeFileChecks() {
        String[] fragments = {"q", "x", " + 1", "w", ".sum()", "total", "\n    z = x * 2", "(", ")", "n", "1.0", "helper(x)"};
        Random random = new Random(5);
        String text = START;
        IncrementalDiagnostics.Base base = base(text);
        int incremental = 0;
        for (int i = 0; i < 400; i++) {
            int from = text.indexOf("\"\"\"Sums");
            int to = text.indexOf("class M");
            int at = from < 0 || to < from ? random.nextInt(text.length()) : from + random.nextInt(to - from);
            int end = Math.min(text.length(), at + random.nextInt(3));
            String next = text.substring(0, at) + (random.nextBoolean() ? fragments[random.nextInt(fragments.length)] : "")
                    + text.substring(end);
            Analysis whole = Analysis.of(PATH, i + 2, next);
            Optional<IncrementalDiagnostics.Result> r = IncrementalDiagnostics.recheck(base, PATH, next);
            if (r.isPresent()) {
                assertEquals(keys(whole.diagnostics()), keys(r.get().diagnostics()), "after edit " + i + ":\n" + next);
                base = r.get().base();
                incremental += r.get().rechecked().isPresent() ? 1 : 0;
            } else {
                base = IncrementalDiagnostics.Base.of(whole).orElse(base);
            }
            if (whole.checked()) { // half-written code is tested, but the next edit starts from code that parses
                text = next;
            }
            if (random.nextInt(20) == 0) { // back to the start now and then, so that the file stays mostly valid
                text = START;
                base = base(START);
            }
        }
        assertTrue(incremental > 20, "only " + incremental + " edits were rechecked incrementally");
    }
}
