package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Node;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ranges the parser gives nodes, against CPython 3.11's {@code lineno, col_offset,
 * end_lineno, end_col_offset} (recorded from CPython for ASCII sources, where columns in bytes and
 * in UTF-16 units agree). Each case lists the nodes that have positions in CPython, in field
 * order, as {@code Name(line,col,endLine,endCol)} with 0-based columns.
 */
class ParserRangeTest {
    /** Nodes without positions in CPython (their ranges here are ours alone). */
    private static final Set<String> NO_POSITIONS =
            Set.of("comprehension", "arguments", "withitem", "match_case", "Module");

    static void checkRanges(String source, String expected) {
        ParseResult result = Parser.parse(new SourceFile("<test>", source));
        assertEquals("[]", result.diagnostics().toString(), () -> "diagnostics for: " + source);
        StringBuilder sb = new StringBuilder();
        walk(result.module(), sb);
        assertEquals(expected, sb.toString().trim(), () -> "ranges of: " + source);
    }

    private static void walk(Object o, StringBuilder sb) {
        if (o instanceof Optional<?> opt) {
            opt.ifPresent(x -> walk(x, sb));
            return;
        }
        if (o instanceof List<?> list) {
            list.forEach(x -> walk(x, sb));
            return;
        }
        if (!(o instanceof Node node)) {
            return;
        }
        if (!NO_POSITIONS.contains(node.pythonName())) {
            SourceRange r = node.range();
            sb.append(node.pythonName()).append('(').append(r.startLine()).append(',')
                    .append(r.startColumn() - 1).append(',').append(r.endLine()).append(',')
                    .append(r.endColumn() - 1).append(") ");
        }
        for (RecordComponent c : o.getClass().getRecordComponents()) {
            if (!c.getName().equals("range")) {
                try {
                    walk(c.getAccessor().invoke(o), sb);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Test
    void ranges1() {
        checkRanges("(a) + b",
                "Expr(1,0,1,7) BinOp(1,0,1,7) Name(1,1,1,2) Name(1,6,1,7)");
        checkRanges("a + (b)",
                "Expr(1,0,1,7) BinOp(1,0,1,7) Name(1,0,1,1) Name(1,5,1,6)");
        checkRanges("-2**2",
                "Expr(1,0,1,5) UnaryOp(1,0,1,5) BinOp(1,1,1,5) Constant(1,1,1,2) Constant(1,4,1,5)");
        checkRanges("await x ** 2",
                "Expr(1,0,1,12) BinOp(1,0,1,12) Await(1,0,1,7) Name(1,6,1,7) Constant(1,11,1,12)");
        checkRanges("f(x for x in y)",
                "Expr(1,0,1,15) Call(1,0,1,15) Name(1,0,1,1) GeneratorExp(1,1,1,15) Name(1,2,1,3) Name(1,8,1,9) Name(1,13,1,14)");
        checkRanges("f((x for x in y))",
                "Expr(1,0,1,17) Call(1,0,1,17) Name(1,0,1,1) GeneratorExp(1,2,1,16) Name(1,3,1,4) Name(1,9,1,10) Name(1,14,1,15)");
        checkRanges("a[1:2, ::3]",
                "Expr(1,0,1,11) Subscript(1,0,1,11) Name(1,0,1,1) Tuple(1,2,1,10) Slice(1,2,1,5) Constant(1,2,1,3) Constant(1,4,1,5) Slice(1,7,1,10) Constant(1,9,1,10)");
        checkRanges("a[x]",
                "Expr(1,0,1,4) Subscript(1,0,1,4) Name(1,0,1,1) Name(1,2,1,3)");
        checkRanges("a[*b]",
                "Expr(1,0,1,5) Subscript(1,0,1,5) Name(1,0,1,1) Tuple(1,2,1,4) Starred(1,2,1,4) Name(1,3,1,4)");
        checkRanges("a[1,]",
                "Expr(1,0,1,5) Subscript(1,0,1,5) Name(1,0,1,1) Tuple(1,2,1,4) Constant(1,2,1,3)");
        checkRanges("a[:]",
                "Expr(1,0,1,4) Subscript(1,0,1,4) Name(1,0,1,1) Slice(1,2,1,3)");
        checkRanges("x: int = 1",
                "AnnAssign(1,0,1,10) Name(1,0,1,1) Name(1,3,1,6) Constant(1,9,1,10)");
        checkRanges("(x): int = 1",
                "AnnAssign(1,0,1,12) Name(1,1,1,2) Name(1,5,1,8) Constant(1,11,1,12)");
        checkRanges("a.b: int",
                "AnnAssign(1,0,1,8) Attribute(1,0,1,3) Name(1,0,1,1) Name(1,5,1,8)");
        checkRanges("@d\ndef f(a, /, b=1, *c, d, e=2, **f) -> int:\n    pass",
                "FunctionDef(2,0,3,8) arg(2,6,2,7) arg(2,12,2,13) arg(2,18,2,19) arg(2,21,2,22) arg(2,24,2,25) Constant(2,26,2,27) arg(2,31,2,32) Constant(2,14,2,15) Pass(3,4,3,8) Name(1,1,1,2) Name(2,37,2,40)");
        checkRanges("@d.e(1)\nclass A(B, metaclass=M):\n    x = 1",
                "ClassDef(2,0,3,9) Name(2,8,2,9) keyword(2,11,2,22) Name(2,21,2,22) Assign(3,4,3,9) Name(3,4,3,5) Constant(3,8,3,9) Call(1,1,1,7) Attribute(1,1,1,4) Name(1,1,1,2) Constant(1,5,1,6)");
        checkRanges("async def f():\n    async for x in y:\n        pass\n    async with a as b, c:\n        pass\n    await z\n    [x async for x in y]",
                "AsyncFunctionDef(1,0,7,24) AsyncFor(2,4,3,12) Name(2,14,2,15) Name(2,19,2,20) Pass(3,8,3,12) AsyncWith(4,4,5,12) Name(4,15,4,16) Name(4,20,4,21) Name(4,23,4,24) Pass(5,8,5,12) Expr(6,4,6,11) Await(6,4,6,11) Name(6,10,6,11) Expr(7,4,7,24) ListComp(7,4,7,24) Name(7,5,7,6) Name(7,17,7,18) Name(7,22,7,23)");
        checkRanges("with (a as b, c as d): pass",
                "With(1,0,1,27) Name(1,6,1,7) Name(1,11,1,12) Name(1,14,1,15) Name(1,19,1,20) Pass(1,23,1,27)");
        checkRanges("with (a, b): pass",
                "With(1,0,1,17) Name(1,6,1,7) Name(1,9,1,10) Pass(1,13,1,17)");
        checkRanges("with (yield): pass",
                "With(1,0,1,18) Yield(1,6,1,11) Pass(1,14,1,18)");
        checkRanges("try:\n    pass\nexcept* E as e:\n    pass",
                "TryStar(1,0,4,8) Pass(2,4,2,8) ExceptHandler(3,0,4,8) Name(3,8,3,9) Pass(4,4,4,8)");
        checkRanges("try:\n    pass\nexcept E as e:\n    pass\nelse:\n    pass\nfinally:\n    pass",
                "Try(1,0,8,8) Pass(2,4,2,8) ExceptHandler(3,0,4,8) Name(3,7,3,8) Pass(4,4,4,8) Pass(6,4,6,8) Pass(8,4,8,8)");
        checkRanges("if a:\n    pass\nelif b:\n    pass\nelif c:\n    x\nelse:\n    y",
                "If(1,0,8,5) Name(1,3,1,4) Pass(2,4,2,8) If(3,0,8,5) Name(3,5,3,6) Pass(4,4,4,8) If(5,0,8,5) Name(5,5,5,6) Expr(6,4,6,5) Name(6,4,6,5) Expr(8,4,8,5) Name(8,4,8,5)");
        checkRanges("match x:\n    case 1 | 2: pass\n    case [a, *b]: pass\n    case {1: a, **r}: pass\n    case C(1, b=2): pass\n    case (a, b): pass\n    case -1+2j: pass\n    case a.b.c: pass\n    case _: pass\n    case (1 as x) if x: pass\n    case \"a\" \"b\": pass\n    case None: pass\n    case {}: pass\n    case []: pass\n    case (): pass\n    case (x): pass\n    case *a, b: pass",
                "Match(1,0,17,20) Name(1,6,1,7) MatchOr(2,9,2,14) MatchValue(2,9,2,10) Constant(2,9,2,10) MatchValue(2,13,2,14) Constant(2,13,2,14) Pass(2,16,2,20) MatchSequence(3,9,3,16) MatchAs(3,10,3,11) MatchStar(3,13,3,15) Pass(3,18,3,22) MatchMapping(4,9,4,20) Constant(4,10,4,11) MatchAs(4,13,4,14) Pass(4,22,4,26) MatchClass(5,9,5,18) Name(5,9,5,10) MatchValue(5,11,5,12) Constant(5,11,5,12) MatchValue(5,16,5,17) Constant(5,16,5,17) Pass(5,20,5,24) MatchSequence(6,9,6,15) MatchAs(6,10,6,11) MatchAs(6,13,6,14) Pass(6,17,6,21) MatchValue(7,9,7,14) BinOp(7,9,7,14) UnaryOp(7,9,7,11) Constant(7,10,7,11) Constant(7,12,7,14) Pass(7,16,7,20) MatchValue(8,9,8,14) Attribute(8,9,8,14) Attribute(8,9,8,12) Name(8,9,8,10) Pass(8,16,8,20) MatchAs(9,9,9,10) Pass(9,12,9,16) MatchAs(10,10,10,16) MatchValue(10,10,10,11) Constant(10,10,10,11) Name(10,21,10,22) Pass(10,24,10,28) MatchValue(11,9,11,16) Constant(11,9,11,16) Pass(11,18,11,22) MatchSingleton(12,9,12,13) Pass(12,15,12,19) MatchMapping(13,9,13,11) Pass(13,13,13,17) MatchSequence(14,9,14,11) Pass(14,13,14,17) MatchSequence(15,9,15,11) Pass(15,13,15,17) MatchAs(16,10,16,11) Pass(16,14,16,18) MatchSequence(17,9,17,14) MatchStar(17,9,17,11) MatchAs(17,13,17,14) Pass(17,16,17,20)");
        checkRanges("match = 1",
                "Assign(1,0,1,9) Name(1,0,1,5) Constant(1,8,1,9)");
        checkRanges("match(x)",
                "Expr(1,0,1,8) Call(1,0,1,8) Name(1,0,1,5) Name(1,6,1,7)");
        checkRanges("lambda a, /, b=1, *c, d, e=2, **f: 0",
                "Expr(1,0,1,36) Lambda(1,0,1,36) arg(1,7,1,8) arg(1,13,1,14) arg(1,19,1,20) arg(1,22,1,23) arg(1,25,1,26) Constant(1,27,1,28) arg(1,32,1,33) Constant(1,15,1,16) Constant(1,35,1,36)");
        checkRanges("lambda: (yield)",
                "Expr(1,0,1,15) Lambda(1,0,1,15) Yield(1,9,1,14)");
        checkRanges("x = yield",
                "Assign(1,0,1,9) Name(1,0,1,1) Yield(1,4,1,9)");
        checkRanges("x = yield from y",
                "Assign(1,0,1,16) Name(1,0,1,1) YieldFrom(1,4,1,16) Name(1,15,1,16)");
        checkRanges("{**a, 'b': 1}",
                "Expr(1,0,1,13) Dict(1,0,1,13) Constant(1,6,1,9) Name(1,3,1,4) Constant(1,11,1,12)");
        checkRanges("{a for a in b}",
                "Expr(1,0,1,14) SetComp(1,0,1,14) Name(1,1,1,2) Name(1,7,1,8) Name(1,12,1,13)");
        checkRanges("{a: b for a, b in c}",
                "Expr(1,0,1,20) DictComp(1,0,1,20) Name(1,1,1,2) Name(1,4,1,5) Tuple(1,10,1,14) Name(1,10,1,11) Name(1,13,1,14) Name(1,18,1,19)");
        checkRanges("[*a, *b]",
                "Expr(1,0,1,8) List(1,0,1,8) Starred(1,1,1,3) Name(1,2,1,3) Starred(1,5,1,7) Name(1,6,1,7)");
        checkRanges("(*a, b)",
                "Expr(1,0,1,7) Tuple(1,0,1,7) Starred(1,1,1,3) Name(1,2,1,3) Name(1,5,1,6)");
        checkRanges("a if b else c",
                "Expr(1,0,1,13) IfExp(1,0,1,13) Name(1,5,1,6) Name(1,0,1,1) Name(1,12,1,13)");
        checkRanges("not a < b < c",
                "Expr(1,0,1,13) UnaryOp(1,0,1,13) Compare(1,4,1,13) Name(1,4,1,5) Name(1,8,1,9) Name(1,12,1,13)");
        checkRanges("a is not b not in c",
                "Expr(1,0,1,19) Compare(1,0,1,19) Name(1,0,1,1) Name(1,9,1,10) Name(1,18,1,19)");
        checkRanges("x = a, b = c",
                "Assign(1,0,1,12) Name(1,0,1,1) Tuple(1,4,1,8) Name(1,4,1,5) Name(1,7,1,8) Name(1,11,1,12)");
        checkRanges("del a, b[0], c.d",
                "Delete(1,0,1,16) Name(1,4,1,5) Subscript(1,7,1,11) Name(1,7,1,8) Constant(1,9,1,10) Attribute(1,13,1,16) Name(1,13,1,14)");
    }

    @Test
    void ranges2() {
        checkRanges("global a, b",
                "Global(1,0,1,11)");
        checkRanges("from . import x",
                "ImportFrom(1,0,1,15) alias(1,14,1,15)");
        checkRanges("from .. a import (b, c,)",
                "ImportFrom(1,0,1,24) alias(1,18,1,19) alias(1,21,1,22)");
        checkRanges("from ...a.b import *",
                "ImportFrom(1,0,1,20) alias(1,19,1,20)");
        checkRanges("import a.b as c, d",
                "Import(1,0,1,18) alias(1,7,1,15) alias(1,17,1,18)");
        checkRanges("assert x, y",
                "Assert(1,0,1,11) Name(1,7,1,8) Name(1,10,1,11)");
        checkRanges("raise X from Y",
                "Raise(1,0,1,14) Name(1,6,1,7) Name(1,13,1,14)");
        checkRanges("f(a, *b, c=1, **d)",
                "Expr(1,0,1,18) Call(1,0,1,18) Name(1,0,1,1) Name(1,2,1,3) Starred(1,5,1,7) Name(1,6,1,7) keyword(1,9,1,12) Constant(1,11,1,12) keyword(1,14,1,17) Name(1,16,1,17)");
        checkRanges("a = b = c",
                "Assign(1,0,1,9) Name(1,0,1,1) Name(1,4,1,5) Name(1,8,1,9)");
        checkRanges("a += 1",
                "AugAssign(1,0,1,6) Name(1,0,1,1) Constant(1,5,1,6)");
        checkRanges("(x := 1)",
                "Expr(1,0,1,8) NamedExpr(1,1,1,7) Name(1,1,1,2) Constant(1,6,1,7)");
        checkRanges("f(x := 1)",
                "Expr(1,0,1,9) Call(1,0,1,9) Name(1,0,1,1) NamedExpr(1,2,1,8) Name(1,2,1,3) Constant(1,7,1,8)");
        checkRanges("[y := 1, y**2]",
                "Expr(1,0,1,14) List(1,0,1,14) NamedExpr(1,1,1,7) Name(1,1,1,2) Constant(1,6,1,7) BinOp(1,9,1,13) Name(1,9,1,10) Constant(1,12,1,13)");
        checkRanges("print(f\"{a}\")",
                "Expr(1,0,1,13) Call(1,0,1,13) Name(1,0,1,5) JoinedStr(1,6,1,12) FormattedValue(1,6,1,12) Name(1,9,1,10)");
        checkRanges("\"a\" \"b\"",
                "Expr(1,0,1,7) Constant(1,0,1,7)");
        checkRanges("x = (\n  1 +\n  2\n)",
                "Assign(1,0,4,1) Name(1,0,1,1) BinOp(2,2,3,3) Constant(2,2,2,3) Constant(3,2,3,3)");
        checkRanges("def f(a: int = 1, *args: *Ts, b: str, **kw: dict): ...",
                "FunctionDef(1,0,1,54) arg(1,6,1,12) Name(1,9,1,12) arg(1,19,1,28) Starred(1,25,1,28) Name(1,26,1,28) arg(1,30,1,36) Name(1,33,1,36) arg(1,40,1,48) Name(1,44,1,48) Constant(1,15,1,16) Expr(1,51,1,54) Constant(1,51,1,54)");
        checkRanges("for x, in y: pass",
                "For(1,0,1,17) Tuple(1,4,1,6) Name(1,4,1,5) Name(1,10,1,11) Pass(1,13,1,17)");
        checkRanges("for (a, b) in c: pass",
                "For(1,0,1,21) Tuple(1,4,1,10) Name(1,5,1,6) Name(1,8,1,9) Name(1,14,1,15) Pass(1,17,1,21)");
        checkRanges("for [a, b] in c: pass",
                "For(1,0,1,21) List(1,4,1,10) Name(1,5,1,6) Name(1,8,1,9) Name(1,14,1,15) Pass(1,17,1,21)");
        checkRanges("a, *b = c",
                "Assign(1,0,1,9) Tuple(1,0,1,5) Name(1,0,1,1) Starred(1,3,1,5) Name(1,4,1,5) Name(1,8,1,9)");
        checkRanges("[a, b] = c",
                "Assign(1,0,1,10) List(1,0,1,6) Name(1,1,1,2) Name(1,4,1,5) Name(1,9,1,10)");
        checkRanges("class A: pass",
                "ClassDef(1,0,1,13) Pass(1,9,1,13)");
        checkRanges("class A(): pass",
                "ClassDef(1,0,1,15) Pass(1,11,1,15)");
        checkRanges("x = ...",
                "Assign(1,0,1,7) Name(1,0,1,1) Constant(1,4,1,7)");
        checkRanges("f()()[0].a",
                "Expr(1,0,1,10) Attribute(1,0,1,10) Subscript(1,0,1,8) Call(1,0,1,5) Call(1,0,1,3) Name(1,0,1,1) Constant(1,6,1,7)");
        checkRanges("while x:\n    pass\nelse:\n    pass",
                "While(1,0,4,8) Name(1,6,1,7) Pass(2,4,2,8) Pass(4,4,4,8)");
        checkRanges("for x in y:\n    pass\nelse:\n    pass",
                "For(1,0,4,8) Name(1,4,1,5) Name(1,9,1,10) Pass(2,4,2,8) Pass(4,4,4,8)");
        checkRanges("a = not b",
                "Assign(1,0,1,9) Name(1,0,1,1) UnaryOp(1,4,1,9) Name(1,8,1,9)");
        checkRanges("x = 1; y = 2;",
                "Assign(1,0,1,5) Name(1,0,1,1) Constant(1,4,1,5) Assign(1,7,1,12) Name(1,7,1,8) Constant(1,11,1,12)");
        checkRanges("if x: pass\nelif y: pass",
                "If(1,0,2,12) Name(1,3,1,4) Pass(1,6,1,10) If(2,0,2,12) Name(2,5,2,6) Pass(2,8,2,12)");
        checkRanges("@a\n@b\nasync def f(): pass",
                "AsyncFunctionDef(3,0,3,19) Pass(3,15,3,19) Name(1,1,1,2) Name(2,1,2,2)");
        checkRanges("nonlocal x",
                "Nonlocal(1,0,1,10)");
        checkRanges("f(**a)",
                "Expr(1,0,1,6) Call(1,0,1,6) Name(1,0,1,1) keyword(1,2,1,5) Name(1,4,1,5)");
        checkRanges("[x for x in y if a if b for z in w]",
                "Expr(1,0,1,35) ListComp(1,0,1,35) Name(1,1,1,2) Name(1,7,1,8) Name(1,12,1,13) Name(1,17,1,18) Name(1,22,1,23) Name(1,28,1,29) Name(1,33,1,34)");
        checkRanges("b'a' b'b'",
                "Expr(1,0,1,9) Constant(1,0,1,9)");
        checkRanges("x = (1)",
                "Assign(1,0,1,7) Name(1,0,1,1) Constant(1,5,1,6)");
        checkRanges("x = ((1, 2))",
                "Assign(1,0,1,12) Name(1,0,1,1) Tuple(1,5,1,11) Constant(1,6,1,7) Constant(1,9,1,10)");
        checkRanges("x = [\n  1,\n]",
                "Assign(1,0,3,1) Name(1,0,1,1) List(1,4,3,1) Constant(2,2,2,3)");
        checkRanges("try:\n    pass\nfinally:\n    pass",
                "Try(1,0,4,8) Pass(2,4,2,8) Pass(4,4,4,8)");
    }

    @Test
    void ranges3() {
        checkRanges("with a: pass",
                "With(1,0,1,12) Name(1,5,1,6) Pass(1,8,1,12)");
        checkRanges("with a, b as (c, d): pass",
                "With(1,0,1,25) Name(1,5,1,6) Name(1,8,1,9) Tuple(1,13,1,19) Name(1,14,1,15) Name(1,17,1,18) Pass(1,21,1,25)");
        checkRanges("a[b:c:d]",
                "Expr(1,0,1,8) Subscript(1,0,1,8) Name(1,0,1,1) Slice(1,2,1,7) Name(1,2,1,3) Name(1,4,1,5) Name(1,6,1,7)");
        checkRanges("a[::]",
                "Expr(1,0,1,5) Subscript(1,0,1,5) Name(1,0,1,1) Slice(1,2,1,4)");
        checkRanges("a[b:]",
                "Expr(1,0,1,5) Subscript(1,0,1,5) Name(1,0,1,1) Slice(1,2,1,4) Name(1,2,1,3)");
        checkRanges("a[:, 1]",
                "Expr(1,0,1,7) Subscript(1,0,1,7) Name(1,0,1,1) Tuple(1,2,1,6) Slice(1,2,1,3) Constant(1,5,1,6)");
        checkRanges("x = 1 if 2 else 3 if 4 else 5",
                "Assign(1,0,1,29) Name(1,0,1,1) IfExp(1,4,1,29) Constant(1,9,1,10) Constant(1,4,1,5) IfExp(1,16,1,29) Constant(1,21,1,22) Constant(1,16,1,17) Constant(1,28,1,29)");
        checkRanges("-x ** -y",
                "Expr(1,0,1,8) UnaryOp(1,0,1,8) BinOp(1,1,1,8) Name(1,1,1,2) UnaryOp(1,6,1,8) Name(1,7,1,8)");
        checkRanges("~a + +b - -c",
                "Expr(1,0,1,12) BinOp(1,0,1,12) BinOp(1,0,1,7) UnaryOp(1,0,1,2) Name(1,1,1,2) UnaryOp(1,5,1,7) Name(1,6,1,7) UnaryOp(1,10,1,12) Name(1,11,1,12)");
        checkRanges("a @ b // c % d",
                "Expr(1,0,1,14) BinOp(1,0,1,14) BinOp(1,0,1,10) BinOp(1,0,1,5) Name(1,0,1,1) Name(1,4,1,5) Name(1,9,1,10) Name(1,13,1,14)");
        checkRanges("a << b >> c & d ^ e | f",
                "Expr(1,0,1,23) BinOp(1,0,1,23) BinOp(1,0,1,19) BinOp(1,0,1,15) BinOp(1,0,1,11) BinOp(1,0,1,6) Name(1,0,1,1) Name(1,5,1,6) Name(1,10,1,11) Name(1,14,1,15) Name(1,18,1,19) Name(1,22,1,23)");
        checkRanges("a or b and c or d",
                "Expr(1,0,1,17) BoolOp(1,0,1,17) Name(1,0,1,1) BoolOp(1,5,1,12) Name(1,5,1,6) Name(1,11,1,12) Name(1,16,1,17)");
        checkRanges("f(*a, *b)",
                "Expr(1,0,1,9) Call(1,0,1,9) Name(1,0,1,1) Starred(1,2,1,4) Name(1,3,1,4) Starred(1,6,1,8) Name(1,7,1,8)");
        checkRanges("x[1:2][3]",
                "Expr(1,0,1,9) Subscript(1,0,1,9) Subscript(1,0,1,6) Name(1,0,1,1) Slice(1,2,1,5) Constant(1,2,1,3) Constant(1,4,1,5) Constant(1,7,1,8)");
        checkRanges("(a)(b)",
                "Expr(1,0,1,6) Call(1,0,1,6) Name(1,1,1,2) Name(1,4,1,5)");
        checkRanges("(a).b",
                "Expr(1,0,1,5) Attribute(1,0,1,5) Name(1,1,1,2)");
        checkRanges("(a)[b]",
                "Expr(1,0,1,6) Subscript(1,0,1,6) Name(1,1,1,2) Name(1,4,1,5)");
        checkRanges("return",
                "Return(1,0,1,6)");
        checkRanges("if x:\n    return x, y",
                "If(1,0,2,15) Name(1,3,1,4) Return(2,4,2,15) Tuple(2,11,2,15) Name(2,11,2,12) Name(2,14,2,15)");
    }
}
