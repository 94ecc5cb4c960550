package io.github.torchscript4j.checker.syntax.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link AstDump} on hand-built trees; each expected string is CPython 3.11's {@code
 * ast.dump(ast.parse(source))} of the source in the test's comment.
 */
class AstDumpTest {
    private static final SourceRange R = new SourceRange(new SourceFile("t.py", "x"), 0, 0);

    private static Expr.Name load(String id) {
        return new Expr.Name(id, ExprContext.LOAD, R);
    }

    private static Expr.Name store(String id) {
        return new Expr.Name(id, ExprContext.STORE, R);
    }

    private static Expr.Constant constant(Literal value) {
        return new Expr.Constant(value, Optional.empty(), R);
    }

    private static Expr.Constant integer(long v) {
        return constant(new Literal.Int(BigInteger.valueOf(v)));
    }

    private static Arg arg(String name) {
        return new Arg(name, Optional.empty(), Optional.empty(), R);
    }

    private static Module module(Stmt... body) {
        return new Module(List.of(body), List.of(), R);
    }

    private static Stmt expr(Expr e) {
        return new Stmt.ExprStmt(e, R);
    }

    @Test
    void functionWithEveryKindOfParameter() {
        // @d
        // def f(a, /, b=1, *c, d, e=2, **g) -> None: pass
        Arguments args = new Arguments(
                List.of(arg("a")), List.of(arg("b")), Optional.of(arg("c")), List.of(arg("d"), arg("e")),
                List.of(Optional.empty(), Optional.of(integer(2))), Optional.of(arg("g")), List.of(integer(1)), R);
        Stmt f = new Stmt.FunctionDef("f", args, List.of(new Stmt.Pass(R)), List.of(load("d")),
                Optional.of(constant(new Literal.None())), Optional.of(new TypeComment("() -> None", R)), R);
        assertEquals("Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a')],"
                + " args=[arg(arg='b')], vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')],"
                + " kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='g'), defaults=[Constant(value=1)]),"
                + " body=[Pass()], decorator_list=[Name(id='d', ctx=Load())], returns=Constant(value=None))],"
                + " type_ignores=[])", AstDump.dump(module(f)));
    }

    @Test
    void dictWithUnpackingHasNoneKey() {
        // {**a, 'k': 1}
        Expr d = new Expr.Dict(List.of(Optional.empty(), Optional.of(constant(new Literal.Str("k")))),
                List.of(load("a"), integer(1)), R);
        assertEquals("Module(body=[Expr(value=Dict(keys=[None, Constant(value='k')],"
                + " values=[Name(id='a', ctx=Load()), Constant(value=1)]))], type_ignores=[])",
                AstDump.dump(module(expr(d))));
    }

    @Test
    void emptyOptionalFieldsAreOmitted() {
        // from . import x as y
        Stmt s = new Stmt.ImportFrom(Optional.empty(), List.of(new Alias("x", Optional.of("y"), R)), 1, R);
        assertEquals("ImportFrom(names=[alias(name='x', asname='y')], level=1)", AstDump.dump(s));
        // x = 1  # type: int   (type comments are not dumped by default)
        Stmt a = new Stmt.Assign(List.of(store("x")), integer(1), Optional.of(new TypeComment("int", R)), R);
        assertEquals("Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))", AstDump.dump(a));
    }

    @Test
    void identifierListsAndIntegerFields() {
        // global a, b
        assertEquals("Global(names=['a', 'b'])", AstDump.dump(new Stmt.Global(List.of("a", "b"), R)));
        // [x async for x in y if z]
        Expr comp = new Expr.ListComp(load("x"),
                List.of(new Comprehension(store("x"), load("y"), List.of(load("z")), 1, R)), R);
        assertEquals("ListComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x',"
                + " ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[Name(id='z', ctx=Load())], is_async=1)])",
                AstDump.dump(comp));
    }

