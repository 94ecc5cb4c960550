package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Diagnostic;
import java.util.List;

/**
 * What the {@link Lexer} produces: the tokens (ending in one {@link TokenKind#ENDMARKER}), the
 * {@code # type:} comments found (each a token whose range is the whole comment), and the
 * tokenizer's diagnostics. Comments other than type comments are not tokens.
 */
public record LexResult(List<Token> tokens, List<Token> typeComments, List<Diagnostic> diagnostics) {
    public LexResult {
        tokens = List.copyOf(tokens);
        typeComments = List.copyOf(typeComments);
        diagnostics = List.copyOf(diagnostics);
    }
}
