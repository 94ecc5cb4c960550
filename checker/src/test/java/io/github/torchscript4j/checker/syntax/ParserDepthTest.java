package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ast.AstDump;
import org.junit.jupiter.api.Test;

/**
 * Deep and huge inputs on the default thread stack: the parser never overflows, reports nesting
 * beyond its limit as TOO_COMPLEX (once) and returns trees shallow enough for recursive walkers
 * such as {@link AstDump}. Moderately deep code that CPython accepts is accepted.
 */
class ParserDepthTest {
    private static ParseResult parse(String source) {
        ParseResult r = Parser.parse(new SourceFile("<deep>", source));
        AstDump.dump(r.module());
        return r;
    }

    private static void tooComplex(String source) {
        ParseResult r = parse(source);
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.code() == Code.TOO_COMPLEX), r.diagnostics()::toString);
        assertEquals(1, r.diagnostics().stream().filter(d -> d.code() == Code.TOO_COMPLEX).count());
    }

    @Test
    void tenThousandNestedParentheses() {
        tooComplex("(".repeat(10_000) + "x" + ")".repeat(10_000) + "\n");
    }

    @Test
    void oneMegabyteLines() {
        tooComplex("x = " + "1+".repeat(500_000) + "1\n");
        assertTrue(parse("x = " + "[".repeat(1_000_000) + "\n").hasErrors());
    }

    @Test
    void hundredThousandLines() {
        ParseResult r = parse("x = 1\n".repeat(100_000));
        assertFalse(r.hasErrors());
        assertEquals(100_000, r.module().body().size());
    }

    @Test
    void longChainsOfEveryRecursiveForm() {
        tooComplex("x = " + "not ".repeat(100_000) + "x\n");
        tooComplex("x = " + "- ".repeat(100_000) + "x\n");
        tooComplex("x = " + "lambda: ".repeat(100_000) + "x\n");
        tooComplex("x = " + "lambda a=".repeat(20_000) + "1: 0\n");
        tooComplex("x = a" + ".a".repeat(100_000) + "\n");
        tooComplex("x = a" + "()".repeat(100_000) + "\n");
        tooComplex("x = " + "a if b else ".repeat(100_000) + "c\n");
        tooComplex("x = " + "a**".repeat(100_000) + "a\n");
        tooComplex("if a:\n pass\n" + "elif b:\n pass\n".repeat(100_000));
    }

    @Test
    void flatChainsAreNotTooComplex() {
        assertFalse(parse("x = " + "a < ".repeat(100_000) + "a\n").hasErrors());
        assertFalse(parse("x = " + "a and ".repeat(100_000) + "a\n").hasErrors());
        assertFalse(parse("x = " + "a, ".repeat(100_000) + "a\n").hasErrors());
        assertFalse(parse("x = [" + "1, ".repeat(100_000) + "]\n").hasErrors());
    }

    @Test
    void moderateNestingIsAccepted() {
        assertFalse(parse("x = " + "(".repeat(150) + "1" + ")".repeat(150) + "\n").hasErrors());
        assertFalse(parse("x = " + "1 + ".repeat(500) + "1\n").hasErrors());
        assertFalse(parse("x = " + "-".repeat(500) + "1\n").hasErrors());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 90; i++) {
            sb.append(" ".repeat(i)).append("if x:\n");
        }
        sb.append(" ".repeat(90)).append("pass\n");
        assertFalse(parse(sb.toString()).hasErrors());
    }
}
