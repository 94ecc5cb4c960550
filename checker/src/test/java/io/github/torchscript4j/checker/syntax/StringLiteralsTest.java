package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ast.AstDump;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link StringLiterals} on str and bytes literals (f-strings are in {@link FStringsTest}). Every
 * expected dump and message was printed by CPython 3.11 for the same tokens.
 */
class StringLiteralsTest {

    /** The tokens of {@code (tok1 tok2 ...)} as the lexer would cut them, without the lexer. */
    static List<Token> tokens(SourceFile file, String... literals) {
        List<Token> tokens = new ArrayList<>();
        int at = 1;
        for (String literal : literals) {
            tokens.add(new Token(TokenKind.STRING, at, at + literal.length()));
            at += literal.length() + 1;
        }
        assertEquals(file.length(), at, "token offsets");
        return tokens;
    }

    static SourceFile source(String... literals) {
        return new SourceFile("t.py", "(" + String.join(" ", literals) + ")");
    }

    static void assertDump(String expected, String... literals) {
        SourceFile file = source(literals);
        List<Diagnostic> sink = new ArrayList<>();
        Expr e = StringLiterals.parse(file, tokens(file, literals), sink);
        assertEquals(List.of(), sink, () -> "diagnostics for " + String.join(" ", literals));
        assertEquals(expected, AstDump.dump(e), () -> String.join(" ", literals));
    }

    static Diagnostic assertError(String message, String... literals) {
        SourceFile file = source(literals);
        List<Diagnostic> sink = new ArrayList<>();
        Expr e = StringLiterals.parse(file, tokens(file, literals), sink);
        assertEquals(1, sink.size(), () -> "diagnostics for " + String.join(" ", literals) + ": " + sink);
        assertEquals(message, sink.get(0).message());
        assertEquals(Code.LITERAL_ERROR, sink.get(0).code());
        assertInstanceOf(Expr.Error.class, e);
        assertEquals(1, e.range().start());
        assertEquals(file.length() - 1, e.range().end());
        return sink.get(0);
    }

    @Test
    void strLiterals() {
        assertDump("Constant(value='plain')", "'plain'");
        assertDump("Constant(value='double')", "\"double\"");
        assertDump("Constant(value='')", "''");
        assertDump("Constant(value='triple')", "'''triple'''");
        assertDump("Constant(value='tri\\nple')", "\"\"\"tri\nple\"\"\"");
        assertDump("Constant(value='\\x07\\x08\\x0c\\n\\r\\t\\x0b\\'\"\\\\')", "'\\a\\b\\f\\n\\r\\t\\v\\'\\\"\\\\'");
        assertDump("Constant(value='\\x00\\nSS4')", "'\\0\\12\\123\\1234'");
        assertDump("Constant(value='\u01ff')", "'\\777'");
        assertDump("Constant(value='AJJ')", "'\\x41\\x4a\\x4A'");
        assertDump("Constant(value='\u1234\ud83d\ude00')", "'\\u1234\\U0001F600'");
        assertDump("Constant(value='\u20141')", "'\\N{EM DASH}\\N{digit one}'");
        assertDump("Constant(value='\u4e00\uac00\uac01')", "'\\N{CJK UNIFIED IDEOGRAPH-4E00}\\N{HANGUL SYLLABLE GA}\\N{HANGUL SYLLABLE GAG}'");
        assertDump("Constant(value='\\\\8\\\\d\\\\z')", "'\\8\\d\\z'");
        assertDump("Constant(value='\\\\\u00e4')", "'\\\u00e4'");
        assertDump("Constant(value='a\\nb\\nc')", "'''a\r\nb\rc'''");
        assertDump("Constant(value='\\\\x\\\\N\\\\u')", "r'\\x\\N\\u'");
        assertDump("Constant(value=\"\\\\'\")", "R'\\''");
        assertDump("Constant(value='\u00e9\u4e2d\ud83d\ude00')", "'\u00e9\u4e2d\ud83d\ude00'");
        assertDump("Constant(value='a')", "U'a'");
        assertDump("Constant(value='', kind='u')", "u''");
        assertDump("Constant(value='abc')", "'a'", "\"b\"", "'''c'''");
        assertDump("Constant(value='\\x7f')", "'\u007f'");
    }