    @Test
    void snakeCaseFieldNamesAndLowerCaseNodeNames() {
        // with a as b: pass
        Stmt w = new Stmt.With(List.of(new WithItem(load("a"), Optional.of(store("b")), R)),
                List.of(new Stmt.Pass(R)), Optional.empty(), R);
        assertEquals("With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b',"
                + " ctx=Store()))], body=[Pass()])", AstDump.dump(w));
        // match x:
        //  case None: pass
        Stmt m = new Stmt.Match(load("x"), List.of(new MatchCase(new Pattern.MatchSingleton(new Literal.None(), R),
                Optional.empty(), List.of(new Stmt.Pass(R)), R)), R);
        assertEquals("Match(subject=Name(id='x', ctx=Load()), cases=[match_case(pattern=MatchSingleton(value=None),"
                + " body=[Pass()])])", AstDump.dump(m));
        assertEquals("kwd_patterns", AstDump.snakeCase("kwdPatterns"));
        assertEquals("type_ignores", AstDump.snakeCase("typeIgnores"));
    }

    @Test
    void operatorsPrintAsEmptyNodes() {
        // -a + b < c and not d
        Expr e = new Expr.BoolOp(BoolOperator.AND, List.of(
                new Expr.Compare(new Expr.BinOp(new Expr.UnaryOp(UnaryOperator.USUB, load("a"), R), Operator.ADD,
                        load("b"), R), List.of(CmpOperator.LT), List.of(load("c")), R),
                new Expr.UnaryOp(UnaryOperator.NOT, load("d"), R)), R);
        assertEquals("BoolOp(op=And(), values=[Compare(left=BinOp(left=UnaryOp(op=USub(), operand=Name(id='a',"
                + " ctx=Load())), op=Add(), right=Name(id='b', ctx=Load())), ops=[Lt()], comparators=[Name(id='c',"
                + " ctx=Load())]), UnaryOp(op=Not(), operand=Name(id='d', ctx=Load()))])", AstDump.dump(e));
    }

    @Test
    void exceptHandlerAndEmptyLists() {
        // try:
        //  pass
        // except E as e:
        //  pass
        Stmt t = new Stmt.Try(List.of(new Stmt.Pass(R)),
                List.of(new ExceptHandler(Optional.of(load("E")), Optional.of("e"), List.of(new Stmt.Pass(R)), R)),
                List.of(), List.of(), R);
        assertEquals("Try(body=[Pass()], handlers=[ExceptHandler(type=Name(id='E', ctx=Load()), name='e',"
                + " body=[Pass()])], orelse=[], finalbody=[])", AstDump.dump(t));
    }

    @Test
    void constantKindAndFormattedValues() {
        // u'a' f'{x!r:>{w}}'   (CPython gives the first token's u kind to the '>' too)
        Expr fv = new Expr.FormattedValue(load("x"), 'r',
                Optional.of(new Expr.JoinedStr(List.of(new Expr.Constant(new Literal.Str(">"), Optional.of("u"), R),
                        new Expr.FormattedValue(load("w"), -1, Optional.empty(), R)), R)), R);
        Expr j = new Expr.JoinedStr(List.of(new Expr.Constant(new Literal.Str("a"), Optional.of("u"), R), fv), R);
        assertEquals("JoinedStr(values=[Constant(value='a', kind='u'), FormattedValue(value=Name(id='x', ctx=Load()),"
                + " conversion=114, format_spec=JoinedStr(values=[Constant(value='>', kind='u'), FormattedValue(value=Name(id='w',"
                + " ctx=Load()), conversion=-1)]))])", AstDump.dump(j));
    }

    @Test
    void typeIgnoresAreDroppedAsByDefaultAstParse() {
        // x = 1  # type: ignore
        Module m = new Module(List.of(new Stmt.Assign(List.of(store("x")), integer(1), Optional.empty(), R)),
                List.of(new TypeIgnore(1, "", R)), R);
        assertEquals("Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))],"
                + " type_ignores=[])", AstDump.dump(m));
    }
}
