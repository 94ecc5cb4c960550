package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * The parser's first error on broken code, against what CPython 3.11's {@code ast.parse} raises
 * (recorded from CPython): the error class (SyntaxError or IndentationError), the message, the
 * line and, where we agree on it, the 1-based column ({@code -1}: not compared; CPython's columns
 * at the end of the input or of an indentation are its own).
 */
class ParserErrorTest {
    static void error(String source, Code code, String message, int line, int column) {
        ParseResult result = Parser.parse(new SourceFile("<test>", source));
        assertFalse(result.diagnostics().isEmpty(), () -> "no error for: " + source);
        Diagnostic first = result.diagnostics().get(0);
        String expected = code + " " + message + " at " + line + (column < 0 ? "" : ":" + column);
        String actual = first.code() + " " + first.message() + " at " + first.range().startLine()
                + (column < 0 ? "" : ":" + first.range().startColumn());
        assertEquals(expected, actual, () -> "first error for: " + source);
    }

    @Test
    void errors1() {
        error("f() = 1",
                Code.SYNTAX_ERROR, "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1);
        error("1 = x",
                Code.SYNTAX_ERROR, "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1);
        error("a + b = c",
                Code.SYNTAX_ERROR, "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1);
        error("(a, f()) = 1",
                Code.SYNTAX_ERROR, "cannot assign to function call", 1, 5);
        error("[a, 1] = x",
                Code.SYNTAX_ERROR, "cannot assign to literal", 1, 5);
        error("x = f() = 1",
                Code.SYNTAX_ERROR, "cannot assign to function call", 1, 5);
        error("x = 1 = y",
                Code.SYNTAX_ERROR, "cannot assign to literal", 1, 5);
        error("del f()",
                Code.SYNTAX_ERROR, "cannot delete function call", 1, 5);
        error("del (a, 1)",
                Code.SYNTAX_ERROR, "cannot delete literal", 1, 9);
        error("for f() in x: pass",
                Code.SYNTAX_ERROR, "cannot assign to function call", 1, 5);
        error("for a + b in c: pass",
                Code.SYNTAX_ERROR, "cannot assign to expression", 1, 5);
        error("with a as f(): pass",
                Code.SYNTAX_ERROR, "cannot assign to function call", 1, 11);
        error("a, b += 1",
                Code.SYNTAX_ERROR, "'tuple' is an illegal expression for augmented assignment", 1, 1);
        error("f() += 1",
                Code.SYNTAX_ERROR, "'function call' is an illegal expression for augmented assignment", 1, 1);
        error("(yield) = 1",
                Code.SYNTAX_ERROR, "cannot assign to yield expression here. Maybe you meant '==' instead of '='?", 1, 2);
        error("a: int, b = 1",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("(a, b): int",
                Code.SYNTAX_ERROR, "only single target (not tuple) can be annotated", 1, 1);
        error("[a]: int",
                Code.SYNTAX_ERROR, "only single target (not list) can be annotated", 1, 1);
        error("f(): int",
                Code.SYNTAX_ERROR, "illegal target for annotation", 1, 1);
        error("x = yield = 1",
                Code.SYNTAX_ERROR, "assignment to yield expression not possible", 1, 5);
        error("if x = 1: pass",
                Code.SYNTAX_ERROR, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 4);
        error("if x.y = 1: pass",
                Code.SYNTAX_ERROR, "cannot assign to attribute here. Maybe you meant '==' instead of '='?", 1, 4);
        error("f(a.b=1)",
                Code.SYNTAX_ERROR, "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 3);
        error("f(True=1)",
                Code.SYNTAX_ERROR, "cannot assign to True", 1, 3);
        error("f(**a, *b)",
                Code.SYNTAX_ERROR, "iterable argument unpacking follows keyword argument unpacking", 1, 8);
        error("f(a=1, b)",
                Code.SYNTAX_ERROR, "positional argument follows keyword argument", 1, 9);
        error("f(**a, b)",
                Code.SYNTAX_ERROR, "positional argument follows keyword argument unpacking", 1, 9);
        error("f(x for x in y, 1)",
                Code.SYNTAX_ERROR, "Generator expression must be parenthesized", 1, 3);
        error("f(1, x for x in y)",
                Code.SYNTAX_ERROR, "Generator expression must be parenthesized", 1, 6);
        error("[a, b for a in c]",
                Code.SYNTAX_ERROR, "did you forget parentheses around the comprehension target?", 1, 2);
        error("x = 1 2",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("x y z",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 3);
        error("print \"x\"",
                Code.SYNTAX_ERROR, "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1);
        error("f(a b)",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 3);
        error("[a b]",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 2);
        error("(a if b else c d)",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 16);
        error("try:\n    pass\nx = 1",
                Code.SYNTAX_ERROR, "expected 'except' or 'finally' block", 3, 1);
        error("try:\n    pass",
                Code.SYNTAX_ERROR, "expected 'except' or 'finally' block", 2, 9);
        error("if x:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after 'if' statement on line 1", 2, 1);
        error("if x:",
                Code.INDENTATION_ERROR, "expected an indented block after 'if' statement on line 1", 1, 6);
    }

    @Test
    void errors2() {
        error("x = 1\n    y = 2",
                Code.INDENTATION_ERROR, "unexpected indent", 2, -1);
        error("if x\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 5);
        error("if x y:\n    pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 6);
        error("def f() x:\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 9);
        error("class A B:\n    pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 9);
        error("try:\n    pass\nexcept a, b:\n    pass",
                Code.SYNTAX_ERROR, "multiple exception types must be parenthesized", 3, 8);
        error("try:\n    pass\nexcept* a:\n    pass\nexcept b:\n    pass",
                Code.SYNTAX_ERROR, "cannot have both 'except' and 'except*' on the same 'try'", 5, 1);
        error("try:\n    pass\nexcept a:\n    pass\nexcept* b:\n    pass",
                Code.SYNTAX_ERROR, "cannot have both 'except' and 'except*' on the same 'try'", 5, 1);
        error("def f(a=1, b): pass",
                Code.SYNTAX_ERROR, "non-default argument follows default argument", 1, 12);
        error("def f(*): pass",
                Code.SYNTAX_ERROR, "named arguments must follow bare *", 1, 7);
        error("def f(*, **k): pass",
                Code.SYNTAX_ERROR, "named arguments must follow bare *", 1, 7);
        error("def f(/, a): pass",
                Code.SYNTAX_ERROR, "at least one argument must precede /", 1, 7);
        error("def f(a, /, b, /): pass",
                Code.SYNTAX_ERROR, "/ may appear only once", 1, 16);
        error("def f(**k, a): pass",
                Code.SYNTAX_ERROR, "arguments cannot follow var-keyword argument", 1, 12);
        error("def f(*a=1): pass",
                Code.SYNTAX_ERROR, "var-positional argument cannot have default value", 1, 9);
        error("lambda a=1, b: 0",
                Code.SYNTAX_ERROR, "non-default argument follows default argument", 1, 13);
        error("from x import a,",
                Code.SYNTAX_ERROR, "trailing comma not allowed without surrounding parentheses", 1, 17);
        error("import",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("match x:\ncase 1: pass",
                Code.INDENTATION_ERROR, "expected an indented block after 'match' statement on line 1", 2, 1);
        error("match x\n    case 1: pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 8);
        error("match x:\n    case 1 as _: pass",
                Code.SYNTAX_ERROR, "cannot use '_' as a target", 2, 15);
        error("match x:\n    case C(a=1, b): pass",
                Code.SYNTAX_ERROR, "positional patterns follow keyword patterns", 2, 17);
        error("a = 1 if b",
                Code.SYNTAX_ERROR, "expected 'else' after 'if' expression", 1, 5);
        error("(*a)",
                Code.SYNTAX_ERROR, "cannot use starred expression here", 1, 2);
        error("f(*a=1)",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 5);
        error("not a = 1",
                Code.SYNTAX_ERROR, "cannot assign to expression", 1, 1);
        error("x := 1",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 3);
        error("(x.y := 1)",
                Code.SYNTAX_ERROR, "cannot use assignment expressions with attribute", 1, 2);
        error("else: pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 1);
        error("elif x:\n    pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 1);
        error("if x:",
                Code.INDENTATION_ERROR, "expected an indented block after 'if' statement on line 1", 1, 6);
        error("if x:\n    pass\nelse:",
                Code.INDENTATION_ERROR, "expected an indented block after 'else' statement on line 3", 3, 6);
        error("@d\nx = 1",
                Code.SYNTAX_ERROR, "invalid syntax", 2, 1);
        error("a.1",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 2);
        error("f(a for a in b for)",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 19);
        error("x = 5 +",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 8);
        error("f(*)",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 4);
        error("{1: 2, 3}",
                Code.SYNTAX_ERROR, "':' expected after dictionary key", 1, 8);
        error("{1: 2, **a, 3:}",
                Code.SYNTAX_ERROR, "expression expected after dictionary key and ':'", 1, 14);
        error("x[a b]",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 3);
    }

    @Test
    void errors3() {
        error("(x, y z)",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 5);
        error("f(a, b c)",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 6);
        error("f(x=a b)",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 5);
        error("(a < b) = 1",
                Code.SYNTAX_ERROR, "cannot assign to comparison here. Maybe you meant '==' instead of '='?", 1, 2);
        error("x = [a for a in b if c = 1]",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 24);
        error("x = ",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 5);
        error("if x:\n    y = \nz = 1",
                Code.SYNTAX_ERROR, "invalid syntax", 2, 9);
        error("def f():\n    return x +",
                Code.SYNTAX_ERROR, "invalid syntax", 2, 15);
        error("class A:\n    def ",
                Code.SYNTAX_ERROR, "invalid syntax", 2, 9);
        error("import a.",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 10);
        error("from a import",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 14);
        error("from import x",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 6);
        error("x.",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 3);
        error("for x in :\n    pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 10);
        error("for in y:\n    pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 5);
        error("while :\n    pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("with :\n    pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 6);
        error("lambda x",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 9);
        error("x = [i for i in]",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 16);
        error("x = {'a': }",
                Code.SYNTAX_ERROR, "expression expected after dictionary key and ':'", 1, 9);
        error("f(a=)",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 5);
        error("a[1:2:3:4]",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 8);
        error("return 1 2",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 10);
        error("x = 1 +* 2",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 8);
        error("x = (1 2)",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 6);
        error("x = [1, 2 3]",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 9);
        error("f(1 2)",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 3);
        error("f(a, b for b in c)",
                Code.SYNTAX_ERROR, "Generator expression must be parenthesized", 1, 6);
        error("x = a b c",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("print x",
                Code.SYNTAX_ERROR, "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1);
        error("exec \"code\"",
                Code.SYNTAX_ERROR, "Missing parentheses in call to 'exec'. Did you mean exec(...)?", 1, 1);
        error("print(x) y",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 10);
        error("if x == 1\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 10);
        error("while x\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 8);
        error("for x in y\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 11);
        error("with a as b\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 12);
        error("class A\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 8);
        error("def f()\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 8);
        error("try\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 1, 4);
        error("try:\n    pass\nexcept E\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 3, 9);
    }

    @Test
    void errors4() {
        error("try:\n    pass\nfinally\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 3, 8);
        error("if x:\n    pass\nelse\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 3, 5);
        error("if x:\n    pass\nelif y\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 3, 7);
        error("match x:\n    case 1\n        pass",
                Code.SYNTAX_ERROR, "expected ':'", 2, 11);
        error("def f():\npass",
                Code.INDENTATION_ERROR, "expected an indented block after function definition on line 1", 2, 1);
        error("class A:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after class definition on line 1", 2, 1);
        error("for x in y:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after 'for' statement on line 1", 2, 1);
        error("while x:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after 'while' statement on line 1", 2, 1);
        error("with a:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after 'with' statement on line 1", 2, 1);
        error("try:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after 'try' statement on line 1", 2, 1);
        error("try:\n    pass\nexcept:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after 'except' statement on line 3", 4, 1);
        error("try:\n    pass\nfinally:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after 'finally' statement on line 3", 4, 1);
        error("if x:\n    pass\nelif y:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after 'elif' statement on line 3", 4, 1);
        error("match x:\n    case 1:\n    pass",
                Code.INDENTATION_ERROR, "expected an indented block after 'case' statement on line 2", 3, 5);
        error("try:\n    pass\nexcept* E:\npass",
                Code.INDENTATION_ERROR, "expected an indented block after 'except*' statement on line 3", 4, 1);
        error("async def f():\npass",
                Code.INDENTATION_ERROR, "expected an indented block after function definition on line 1", 2, 1);
        error("@decorator",
                Code.SYNTAX_ERROR, "invalid syntax", 1, -1);
        error("x = 1 if y else",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 16);
        error("x = not",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 8);
        error("a b = 1",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 3);
        error("a = b = ",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 9);
        error("del",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 4);
        error("del 1",
                Code.SYNTAX_ERROR, "cannot delete literal", 1, 5);
        error("del a +1",
                Code.SYNTAX_ERROR, "cannot delete expression", 1, 5);
        error("global",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("assert",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("raise from x",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("x += ",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 6);
        error("a, b += 1",
                Code.SYNTAX_ERROR, "'tuple' is an illegal expression for augmented assignment", 1, 1);
        error("x = yield from",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 15);
        error("f(**)",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 5);
        error("f(*)",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 4);
        error("x[]",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 3);
        error("x = {1: 2 3: 4}",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 1, 9);
        error("x = 'abc' 'def' 1",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 17);
        error("async x",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("await",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 6);
        error("x = lambda: ",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 13);
        error("nonlocal 1",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 10);
        error("import 1",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 8);
    }

    @Test
    void errors5() {
        error("x ==",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 5);
        error("x = (\n    1,\n    2\n    3\n)",
                Code.SYNTAX_ERROR, "invalid syntax. Perhaps you forgot a comma?", 3, 5);
        error("if True:\n    x = 1\n     y = 2",
                Code.INDENTATION_ERROR, "unexpected indent", 3, -1);
        error("def f(*, a, *, b): pass",
                Code.SYNTAX_ERROR, "* argument may appear only once", 1, 13);
        error("def f(a, /, /): pass",
                Code.SYNTAX_ERROR, "/ may appear only once", 1, 13);
        error("def f(*a, /): pass",
                Code.SYNTAX_ERROR, "/ must be ahead of *", 1, 11);
        error("def f(**a=1): pass",
                Code.SYNTAX_ERROR, "var-keyword argument cannot have default value", 1, 10);
        error("def f(a=): pass",
                Code.SYNTAX_ERROR, "expected default value expression", 1, 8);
        error("x = {**a: 1}",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 9);
        error("class A(x for x in y): pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 11);
        error("with open(x) as f, :\n    pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 20);
        error("a = 1 = 2",
                Code.SYNTAX_ERROR, "cannot assign to literal", 1, 5);
        error("[x for x in y] = 1",
                Code.SYNTAX_ERROR, "cannot assign to list comprehension here. Maybe you meant '==' instead of '='?", 1, 1);
        error("{a: b} = c",
                Code.SYNTAX_ERROR, "cannot assign to dict literal here. Maybe you meant '==' instead of '='?", 1, 1);
        error("a.b() = 1",
                Code.SYNTAX_ERROR, "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1);
        error("(a, b) += 1",
                Code.SYNTAX_ERROR, "'tuple' is an illegal expression for augmented assignment", 1, 1);
        error("[a, b] += 1",
                Code.SYNTAX_ERROR, "'list' is an illegal expression for augmented assignment", 1, 1);
        error("f() : int = 1",
                Code.SYNTAX_ERROR, "illegal target for annotation", 1, 1);
        error("x = 1; if x: pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 8);
        error("if x: if y: pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("def f(): return\n  x",
                Code.INDENTATION_ERROR, "unexpected indent", 2, -1);
        error("  x = 1",
                Code.INDENTATION_ERROR, "unexpected indent", 1, -1);
        error("case 1: pass",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 6);
        error("x = *",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 6);
        error("f(a for a in b c)",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 16);
        error("a.b.c d",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
        error("True = 1",
                Code.SYNTAX_ERROR, "cannot assign to True", 1, 1);
        error("None += 1",
                Code.SYNTAX_ERROR, "'None' is an illegal expression for augmented assignment", 1, 1);
        error("x = ... = 1",
                Code.SYNTAX_ERROR, "cannot assign to ellipsis", 1, 5);
        error("x = 10 if 1 else 2 else 3",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 20);
        error("for x in range(10):\n    continue\nelse\n    pass",
                Code.SYNTAX_ERROR, "expected ':'", 3, 5);
        error("x = $",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 5);
        error("x = 1 ! 2",
                Code.SYNTAX_ERROR, "invalid syntax", 1, 7);
    }

    @Test
    void parenthesizedParametersAndPatternTargets() {
        error("def f((a)): pass",
                Code.SYNTAX_ERROR, "Function parameters cannot be parenthesized", 1, 7);
        error("lambda (a): 0",
                Code.SYNTAX_ERROR, "Lambda expression parameters cannot be parenthesized", 1, 8);
        error("match x:\n    case 1 as 2: pass",
                Code.SYNTAX_ERROR, "invalid pattern target", 2, 15);
        error("match x:\n    case 1 as f(): pass",
                Code.SYNTAX_ERROR, "invalid syntax", 2, 16);
    }

    /**
     * The error CPython would raise ({@link ParseResult#primaryError()}): message and line, as
     * CPython 3.11's {@code ast.parse} reports them.
     */
    static void cpythonsError(String source, String message, int line) {
        ParseResult result = Parser.parse(new SourceFile("<test>", source));
        String actual = result.primaryError().map(d -> d.range().startLine() + ": " + d.message()).orElse("no error");
        assertEquals(line + ": " + message, actual, () -> "CPython's error for: " + source);
    }

    @Test
    void aLaterTokenizerErrorAnywhereReplacesTheParsersAsInCpython() {
        cpythonsError("x = = 1\n\n\n\n\ny = 'abc\n", "unterminated string literal (detected at line 6)", 6);
        cpythonsError("x = = 1\n" + "y = 2\n".repeat(20) + "z = 1)\n", "unmatched ')'", 22);
        cpythonsError("x = = 1\n" + "y = 2\n".repeat(20) + "z = 1 $\nw = 0x\n", "invalid hexadecimal literal", 23);
        cpythonsError("@\n t.)", "unmatched ')'", 2);
        cpythonsError("class A:\n def f(s):\n)", "unmatched ')'", 3); // at the DEDENT's offset
        cpythonsError("if x:\n  if y:\n\\ ", "unexpected character after line continuation character", 3);
        // An "expected an indented block" (an IndentationError) is replaced too.
        cpythonsError("if x:\ny\n" + "\n".repeat(10) + "'", "unterminated string literal (detected at line 13)", 13);
    }

    @Test
    void tokenizerErrorsThatOnlyStopTheTokenizerKeepTheParsersAsInCpython() {
        cpythonsError("-\n\\x", "invalid syntax", 1);
        cpythonsError("x = = 1\n\n\n\n\ny = 1 \\ 2\nz = 'abc\n", "invalid syntax", 1);
        cpythonsError("x = = 1\nif x:\n        y\n    z\nw = 'abc\n", "invalid syntax", 1);
        cpythonsError("x = = 1\ny = (1,\n", "invalid syntax", 1);
        cpythonsError("x = = 1\ny = 1 + \\", "invalid syntax", 1);
        // "unexpected indent" is raised without tokenizing further.
        cpythonsError(" )", "unexpected indent", 1);
        cpythonsError("x = 1\n    y = 2\nz = 'abc\n", "unexpected indent", 2);
    }

    @Test
    void literalErrorsGiveWayToLaterTokenizerErrorsAsInCpython() {
        cpythonsError("x = b'\u00e9'\n\n\n\n\ny = 'abc\n", "unterminated string literal (detected at line 6)", 6);
        cpythonsError("x = '\\N{foo}'\n\n\n\n\ny = 1)\n", "unmatched ')'", 6);
        cpythonsError("x = b'\u00e9'\n", "bytes can only contain ASCII literal characters", 1);
    }

    @Test
    void unclosedBracketAtTheEndOfTheInputAsInCpython() {
        cpythonsError("(", "'(' was never closed", 1);
        cpythonsError("[", "'[' was never closed", 1);
        cpythonsError("x = [1, 2", "'[' was never closed", 1);
        cpythonsError("[t._=''", "'[' was never closed", 1);
        cpythonsError("(:\n", "invalid syntax", 1);
        cpythonsError("m.{", "invalid syntax", 1);
    }

    @Test
    void errorsAtTheEndOfTheInputAreOnTheLastLineReadAsInCpython() {
        cpythonsError("def f():\n#", "expected an indented block after function definition on line 1", 2);
        cpythonsError("if x:\n   # c\n\n", "expected an indented block after 'if' statement on line 1", 3);
        cpythonsError("def f():\n\n\n", "expected an indented block after function definition on line 1", 3);
        cpythonsError("def f():\n", "expected an indented block after function definition on line 1", 1);
        cpythonsError("def f():", "expected an indented block after function definition on line 1", 1);
        cpythonsError("match x:\n\n# c", "expected an indented block after 'match' statement on line 1", 3);
        cpythonsError("@a\n", "invalid syntax", 1);
        // After a final \r\n CPython counts one more line; not after \n or \r.
        cpythonsError("class A:\r\n\r\n", "expected an indented block after class definition on line 1", 3);
        cpythonsError("class A:\r\r", "expected an indented block after class definition on line 1", 2);
    }

    @Test
    void missingCommaAfterALambdaBodyOrBeforeAPartialExpressionAsInCpython() {
        cpythonsError("(lambda:(yield lambda*k:k\ni))", "invalid syntax. Perhaps you forgot a comma?", 1);
        cpythonsError("f(lambda: k i)", "invalid syntax. Perhaps you forgot a comma?", 1);
        cpythonsError("(a\np(d e\n", "invalid syntax. Perhaps you forgot a comma?", 1);
        cpythonsError("(a b.)", "invalid syntax. Perhaps you forgot a comma?", 1);
        cpythonsError("x = [1,\n    2\n  3 4(\n", "invalid syntax. Perhaps you forgot a comma?", 2);
    }

    @Test
    void unexpectedIndentComesBeforeTheTokenAfterItAsInCpython() {
        cpythonsError(" )", "unexpected indent", 1);
        cpythonsError("x = 1\n    y = 2)\n", "unexpected indent", 2);
    }

    @Test
    void theSecondPassReadsIntoAnUnclosedBracketAsInCpython() {
        cpythonsError("s e(", "'(' was never closed", 1);
        cpythonsError("2{", "'{' was never closed", 1);
        cpythonsError("a r[", "'[' was never closed", 1);
        cpythonsError("[f['n'] = ", "'[' was never closed", 1);
        // The expression read there fails before the end: the parser's error stands.
        cpythonsError("f 4(:", "invalid syntax", 1);
        cpythonsError("o p{t g", "invalid syntax", 1);
        cpythonsError("f o(c s", "invalid syntax", 1);
        cpythonsError("_{==''", "invalid syntax", 1);
        cpythonsError("m l[is", "invalid syntax", 1);
        cpythonsError("def s(n(", "invalid syntax", 1); // no expression after a def's or an import's names
        cpythonsError("from l[", "invalid syntax", 1);
        // ... or reaches a line after the bracket's, or is followed by another that runs to the end.
        cpythonsError("s e(f\nL", "'(' was never closed", 1);
        cpythonsError("I 2{", "'{' was never closed", 1);
    }

    @Test
    void theStatementAfterAMissingBlockIsNotReportedAgain() {
        cpythonsError("if x:\n:", "expected an indented block after 'if' statement on line 1", 2);
        cpythonsError("\n\nclass o:\n:", "expected an indented block after class definition on line 3", 4);
        ParseResult r = Parser.parse(new SourceFile("<test>", "def r():\n:"));
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    }
}
