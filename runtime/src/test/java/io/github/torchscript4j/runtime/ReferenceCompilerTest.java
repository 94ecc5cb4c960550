package io.github.torchscript4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.runtime.ReferenceCompiler.Rejection;
import io.github.torchscript4j.runtime.ReferenceCompiler.Verdict;
import java.util.OptionalInt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link ReferenceCompiler}: libtorch's verdicts, the first line and line number read from its
 * messages, and what the native front end does not accept. Loads libtorch in this JVM.
 */
@Tag("native")
class ReferenceCompilerTest {

    @Test
    void acceptsAValidCompilationUnit() {
        Verdict verdict = ReferenceCompiler.compile("""
                def helper(x: Tensor) -> Tensor:
                    return torch.relu(x) + 1

                def f(x: Tensor, n: int) -> List[Tensor]:
                    return [helper(x) for _ in range(n)]
                """);
        assertTrue(verdict.accepted(), verdict::toString);
        assertEquals("accepted", verdict.toString());
    }

    @Test
    void aMissingFinalNewlineIsNoError() {
        assertTrue(ReferenceCompiler.compile("def f(x: int) -> int:\n    return x").accepted());
        assertTrue(ReferenceCompiler.compile("").accepted());
    }

    @Test
    void anUndefinedValueIsRejectedWithItsLine() {
        Rejection rejection = rejected("""
                def f(x: Tensor) -> Tensor:
                    a = x
                    return a + y
                """);
        assertEquals("undefined value y", rejection.message());
        assertEquals(OptionalInt.of(3), rejection.line());
        assertTrue(rejection.report().contains("<--- HERE"), rejection.report());
        assertEquals("line 3: undefined value y", rejection.toString());
    }

    @Test
    void theLineIsTheFirstExcerptsWhereTheMessageHasSeveral() {
        Rejection rejection = rejected("""
                def f(x: int) -> int:
                    if x > 0:
                        y = 1
                    return y
                """);
        assertEquals("y is not defined in the false branch", rejection.message());
        assertEquals(OptionalInt.of(2), rejection.line());
        assertTrue(rejection.report().contains("and was used here"), rejection.report());
    }

    @Test
    void aSchemaMismatchKeepsItsFirstLineAndThePositionOfTheCall() {
        Rejection rejection = rejected("""
                def f(x: Optional[Tensor]) -> Tensor:
                    return x + 1
                """);
        assertEquals("Arguments for call are not valid.", rejection.message());
        assertEquals(OptionalInt.of(2), rejection.line());
        assertTrue(rejection.report().contains("aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor"),
                rejection.report());
    }

    @Test
    void syntaxErrorsOfLibtorchsParser() {
        assertEquals("line 1: expected ident but found ':' here", rejected("def f(:\n").toString());
        assertEquals("line 4: expected ident but found 'else' here", rejected("""
                def f(n: int) -> int:
                    for i in range(n):
                        pass
                    else:
                        pass
                    return n
                """).toString());
    }

    @Test
    void onlyTopLevelDefsAreACompilationUnit() {
        assertEquals("line 1: expected def but found 'import' here", rejected("import torch\n").toString());
        assertEquals("line 1: expected def but found '@' here", rejected("@torch.jit.script\ndef f(x):\n    return x\n").toString());
        assertEquals("line 1: expected def but found 'class' here", rejected("class A:\n    pass\n").toString());
    }

    @Test
    void theNativeResolverKnowsOnlyTorch() {
        assertEquals("line 2: undefined value math", rejected("def f(x: float) -> float:\n    return math.sqrt(x)\n").toString());
        assertTrue(ReferenceCompiler.compile("def f(x: float) -> float:\n    return torch.sqrt(x)\n").accepted());
    }

    @Test
    void deepNestingDoesNotOverflowTheNativeStack() {
        // 5,000 levels crashed the JVM on a thread with the default stack.
        String nested = "(".repeat(5_000) + "1" + ")".repeat(5_000);
        assertTrue(ReferenceCompiler.compile("def f() -> int:\n    return " + nested + "\n").accepted());
    }

    @Test
    void aReportWithoutAnExcerptIsKeptWhole() {
        Rejection rejection = Rejection.fromReport("something failed:\nno excerpt here");
        assertEquals("something failed:", rejection.message());
        assertEquals(OptionalInt.empty(), rejection.line());
        assertEquals("something failed:\nno excerpt here", rejection.report());
        assertEquals("", Rejection.fromReport(null).message());
    }

    private static Rejection rejected(String source) {
        Verdict verdict = ReferenceCompiler.compile(source);
        assertTrue(!verdict.accepted(), () -> "libtorch accepted:\n" + source);
        return verdict.rejection().orElseThrow();
    }
}
