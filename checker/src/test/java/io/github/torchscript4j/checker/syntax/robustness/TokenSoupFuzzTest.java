package io.github.torchscript4j.checker.syntax.robustness;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds random "token soup" -- sequences drawn from Python's token vocabulary (keywords, soft
 * keywords, operators, brackets, string and number literals of every form, names, comments,
 * newlines, indentation, continuation lines) -- through the decoder, the parser and the dumper,
 * and checks {@link ParseInvariants}: nothing escapes, nothing hangs, every range lies in the file.
 *
 * <p>It does not check what the tree looks like or which errors are reported. Tries are kept low
 * (and seeds fixed) for the normal build; widen the search with {@code -Dtorchscript4j.fuzz.scale=N}
 * and {@code -Dtorchscript4j.fuzz.seed=random} (see {@link Fuzz}), e.g.
 * {@code mvn -pl checker test -Dtest='*FuzzTest' -Dtorchscript4j.fuzz.scale=50}.
 */
class TokenSoupFuzzTest {

    static final List<String> KEYWORDS = List.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
            "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
            "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
            "try", "while", "with", "yield", "match", "case", "_", "type", "print", "exec");

    static final List<String> OPERATORS = List.of(
            "(", ")", "[", "]", "{", "}", ":", ",", ";", "+", "-", "*", "/", "|", "&", "<", ">", "=",
            ".", "%", "==", "!=", "<=", ">=", "~", "^", "<<", ">>", "**", "+=", "-=", "*=", "/=",
            "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "//", "//=", "@", "@=", "->", "...", ":=",
            "!", "$", "?", "`", "<>", "\\");

    static final List<String> LITERALS = List.of(
            "0", "1", "00", "0_0", "1_000", "0x1F", "0o17", "0b101", "0b2", "09", "1.", ".5", "1e10",
            "1E-3", "1.5j", "1J", "3_.0", "1__0", "0x", "1e", "123456789012345678901234567890",
            "'a'", "\"b\"", "''", "'''doc'''", "\"\"\"x\ny\"\"\"", "r'\\d'", "b'\\x00'", "rb'\\'",
            "u'x'", "f'{x}'", "f'{x!r:>{w}}'", "f'{{}}'", "f'{'", "f'{x=}'", "'\\N{DASH}'", "'\\N{'",
            "'\\777'", "'\\q'", "b'\u00e9'", "'unterminated", "\"\"\"unterminated", "'\\\n'",
            "F\"{a['k']}\"", "Rb'''x'''", "br''", "ub''", "'\\u12'", "'\\U0010ffff'", "'\\U00110000'");

    static final List<String> NAMES = List.of(
            "x", "y", "self", "Tensor", "_x", "\u00e9t\u00e9", "\u4e2d", "x\u0301", "\u2160",
            "a1", "__init__", "\ud835\udc00", "\u00b7", "\u2028", "\u00a0", "\ufeff");

    static final List<String> LAYOUT = List.of(
            "\n", "\n", "\n    ", "\n        ", "\n\t", "\n  \t", "\r\n", "\r", " \\\n", "# c\n",
            "# type: int\n", "# type: ignore\n", "\f", "\u000b", "\0", "  ", "\n\n", ";");

    private static final List<List<String>> VOCABULARY = List.of(KEYWORDS, OPERATORS, LITERALS, NAMES, LAYOUT);
    private static final int[] WEIGHTS = {4, 6, 3, 5, 3};
    private static final List<String> SEPARATORS = List.of(" ", " ", " ", "", "  ");

    /** Up to 80 vocabulary pieces, each followed by a blank or nothing. */
    static String soup(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(81);
        for (int i = 0; i < n; i++) {
            sb.append(Fuzz.pickWeighted(r, WEIGHTS, VOCABULARY)).append(Fuzz.pick(r, SEPARATORS));
        }
        return sb.toString();
    }

    /** Statement-shaped soup: up to 15 lines of a few pieces each, indented by a random amount. */
    static String lines(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(15);
        for (int i = 0; i < n; i++) {
            sb.append(Fuzz.pick(r, List.of("", "", "    ", "        ", "\t", "  ")));
            int pieces = 1 + r.nextInt(8);
            for (int j = 0; j < pieces; j++) {
                sb.append(j == 0 ? "" : " ").append(Fuzz.pick(r, Fuzz.pick(r, List.of(KEYWORDS, OPERATORS, LITERALS, NAMES))));
            }
            sb.append(Fuzz.pick(r, List.of(":", "", "", ","))).append('\n');
        }
        return sb.toString();
    }

    @Test
    void tokenSoupNeverBreaksTheParser() {
        Fuzz.check("tokenSoup", 400, TokenSoupFuzzTest::soup, ParseInvariants::checkText, Fuzz.STRINGS,
                Fuzz::javaLiteral);
    }

    @Test
    void tokenSoupEndingInANewlineNeverBreaksTheParser() {
        Fuzz.check("tokenSoupNewline", 200, r -> soup(r) + "\n", ParseInvariants::checkText, Fuzz.STRINGS,
                Fuzz::javaLiteral);
    }

    @Test
    void statementShapedSoupNeverBreaksTheParser() {
        Fuzz.check("statementSoup", 200, TokenSoupFuzzTest::lines, ParseInvariants::checkText, Fuzz.STRINGS,
                Fuzz::javaLiteral);
    }
}