    @Test
    void bytesLiterals() {
        assertDump("Constant(value=b'\\xff\\x00')", "b'\\xff\\400'");
        assertDump("Constant(value=b'\\\\u1234\\\\N{EM DASH}')", "b'\\u1234\\N{EM DASH}'");
        assertDump("Constant(value=b'\\\\x')", "rb'\\x'");
        assertDump("Constant(value=b'\\\\\\\\')", "Br'\\\\'");
        assertDump("Constant(value=b'ab')", "b'a'", "b'b'");
        assertDump("Constant(value=b'ab')", "b'a'", "rb'b'", "B''");
        assertDump("Constant(value=b'\\x07\\x08\\x0c\\n\\r\\t\\x0b\\'\"\\\\\\x00\\x07?\\xff\\\\8')", "b'\\a\\b\\f\\n\\r\\t\\v\\'\\\"\\\\\\0\\7\\77\\777\\8'");
        assertDump("Constant(value=b'ab')", "b'a\\\nb'");
        assertDump("Constant(value=b'a\\nb')", "b'''a\r\nb'''");
        assertDump("Constant(value=b\"it's\")", "b\"it's\"");
        assertDump("Constant(value=b'')", "b''");
        assertDump("Constant(value=b'\\x7f')", "b'\u007f'");
    }

    @Test
    void errorsUseCpythonsWords() {
        assertError("bytes can only contain ASCII literal characters", "b'\u00e4'");
        assertError("cannot mix bytes and nonbytes literals", "b'a'", "'b'");
        assertError("cannot mix bytes and nonbytes literals", "'a'", "b'b'");
        assertError("cannot mix bytes and nonbytes literals", "'a'", "'b'", "b'c'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", "'\\x1'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape", "'\\x'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape", "'\\xz1'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", "'\\x1z'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-4: truncated \\uXXXX escape", "'\\u123'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\UXXXXXXXX escape", "'\\Ux'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character", "'\\U00110000'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-6: unknown Unicode character name", "'\\N{foo}'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: malformed \\N character escape", "'\\N{}'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \\N character escape", "'\\Nx'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \\N character escape", "'\\N'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-11: malformed \\N character escape", "'\\N{DIGIT ONE'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-29: unknown Unicode character name", "'\\N{cjk unified ideograph-4e00}'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-13: unknown Unicode character name", "'\\N{ DIGIT ONE}'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape", "'\u00e4\\x1'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 16-18: truncated \\xXX escape", "'\\\u00e4\\x1'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 10-11: truncated \\xXX escape", "'\ud83d\ude00\\x'");
        assertError("(value error) invalid \\x escape at position 0", "b'\\x1'");
        assertError("(value error) invalid \\x escape at position 2", "b'ab\\xzz'");
        assertError("(value error) invalid \\x escape at position 0", "b'\\x'");
    }

    @Test
    void escapedSurrogatesStayCodePointsOfTheirOwn() {
        // Python keeps '\\ud800\\udfff' as two code points; a Java string would pair them.
        assertDump("Constant(value='\\ud800\\udfff')", "'\\ud800\\udfff'");
        assertDump("Constant(value='\\ud800\\udc00')", "'\\ud800'", "'\\udc00'");
        assertDump("Constant(value='\\ud800\\udc00')", "'\\U0000d800\\U0000dc00'");
        assertDump("Constant(value='\ud83d\ude00\\ud800\\udc00\\ud83d')", "'\ud83d\ude00\\ud800\\udc00\\ud83d'");
        assertDump("Constant(value='\\ud83d\\ude00')", "'\\ud83d\\ude00'");
        assertDump("Constant(value='a\\ud800b')", "'a\\ud800'", "'b'");
        assertDump("JoinedStr(values=[Constant(value='\\ud800\\udc00{x}')])", "f'\\ud800'", "'\\udc00{x}'");
        assertDump("JoinedStr(values=[Constant(value='\\ud800'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1), Constant(value='\\udc00')])", "f'\\ud800{x}\\udc00'");
    }

