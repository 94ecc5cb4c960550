package io.github.torchscript4j.checker.syntax.robustness;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.AstDump;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pathological but legal-looking inputs: nesting tens of thousands deep, megabyte lines and
 * literals, a hundred thousand lines, long chains. Each must come back as a tree or as a
 * diagnostic -- never a {@link StackOverflowError} or {@link OutOfMemoryError} -- on the default
 * thread stack, and {@link AstDump} of the result must not overflow either. Where CPython 3.11's
 * {@code ast.parse} accepts the input we require no error; where CPython gives up
 * ({@code MemoryError}, {@code RecursionError}) either a tree or a diagnostic is fine.
 *
 * <p>The time limit is a hang detector only; this class asserts nothing about speed.
 */
class ExtremeInputsTest {
    private static final Duration HANG_LIMIT = Duration.ofSeconds(60);

    /** What to require besides robustness. */
    private enum Expect { NO_ERROR, ERROR, EITHER }

    @Test
    void tenThousandNestedParentheses() {
        check("parens", "(".repeat(10_000) + "x" + ")".repeat(10_000) + "\n", Expect.ERROR);
    }

    @Test
    void tenThousandNestedBrackets() {
        check("brackets", "[".repeat(10_000) + "]".repeat(10_000) + "\n", Expect.ERROR);
    }

    @Test
    void tenThousandUnclosedBraces() {
        check("braces", "x = " + "{".repeat(10_000) + "\n", Expect.ERROR);
    }

    @Test
    void twoHundredNestedParenthesesAreFine() {
        check("parens200", "(".repeat(200) + "x" + ")".repeat(200) + "\n", Expect.NO_ERROR);
    }

    @Test
    void hundredThousandNots() {
        check("nots", "not ".repeat(100_000) + "x\n", Expect.EITHER);
    }

    @Test
    void hundredThousandUnaryMinus() {
        check("minus", "-".repeat(100_000) + "x\n", Expect.EITHER);
    }

    @Test
    void hundredThousandAwaitsAndStars() {
        check("power", "x" + " ** x".repeat(100_000) + "\n", Expect.EITHER);
    }

    @Test
    void megabyteLineOfAdditions() {
        check("sum", "x = 1" + "+1".repeat(500_000) + "\n", Expect.EITHER);
    }

    @Test
    void megabyteStringLiteral() {
        check("string", "x = \"" + "a".repeat(1_000_000) + "\"\n", Expect.NO_ERROR);
    }

    @Test
    void megabyteTripleQuotedStringOfLines() {
        check("docstring", "\"\"\"" + "line\n".repeat(200_000) + "\"\"\"\n", Expect.NO_ERROR);
    }

    @Test
    void megabyteUnterminatedString() {
        check("unterminated", "x = '" + "a".repeat(1_000_000) + "\n", Expect.ERROR);
    }

    @Test
    void megabyteIdentifier() {
        check("identifier", "a".repeat(1_000_000) + " = 1\n", Expect.NO_ERROR);
    }

    /** CPython: "Exceeds the limit (4300 digits) for integer string conversion: value has 100000 digits; ...". */
    @Test
    void hundredThousandDigitDecimalNumber() {
        check("decimal", "x = " + "9".repeat(100_000) + "\n", Expect.ERROR);
    }

    /** Leading zeros do not count towards CPython's 4300-digit limit: this is {@code 0}. */
    @Test
    void fiveThousandZeros() {
        check("zeros", "x = " + "0".repeat(5_000) + "\n", Expect.NO_ERROR);
    }

    /** Hexadecimal literals have no digit limit in CPython; 200,000 digits parse in milliseconds there. */
    @Test
    void twoHundredThousandDigitHexNumber() {
        check("hex", "x = 0x" + "f".repeat(200_000) + "\n", Expect.NO_ERROR);
    }

    @Test
    void megabyteComment() {
        check("comment", "#" + "c".repeat(1_000_000) + "\nx = 1\n", Expect.NO_ERROR);
    }

    @Test
    void hundredThousandSimpleLines() {
        check("lines", "x = 1\n".repeat(100_000), Expect.NO_ERROR);
    }

    @Test
    void hundredThousandLinesOfBlocksNestedToTheIndentationLimit() {
        StringBuilder block = new StringBuilder();
        for (int depth = 0; depth < 99; depth++) {
            block.append(" ".repeat(depth)).append("if x:\n");
        }
        block.append(" ".repeat(99)).append("pass\n");
        check("nested-blocks", block.toString().repeat(1_000), Expect.NO_ERROR);
    }

    @Test
    void blocksNestedOneLevelPastTheIndentationLimit() {
        StringBuilder block = new StringBuilder();
        for (int depth = 0; depth < 100; depth++) {
            block.append(" ".repeat(depth)).append("if x:\n");
        }
        block.append(" ".repeat(100)).append("pass\n");
        check("too-deep-blocks", block.toString(), Expect.ERROR);
    }

