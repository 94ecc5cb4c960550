package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Lexer}: each token family, each CPython 3.11 tokenizer error (message and line, as
 * {@code ast.parse} reports them), and large inputs. Tokens are rendered {@code KIND:text}
 * ({@code KIND} alone for NEWLINE, INDENT, DEDENT and ENDMARKER).
 */
class LexerTest {

    private static LexResult lex(String source) {
        return Lexer.lex(new SourceFile("<test>", source));
    }

    private static String tokens(String source) {
        return render(new SourceFile("<test>", source), lex(source).tokens());
    }

    private static String render(SourceFile file, List<Token> tokens) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens) {
            switch (t.kind()) {
                case NEWLINE: case INDENT: case DEDENT: case ENDMARKER:
                    out.add(t.kind().name());
                    break;
                default:
                    out.add(t.kind() + ":" + file.text().substring(t.start(), t.end()));
            }
        }
        return String.join(" ", out);
    }

    /** Diagnostics as {@code line:message}. */
    private static String errors(String source) {
        return lex(source).diagnostics().stream()
                .map(d -> d.range().startLine() + ":" + d.message())
                .collect(Collectors.joining(" | "));
    }

    private static Diagnostic onlyError(String source) {
        List<Diagnostic> ds = lex(source).diagnostics();
        assertEquals(1, ds.size(), () -> "diagnostics of " + source + ": " + ds);
        return ds.get(0);
    }

    // ------------------------------------------------------------ token families

    @Test
    void simpleStatement() {
        assertEquals("NAME:x EQUAL:= NUMBER:1 NEWLINE ENDMARKER", tokens("x = 1\n"));
    }

    @Test
    void newlineIsSynthesizedAtEndOfFile() {
        LexResult r = lex("x");
        assertEquals("NAME:x NEWLINE ENDMARKER", tokens("x"));
        Token nl = r.tokens().get(1);
        assertEquals(1, nl.start());
        assertEquals(1, nl.end());
    }

    @Test
    void newlineCoversTheTerminator() {
        LexResult r = lex("x\r\ny\rz\n");
        List<Token> nls = r.tokens().stream().filter(t -> t.is(TokenKind.NEWLINE)).toList();
        assertEquals(3, nls.size());
        assertEquals(List.of(1, 3), List.of(nls.get(0).start(), nls.get(0).end()));
        assertEquals(List.of(4, 5), List.of(nls.get(1).start(), nls.get(1).end()));
        assertEquals(List.of(6, 7), List.of(nls.get(2).start(), nls.get(2).end()));
    }

    @Test
    void emptyFileIsJustAnEndmarker() {
        assertEquals("ENDMARKER", tokens(""));
        assertEquals("ENDMARKER", tokens("\n\n  \n# comment\n   # another"));
    }

    @Test
    void keywordsAndSoftKeywords() {
        assertEquals("FALSE:False NONE:None TRUE:True AND:and AS:as ASSERT:assert ASYNC:async "
                + "AWAIT:await BREAK:break CLASS:class CONTINUE:continue DEF:def DEL:del ELIF:elif "
                + "ELSE:else EXCEPT:except FINALLY:finally FOR:for FROM:from GLOBAL:global IF:if "
                + "IMPORT:import IN:in IS:is LAMBDA:lambda NONLOCAL:nonlocal NOT:not OR:or "
                + "PASS:pass RAISE:raise RETURN:return TRY:try WHILE:while WITH:with YIELD:yield "
                + "NAME:match NAME:case NAME:_ NAME:print NAME:iff NAME:Nonex NEWLINE ENDMARKER",
                tokens("False None True and as assert async await break class continue def del "
                        + "elif else except finally for from global if import in is lambda nonlocal "
                        + "not or pass raise return try while with yield match case _ print iff Nonex"));
    }

    @Test
    void unicodeNames() {
        assertEquals("NAME:é EQUAL:= NAME:ﬁ NAME:𝔘𝔫𝔦 NAME:_ü1 NAME:x·y NEWLINE ENDMARKER",
                tokens("é = ﬁ 𝔘𝔫𝔦 _ü1 x·y"));
        assertEquals("", errors("é = ﬁ 𝔘𝔫𝔦 _ü1 x·y"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0", "00", "0_0", "123", "1_000_000", "0x_1f", "0XFF", "0o17_7", "0O7", "0b1_0", "0B1",
        "1.", "1.5", ".5", "1e5", "1E-5", "1.5e+10", "1_0.0_1e1_0", "5j", "5.J", "1.e5j", "09.5",
        "00.5j", "0e0", "0j", "1_2j",
    })
    void numbers(String number) {
        assertEquals("NUMBER:" + number + " NEWLINE ENDMARKER", tokens(number));
        assertEquals("", errors(number));
    }

    @Test
    void numberFollowedByKeywordIsAccepted() {
        assertEquals("NUMBER:1 IF:if NUMBER:1 ELSE:else NUMBER:2 NEWLINE ENDMARKER", tokens("1if 1else 2"));
        assertEquals("NUMBER:0x1f OR:or NUMBER:0b1 AND:and NUMBER:0o7 IN:in NAME:x NEWLINE ENDMARKER",
                tokens("0x1for 0b1and 0o7in x"));
        assertEquals("NUMBER:1 NOT:not IN:in NAME:x NUMBER:1 IS:is NUMBER:2 FOR:for NEWLINE ENDMARKER",
                tokens("1not in x 1is 2for"));
        assertEquals("", errors("1if 1else 2\n0x1for 0b1and 0o7in x\n1not in x"));
    }

    @Test
    void attributeOfIntegerNeedsASpace() {
        assertEquals("NUMBER:1 DOT:. NAME:real NEWLINE ENDMARKER", tokens("1 .real"));
        assertEquals("1:invalid decimal literal", errors("1.real"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'a'", "\"a\"", "''", "\"\"", "'''a'''", "\"\"\"a\"\"\"", "''''''", "r'\\\\'", "r'\\''", "b'x'", "B'x'", "br'x'",
        "Rb'x'", "bR'x'", "RB'x'", "u'x'", "U'x'", "f'x'", "F'x'", "fr'x'", "Rf'x'", "rF'x'", "FR'x'",
        "'a\\'b'", "\"a\\\"b\"", "'''a'b''c'''", "'''a\\'''b'''", "'a\\\\'", "f'{x!r:>{w}}'",
    })
    void strings(String string) {
        assertEquals("STRING:" + string + " NEWLINE ENDMARKER", tokens(string));
        assertEquals("", errors(string));
    }

    @Test
    void invalidPrefixesAreNames() {
        assertEquals("NAME:ur STRING:'x' NAME:bu STRING:'x' NAME:fb STRING:'x' NAME:rr STRING:'x' NEWLINE ENDMARKER",
                tokens("ur'x' bu'x' fb'x' rr'x'"));
    }

    @Test
    void stringsSpanningLines() {
        assertEquals("NAME:x EQUAL:= STRING:'''a\nb''' NEWLINE NAME:y NEWLINE ENDMARKER", tokens("x = '''a\nb'''\ny"));
        assertEquals("STRING:'a\\\nb' NEWLINE ENDMARKER", tokens("'a\\\nb'"));
        assertEquals("STRING:'a\\\r\nb' NEWLINE ENDMARKER", tokens("'a\\\r\nb'"));
        assertEquals("STRING:\"\"\"x\"\"\" STRING:\"y\" NEWLINE ENDMARKER", tokens("\"\"\"x\"\"\"\"y\""));
    }

    @Test
    void operatorsByLongestMatch() {
        String ops = "( ) [ ] : , ; + - * / | & < > = . % { } == != <= >= ~ ^ << >> ** += -= *= /= %= &= |= "
                + "^= <<= >>= **= // //= @ @= -> ... :=";
        String expected = "LPAR RPAR LSQB RSQB COLON COMMA SEMI PLUS MINUS STAR SLASH VBAR AMPER LESS "
                + "GREATER EQUAL DOT PERCENT LBRACE RBRACE EQEQUAL NOTEQUAL LESSEQUAL GREATEREQUAL TILDE "
                + "CIRCUMFLEX LEFTSHIFT RIGHTSHIFT DOUBLESTAR PLUSEQUAL MINEQUAL STAREQUAL SLASHEQUAL "
                + "PERCENTEQUAL AMPEREQUAL VBAREQUAL CIRCUMFLEXEQUAL LEFTSHIFTEQUAL RIGHTSHIFTEQUAL "
                + "DOUBLESTAREQUAL DOUBLESLASH DOUBLESLASHEQUAL AT ATEQUAL RARROW ELLIPSIS COLONEQUAL "
                + "NEWLINE ENDMARKER";
        String kinds = lex(ops).tokens().stream().map(t -> t.kind().name()).collect(Collectors.joining(" "));
        assertEquals(expected, kinds);
        assertEquals("", errors(ops));
        assertEquals("DOUBLESTAREQUAL:**= ELLIPSIS:... DOT:. DOUBLESLASHEQUAL://= MINUS:- GREATER:> NEWLINE ENDMARKER",
                tokens("**=....//=- >"));
        assertEquals("LPAR:( RPAR:) DOT:. DOT:. NAME:x NEWLINE ENDMARKER", tokens("().. x"));
    }

    // ------------------------------------------------------------ lines and indentation

    @Test
    void indentAndDedent() {
        assertEquals("IF:if NAME:x COLON:: NEWLINE INDENT NAME:y NEWLINE IF:if NAME:z COLON:: NEWLINE "
                + "INDENT PASS:pass NEWLINE DEDENT DEDENT NAME:w NEWLINE ENDMARKER",
                tokens("if x:\n  y\n  if z:\n      pass\nw\n"));
    }

    @Test
    void dedentsAtEndOfFile() {
        assertEquals("IF:if NAME:x COLON:: NEWLINE INDENT IF:if NAME:y COLON:: NEWLINE INDENT PASS:pass "
                + "NEWLINE DEDENT DEDENT ENDMARKER", tokens("if x:\n if y:\n  pass"));
    }

    @Test
    void blankAndCommentLinesGiveNoTokens() {
        assertEquals("IF:if NAME:x COLON:: NEWLINE INDENT NAME:y NEWLINE NAME:z NEWLINE DEDENT ENDMARKER",
                tokens("if x:\n\n    y\n# c\n        # d\n  \t \n    z\n"));
    }

    @Test
    void unexpectedIndentIsTheParsersJob() {
        assertEquals("INDENT NAME:x NEWLINE DEDENT ENDMARKER", tokens("  x\n"));
        assertEquals("", errors("  x\n"));
    }

    @Test
    void tabsAdvanceToMultiplesOfEight() {
        assertEquals("", errors("if x:\n\ty\n\tz\n"));
        assertEquals("", errors("if x:\n  \ty\n  \tz\n"));
        assertEquals("IF:if NAME:x COLON:: NEWLINE INDENT NAME:y NEWLINE NAME:z NEWLINE DEDENT ENDMARKER",
                tokens("if x:\n\ty\n\tz\n"));
    }

    @Test
    void formFeedResetsTheColumn() {
        assertEquals("NAME:x NEWLINE ENDMARKER", tokens("\fx\n"));
        assertEquals("3:unindent does not match any outer indentation level", errors("def f():\n\tpass\n\f  pass\n"));
    }

    @Test
    void tabError() {
        Diagnostic d = onlyError("if 1:\n\tx = 1\n        y = 2\n");
        assertEquals(Code.TAB_ERROR, d.code());
        assertEquals("inconsistent use of tabs and spaces in indentation", d.message());
        assertEquals(3, d.range().startLine());
        assertEquals("3:inconsistent use of tabs and spaces in indentation", errors("if 1:\n        x = 1\n\ty = 2\n"));
        assertEquals("3:inconsistent use of tabs and spaces in indentation", errors("if 1:\n    if 2:\n\tx = 1\n"));
    }

    @Test
    void unindentDoesNotMatch() {
        Diagnostic d = onlyError("if x:\n  a\n b\n");
        assertEquals(Code.INDENTATION_ERROR, d.code());
        assertEquals("unindent does not match any outer indentation level", d.message());
        assertEquals(3, d.range().startLine());
    }

    @Test
    void tooManyLevelsOfIndentation() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append(" ".repeat(i)).append("if x:\n");
        }
        sb.append(" ".repeat(100)).append("pass\n");
        Diagnostic d = onlyError(sb.toString());
        assertEquals(Code.INDENTATION_ERROR, d.code());
        assertEquals("too many levels of indentation", d.message());
        assertEquals(101, d.range().startLine());
        // 99 levels are fine.
        StringBuilder ok = new StringBuilder();
        for (int i = 0; i < 99; i++) {
            ok.append(" ".repeat(i)).append("if x:\n");
        }
        ok.append(" ".repeat(99)).append("pass\n");
        assertEquals("", errors(ok.toString()));
    }

    @Test
    void implicitLineJoining() {
        assertEquals("NAME:x EQUAL:= LPAR:( NUMBER:1 COMMA:, LSQB:[ NUMBER:2 RSQB:] COMMA:, LBRACE:{ "
                + "NUMBER:3 RBRACE:} RPAR:) NEWLINE NAME:y NEWLINE ENDMARKER",
                tokens("x = (1,\n  [2\n],\n\n # c\n{3}\n        )\ny\n"));
    }

    @Test
    void backslashContinuation() {
        assertEquals("NAME:x EQUAL:= NUMBER:1 PLUS:+ NUMBER:2 NEWLINE ENDMARKER", tokens("x = 1 + \\\n    2\n"));
        assertEquals("NAME:x EQUAL:= NUMBER:1 PLUS:+ NUMBER:2 NEWLINE ENDMARKER", tokens("x = 1 + \\\r\n2\n"));
        // A continued line followed by a blank line ends the statement there.
        assertEquals("NAME:x NEWLINE NAME:y NEWLINE ENDMARKER", tokens("x \\\n\ny\n"));
        // A line of just a backslash is blank.
        assertEquals("NAME:x NEWLINE ENDMARKER", tokens("\\\n\nx\n"));
    }

    @Test
    void indentationIsFixedByTheFirstContinuationBackslash() {
        assertEquals("", errors("if x:\n  a\n  \\\n    b\n"));
        assertEquals("IF:if NAME:x COLON:: NEWLINE INDENT NAME:a NEWLINE INDENT NAME:b NEWLINE DEDENT DEDENT ENDMARKER",
                tokens("if x:\n  a\n    \\\n  b\n"));
    }

    @Test
    void unexpectedCharacterAfterContinuation() {
        Diagnostic d = onlyError("x = 1 \\ 2\n");
        assertEquals("unexpected character after line continuation character", d.message());
        assertEquals(Code.TOKEN_ERROR, d.code());
        assertEquals("NAME:x EQUAL:= NUMBER:1 ERRORTOKEN:\\ NUMBER:2 NEWLINE ENDMARKER", tokens("x = 1 \\ 2\n"));
    }

    @Test
    void backslashAtEndOfFile() {
        assertEquals("1:unexpected EOF while parsing", errors("x = \\"));
        assertEquals("1:unexpected EOF while parsing", errors("x = \\\n"));
        assertEquals("2:unexpected EOF while parsing", errors("x = 1\n\\\n"));
        assertEquals("2:unexpected EOF while parsing", errors("pass\n\\"));
        assertTrue(tokens("x = \\").endsWith("NEWLINE ENDMARKER"));
    }

    // ------------------------------------------------------------ comments and type comments

    @Test
    void typeComments() {
        String src = "x = []  # type: List[int]\ndef f(a,  #type:int\n      ):\n  # type: (...) -> None\n"
                + "  pass  # type: ignore[x]\n# not a type comment\n#  typo: x\n";
        SourceFile file = new SourceFile("<t>", src);
        LexResult r = Lexer.lex(file);
        List<String> texts = r.typeComments().stream()
                .map(t -> file.text().substring(t.start(), t.end())).toList();
        assertEquals(List.of("# type: List[int]", "#type:int", "# type: (...) -> None", "# type: ignore[x]"), texts);
        assertTrue(r.typeComments().stream().allMatch(t -> t.is(TokenKind.NAME)));
        assertTrue(r.tokens().stream().noneMatch(t -> t.start() == src.indexOf('#')));
    }

    // ------------------------------------------------------------ lexRegion

    @Test
    void regionIsLexedAsIfInsideBrackets() {
        String src = "f'{a +\n  b!r}' # type: (int,\n str) -> None";
        SourceFile file = new SourceFile("<r>", src);
        LexResult r = Lexer.lexRegion(file, 3, src.indexOf('!'));
        assertEquals("NAME:a PLUS:+ NAME:b ENDMARKER", render(file, r.tokens()));
        Token end = r.tokens().get(r.tokens().size() - 1);
        assertEquals(src.indexOf('!'), end.start());
        int s = src.indexOf('(');
        LexResult t = Lexer.lexRegion(file, s, src.length());
        assertEquals("LPAR:( NAME:int COMMA:, NAME:str RPAR:) RARROW:-> NONE:None ENDMARKER", render(file, t.tokens()));
        assertEquals(List.of(), t.diagnostics());
        assertEquals("ENDMARKER", render(file, Lexer.lexRegion(file, 2, 2).tokens()));
    }

    // ------------------------------------------------------------ errors

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "x = 0777 | 1:leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        "x = 0_7 | 1:leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        "x=09 | 1:leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        "x = 1_ | 1:invalid decimal literal",
        "x = 1__0 | 1:invalid decimal literal",
        "x = 1abc | 1:invalid decimal literal",
        "x = 1e | 1:invalid decimal literal",
        "x = 1e+ | 1:invalid decimal literal",
        "x = 1e-_1 | 1:invalid decimal literal",
        "x = 1e1_ | 1:invalid decimal literal",
        "x = 1.0_ | 1:invalid decimal literal",
        "x = 1.__class__ | 1:invalid decimal literal",
        "x=0_ | 1:invalid decimal literal",
        "x=0e | 1:invalid decimal literal",
        "x = 0x | 1:invalid hexadecimal literal",
        "x = 0x1_ | 1:invalid hexadecimal literal",
        "1 if 1 else 0xg | 1:invalid hexadecimal literal",
        "x = 0o | 1:invalid octal literal",
        "x = 0o8 | 1:invalid digit '8' in octal literal",
        "x = 0o18 | 1:invalid digit '8' in octal literal",
        "x = 0b | 1:invalid binary literal",
        "x = 0b1_ | 1:invalid binary literal",
        "x=0b2 | 1:invalid digit '2' in binary literal",
        "x=0b12 | 1:invalid digit '2' in binary literal",
        "x = 1jx | 1:invalid imaginary literal",
        "x = 1_2j_ | 1:invalid imaginary literal",
        "x = 0jx | 1:invalid imaginary literal",
    })
    void numberErrors(String source, String expected) {
        assertEquals(expected, errors(source + "\n"));
        LexResult r = lex(source + "\n");
        assertTrue(r.tokens().stream().anyMatch(t -> t.is(TokenKind.NUMBER)));
        assertTrue(r.diagnostics().stream().allMatch(d -> d.code() == Code.TOKEN_ERROR));
    }

    @Test
    void badNumberIsOneNumberToken() {
        assertEquals("NAME:x EQUAL:= NUMBER:1abc NEWLINE ENDMARKER", tokens("x = 1abc\n"));
        assertEquals("NAME:x EQUAL:= NUMBER:0777 NEWLINE ENDMARKER", tokens("x = 0777\n"));
    }

    @Test
    void unterminatedStrings() {
        assertEquals("1:unterminated string literal (detected at line 1)", errors("x = 'abc\n"));
        assertEquals("1:unterminated string literal (detected at line 1)", errors("x = 'abc"));
        assertEquals("1:unterminated string literal (detected at line 2)", errors("x = 'abc\\\ndef\n"));
        assertEquals("1:unterminated string literal (detected at line 1)", errors("x = 'abc\\\n"));
        assertEquals("2:unterminated string literal (detected at line 2)", errors("x = 1\ny = \"abc\n"));
        assertEquals("1:unterminated triple-quoted string literal (detected at line 2)", errors("x = '''abc\ndef\n"));
        assertEquals("1:unterminated triple-quoted string literal (detected at line 2)", errors("x = '''abc\ndef"));
        assertEquals("1:unterminated triple-quoted string literal (detected at line 4)", errors("x = '''abc\ndef\n\n\n"));
        assertEquals("1:unterminated triple-quoted string literal (detected at line 5)", errors("x = '''abc\ndef\n\n\nq"));
        // Recovery: to the end of the line, or of the file.
        assertEquals("NAME:x EQUAL:= STRING:'abc NEWLINE NAME:y NEWLINE ENDMARKER", tokens("x = 'abc\ny\n"));
        assertEquals("NAME:x EQUAL:= STRING:'''abc\ny\n NEWLINE ENDMARKER", tokens("x = '''abc\ny\n"));
        assertEquals(Code.TOKEN_ERROR, onlyError("x = 'abc\n").code());
    }

    @Test
    void identifiersFollowUnicode14Xid() {
        // U+0870 ARABIC LETTER ALEF WITH ATTACHED FATHA is new in Unicode 14.
        assertEquals("", errors("\u0870 = 1\n"));
        // U+037A GREEK YPOGEGRAMMENI is ID_Start but not XID_Start.
        assertEquals("1:invalid character '\u037a' (U+037A)", errors("\u037a = 1\n"));
        // U+00B7 MIDDLE DOT continues but cannot start a name.
        assertEquals("1:invalid character '\u00b7' (U+00B7)", errors("\u00b7x = 1\n"));
    }

    @Test
    void invalidCharacters() {
        assertEquals("1:invalid character '€' (U+20AC)", errors("x = a€b\n"));
        assertEquals("1:invalid character '¬' (U+00AC)", errors("x = 5 ¬ 3\n"));
        assertEquals("1:invalid non-printable character U+00A0", errors("x = \u00a0\n"));
        assertEquals("1:invalid non-printable character U+200B", errors("x\u200b = 1\n"));
        assertEquals("1:invalid non-printable character U+FEFF", errors("\ufeffx = 1\n"));
        assertEquals("1:invalid non-printable character U+0001", errors("a \u0001 b\n"));
        assertEquals("1:invalid character '😀' (U+1F600)", errors("x = 😀\n"));
        assertEquals("NAME:x EQUAL:= ERRORTOKEN:a€b NEWLINE ENDMARKER", tokens("x = a€b\n"));
    }

    @Test
    void invalidSyntaxCharacters() {
        assertEquals("1:invalid syntax", errors("a ! b\n"));
        assertEquals("1:invalid syntax", errors("a $ b\n"));
        assertEquals("1:invalid syntax", errors("a ? b\n"));
        assertEquals("1:invalid syntax", errors("a ` b\n"));
        assertEquals("1:invalid syntax", errors("a <> b\n"));
        assertEquals("NAME:a ERRORTOKEN:<> NAME:b NEWLINE ENDMARKER", tokens("a <> b\n"));
    }

    @Test
    void neverClosedOnlyWhenNoTokenizerErrorCameFirst() {
        assertEquals("1:unterminated string literal (detected at line 1)", errors("f(x, 'a\n"));
        assertEquals("1:invalid syntax | 1:'(' was never closed", errors("f(x ? y\n"));
        assertEquals(Code.SYNTAX_ERROR, lex("a ? b").diagnostics().get(0).code());
    }

    @Test
    void badBackslashBeforeIndentationIsReportedFirst() {
        assertEquals("3:unexpected character after line continuation character",
                errors("if x:\n    a\n   \\ b\n"));
    }

    @Test
    void numberFollowedByLongerWord() {
        assertEquals("1:invalid decimal literal", errors("x = 1orb\n"));
        assertEquals("1:invalid decimal literal", errors("x = 1andy\n"));
        assertEquals("1:invalid decimal literal", errors("x = 1elsex\n"));
        assertEquals("NUMBER:1 NAME:ifx NEWLINE ENDMARKER", tokens("1ifx"));
        assertEquals("NUMBER:1 ERRORTOKEN:€o NEWLINE ENDMARKER", tokens("1€o"));
        assertEquals("1:invalid character '€' (U+20AC)", errors("1€o"));
    }

    @Test
    void nullBytes() {
        assertEquals("2:source code string cannot contain null bytes", errors("x = 1\n\u0000\n'\u0000'\n"));
        assertEquals("1:source code string cannot contain null bytes", errors(" e\u0000"));
        // CPython refuses the source outright: no tokens, no other error, even an earlier one.
        assertEquals("ENDMARKER", tokens("x = 1\n)\n'\u0000\n"));
        assertEquals("3:source code string cannot contain null bytes", errors("x = 1\n)\n'\u0000\n"));
    }

    /** Through the parser too: the NUL's error is the only one (CPython 3.11: a SyntaxError, no line). */
    @Test
    void nullBytesAreTheOnlyErrorOfTheFile() {
        for (String text : new String[] {"-\n\u0000", "\n\n\"\n\t\n)\u0000", "def f(:\n  pass\n# \u0000\n"}) {
            ParseResult r = Parser.parse(new SourceFile("<t>", text));
            assertEquals(1, r.diagnostics().size(), text);
            Diagnostic d = r.diagnostics().get(0);
            assertEquals(Code.TOKEN_ERROR, d.code());
            assertEquals("source code string cannot contain null bytes", d.message());
            assertEquals(text.indexOf('\u0000'), d.range().start());
            assertEquals(List.of(), r.module().body());
        }
    }

    /** CPython meets the end of the file after the backslash, inside the bracket (recorded). */
    @Test
    void backslashAtTheEndOfTheFileInsideBrackets() {
        assertEquals("1:'(' was never closed", errors("f(f(x\n\\"));
        assertEquals("1:'(' was never closed", errors("f(f(x\\"));
        assertEquals("1:'(' was never closed", errors("(\n\\\n"));
        assertEquals("2:'(' was never closed", errors("f(\n  f(x\n\\"));
        assertEquals(4, onlyError("f(f(x\\").range().startColumn());
    }

    @Test
    void brackets() {
        assertEquals("1:unmatched ')'", errors(")\n"));
        assertEquals("1:unmatched ')'", errors("x = )\n"));
        assertEquals("1:closing parenthesis ']' does not match opening parenthesis '('", errors("f(]\n"));
        assertEquals("2:closing parenthesis ']' does not match opening parenthesis '(' on line 1", errors("f(\n]\n"));
        assertEquals("1:'(' was never closed", errors("x = (1,\n"));
        assertEquals("1:'(' was never closed", errors("x = (1,\n\n\n"));
        assertEquals("2:'[' was never closed", errors("x = (1,\n  [2,\n"));
        assertEquals("1:'{' was never closed", errors("x = {"));
        assertEquals("NAME:x EQUAL:= LPAR:( NUMBER:1 COMMA:, NEWLINE ENDMARKER", tokens("x = (1,\n"));
        assertEquals("ERRORTOKEN:) NEWLINE ENDMARKER", tokens(")\n"));
    }

    @Test
    void tooManyNestedParentheses() {
        String ok = "(".repeat(200) + ")".repeat(200);
        assertEquals("", errors(ok));
        Diagnostic d = onlyError("(".repeat(201) + ")".repeat(201));
        assertEquals(Code.TOO_COMPLEX, d.code());
        assertEquals("too many nested parentheses", d.message());
        assertEquals(200, d.range().start());
    }

    // ------------------------------------------------------------ big inputs

    @Test
    void tenThousandNestedParentheses() {
        String src = "x = " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "\n";
        LexResult r = lex(src);
        assertEquals(List.of("too many nested parentheses"),
                r.diagnostics().stream().map(Diagnostic::message).toList());
        int depth = 0;
        int max = 0;
        for (Token t : r.tokens()) {
            if (t.is(TokenKind.LPAR)) {
                max = Math.max(max, ++depth);
            } else if (t.is(TokenKind.RPAR)) {
                depth--;
            }
        }
        assertEquals(200, max);
        assertEquals(0, depth);
        assertEquals(TokenKind.ENDMARKER, r.tokens().get(r.tokens().size() - 1).kind());
    }

    @Test
    void unclosedTenThousandParentheses() {
        LexResult r = lex("(".repeat(10_000));
        // CPython's tokenizer stops at its first error, so it never reaches the end of the file.
        assertEquals(List.of("too many nested parentheses"),
                r.diagnostics().stream().map(Diagnostic::message).toList());
    }

    @Test
    void oneMegabyteLine() {
        StringBuilder sb = new StringBuilder("x = [");
        while (sb.length() < 1_000_000) {
            sb.append("a1, 0x2f, 'str', 3.5e1, ");
        }
        sb.append("]\n");
        LexResult r = lex(sb.toString());
        assertEquals(List.of(), r.diagnostics());
        assertTrue(r.tokens().size() > 200_000);
        String longName = "y".repeat(1_000_000);
        assertEquals("NAME:" + longName + " NEWLINE ENDMARKER", tokens(longName));
        LexResult s = lex("'" + "s".repeat(1_000_000));
        assertEquals(1, s.diagnostics().size());
    }

    @Test
    void hundredThousandLines() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append(i % 3 == 0 ? "if x:\n" : i % 3 == 1 ? "    y = x + 1  # c\n" : "z\n");
        }
        LexResult r = lex(sb.toString());
        assertEquals(List.of(), r.diagnostics());
        long newlines = r.tokens().stream().filter(t -> t.is(TokenKind.NEWLINE)).count();
        assertEquals(100_000, newlines);
    }

    @Test
    void everyOffsetIsInsideTheFile() {
        String[] inputs = {"'", "'''", "\\", "0x", "(", "\t\tif", "f'", "1e", "\u0000", "é€", "\r", "\\\r", "'\\"};
        for (String in : inputs) {
            LexResult r = lex(in);
            for (Token t : r.tokens()) {
                assertTrue(0 <= t.start() && t.start() <= t.end() && t.end() <= in.length(), in + ": " + t);
            }
            assertEquals(TokenKind.ENDMARKER, r.tokens().get(r.tokens().size() - 1).kind());
        }
    }
}
