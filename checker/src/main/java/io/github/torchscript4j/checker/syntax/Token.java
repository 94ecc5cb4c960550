package io.github.torchscript4j.checker.syntax;

/**
 * One token: its kind and its UTF-16 offsets {@code [start, end)} in the source text. The text of
 * a token is read from the source when needed. {@link TokenKind#NEWLINE} at the end of a line
 * covers the line terminator (empty when the file ends without one); {@link TokenKind#INDENT},
 * {@link TokenKind#DEDENT} and {@link TokenKind#ENDMARKER} are empty.
 */
public record Token(TokenKind kind, int start, int end) {
    public boolean is(TokenKind k) {
        return kind == k;
    }
}
