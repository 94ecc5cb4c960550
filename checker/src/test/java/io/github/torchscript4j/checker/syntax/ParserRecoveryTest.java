package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ast.AstDump;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Error recovery: every independent error of a file is reported once (no cascades), and the
 * statements around and after a broken one are still in the tree, as the language server needs
 * while the user types.
 */
class ParserRecoveryTest {
    private static ParseResult parse(String source) {
        return Parser.parse(new SourceFile("<test>", source));
    }

    /** "line: message" for each diagnostic. */
    private static List<String> errors(ParseResult r) {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : r.diagnostics()) {
            out.add(d.range().startLine() + ": " + d.message());
        }
        return out;
    }

    @Test
    void reportsEachBrokenStatementOnceAndKeepsTheOthers() {
        ParseResult r = parse("a = 1\nb = = 2\nc = 3\nd = (1 2 3 4)\ne = 5\n");
        assertEquals(List.of("2: invalid syntax", "4: invalid syntax. Perhaps you forgot a comma?"), errors(r));
        String dump = AstDump.dump(r.module());
        assertTrue(dump.contains("id='a'") && dump.contains("id='c'") && dump.contains("id='e'"), dump);
    }

    @Test
    void missingColonIsReportedAndTheBlockStillParsed() {
        ParseResult r = parse("if x\n    y = 1\nz = 2\n");
        assertEquals(List.of("1: expected ':'"), errors(r));
        assertEquals("Module(body=[If(test=Name(id='x', ctx=Load()), body=[Assign(targets=[Name(id='y', ctx=Store())],"
                + " value=Constant(value=1))], orelse=[]), Assign(targets=[Name(id='z', ctx=Store())],"
                + " value=Constant(value=2))], type_ignores=[])", AstDump.dump(r.module()));
    }

    @Test
    void missingBlockKeepsAnEmptyBody() {
        ParseResult r = parse("def f():\nx = 1\n");
        assertEquals(List.of("2: expected an indented block after function definition on line 1"), errors(r));
        String dump = AstDump.dump(r.module());
        assertTrue(dump.startsWith("Module(body=[FunctionDef(name='f'"), dump);
        assertTrue(dump.contains("body=[], decorator_list=[]"), dump);
        assertTrue(dump.contains("Assign(targets=[Name(id='x', ctx=Store())]"), dump);
    }

    @Test
    void brokenHeaderStillParsesItsBlockWithoutUnexpectedIndent() {
        ParseResult r = parse("for x in y z:\n    a = 1\n    b = (\n    )\nc = 2\n");
        assertEquals(List.of("1: invalid syntax"), errors(r));
        String dump = AstDump.dump(r.module());
        assertTrue(dump.contains("id='a'") && dump.contains("id='b'") && dump.contains("id='c'"), dump);
    }

    @Test
    void orphanClausesAndTheirBlocksDoNotCascade() {
        ParseResult r = parse("else:\n    x = 1\nexcept E:\n    y = 2\nz = 3\n");
        assertEquals(List.of("1: invalid syntax", "3: invalid syntax"), errors(r));
        assertTrue(AstDump.dump(r.module()).contains("id='z'"));
    }

    @Test
    void unexpectedIndentKeepsTheIndentedStatements() {
        ParseResult r = parse("a = 1\n    b = 2\n    c = 3\nd = 4\n");
        assertEquals(List.of("2: unexpected indent"), errors(r));
        String dump = AstDump.dump(r.module());
        assertTrue(dump.contains("id='b'") && dump.contains("id='c'") && dump.contains("id='d'"), dump);
    }

    @Test
    void independentErrorsInNestedBlocksAreAllReported() {
        ParseResult r = parse("class A:\n    def f(self):\n        return 1 +\n    def g(self) x:\n        pass\n"
                + "    h = [1, 2 3]\n");
        assertEquals(List.of("3: invalid syntax", "4: expected ':'", "6: invalid syntax. Perhaps you forgot a comma?"),
                errors(r));
    }

    @Test
    void halfTypedCallKeepsWhatWasTyped() {
        ParseResult r = parse("import os\nos.path.join(a, \n");
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
        assertTrue(AstDump.dump(r.module()).contains("Import(names=[alias(name='os')])"));
    }

    @Test
    void halfTypedStatementsProduceErrorNodesNotExceptions() {
        String[] sources = {"x = ", "x.", "def", "def f(", "class", "if", "for x in", "with", "lambda", "import",
            "from", "from .", "@", "try", "match x:", "match x:\n    case", "async", "await", "x[", "{", "f(**",
            "not", "yield", "del", "assert", "raise", "return", "global", "x: ", "x +=", "(yield", "[x for",
            "{x: y for", "print 'x'", "a if b", "*", "**", "x = 1 if", "case 1:", "match", "async def f(): await"};
        for (String s : sources) {
            ParseResult r = parse(s);
            boolean valid = s.equals("match") || s.equals("yield") || s.equals("return") || s.equals("raise");
            assertEquals(!valid, r.hasErrors(), s);
            AstDump.dump(r.module());
        }
    }

    @Test
    void tokenizerErrorsAreNotRepeatedByTheParser() {
        ParseResult r = parse("x = (1,\ny = 2\nz = 3\n");
        assertEquals(List.of("1: '(' was never closed"), errors(r));
        ParseResult s = parse("x = $ + 1\ny = 2\n");
        assertEquals(1, s.diagnostics().size(), s.diagnostics().toString());
    }

    @Test
    void unclosedBracketWinsOverErrorsOnLaterLinesAsInCpython() {
        // CPython: "'(' was never closed" (line 1), not the parser's error on line 2.
        assertEquals(List.of("1: '(' was never closed"), errors(parse("foo(a,\ndef g(): pass\n")));
        // CPython: the parser's error wins when its look-ahead stays on the bracket's line.
        assertEquals(List.of("1: '(' was never closed"), errors(parse("foo(a b\n")));
        assertEquals(List.of("1: closing parenthesis ']' does not match opening parenthesis '('"),
                errors(parse("foo(a, ]\nx = 1\n")));
    }

    @Test
    void laterTokenizerErrorNearbyWinsAsInCpython() {
        // CPython reports the unterminated string, found while tokenizing past its parser error.
        List<String> e = errors(parse("x = ('a'\n     'b' c\n     'd)\ny = 1\n"));
        assertEquals("3: unterminated string literal (detected at line 3)", e.get(0));
    }

    @Test
    void hugeDecimalIntegerIsRejectedAsInCpython() {
        ParseResult r = parse("x = " + "9".repeat(5000) + "\n");
        assertEquals(1, r.diagnostics().size());
        assertTrue(r.diagnostics().get(0).message().startsWith("Exceeds the limit (4300 digits)"));
        assertTrue(parse("x = 0x" + "f".repeat(5000) + "\n").diagnostics().isEmpty());
    }

    @Test
    void aFarTokenizerErrorDoesNotHideAnEarlierParserError() {
        // CPython raises only the unterminated string (line 6); both are real problems, and the
        // diagnostics keep both, the primary error being CPython's.
        ParseResult r = parse("x = = 1\n\n\n\n\ny = 'abc\n");
        assertEquals(List.of("1: invalid syntax", "6: unterminated string literal (detected at line 6)"), errors(r));
        assertEquals(6, r.primaryError().orElseThrow().range().startLine());
    }
}
