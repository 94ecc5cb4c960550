package io.github.torchscript4j.checker.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code aten::percentFormat} ({@code "%d" % x}). The expected texts and messages are what PyTorch
 * 1.13.1's TorchScript printed for the same calls (scripted functions returning {@code fmt % args}).
 */
class PercentFormatTest {
    private static String format(String fmt, Object values) {
        return (String) ScalarOps.find("aten::percentFormat").orElseThrow().call(java.util.Arrays.asList(fmt, values)).get(0);
    }

    @Test
    void formatsAsTheReference() {
        assertEquals("101 hi", format("%d %s", Tuple.of(101L, "hi")));
        assertEquals("2.5", format("%s", 2.5));
        assertEquals("2.500000", format("%f", 2.5));
        assertEquals("e", format("%c", 101L));
        assertEquals("101|101", format("%i|%d", Tuple.of(101L, 101L)));
        assertEquals("2.500000e+00", format("%e", 2.5));
        assertEquals("[1, 2] and (101, hi)", format("%s and %s", Tuple.of(new ArrayList<>(List.of(1L, 2L)), Tuple.of(101L, "hi"))));
        assertEquals("3 %", format("%d %%", 3L));
        assertEquals("3", format("%d", 3.7));
    }

    @Test
    void reportsWhatTheReferenceReports() {
        assertEquals("Too few arguments for format string",
                assertThrows(ScriptError.class, () -> format("%d %d", 3L)).getMessage());
        assertEquals("The specifier %x is not supported in TorchScript format strings",
                assertThrows(ScriptError.class, () -> format("%x", "3")).getMessage());
        assertEquals("Incomplete format specifier",
                assertThrows(ScriptError.class, () -> format("%s in template %", "foo")).getMessage());
        assertEquals("Too few arguments for format string",
                assertThrows(ScriptError.class, () -> format("%s 100% x", "foo")).getMessage());
        assertEquals("Too many arguments for format string",
                assertThrows(ScriptError.class, () -> format("%d", Tuple.of(3L, 4L))).getMessage());
    }
}
