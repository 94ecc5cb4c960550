package io.github.torchscript4j.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The graph diff's format: the expected texts are what CPython's {@code
 * ''.join(difflib.ndiff(a, b))} prints for the same lines (the second is a shortened pair of
 * traced graphs of a loop whose trip count changed).
 */
class LineDiffTest {
    private static String ndiff(List<String> a, List<String> b) {
        return String.join("", LineDiff.ndiff(a, b));
    }

    @Test
    void pairsSimilarLinesAndMarksTheirChangedCharacters() {
        assertEquals("- one\n?  ^\n+ ore\n?  ^\n- two\n- three\n?  -\n+ tree\n+ emu\n",
                ndiff(List.of("one\n", "two\n", "three\n"), List.of("ore\n", "tree\n", "emu\n")));
    }

    @Test
    void graphsOfAnUnrolledLoop() {
        List<String> a = List.of("  %x : Tensor = aten::neg(%x.3) # f.py:9:0\n", "  return (%3)\n");
        List<String> b = List.of("  %x.5 : Tensor = aten::neg(%x.3) # f.py:9:0\n", "  %4 : Tensor = aten::neg(%x.5)\n",
                "  return (%4)\n");
        assertEquals("-   %x : Tensor = aten::neg(%x.3) # f.py:9:0\n+   %x.5 : Tensor = aten::neg(%x.3) # f.py:9:0\n"
                + "?     ++\n+   %4 : Tensor = aten::neg(%x.5)\n-   return (%3)\n?            ^\n+   return (%4)\n"
                + "?            ^\n", ndiff(a, b));
    }

    @Test
    void equalTextsAreAllContext() {
        assertEquals("  a\n  b\n", ndiff(List.of("a\n", "b\n"), List.of("a\n", "b\n")));
        assertEquals(List.of("a\n", "b"), LineDiff.lines("a\nb"));
    }
}
