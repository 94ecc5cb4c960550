package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ast.AstDump;
import org.junit.jupiter.api.Test;

/**
 * The parser on valid code: each case is a source and the text CPython 3.11's {@code
 * ast.dump(ast.parse(source))} prints for it (recorded from CPython; the test does not run Python).
 * Covers every statement and expression form, all pattern forms, soft keywords, targets and their
 * contexts, parameters, comprehensions, walrus and star expressions.
 */
class ParserTest {
    static void check(String source, String expectedDump) {
        ParseResult result = Parser.parse(new SourceFile("<test>", source));
        assertEquals("[]", result.diagnostics().toString(), () -> "diagnostics for: " + source);
        assertEquals(expectedDump, AstDump.dump(result.module()), () -> "dump of: " + source);
    }

    @Test
    void snippets1() {
        check("(a) + b",
                "Module(body=[Expr(value=BinOp(left=Name(id='a', ctx=Load()), op=Add(), right=Name(id='b', ctx=Load())))], type_ignores=[])");
        check("a + (b)",
                "Module(body=[Expr(value=BinOp(left=Name(id='a', ctx=Load()), op=Add(), right=Name(id='b', ctx=Load())))], type_ignores=[])");
        check("-2**2",
                "Module(body=[Expr(value=UnaryOp(op=USub(), operand=BinOp(left=Constant(value=2), op=Pow(), right=Constant(value=2))))], type_ignores=[])");
        check("await x ** 2",
                "Module(body=[Expr(value=BinOp(left=Await(value=Name(id='x', ctx=Load())), op=Pow(), right=Constant(value=2)))], type_ignores=[])");
        check("f(x for x in y)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])], keywords=[]))], type_ignores=[])");
        check("f((x for x in y))",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])], keywords=[]))], type_ignores=[])");
        check("a[1:2, ::3]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Slice(step=Constant(value=3))], ctx=Load()), ctx=Load()))], type_ignores=[])");
        check("a[x]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Name(id='x', ctx=Load()), ctx=Load()))], type_ignores=[])");
        check("a[*b]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()), ctx=Load()))], type_ignores=[])");
        check("a[1,]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Constant(value=1)], ctx=Load()), ctx=Load()))], type_ignores=[])");
        check("a[:]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(), ctx=Load()))], type_ignores=[])");
        check("x: int = 1",
                "Module(body=[AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=1)], type_ignores=[])");
        check("(x): int = 1",
                "Module(body=[AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=0)], type_ignores=[])");
        check("a.b: int",
                "Module(body=[AnnAssign(target=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Store()), annotation=Name(id='int', ctx=Load()), simple=0)], type_ignores=[])");
        check("@d\ndef f(a, /, b=1, *c, d, e=2, **f) -> int:\n    pass",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='f'), defaults=[Constant(value=1)]), body=[Pass()], decorator_list=[Name(id='d', ctx=Load())], returns=Name(id='int', ctx=Load()))], type_ignores=[])");
        check("@d.e(1)\nclass A(B, metaclass=M):\n    x = 1",
                "Module(body=[ClassDef(name='A', bases=[Name(id='B', ctx=Load())], keywords=[keyword(arg='metaclass', value=Name(id='M', ctx=Load()))], body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], decorator_list=[Call(func=Attribute(value=Name(id='d', ctx=Load()), attr='e', ctx=Load()), args=[Constant(value=1)], keywords=[])])], type_ignores=[])");
        check("async def f():\n    async for x in y:\n        pass\n    async with a as b, c:\n        pass\n    await z\n    [x async for x in y]",
                "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncFor(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), body=[Pass()], orelse=[]), AsyncWith(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()))], body=[Pass()]), Expr(value=Await(value=Name(id='z', ctx=Load()))), Expr(value=ListComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=1)]))], decorator_list=[])], type_ignores=[])");
        check("with (a as b, c as d): pass",
                "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()), optional_vars=Name(id='d', ctx=Store()))], body=[Pass()])], type_ignores=[])");
        check("with (a, b): pass",
                "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load())), withitem(context_expr=Name(id='b', ctx=Load()))], body=[Pass()])], type_ignores=[])");
        check("with (yield): pass",
                "Module(body=[With(items=[withitem(context_expr=Yield())], body=[Pass()])], type_ignores=[])");
        check("try:\n    pass\nexcept* E as e:\n    pass",
                "Module(body=[TryStar(body=[Pass()], handlers=[ExceptHandler(type=Name(id='E', ctx=Load()), name='e', body=[Pass()])], orelse=[], finalbody=[])], type_ignores=[])");
        check("try:\n    pass\nexcept E as e:\n    pass\nelse:\n    pass\nfinally:\n    pass",
                "Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Name(id='E', ctx=Load()), name='e', body=[Pass()])], orelse=[Pass()], finalbody=[Pass()])], type_ignores=[])");
        check("if a:\n    pass\nelif b:\n    pass\nelif c:\n    x\nelse:\n    y",
                "Module(body=[If(test=Name(id='a', ctx=Load()), body=[Pass()], orelse=[If(test=Name(id='b', ctx=Load()), body=[Pass()], orelse=[If(test=Name(id='c', ctx=Load()), body=[Expr(value=Name(id='x', ctx=Load()))], orelse=[Expr(value=Name(id='y', ctx=Load()))])])])], type_ignores=[])");
        check("match x:\n    case 1 | 2: pass\n    case [a, *b]: pass\n    case {1: a, **r}: pass\n    case C(1, b=2): pass\n    case (a, b): pass\n    case -1+2j: pass\n    case a.b.c: pass\n    case _: pass\n    case (1 as x) if x: pass\n    case \"a\" \"b\": pass\n    case None: pass\n    case {}: pass\n    case []: pass\n    case (): pass\n    case (x): pass\n    case *a, b: pass",
                "Module(body=[Match(subject=Name(id='x', ctx=Load()), cases=[match_case(pattern=MatchOr(patterns=[MatchValue(value=Constant(value=1)), MatchValue(value=Constant(value=2))]), body=[Pass()]), match_case(pattern=MatchSequence(patterns=[MatchAs(name='a'), MatchStar(name='b')]), body=[Pass()]), match_case(pattern=MatchMapping(keys=[Constant(value=1)], patterns=[MatchAs(name='a')], rest='r'), body=[Pass()]), match_case(pattern=MatchClass(cls=Name(id='C', ctx=Load()), patterns=[MatchValue(value=Constant(value=1))], kwd_attrs=['b'], kwd_patterns=[MatchValue(value=Constant(value=2))]), body=[Pass()]), match_case(pattern=MatchSequence(patterns=[MatchAs(name='a'), MatchAs(name='b')]), body=[Pass()]), match_case(pattern=MatchValue(value=BinOp(left=UnaryOp(op=USub(), operand=Constant(value=1)), op=Add(), right=Constant(value=2j))), body=[Pass()]), match_case(pattern=MatchValue(value=Attribute(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), attr='c', ctx=Load())), body=[Pass()]), match_case(pattern=MatchAs(), body=[Pass()]), match_case(pattern=MatchAs(pattern=MatchValue(value=Constant(value=1)), name='x'), guard=Name(id='x', ctx=Load()), body=[Pass()]), match_case(pattern=MatchValue(value=Constant(value='ab')), body=[Pass()]), match_case(pattern=MatchSingleton(value=None), body=[Pass()]), match_case(pattern=MatchMapping(keys=[], patterns=[]), body=[Pass()]), match_case(pattern=MatchSequence(patterns=[]), body=[Pass()]), match_case(pattern=MatchSequence(patterns=[]), body=[Pass()]), match_case(pattern=MatchAs(name='x'), body=[Pass()]), match_case(pattern=MatchSequence(patterns=[MatchStar(name='a'), MatchAs(name='b')]), body=[Pass()])])], type_ignores=[])");
        check("match = 1",
                "Module(body=[Assign(targets=[Name(id='match', ctx=Store())], value=Constant(value=1))], type_ignores=[])");
        check("match(x)",
                "Module(body=[Expr(value=Call(func=Name(id='match', ctx=Load()), args=[Name(id='x', ctx=Load())], keywords=[]))], type_ignores=[])");
        check("lambda a, /, b=1, *c, d, e=2, **f: 0",
                "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='f'), defaults=[Constant(value=1)]), body=Constant(value=0)))], type_ignores=[])");
        check("lambda: (yield)",
                "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Yield()))], type_ignores=[])");
        check("x = yield",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Yield())], type_ignores=[])");
        check("x = yield from y",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=YieldFrom(value=Name(id='y', ctx=Load())))], type_ignores=[])");
        check("{**a, 'b': 1}",
                "Module(body=[Expr(value=Dict(keys=[None, Constant(value='b')], values=[Name(id='a', ctx=Load()), Constant(value=1)]))], type_ignores=[])");
        check("{a for a in b}",
                "Module(body=[Expr(value=SetComp(elt=Name(id='a', ctx=Load()), generators=[comprehension(target=Name(id='a', ctx=Store()), iter=Name(id='b', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])");
        check("{a: b for a, b in c}",
                "Module(body=[Expr(value=DictComp(key=Name(id='a', ctx=Load()), value=Name(id='b', ctx=Load()), generators=[comprehension(target=Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store()), iter=Name(id='c', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])");
        check("[*a, *b]",
                "Module(body=[Expr(value=List(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()))], type_ignores=[])");
        check("(*a, b)",
                "Module(body=[Expr(value=Tuple(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()))], type_ignores=[])");
        check("a if b else c",
                "Module(body=[Expr(value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=Name(id='c', ctx=Load())))], type_ignores=[])");
        check("not a < b < c",
                "Module(body=[Expr(value=UnaryOp(op=Not(), operand=Compare(left=Name(id='a', ctx=Load()), ops=[Lt(), Lt()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load())])))], type_ignores=[])");
        check("a is not b not in c",
                "Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[IsNot(), NotIn()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load())]))], type_ignores=[])");
        check("x = a, b = c",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store()), Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], value=Name(id='c', ctx=Load()))], type_ignores=[])");
        check("del a, b[0], c.d",
                "Module(body=[Delete(targets=[Name(id='a', ctx=Del()), Subscript(value=Name(id='b', ctx=Load()), slice=Constant(value=0), ctx=Del()), Attribute(value=Name(id='c', ctx=Load()), attr='d', ctx=Del())])], type_ignores=[])");
    }

    @Test
    void snippets2() {
        check("global a, b",
                "Module(body=[Global(names=['a', 'b'])], type_ignores=[])");
        check("from . import x",
                "Module(body=[ImportFrom(names=[alias(name='x')], level=1)], type_ignores=[])");
        check("from .. a import (b, c,)",
                "Module(body=[ImportFrom(module='a', names=[alias(name='b'), alias(name='c')], level=2)], type_ignores=[])");
        check("from ...a.b import *",
                "Module(body=[ImportFrom(module='a.b', names=[alias(name='*')], level=3)], type_ignores=[])");
        check("import a.b as c, d",
                "Module(body=[Import(names=[alias(name='a.b', asname='c'), alias(name='d')])], type_ignores=[])");
        check("assert x, y",
                "Module(body=[Assert(test=Name(id='x', ctx=Load()), msg=Name(id='y', ctx=Load()))], type_ignores=[])");
        check("raise X from Y",
                "Module(body=[Raise(exc=Name(id='X', ctx=Load()), cause=Name(id='Y', ctx=Load()))], type_ignores=[])");
        check("f(a, *b, c=1, **d)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], keywords=[keyword(arg='c', value=Constant(value=1)), keyword(value=Name(id='d', ctx=Load()))]))], type_ignores=[])");
        check("a = b = c",
                "Module(body=[Assign(targets=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], value=Name(id='c', ctx=Load()))], type_ignores=[])");
        check("a += 1",
                "Module(body=[AugAssign(target=Name(id='a', ctx=Store()), op=Add(), value=Constant(value=1))], type_ignores=[])");
        check("(x := 1)",
                "Module(body=[Expr(value=NamedExpr(target=Name(id='x', ctx=Store()), value=Constant(value=1)))], type_ignores=[])");
        check("f(x := 1)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[NamedExpr(target=Name(id='x', ctx=Store()), value=Constant(value=1))], keywords=[]))], type_ignores=[])");
        check("[y := 1, y**2]",
                "Module(body=[Expr(value=List(elts=[NamedExpr(target=Name(id='y', ctx=Store()), value=Constant(value=1)), BinOp(left=Name(id='y', ctx=Load()), op=Pow(), right=Constant(value=2))], ctx=Load()))], type_ignores=[])");
        check("print(f\"{a}\")",
                "Module(body=[Expr(value=Call(func=Name(id='print', ctx=Load()), args=[JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load()), conversion=-1)])], keywords=[]))], type_ignores=[])");
        check("\"a\" \"b\"",
                "Module(body=[Expr(value=Constant(value='ab'))], type_ignores=[])");
        check("x = (\n  1 +\n  2\n)",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2)))], type_ignores=[])");
        check("def f(a: int = 1, *args: *Ts, b: str, **kw: dict): ...",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a', annotation=Name(id='int', ctx=Load()))], vararg=arg(arg='args', annotation=Starred(value=Name(id='Ts', ctx=Load()), ctx=Load())), kwonlyargs=[arg(arg='b', annotation=Name(id='str', ctx=Load()))], kw_defaults=[None], kwarg=arg(arg='kw', annotation=Name(id='dict', ctx=Load())), defaults=[Constant(value=1)]), body=[Expr(value=Constant(value=Ellipsis))], decorator_list=[])], type_ignores=[])");
        check("for x, in y: pass",
                "Module(body=[For(target=Tuple(elts=[Name(id='x', ctx=Store())], ctx=Store()), iter=Name(id='y', ctx=Load()), body=[Pass()], orelse=[])], type_ignores=[])");
        check("for (a, b) in c: pass",
                "Module(body=[For(target=Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store()), iter=Name(id='c', ctx=Load()), body=[Pass()], orelse=[])], type_ignores=[])");
        check("for [a, b] in c: pass",
                "Module(body=[For(target=List(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store()), iter=Name(id='c', ctx=Load()), body=[Pass()], orelse=[])], type_ignores=[])");
        check("a, *b = c",
                "Module(body=[Assign(targets=[Tuple(elts=[Name(id='a', ctx=Store()), Starred(value=Name(id='b', ctx=Store()), ctx=Store())], ctx=Store())], value=Name(id='c', ctx=Load()))], type_ignores=[])");
        check("[a, b] = c",
                "Module(body=[Assign(targets=[List(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], value=Name(id='c', ctx=Load()))], type_ignores=[])");
        check("class A: pass",
                "Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[Pass()], decorator_list=[])], type_ignores=[])");
        check("class A(): pass",
                "Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[Pass()], decorator_list=[])], type_ignores=[])");
        check("x = ...",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=Ellipsis))], type_ignores=[])");
        check("f()()[0].a",
                "Module(body=[Expr(value=Attribute(value=Subscript(value=Call(func=Call(func=Name(id='f', ctx=Load()), args=[], keywords=[]), args=[], keywords=[]), slice=Constant(value=0), ctx=Load()), attr='a', ctx=Load()))], type_ignores=[])");
        check("while x:\n    pass\nelse:\n    pass",
                "Module(body=[While(test=Name(id='x', ctx=Load()), body=[Pass()], orelse=[Pass()])], type_ignores=[])");
        check("for x in y:\n    pass\nelse:\n    pass",
                "Module(body=[For(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), body=[Pass()], orelse=[Pass()])], type_ignores=[])");
        check("a = not b",
                "Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=UnaryOp(op=Not(), operand=Name(id='b', ctx=Load())))], type_ignores=[])");
        check("x = 1; y = 2;",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1)), Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=2))], type_ignores=[])");
        check("if x: pass\nelif y: pass",
                "Module(body=[If(test=Name(id='x', ctx=Load()), body=[Pass()], orelse=[If(test=Name(id='y', ctx=Load()), body=[Pass()], orelse=[])])], type_ignores=[])");
        check("@a\n@b\nasync def f(): pass",
                "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())])], type_ignores=[])");
        check("nonlocal x",
                "Module(body=[Nonlocal(names=['x'])], type_ignores=[])");
        check("f(**a)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[], keywords=[keyword(value=Name(id='a', ctx=Load()))]))], type_ignores=[])");
        check("[x for x in y if a if b for z in w]",
                "Module(body=[Expr(value=ListComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], is_async=0), comprehension(target=Name(id='z', ctx=Store()), iter=Name(id='w', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])");
        check("b'a' b'b'",
                "Module(body=[Expr(value=Constant(value=b'ab'))], type_ignores=[])");
        check("x = (1)",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], type_ignores=[])");
        check("x = ((1, 2))",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[Constant(value=1), Constant(value=2)], ctx=Load()))], type_ignores=[])");
        check("x = [\n  1,\n]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=List(elts=[Constant(value=1)], ctx=Load()))], type_ignores=[])");
        check("try:\n    pass\nfinally:\n    pass",
                "Module(body=[Try(body=[Pass()], handlers=[], orelse=[], finalbody=[Pass()])], type_ignores=[])");
    }

    @Test
    void snippets3() {
        check("with a: pass",
                "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()))], body=[Pass()])], type_ignores=[])");
        check("with a, b as (c, d): pass",
                "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load())), withitem(context_expr=Name(id='b', ctx=Load()), optional_vars=Tuple(elts=[Name(id='c', ctx=Store()), Name(id='d', ctx=Store())], ctx=Store()))], body=[Pass()])], type_ignores=[])");
        check("a[b:c:d]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(lower=Name(id='b', ctx=Load()), upper=Name(id='c', ctx=Load()), step=Name(id='d', ctx=Load())), ctx=Load()))], type_ignores=[])");
        check("a[::]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(), ctx=Load()))], type_ignores=[])");
        check("a[b:]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(lower=Name(id='b', ctx=Load())), ctx=Load()))], type_ignores=[])");
        check("a[:, 1]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Slice(), Constant(value=1)], ctx=Load()), ctx=Load()))], type_ignores=[])");
        check("x = 1 if 2 else 3 if 4 else 5",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Constant(value=2), body=Constant(value=1), orelse=IfExp(test=Constant(value=4), body=Constant(value=3), orelse=Constant(value=5))))], type_ignores=[])");
        check("-x ** -y",
                "Module(body=[Expr(value=UnaryOp(op=USub(), operand=BinOp(left=Name(id='x', ctx=Load()), op=Pow(), right=UnaryOp(op=USub(), operand=Name(id='y', ctx=Load())))))], type_ignores=[])");
        check("~a + +b - -c",
                "Module(body=[Expr(value=BinOp(left=BinOp(left=UnaryOp(op=Invert(), operand=Name(id='a', ctx=Load())), op=Add(), right=UnaryOp(op=UAdd(), operand=Name(id='b', ctx=Load()))), op=Sub(), right=UnaryOp(op=USub(), operand=Name(id='c', ctx=Load()))))], type_ignores=[])");
        check("a @ b // c % d",
                "Module(body=[Expr(value=BinOp(left=BinOp(left=BinOp(left=Name(id='a', ctx=Load()), op=MatMult(), right=Name(id='b', ctx=Load())), op=FloorDiv(), right=Name(id='c', ctx=Load())), op=Mod(), right=Name(id='d', ctx=Load())))], type_ignores=[])");
        check("a << b >> c & d ^ e | f",
                "Module(body=[Expr(value=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Name(id='a', ctx=Load()), op=LShift(), right=Name(id='b', ctx=Load())), op=RShift(), right=Name(id='c', ctx=Load())), op=BitAnd(), right=Name(id='d', ctx=Load())), op=BitXor(), right=Name(id='e', ctx=Load())), op=BitOr(), right=Name(id='f', ctx=Load())))], type_ignores=[])");
        check("a or b and c or d",
                "Module(body=[Expr(value=BoolOp(op=Or(), values=[Name(id='a', ctx=Load()), BoolOp(op=And(), values=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load())]), Name(id='d', ctx=Load())]))], type_ignores=[])");
        check("f(*a, *b)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], keywords=[]))], type_ignores=[])");
        check("x[1:2][3]",
                "Module(body=[Expr(value=Subscript(value=Subscript(value=Name(id='x', ctx=Load()), slice=Slice(lower=Constant(value=1), upper=Constant(value=2)), ctx=Load()), slice=Constant(value=3), ctx=Load()))], type_ignores=[])");
        check("(a)(b)",
                "Module(body=[Expr(value=Call(func=Name(id='a', ctx=Load()), args=[Name(id='b', ctx=Load())], keywords=[]))], type_ignores=[])");
        check("(a).b",
                "Module(body=[Expr(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()))], type_ignores=[])");
        check("(a)[b]",
                "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Name(id='b', ctx=Load()), ctx=Load()))], type_ignores=[])");
        check("return",
                "Module(body=[Return()], type_ignores=[])");
        check("if x:\n    return x, y",
                "Module(body=[If(test=Name(id='x', ctx=Load()), body=[Return(value=Tuple(elts=[Name(id='x', ctx=Load()), Name(id='y', ctx=Load())], ctx=Load()))], orelse=[])], type_ignores=[])");
        check("x = 0x1F + 1_000 + 1.5e3 + 2j",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=BinOp(left=BinOp(left=Constant(value=31), op=Add(), right=Constant(value=1000)), op=Add(), right=Constant(value=1500.0)), op=Add(), right=Constant(value=2j)))], type_ignores=[])");
        check("x = True, False, None",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[Constant(value=True), Constant(value=False), Constant(value=None)], ctx=Load()))], type_ignores=[])");
        check("__debug__",
                "Module(body=[Expr(value=Name(id='__debug__', ctx=Load()))], type_ignores=[])");
        check("def f(*, a=1, b): pass",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[arg(arg='a'), arg(arg='b')], kw_defaults=[Constant(value=1), None], defaults=[]), body=[Pass()], decorator_list=[])], type_ignores=[])");
        check("def f(a, b, /): pass",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a'), arg(arg='b')], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[])], type_ignores=[])");
        check("def f(a=1, /, b=2, *, c): pass",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], kwonlyargs=[arg(arg='c')], kw_defaults=[None], defaults=[Constant(value=1), Constant(value=2)]), body=[Pass()], decorator_list=[])], type_ignores=[])");
        check("lambda *a, **k: 0",
                "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], vararg=arg(arg='a'), kwonlyargs=[], kw_defaults=[], kwarg=arg(arg='k'), defaults=[]), body=Constant(value=0)))], type_ignores=[])");
        check("lambda *, a: a",
                "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[arg(arg='a')], kw_defaults=[None], defaults=[]), body=Name(id='a', ctx=Load())))], type_ignores=[])");
        check("f(a)(b)(c)",
                "Module(body=[Expr(value=Call(func=Call(func=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load())], keywords=[]), args=[Name(id='b', ctx=Load())], keywords=[]), args=[Name(id='c', ctx=Load())], keywords=[]))], type_ignores=[])");
        check("a = b if c else d",
                "Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=IfExp(test=Name(id='c', ctx=Load()), body=Name(id='b', ctx=Load()), orelse=Name(id='d', ctx=Load())))], type_ignores=[])");
        check("x = [i async for i in a if i]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=ListComp(elt=Name(id='i', ctx=Load()), generators=[comprehension(target=Name(id='i', ctx=Store()), iter=Name(id='a', ctx=Load()), ifs=[Name(id='i', ctx=Load())], is_async=1)]))], type_ignores=[])");
        check("async def f():\n    return [await x async for x in y]",
                "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return(value=ListComp(elt=Await(value=Name(id='x', ctx=Load())), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=1)]))], decorator_list=[])], type_ignores=[])");
        check("match (a, b):\n    case (1, 2): pass",
                "Module(body=[Match(subject=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()), cases=[match_case(pattern=MatchSequence(patterns=[MatchValue(value=Constant(value=1)), MatchValue(value=Constant(value=2))]), body=[Pass()])])], type_ignores=[])");
        check("match a, *b:\n    case [1, 2, *rest]: pass",
                "Module(body=[Match(subject=Tuple(elts=[Name(id='a', ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()), cases=[match_case(pattern=MatchSequence(patterns=[MatchValue(value=Constant(value=1)), MatchValue(value=Constant(value=2)), MatchStar(name='rest')]), body=[Pass()])])], type_ignores=[])");
        check("match x:\n    case Point(x=0, y=0): pass\n    case Point(): pass\n    case {\"a\": 1, **rest}: pass\n    case {**rest}: pass\n    case [1, *_]: pass\n    case 1 | 2 | 3 as n: pass\n    case str() | bytes(): pass\n    case -1: pass\n    case 1.5 - 2j: pass\n    case b\"x\": pass\n    case True: pass",
                "Module(body=[Match(subject=Name(id='x', ctx=Load()), cases=[match_case(pattern=MatchClass(cls=Name(id='Point', ctx=Load()), patterns=[], kwd_attrs=['x', 'y'], kwd_patterns=[MatchValue(value=Constant(value=0)), MatchValue(value=Constant(value=0))]), body=[Pass()]), match_case(pattern=MatchClass(cls=Name(id='Point', ctx=Load()), patterns=[], kwd_attrs=[], kwd_patterns=[]), body=[Pass()]), match_case(pattern=MatchMapping(keys=[Constant(value='a')], patterns=[MatchValue(value=Constant(value=1))], rest='rest'), body=[Pass()]), match_case(pattern=MatchMapping(keys=[], patterns=[], rest='rest'), body=[Pass()]), match_case(pattern=MatchSequence(patterns=[MatchValue(value=Constant(value=1)), MatchStar()]), body=[Pass()]), match_case(pattern=MatchAs(pattern=MatchOr(patterns=[MatchValue(value=Constant(value=1)), MatchValue(value=Constant(value=2)), MatchValue(value=Constant(value=3))]), name='n'), body=[Pass()]), match_case(pattern=MatchOr(patterns=[MatchClass(cls=Name(id='str', ctx=Load()), patterns=[], kwd_attrs=[], kwd_patterns=[]), MatchClass(cls=Name(id='bytes', ctx=Load()), patterns=[], kwd_attrs=[], kwd_patterns=[])]), body=[Pass()]), match_case(pattern=MatchValue(value=UnaryOp(op=USub(), operand=Constant(value=1))), body=[Pass()]), match_case(pattern=MatchValue(value=BinOp(left=Constant(value=1.5), op=Sub(), right=Constant(value=2j))), body=[Pass()]), match_case(pattern=MatchValue(value=Constant(value=b'x')), body=[Pass()]), match_case(pattern=MatchSingleton(value=True), body=[Pass()])])], type_ignores=[])");
        check("match x:\n    case a if a > 0:\n        pass\n    case _:\n        pass",
                "Module(body=[Match(subject=Name(id='x', ctx=Load()), cases=[match_case(pattern=MatchAs(name='a'), guard=Compare(left=Name(id='a', ctx=Load()), ops=[Gt()], comparators=[Constant(value=0)]), body=[Pass()]), match_case(pattern=MatchAs(), body=[Pass()])])], type_ignores=[])");
        check("match(x)",
                "Module(body=[Expr(value=Call(func=Name(id='match', ctx=Load()), args=[Name(id='x', ctx=Load())], keywords=[]))], type_ignores=[])");
        check("match[x]",
                "Module(body=[Expr(value=Subscript(value=Name(id='match', ctx=Load()), slice=Name(id='x', ctx=Load()), ctx=Load()))], type_ignores=[])");
        check("match.x = 1",
                "Module(body=[Assign(targets=[Attribute(value=Name(id='match', ctx=Load()), attr='x', ctx=Store())], value=Constant(value=1))], type_ignores=[])");
        check("match: int = 1",
                "Module(body=[AnnAssign(target=Name(id='match', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=1)], type_ignores=[])");
        check("case = 1",
                "Module(body=[Assign(targets=[Name(id='case', ctx=Store())], value=Constant(value=1))], type_ignores=[])");
    }

    @Test
    void snippets4() {
        check("_ = 1",
                "Module(body=[Assign(targets=[Name(id='_', ctx=Store())], value=Constant(value=1))], type_ignores=[])");
        check("def match(): pass",
                "Module(body=[FunctionDef(name='match', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[])], type_ignores=[])");
        check("x = (yield)",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Yield())], type_ignores=[])");
        check("def f():\n    x = yield a, b\n    y = yield from z\n    await w",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Assign(targets=[Name(id='x', ctx=Store())], value=Yield(value=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()))), Assign(targets=[Name(id='y', ctx=Store())], value=YieldFrom(value=Name(id='z', ctx=Load()))), Expr(value=Await(value=Name(id='w', ctx=Load())))], decorator_list=[])], type_ignores=[])");
        check("if (n := len(a)) > 10: pass",
                "Module(body=[If(test=Compare(left=NamedExpr(target=Name(id='n', ctx=Store()), value=Call(func=Name(id='len', ctx=Load()), args=[Name(id='a', ctx=Load())], keywords=[])), ops=[Gt()], comparators=[Constant(value=10)]), body=[Pass()], orelse=[])], type_ignores=[])");
        check("while chunk := f.read(10): pass",
                "Module(body=[While(test=NamedExpr(target=Name(id='chunk', ctx=Store()), value=Call(func=Attribute(value=Name(id='f', ctx=Load()), attr='read', ctx=Load()), args=[Constant(value=10)], keywords=[])), body=[Pass()], orelse=[])], type_ignores=[])");
        check("[y := f(x), y**2]",
                "Module(body=[Expr(value=List(elts=[NamedExpr(target=Name(id='y', ctx=Store()), value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='x', ctx=Load())], keywords=[])), BinOp(left=Name(id='y', ctx=Load()), op=Pow(), right=Constant(value=2))], ctx=Load()))], type_ignores=[])");
        check("x = a[b, c:d, *e]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Name(id='b', ctx=Load()), Slice(lower=Name(id='c', ctx=Load()), upper=Name(id='d', ctx=Load())), Starred(value=Name(id='e', ctx=Load()), ctx=Load())], ctx=Load()), ctx=Load()))], type_ignores=[])");
        check("del (a), [b]",
                "Module(body=[Delete(targets=[Name(id='a', ctx=Del()), List(elts=[Name(id='b', ctx=Del())], ctx=Del())])], type_ignores=[])");
        check("del (a, b)",
                "Module(body=[Delete(targets=[Tuple(elts=[Name(id='a', ctx=Del()), Name(id='b', ctx=Del())], ctx=Del())])], type_ignores=[])");
        check("with a as (b, c): pass",
                "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Tuple(elts=[Name(id='b', ctx=Store()), Name(id='c', ctx=Store())], ctx=Store()))], body=[Pass()])], type_ignores=[])");
        check("with a as [b, c]: pass",
                "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=List(elts=[Name(id='b', ctx=Store()), Name(id='c', ctx=Store())], ctx=Store()))], body=[Pass()])], type_ignores=[])");
        check("with (a, b) as c: pass",
                "Module(body=[With(items=[withitem(context_expr=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()), optional_vars=Name(id='c', ctx=Store()))], body=[Pass()])], type_ignores=[])");
        check("with (a): pass",
                "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()))], body=[Pass()])], type_ignores=[])");
        check("with (a) as b, c: pass",
                "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()))], body=[Pass()])], type_ignores=[])");
        check("with ((a)): pass",
                "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()))], body=[Pass()])], type_ignores=[])");
        check("for i in *a, *b: pass",
                "Module(body=[For(target=Name(id='i', ctx=Store()), iter=Tuple(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()), body=[Pass()], orelse=[])], type_ignores=[])");
        check("x = *a, *b",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()))], type_ignores=[])");
        check("return *a, *b",
                "Module(body=[Return(value=Tuple(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()))], type_ignores=[])");
        check("a[1][2] = 3",
                "Module(body=[Assign(targets=[Subscript(value=Subscript(value=Name(id='a', ctx=Load()), slice=Constant(value=1), ctx=Load()), slice=Constant(value=2), ctx=Store())], value=Constant(value=3))], type_ignores=[])");
        check("a.b.c = d",
                "Module(body=[Assign(targets=[Attribute(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), attr='c', ctx=Store())], value=Name(id='d', ctx=Load()))], type_ignores=[])");
        check("x = not not a",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=UnaryOp(op=Not(), operand=UnaryOp(op=Not(), operand=Name(id='a', ctx=Load()))))], type_ignores=[])");
        check("x = a if b else (c if d else e)",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=IfExp(test=Name(id='d', ctx=Load()), body=Name(id='c', ctx=Load()), orelse=Name(id='e', ctx=Load()))))], type_ignores=[])");
        check("x = {}",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Dict(keys=[], values=[]))], type_ignores=[])");
        check("x = {1, 2}",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Set(elts=[Constant(value=1), Constant(value=2)]))], type_ignores=[])");
        check("x = {**a}",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Dict(keys=[None], values=[Name(id='a', ctx=Load())]))], type_ignores=[])");
        check("x = {**a, **b}",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Dict(keys=[None, None], values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())]))], type_ignores=[])");
        check("x = ()",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[], ctx=Load()))], type_ignores=[])");
        check("x = (1,)",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[Constant(value=1)], ctx=Load()))], type_ignores=[])");
        check("x = []",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=List(elts=[], ctx=Load()))], type_ignores=[])");
        check("x = [1,]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=List(elts=[Constant(value=1)], ctx=Load()))], type_ignores=[])");
        check("f(a,)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load())], keywords=[]))], type_ignores=[])");
        check("f(*a,)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load())], keywords=[]))], type_ignores=[])");
        check("f(**a,)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[], keywords=[keyword(value=Name(id='a', ctx=Load()))]))], type_ignores=[])");
        check("class A(B, **kw): pass",
                "Module(body=[ClassDef(name='A', bases=[Name(id='B', ctx=Load())], keywords=[keyword(value=Name(id='kw', ctx=Load()))], body=[Pass()], decorator_list=[])], type_ignores=[])");
        check("class A(*bases): pass",
                "Module(body=[ClassDef(name='A', bases=[Starred(value=Name(id='bases', ctx=Load()), ctx=Load())], keywords=[], body=[Pass()], decorator_list=[])], type_ignores=[])");
        check("@property\ndef x(self): pass",
                "Module(body=[FunctionDef(name='x', args=arguments(posonlyargs=[], args=[arg(arg='self')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[Name(id='property', ctx=Load())])], type_ignores=[])");
        check("@a.b[c](d)\ndef f(): pass",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[Call(func=Subscript(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), slice=Name(id='c', ctx=Load()), ctx=Load()), args=[Name(id='d', ctx=Load())], keywords=[])])], type_ignores=[])");
        check("@(yield)\ndef f(): pass",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[Yield()])], type_ignores=[])");
        check("@x := y\ndef f(): pass",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[NamedExpr(target=Name(id='x', ctx=Store()), value=Name(id='y', ctx=Load()))])], type_ignores=[])");
    }

    @Test
    void snippets5() {
        check("try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept:\n    pass",
                "Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), Name(id='B', ctx=Load())], ctx=Load()), name='e', body=[Pass()]), ExceptHandler(body=[Pass()])], orelse=[], finalbody=[])], type_ignores=[])");
        check("try:\n    pass\nexcept* (A, B):\n    pass",
                "Module(body=[TryStar(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), Name(id='B', ctx=Load())], ctx=Load()), body=[Pass()])], orelse=[], finalbody=[])], type_ignores=[])");
        check("raise",
                "Module(body=[Raise()], type_ignores=[])");
        check("raise X",
                "Module(body=[Raise(exc=Name(id='X', ctx=Load()))], type_ignores=[])");
        check("import a",
                "Module(body=[Import(names=[alias(name='a')])], type_ignores=[])");
        check("from a import b as c, d",
                "Module(body=[ImportFrom(module='a', names=[alias(name='b', asname='c'), alias(name='d')], level=0)], type_ignores=[])");
        check("from .a import b",
                "Module(body=[ImportFrom(module='a', names=[alias(name='b')], level=1)], type_ignores=[])");
        check("from . import (a as b)",
                "Module(body=[ImportFrom(names=[alias(name='a', asname='b')], level=1)], type_ignores=[])");
        check("global a",
                "Module(body=[Global(names=['a'])], type_ignores=[])");
        check("if a:\n    pass\nelse:\n    if b:\n        pass",
                "Module(body=[If(test=Name(id='a', ctx=Load()), body=[Pass()], orelse=[If(test=Name(id='b', ctx=Load()), body=[Pass()], orelse=[])])], type_ignores=[])");
        check("x = a.b.c.d",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Attribute(value=Attribute(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), attr='c', ctx=Load()), attr='d', ctx=Load()))], type_ignores=[])");
        check("x = 'a' 'b' 'c'",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value='abc'))], type_ignores=[])");
        check("x = f'a{b}c' 'd'",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=JoinedStr(values=[Constant(value='a'), FormattedValue(value=Name(id='b', ctx=Load()), conversion=-1), Constant(value='cd')]))], type_ignores=[])");
        check("x = r'\\n'",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value='\\\\n'))], type_ignores=[])");
        check("a < b == c > d",
                "Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[Lt(), Eq(), Gt()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load()), Name(id='d', ctx=Load())]))], type_ignores=[])");
        check("a in b not in c is d is not e",
                "Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[In(), NotIn(), Is(), IsNot()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load()), Name(id='d', ctx=Load()), Name(id='e', ctx=Load())]))], type_ignores=[])");
        check("x = 1 if 2 else 3",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Constant(value=2), body=Constant(value=1), orelse=Constant(value=3)))], type_ignores=[])");
        check("x = -1",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=UnaryOp(op=USub(), operand=Constant(value=1)))], type_ignores=[])");
        check("x = +1",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=UnaryOp(op=UAdd(), operand=Constant(value=1)))], type_ignores=[])");
        check("x = ~1",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=UnaryOp(op=Invert(), operand=Constant(value=1)))], type_ignores=[])");
        check("x = 2 ** -1",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(value=2), op=Pow(), right=UnaryOp(op=USub(), operand=Constant(value=1))))], type_ignores=[])");
        check("x = (-2) ** 2",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=UnaryOp(op=USub(), operand=Constant(value=2)), op=Pow(), right=Constant(value=2)))], type_ignores=[])");
        check("a; b; c",
                "Module(body=[Expr(value=Name(id='a', ctx=Load())), Expr(value=Name(id='b', ctx=Load())), Expr(value=Name(id='c', ctx=Load()))], type_ignores=[])");
        check("if x: a; b",
                "Module(body=[If(test=Name(id='x', ctx=Load()), body=[Expr(value=Name(id='a', ctx=Load())), Expr(value=Name(id='b', ctx=Load()))], orelse=[])], type_ignores=[])");
        check("class A: x = 1; y = 2",
                "Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1)), Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=2))], decorator_list=[])], type_ignores=[])");
        check("x = lambda a=1: a",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Lambda(args=arguments(posonlyargs=[], args=[arg(arg='a')], kwonlyargs=[], kw_defaults=[], defaults=[Constant(value=1)]), body=Name(id='a', ctx=Load())))], type_ignores=[])");
        check("x = lambda: (yield)",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Yield()))], type_ignores=[])");
        check("f(x=1, *a, y=2, **b)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load())], keywords=[keyword(arg='x', value=Constant(value=1)), keyword(arg='y', value=Constant(value=2)), keyword(value=Name(id='b', ctx=Load()))]))], type_ignores=[])");
        check("print(*a, sep='')",
                "Module(body=[Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load())], keywords=[keyword(arg='sep', value=Constant(value=''))]))], type_ignores=[])");
        check("x = a[::2]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(step=Constant(value=2)), ctx=Load()))], type_ignores=[])");
        check("x = a[1:2:3]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(lower=Constant(value=1), upper=Constant(value=2), step=Constant(value=3)), ctx=Load()))], type_ignores=[])");
        check("x = a[...]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Subscript(value=Name(id='a', ctx=Load()), slice=Constant(value=Ellipsis), ctx=Load()))], type_ignores=[])");
        check("x = a[()]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[], ctx=Load()), ctx=Load()))], type_ignores=[])");
        check("x: list[int] = []",
                "Module(body=[AnnAssign(target=Name(id='x', ctx=Store()), annotation=Subscript(value=Name(id='list', ctx=Load()), slice=Name(id='int', ctx=Load()), ctx=Load()), value=List(elts=[], ctx=Load()), simple=1)], type_ignores=[])");
        check("x: int",
                "Module(body=[AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), simple=1)], type_ignores=[])");
        check("self.x: int = 1",
                "Module(body=[AnnAssign(target=Attribute(value=Name(id='self', ctx=Load()), attr='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=0)], type_ignores=[])");
        check("a[0]: int",
                "Module(body=[AnnAssign(target=Subscript(value=Name(id='a', ctx=Load()), slice=Constant(value=0), ctx=Store()), annotation=Name(id='int', ctx=Load()), simple=0)], type_ignores=[])");
        check("x += yield",
                "Module(body=[AugAssign(target=Name(id='x', ctx=Store()), op=Add(), value=Yield())], type_ignores=[])");
        check("x = [*range(3)]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=List(elts=[Starred(value=Call(func=Name(id='range', ctx=Load()), args=[Constant(value=3)], keywords=[]), ctx=Load())], ctx=Load()))], type_ignores=[])");
        check("x = {**{}, 'a': 1}",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Dict(keys=[None, Constant(value='a')], values=[Dict(keys=[], values=[]), Constant(value=1)]))], type_ignores=[])");
    }

    @Test
    void snippets6() {
        check("for x in y:\n    break\n    continue",
                "Module(body=[For(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), body=[Break(), Continue()], orelse=[])], type_ignores=[])");
        check("nonlocal a, b",
                "Module(body=[Nonlocal(names=['a', 'b'])], type_ignores=[])");
        check("async def f():\n    async with a:\n        pass\n    async for x in y:\n        pass\n    else:\n        pass",
                "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncWith(items=[withitem(context_expr=Name(id='a', ctx=Load()))], body=[Pass()]), AsyncFor(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), body=[Pass()], orelse=[Pass()])], decorator_list=[])], type_ignores=[])");
        check("def f(a, *, b): ...",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a')], kwonlyargs=[arg(arg='b')], kw_defaults=[None], defaults=[]), body=[Expr(value=Constant(value=Ellipsis))], decorator_list=[])], type_ignores=[])");
        check("def f() -> 'A': ...",
                "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Expr(value=Constant(value=Ellipsis))], decorator_list=[], returns=Constant(value='A'))], type_ignores=[])");
        check("x = \"\"\"multi\nline\"\"\"",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value='multi\\nline'))], type_ignores=[])");
        check("x = (\n    1\n    + 2\n)",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2)))], type_ignores=[])");
        check("x = [\n    a\n    for a in b\n]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=ListComp(elt=Name(id='a', ctx=Load()), generators=[comprehension(target=Name(id='a', ctx=Store()), iter=Name(id='b', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])");
        check("if a:\n    pass\nelif b:\n    pass",
                "Module(body=[If(test=Name(id='a', ctx=Load()), body=[Pass()], orelse=[If(test=Name(id='b', ctx=Load()), body=[Pass()], orelse=[])])], type_ignores=[])");
        check("x = a if b else c if d else e",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=IfExp(test=Name(id='d', ctx=Load()), body=Name(id='c', ctx=Load()), orelse=Name(id='e', ctx=Load()))))], type_ignores=[])");
        check("f(a for b in c if d)",
                "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='a', ctx=Load()), generators=[comprehension(target=Name(id='b', ctx=Store()), iter=Name(id='c', ctx=Load()), ifs=[Name(id='d', ctx=Load())], is_async=0)])], keywords=[]))], type_ignores=[])");
        check("x = ((a for b in c))",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=GeneratorExp(elt=Name(id='a', ctx=Load()), generators=[comprehension(target=Name(id='b', ctx=Store()), iter=Name(id='c', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])");
        check("x = [(a, b) for a, b in c]",
                "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=ListComp(elt=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()), generators=[comprehension(target=Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store()), iter=Name(id='c', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])");
    }
}