    @Test
    void theConstantCoversEveryToken() {
        SourceFile file = source("u'a'", "\"b\"");
        Expr e = StringLiterals.parse(file, tokens(file, "u'a'", "\"b\""), new ArrayList<>());
        assertEquals(1, e.range().start());
        assertEquals(file.length() - 1, e.range().end());
    }

    @Test
    void errorsAfterTheLiteralAreReportedAtItsEndLikeCpythonsNextToken() {
        Diagnostic d = assertError("cannot mix bytes and nonbytes literals", "b'a'", "'''\n'''");
        assertEquals(2, d.range().startLine());
        assertEquals(d.range().start(), d.range().end());
    }

    @Test
    void givenTheNextTokenErrorsGoWhereCpythonPutsThem() {
        // y = ("\x1"
        // )
        SourceFile file = new SourceFile("t.py", "y = (\"\\x1\"\n)\n");
        List<Diagnostic> sink = new ArrayList<>();
        Token next = new Token(TokenKind.RPAR, 11, 12);
        StringLiterals.parse(file, List.of(new Token(TokenKind.STRING, 5, 10)), next, sink);
        assertEquals(1, sink.size());
        assertEquals(2, sink.get(0).range().startLine());
        assertEquals(11, sink.get(0).range().start());
        assertEquals(12, sink.get(0).range().end());
    }

    @Test
    void nonAsciiBytesAreReportedOnTheirToken() {
        Diagnostic d = assertError("bytes can only contain ASCII literal characters", "b'a'", "b'\u00e4'");
        assertEquals(6, d.range().start());
        assertEquals(10, d.range().end());
    }

    @Test
    void malformedTokensNeverThrow() {
        // The lexer only hands over well-formed STRING tokens; should anything else slip through,
        // the result is a best effort, never an exception.
        String alphabet = "rbufRBUF'\"\\{}!:=#xN \n\r\u00e4\ud83d\ude00()[]";
        java.util.Random random = new java.util.Random(1);
        for (int n = 0; n < 20000; n++) {
            int length = random.nextInt(12);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String literal = sb.toString();
            SourceFile file = new SourceFile("t.py", literal);
            List<Diagnostic> sink = new ArrayList<>();
            Expr e = StringLiterals.parse(file, List.of(new Token(TokenKind.STRING, 0, literal.length())), sink);
            assertEquals(0, e.range().start(), literal);
        }
    }

    @Test
    void namedCharacters() {
        assertEquals(0x2014, StringLiterals.codePointNamed("EM DASH"));
        assertEquals('1', StringLiterals.codePointNamed("digit one"));
        assertEquals(0x20000, StringLiterals.codePointNamed("CJK UNIFIED IDEOGRAPH-20000"));
        assertEquals(0xD7A3, StringLiterals.codePointNamed("HANGUL SYLLABLE HIH"));
        assertEquals(-1, StringLiterals.codePointNamed("CJK UNIFIED IDEOGRAPH-4e00"));
        assertEquals(-1, StringLiterals.codePointNamed("HANGUL SYLLABLE GAX"));
        assertEquals(-1, StringLiterals.codePointNamed(" EM DASH"));
        assertEquals(-1, StringLiterals.codePointNamed("NO SUCH CHARACTER"));
        assertTrue(StringLiterals.codePointNamed("LATIN SMALL LETTER A") == 'a');
    }
}
