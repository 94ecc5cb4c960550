package io.github.torchscript4j.checker.syntax.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.LexResult;
import io.github.torchscript4j.checker.syntax.Lexer;
import io.github.torchscript4j.checker.syntax.Token;
import io.github.torchscript4j.checker.syntax.TokenKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lexer's own contract on arbitrary text (token soup and mutated snippets, see
 * {@link TokenSoupFuzzTest} and {@link MutatedSnippetFuzzTest}): {@code Lexer.lex} and
 * {@code Lexer.lexRegion} return, tokens lie in the file (or region) in order without overlapping,
 * the stream ends with exactly one ENDMARKER, a region has no NEWLINE/INDENT/DEDENT, INDENTs and
 * DEDENTs balance, and diagnostics and type comments lie in the file.
 *
 * <p>It does not check which tokens come out. Widen the search with
 * {@code -Dtorchscript4j.fuzz.scale=N} and {@code -Dtorchscript4j.fuzz.seed=random} (see
 * {@link Fuzz}).
 */
class LexerFuzzTest {

    /** A region of a file, given as the file's text and the region's bounds. */
    record Region(String text, int start, int end) {}

    @Test
    void lexingTokenSoupKeepsTheTokenContract() {
        Fuzz.check("lexSoup", 300, TokenSoupFuzzTest::soup, LexerFuzzTest::checkLex, Fuzz.STRINGS, Fuzz::javaLiteral);
    }

    @Test
    void lexingMutatedSnippetsKeepsTheTokenContract() {
        Fuzz.check("lexMutants", 300, r -> new String(MutatedSnippetFuzzTest.mutant(r), StandardCharsets.UTF_8),
                LexerFuzzTest::checkLex, Fuzz.STRINGS, Fuzz::javaLiteral);
    }

    @Test
    void lexingARegionKeepsTheTokenContract() {
        Fuzz.check("lexRegion", 200, r -> {
            String text = TokenSoupFuzzTest.soup(r);
            int a = r.nextInt(text.length() + 1);
            int b = r.nextInt(text.length() + 1);
            return new Region(text, Math.min(a, b), Math.max(a, b));
        }, region -> {
            SourceFile file = new SourceFile("region.py", region.text());
            LexResult result = assertTimeoutPreemptively(ParseInvariants.HANG_LIMIT,
                    () -> Lexer.lexRegion(file, region.start(), region.end()));
            checkTokens(file, result, region.start(), region.end(), true);
        }, Fuzz.noShrinking(), r -> Fuzz.javaLiteral(r.text()) + " [" + r.start() + ", " + r.end() + ")");
    }

    private static void checkLex(String text) {
        SourceFile file = new SourceFile("lex.py", text);
        LexResult result = assertTimeoutPreemptively(ParseInvariants.HANG_LIMIT, () -> Lexer.lex(file));
        checkTokens(file, result, 0, file.length(), false);
    }

    private static void checkTokens(SourceFile file, LexResult result, int start, int end, boolean region) {
        assertNotNull(result);
        List<Token> tokens = result.tokens();
        assertFalse(tokens.isEmpty(), "no tokens, not even ENDMARKER");
        Token last = tokens.get(tokens.size() - 1);
        assertEquals(TokenKind.ENDMARKER, last.kind(), "the last token is not ENDMARKER");
        assertEquals(end, last.start(), "ENDMARKER is not at the end");
        int previousEnd = start;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            assertNotNull(t.kind());
            int at = i;
            assertTrue(t.start() >= previousEnd && t.end() >= t.start() && t.end() <= end,
                    () -> "token " + at + " " + t + " out of order or outside [" + start + "," + end + ")");
            if (i < tokens.size() - 1) {
                assertTrue(t.kind() != TokenKind.ENDMARKER, "ENDMARKER before the end at token " + i);
            }
            if (region) {
                assertTrue(t.kind() != TokenKind.NEWLINE && t.kind() != TokenKind.INDENT && t.kind() != TokenKind.DEDENT,
                        () -> "a region holds " + t);
            }
            if (t.kind() == TokenKind.INDENT) {
                depth++;
            } else if (t.kind() == TokenKind.DEDENT) {
                depth--;
                assertTrue(depth >= 0, "more DEDENTs than INDENTs at token " + i);
            }
            previousEnd = t.end();
        }
        assertEquals(0, depth, "INDENTs and DEDENTs do not balance");
        ParseInvariants.checkDiagnostics(file, result.diagnostics(), "lexer");
        for (Token c : result.typeComments()) {
            assertTrue(0 <= c.start() && c.start() <= c.end() && c.end() <= file.length(), "type comment outside the file");
        }
    }
}