    @Test
    void blocksNestedTenThousandDeep() {
        StringBuilder text = new StringBuilder();
        for (int depth = 0; depth < 10_000; depth++) {
            text.append(" ".repeat(depth)).append("if x:\n");
        }
        text.append(" ".repeat(10_000)).append("pass\n");
        check("very-deep-blocks", text.toString(), Expect.ERROR);
    }

    @Test
    void hundredThousandDedentsAtOnce() {
        StringBuilder text = new StringBuilder();
        for (int depth = 0; depth < 99; depth++) {
            text.append(" ".repeat(depth)).append("if x:\n");
        }
        text.append(" ".repeat(99)).append("pass\n");
        check("dedents", text.toString().repeat(1_000) + "y = 2\n", Expect.NO_ERROR);
    }

    @Test
    void hundredThousandChainedComparisons() {
        check("compare", "a" + " < a".repeat(100_000) + "\n", Expect.NO_ERROR);
    }

    @Test
    void hundredThousandBooleanOperands() {
        check("boolop", "a" + " and a".repeat(100_000) + "\n", Expect.NO_ERROR);
    }

    @Test
    void hundredThousandTupleElements() {
        check("tuple", "x = (" + "1, ".repeat(100_000) + ")\n", Expect.NO_ERROR);
    }

    @Test
    void hundredThousandCallArguments() {
        check("call", "f(" + "a, ".repeat(100_000) + ")\n", Expect.NO_ERROR);
    }

    @Test
    void tenThousandLambdas() {
        check("lambda", "lambda: ".repeat(10_000) + "x\n", Expect.EITHER);
    }

    @Test
    void hundredThousandAttributes() {
        check("attributes", "a" + ".b".repeat(100_000) + "\n", Expect.EITHER);
    }

    @Test
    void hundredThousandCalls() {
        check("calls", "f" + "()".repeat(100_000) + "\n", Expect.EITHER);
    }

    @Test
    void hundredThousandSubscripts() {
        check("subscripts", "a" + "[0]".repeat(100_000) + "\n", Expect.EITHER);
    }

    @Test
    void tenThousandConditionalExpressions() {
        check("ifexp", "x = " + "a if b else ".repeat(10_000) + "c\n", Expect.EITHER);
    }

    @Test
    void tenThousandNestedFStrings() {
        check("fstring", "x = " + "f'{".repeat(10_000) + "x" + "}'".repeat(10_000) + "\n", Expect.EITHER);
    }

    @Test
    void hundredThousandStringsConcatenated() {
        check("concat", "x = (" + "'a' ".repeat(100_000) + ")\n", Expect.NO_ERROR);
    }

    @Test
    void hundredThousandAssignmentTargets() {
        check("targets", "a = ".repeat(100_000) + "1\n", Expect.NO_ERROR);
    }

    @Test
    void hundredThousandErrorsInARow() {
        check("errors", ")\n".repeat(100_000), Expect.ERROR);
    }

    @Test
    void hundredThousandDecorators() {
        check("decorators", "@d\n".repeat(100_000) + "def f(): pass\n", Expect.NO_ERROR);
    }

    @Test
    void hundredThousandElifs() {
        check("elifs", "if a: pass\n" + "elif b: pass\n".repeat(100_000), Expect.EITHER);
    }

    private static void check(String name, String text, Expect expect) {
        assertTimeoutPreemptively(HANG_LIMIT, () -> checkNow(name, text, expect),
                () -> name + ": did not finish within " + HANG_LIMIT);
    }

    private static void checkNow(String name, String text, Expect expect) {
        SourceFile file;
        ParseResult result;
        try {
            SourceDecoder.Decoded decoded = SourceDecoder.decode(name + ".py", text.getBytes(StandardCharsets.UTF_8));
            file = decoded.file();
            result = Parser.parse(file);
        } catch (StackOverflowError e) {
            throw new AssertionError(name + ": decoding or parsing overflowed the stack", e);
        } catch (OutOfMemoryError e) {
            throw new AssertionError(name + ": decoding or parsing ran out of memory", e);
        }
        assertNotNull(result.module(), name + ": no module");
        ParseInvariants.checkDiagnostics(file, result.diagnostics(), "parser");
        ParseInvariants.checkTree(file, result.module());
        boolean errors = result.diagnostics().stream().anyMatch(Diagnostic::isError);
        String dump;
        try {
            dump = AstDump.dump(result.module());
        } catch (StackOverflowError e) {
            throw new AssertionError(name + ": AstDump.dump overflowed the stack on the parsed tree", e);
        } catch (OutOfMemoryError e) {
            throw new AssertionError(name + ": AstDump.dump ran out of memory", e);
        }
        assertNotNull(dump, name + ": no dump");
        switch (expect) {
            case NO_ERROR:
                assertFalse(errors, () -> name + ": CPython accepts this, but we report " + first(result));
                break;
            case ERROR:
                assertTrue(errors, () -> name + ": CPython rejects this, but we report no error");
                break;
            case EITHER:
                break;
            default:
                throw new AssertionError(expect);
        }
    }

    private static String first(ParseResult result) {
        return result.diagnostics().isEmpty() ? "nothing" : result.diagnostics().get(0).toString()
                + " (" + result.diagnostics().size() + " diagnostics)";
    }
}
