package io.github.torchscript4j.checker.syntax;

/**
 * Recognizes Python 3.11's hard keywords directly in a character buffer, so the {@link Lexer}
 * need not allocate a string per identifier.
 *
 * <p>Soft keywords ({@code match}, {@code case}, {@code _}) are not recognized here: they stay
 * {@link TokenKind#NAME}s. {@code async} and {@code await} are keywords (always, since 3.7).
 */
final class LexerKeywords {
    private LexerKeywords() {}

    /** The keyword kind spelled by {@code buf[start, start + len)}, or {@link TokenKind#NAME}. */
    static TokenKind lookup(char[] buf, int start, int len) {
        if (len < 2 || len > 8) {
            return TokenKind.NAME;
        }
        char c0 = buf[start];
        switch (c0) {
            case 'F':
                return is(buf, start, len, "False") ? TokenKind.FALSE : TokenKind.NAME;
            case 'N':
                return is(buf, start, len, "None") ? TokenKind.NONE : TokenKind.NAME;
            case 'T':
                return is(buf, start, len, "True") ? TokenKind.TRUE : TokenKind.NAME;
            case 'a':
                if (is(buf, start, len, "and")) {
                    return TokenKind.AND;
                }
                if (is(buf, start, len, "as")) {
                    return TokenKind.AS;
                }
                if (is(buf, start, len, "assert")) {
                    return TokenKind.ASSERT;
                }
                if (is(buf, start, len, "async")) {
                    return TokenKind.ASYNC;
                }
                return is(buf, start, len, "await") ? TokenKind.AWAIT : TokenKind.NAME;
            case 'b':
                return is(buf, start, len, "break") ? TokenKind.BREAK : TokenKind.NAME;
            case 'c':
                if (is(buf, start, len, "class")) {
                    return TokenKind.CLASS;
                }
                return is(buf, start, len, "continue") ? TokenKind.CONTINUE : TokenKind.NAME;
            case 'd':
                if (is(buf, start, len, "def")) {
                    return TokenKind.DEF;
                }
                return is(buf, start, len, "del") ? TokenKind.DEL : TokenKind.NAME;
            case 'e':
                if (is(buf, start, len, "else")) {
                    return TokenKind.ELSE;
                }
                if (is(buf, start, len, "elif")) {
                    return TokenKind.ELIF;
                }
                return is(buf, start, len, "except") ? TokenKind.EXCEPT : TokenKind.NAME;
            case 'f':
                if (is(buf, start, len, "for")) {
                    return TokenKind.FOR;
                }
                if (is(buf, start, len, "from")) {
                    return TokenKind.FROM;
                }
                return is(buf, start, len, "finally") ? TokenKind.FINALLY : TokenKind.NAME;
            case 'g':
                return is(buf, start, len, "global") ? TokenKind.GLOBAL : TokenKind.NAME;
            case 'i':
                if (len == 2) {
                    char c1 = buf[start + 1];
                    return c1 == 'f' ? TokenKind.IF
                            : c1 == 'n' ? TokenKind.IN
                            : c1 == 's' ? TokenKind.IS
                            : TokenKind.NAME;
                }
                return is(buf, start, len, "import") ? TokenKind.IMPORT : TokenKind.NAME;
            case 'l':
                return is(buf, start, len, "lambda") ? TokenKind.LAMBDA : TokenKind.NAME;
            case 'n':
                if (is(buf, start, len, "not")) {
                    return TokenKind.NOT;
                }
                return is(buf, start, len, "nonlocal") ? TokenKind.NONLOCAL : TokenKind.NAME;
            case 'o':
                return is(buf, start, len, "or") ? TokenKind.OR : TokenKind.NAME;
            case 'p':
                return is(buf, start, len, "pass") ? TokenKind.PASS : TokenKind.NAME;
            case 'r':
                if (is(buf, start, len, "return")) {
                    return TokenKind.RETURN;
                }
                return is(buf, start, len, "raise") ? TokenKind.RAISE : TokenKind.NAME;
            case 't':
                return is(buf, start, len, "try") ? TokenKind.TRY : TokenKind.NAME;
            case 'w':
                if (is(buf, start, len, "while")) {
                    return TokenKind.WHILE;
                }
                return is(buf, start, len, "with") ? TokenKind.WITH : TokenKind.NAME;
            case 'y':
                return is(buf, start, len, "yield") ? TokenKind.YIELD : TokenKind.NAME;
            default:
                return TokenKind.NAME;
        }
    }

    private static boolean is(char[] buf, int start, int len, String word) {
        if (word.length() != len) {
            return false;
        }
        for (int i = 1; i < len; i++) {
            if (buf[start + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
