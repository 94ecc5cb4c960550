package io.github.torchscript4j.runtime.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.ops.OpImpl;
import io.github.torchscript4j.runtime.value.ScriptObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The interpreter on graphs built by hand, one or more per {@code prim::} node kind, shaped as the
 * reference emits them (the graphs in the comments are {@code fn.graph} of PyTorch 1.13.1). The
 * operators are small Java implementations of the int operators the graphs use, looked up by their
 * real schemas.
 */
class InterpreterTest {
    private static final OperatorTable TABLE = OperatorTable.builtin();
    private static final SourceFile FILE = new SourceFile("t.py", "def f(x: int) -> int:\n    raise ValueError('bad')\n");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final CompilationUnit unit = new CompilationUnit();
    private final Interpreter interpreter = new Interpreter(unit, Operators.borrowing(InterpreterTest::intOps),
            new PrintStream(printed, true, StandardCharsets.UTF_8), new ValueText(t -> "<tensor>"));

    /** The int operators the test graphs call. */
    private static Optional<OpImpl> intOps(FunctionSchema schema) {
        OpImpl impl = switch (schema.nameWithOverload()) {
            case "aten::add.int" -> args -> List.of((Long) args.get(0) + (Long) args.get(1));
            case "aten::mul.int" -> args -> List.of((Long) args.get(0) * (Long) args.get(1));
            case "aten::lt.int" -> args -> List.of((Long) args.get(0) < (Long) args.get(1));
            case "aten::gt.int" -> args -> List.of((Long) args.get(0) > (Long) args.get(1));
            case "aten::__getitem__.t" -> args -> List.of(((List<?>) args.get(0)).get((int) (long) (Long) args.get(1)));
            case "aten::append.t" -> args -> {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) args.get(0);
                list.add(args.get(1));
                return List.of(list);
            };
            default -> null;
        };
        return Optional.ofNullable(impl);
    }

    private static FunctionSchema schema(String nameWithOverload) {
        return TABLE.find(nameWithOverload).orElseThrow();
    }

    private static Node op(Block b, String overload, Type out, Value... inputs) {
        FunctionSchema s = schema(overload);
        Node n = b.graph().create(s.name(), List.of(inputs), out).setSchema(s);
        return b.append(n);
    }

    private static Value constant(Block b, Object value, Type type) {
        Node n = b.graph().create("prim::Constant");
        if (value != null) {
            n.setAttribute("value", value);
        }
        n.addOutput(type);
        return b.append(n).output();
    }

    private static Node prim(Block b, String kind, List<Value> inputs, Type... outputs) {
        Node n = b.graph().create(kind);
        inputs.forEach(n::addInput);
        for (Type t : outputs) {
            n.addOutput(t);
        }
        return b.append(n);
    }

    private Function function(String name, Graph g, Type returnType, Function.Param... params) {
        Function f = new Function("__torch__." + name, List.of(params), returnType, g);
        unit.addFunction(f);
        return f;
    }

    private static Function.Param param(String name, Type type) {
        return new Function.Param(name, type, Optional.empty(), false);
    }

    @Test
    void aConstantIsReturned() {
        Graph g = new Graph();
        g.block().addReturn(constant(g.block(), 42L, Types.INT));
        assertEquals(42L, interpreter.call(function("f", g, Types.INT), List.of()));
    }

    /**
     * <pre>
     * def l(n: int) -> int:
     *     s = 0
     *     for i in range(n):
     *         s += i
     *     while s < 100:
     *         s *= 2
     *     return s
     * </pre>
     */
    @Test
    void loopsCarryValuesAcrossIterations() {
        Graph g = new Graph();
        Block top = g.block();
        Value n = g.addInput(Types.INT);
        Value t = constant(top, true, Types.BOOL);
        Value zero = constant(top, 0L, Types.INT);
        Value max = constant(top, Long.MAX_VALUE, Types.INT);
        Value hundred = constant(top, 100L, Types.INT);
        Value two = constant(top, 2L, Types.INT);
        Node forLoop = prim(top, "prim::Loop", List.of(n, t, zero), Types.INT);
        Block body = forLoop.addBlock();
        Value i = body.addParam(Types.INT);
        Value s = body.addParam(Types.INT);
        body.addReturn(t);
        body.addReturn(op(body, "aten::add.int", Types.INT, s, i).output());
        Value cond = op(top, "aten::lt.int", Types.BOOL, forLoop.output(), hundred).output();
        Node whileLoop = prim(top, "prim::Loop", List.of(max, cond, forLoop.output()), Types.INT);
        Block wbody = whileLoop.addBlock();
        wbody.addParam(Types.INT);
        Value ws = wbody.addParam(Types.INT);
        Value doubled = op(wbody, "aten::mul.int", Types.INT, ws, two).output();
        wbody.addReturn(op(wbody, "aten::lt.int", Types.BOOL, doubled, hundred).output());
        wbody.addReturn(doubled);
        top.addReturn(whileLoop.output());
        Function f = function("l", g, Types.INT, param("n", Types.INT));

        assertEquals(160L, interpreter.call(f, List.of(5L))); // 0+1+2+3+4 = 10, doubled to 160
        assertEquals(192L, interpreter.call(f, List.of(3L))); // 0+1+2 = 3, doubled to 192
    }

    /** {@code while True: pass} stops when its thread is interrupted. */
    @Test
    void anInterruptedLoopStops() {
        Graph g = new Graph();
        Block top = g.block();
        Value t = constant(top, true, Types.BOOL);
        Value max = constant(top, Long.MAX_VALUE, Types.INT);
        Node loop = prim(top, "prim::Loop", List.of(max, t));
        loop.addBlock().addParam(Types.INT);
        loop.block(0).addReturn(t);
        top.addReturn(constant(top, null, Types.NONE));
        Function f = function("spin", g, Types.NONE);
        Thread.currentThread().interrupt();
        assertThrows(java.util.concurrent.CancellationException.class, () -> interpreter.call(f, List.of()));
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was consumed");
    }

    /** A loop whose trip count is zero returns its initial carried values untouched. */
    @Test
    void aLoopThatNeverRunsReturnsItsInitialValues() {
        Graph g = new Graph();
        Block top = g.block();
        Value n = g.addInput(Types.INT);
        Value init = g.addInput(Types.INT);
        Value f = constant(top, false, Types.BOOL);
        Node loop = prim(top, "prim::Loop", List.of(n, f, init), Types.INT);
        Block body = loop.addBlock();
        body.addParam(Types.INT);
        Value c = body.addParam(Types.INT);
        body.addReturn(f);
        body.addReturn(op(body, "aten::add.int", Types.INT, c, c).output());
        top.addReturn(loop.output());
        Function fn = function("z", g, Types.INT, param("n", Types.INT), param("init", Types.INT));
        assertEquals(7L, interpreter.call(fn, List.of(10L, 7L))); // condition false from the start
    }

    /**
     * <pre>
     * def sign(x: int) -> int:
     *     if x > 0:
     *         r = 1
     *     else:
     *         if x < 0:
     *             r = -1
     *         else:
     *             r = 0
     *     return r
     * </pre>
     */
    @Test
    void nestedIfsPickTheirBranches() {
        Graph g = new Graph();
        Block top = g.block();
        Value x = g.addInput(Types.INT);
        Value zero = constant(top, 0L, Types.INT);
        Node outer = prim(top, "prim::If", List.of(op(top, "aten::gt.int", Types.BOOL, x, zero).output()), Types.INT);
        Block then = outer.addBlock();
        then.addReturn(constant(then, 1L, Types.INT));
        Block otherwise = outer.addBlock();
        Node inner = prim(otherwise, "prim::If",
                List.of(op(otherwise, "aten::lt.int", Types.BOOL, x, zero).output()), Types.INT);
        inner.addBlock().addReturn(constant(inner.block(0), -1L, Types.INT));
        inner.addBlock().addReturn(zero);
        otherwise.addReturn(inner.output());
        top.addReturn(outer.output());
        Function f = function("sign", g, Types.INT, param("x", Types.INT));
        assertEquals(1L, interpreter.call(f, List.of(5L)));
        assertEquals(-1L, interpreter.call(f, List.of(-3L)));
        assertEquals(0L, interpreter.call(f, List.of(0L)));
    }

    /** {@code raise ValueError("bad")}: a torch.jit.Error naming the class, located at the raise. */
    @Test
    void raiseReportsTheClassTheMessageAndTheStatement() {
        Graph g = new Graph();
        Block top = g.block();
        SourceRange raise = FILE.range(26, 49);
        Value msg = constant(top, "bad", Types.STR);
        Value cls = constant(top, "builtins.ValueError", Types.STR);
        prim(top, "prim::RaiseException", List.of(msg, cls)).setRange(raise);
        top.addReturn(constant(top, null, Types.NONE));
        Function f = function("r", g, Types.NONE);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> interpreter.call(f, List.of()));
        assertEquals("torch.jit.Error", e.pythonType());
        assertEquals("builtins.ValueError: bad", e.detail());
        assertEquals(Optional.of(raise), e.location());
        assertEquals("raise ValueError('bad')", e.location().get().text());
    }

    /** {@code assert x < 2, "too big"} raises with no class: the reference prints RuntimeError. */
    @Test
    void anAssertionRaisesARuntimeErrorOfTheJitError() {
        Graph g = new Graph();
        Block top = g.block();
        Value msg = constant(top, "AssertionError: too big", Types.STR);
        Value none = constant(top, null, Types.NONE);
        prim(top, "prim::RaiseException", List.of(msg, none));
        top.addReturn(none);
        TorchScriptException e = assertThrows(TorchScriptException.class,
                () -> interpreter.call(function("a", g, Types.NONE), List.of()));
        assertEquals("torch.jit.Error", e.pythonType());
        assertEquals("RuntimeError: AssertionError: too big", e.detail());
        assertTrue(e.location().isEmpty());
    }

    /** The innermost statement is the location when a called function raises. */
    @Test
    void anErrorInACalleeKeepsTheCalleesLocation() {
        Graph inner = new Graph();
        Value list = inner.addInput(new Type.ListType(Types.INT));
        Value index = constant(inner.block(), 5L, Types.INT);
        SourceRange subscript = FILE.range(0, 3);
        op(inner.block(), "aten::__getitem__.t", Types.INT, list, index).setRange(subscript);
        inner.block().addReturn(inner.block().nodes().get(1).output());
        function("inner", inner, Types.INT, param("l", new Type.ListType(Types.INT)));

        Graph outer = new Graph();
        Value l = outer.addInput(new Type.ListType(Types.INT));
        Node callee = prim(outer.block(), "prim::Constant", List.of(),
                new Type.FunctionType("__torch__.inner", io.github.torchscript4j.checker.types.TypeDeclaration.NONE));
        callee.setAttribute("name", "inner");
        Node call = prim(outer.block(), "prim::CallFunction", List.of(callee.output(), l), Types.INT)
                .setRange(FILE.range(4, 5));
        outer.block().addReturn(call.output());
        Function f = function("outer", outer, Types.INT, param("l", new Type.ListType(Types.INT)));

        assertEquals(3L, interpreter.call(f, List.of(new ArrayList<>(List.of(1L, 2L, 3L, 4L, 5L, 3L)))));
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> interpreter.call(f, List.of(List.of(1L))));
        assertEquals("RuntimeError", e.pythonType());
        assertEquals("list index out of range", e.detail());
        assertEquals(Optional.of(subscript), e.location());
    }

    @Test
    void listsAreConstructedUnpackedAndShared() {
        Graph g = new Graph();
        Block top = g.block();
        Value a = g.addInput(Types.INT);
        Value b = g.addInput(Types.INT);
        Value list = prim(top, "prim::ListConstruct", List.of(a, b), new Type.ListType(Types.INT)).output();
        op(top, "aten::append.t", new Type.ListType(Types.INT), list, a);
        Node unpack = prim(top, "prim::ListUnpack", List.of(list), Types.INT, Types.INT, Types.INT);
        Value sum = op(top, "aten::add.int", Types.INT, unpack.output(0), unpack.output(1)).output();
        top.addReturn(op(top, "aten::add.int", Types.INT, sum, unpack.output(2)).output());
        Function f = function("lists", g, Types.INT, param("a", Types.INT), param("b", Types.INT));
        assertEquals(7L, interpreter.call(f, List.of(3L, 1L))); // [3, 1] + append(3) = 3 + 1 + 3
    }

    @Test
    void unpackingAListOfTheWrongLengthFailsAsTheReferenceDoes() {
        Graph g = new Graph();
        Value l = g.addInput(new Type.ListType(Types.INT));
        Node unpack = prim(g.block(), "prim::ListUnpack", List.of(l), Types.INT, Types.INT);
        g.block().addReturn(unpack.output(0));
        Function f = function("u", g, Types.INT, param("l", new Type.ListType(Types.INT)));
        TorchScriptException e = assertThrows(TorchScriptException.class,
                () -> interpreter.call(f, List.of(List.of(1L, 2L, 3L))));
        assertEquals("Expected 2 elements in a list but found 3", e.detail());
    }

    @Test
    void tuplesAreConstructedIndexedAndUnpacked() {
        Graph g = new Graph();
        Block top = g.block();
        Value a = g.addInput(Types.INT);
        Value s = g.addInput(Types.STR);
        Type pair = new Type.TupleType(List.of(Types.INT, Types.STR));
        Value tuple = prim(top, "prim::TupleConstruct", List.of(a, s), pair).output();
        Value last = prim(top, "prim::TupleIndex", List.of(tuple, constant(top, -1L, Types.INT)), Types.STR).output();
        Node unpack = prim(top, "prim::TupleUnpack", List.of(tuple), Types.INT, Types.STR);
        top.addReturn(prim(top, "prim::TupleConstruct", List.of(last, unpack.output(0)),
                new Type.TupleType(List.of(Types.STR, Types.INT))).output());
        Function f = function("t", g, new Type.TupleType(List.of(Types.STR, Types.INT)),
                param("a", Types.INT), param("s", Types.STR));
        assertEquals(Tuple.of("x", 4L), interpreter.call(f, List.of(4, "x")));
    }

    @Test
    void dictsKeepInsertionOrder() {
        Graph g = new Graph();
        Block top = g.block();
        Value k = g.addInput(Types.STR);
        Value one = constant(top, 1L, Types.INT);
        Value z = constant(top, "z", Types.STR);
        Value two = constant(top, 2L, Types.INT);
        top.addReturn(prim(top, "prim::DictConstruct", List.of(z, two, k, one),
                new Type.DictType(Types.STR, Types.INT)).output());
        Function f = function("d", g, new Type.DictType(Types.STR, Types.INT), param("k", Types.STR));
        Object result = interpreter.call(f, List.of("a"));
        assertEquals(List.of("z", "a"), new ArrayList<>(((Map<?, ?>) result).keySet()));
        assertEquals(Map.of("z", 2L, "a", 1L), result);
    }

    /**
     * <pre>
     * class Counter:
     *     def __init__(self, start: int):
     *         self.count = start
     *     def bump(self, by: int) -> int:
     *         self.count = self.count + by
     *         return self.count
     * def use(start: int) -> int:
     *     c = Counter(start)
     *     c.bump(2)
     *     return c.bump(3)
     * </pre>
     */
    @Test
    void objectsAreCreatedAndTheirMethodsCalled() {
        Type.ClassType counter = new Type.ClassType("__torch__.Counter", io.github.torchscript4j.checker.types.TypeDeclaration.NONE);
        CompilationUnit.ClassInfo info = unit.addClass(new CompilationUnit.ClassInfo("__torch__.Counter", false));
        info.attributes().put("count", Types.INT);

        Graph init = new Graph();
        Value self = init.addInput(counter);
        Value start = init.addInput(Types.INT);
        prim(init.block(), "prim::SetAttr", List.of(self, start)).setAttribute("name", "count");
        init.block().addReturn(constant(init.block(), null, Types.NONE));
        info.methods().put("__init__", new Function("__torch__.Counter.__init__",
                List.of(param("self", counter), param("start", Types.INT)), Types.NONE, init));

        Graph bump = new Graph();
        Value bself = bump.addInput(counter);
        Value by = bump.addInput(Types.INT);
        Value count = prim(bump.block(), "prim::GetAttr", List.of(bself), Types.INT).setAttribute("name", "count").output();
        Value next = op(bump.block(), "aten::add.int", Types.INT, count, by).output();
        prim(bump.block(), "prim::SetAttr", List.of(bself, next)).setAttribute("name", "count");
        Value again = prim(bump.block(), "prim::GetAttr", List.of(bself), Types.INT).setAttribute("name", "count").output();
        bump.block().addReturn(again);
        info.methods().put("bump", new Function("__torch__.Counter.bump",
                List.of(param("self", counter), param("by", Types.INT)), Types.INT, bump));

        Graph use = new Graph();
        Block top = use.block();
        Value s = use.addInput(Types.INT);
        Value c = prim(top, "prim::CreateObject", List.of(), counter).output();
        prim(top, "prim::CallMethod", List.of(c, s), Types.NONE).setAttribute("name", "__init__");
        prim(top, "prim::CallMethod", List.of(c, constant(top, 2L, Types.INT)), Types.INT).setAttribute("name", "bump");
        Node last = prim(top, "prim::CallMethod", List.of(c, constant(top, 3L, Types.INT)), Types.INT)
                .setAttribute("name", "bump");
        top.addReturn(last.output());
        assertEquals(15L, interpreter.call(function("use", use, Types.INT, param("start", Types.INT)), List.of(10L)));

        ScriptObject made = new ScriptObject("__torch__.Counter");
        made.set("count", 1L);
        assertEquals(5L, interpreter.call(info.method("bump").orElseThrow(), List.of(made, 4L)));
        assertEquals(5L, made.get("count"));
    }

    @Test
    void printWritesItsArgumentsAsTorchScriptDoes() {
        Graph g = new Graph();
        Block top = g.block();
        Value x = g.addInput(Types.INT);
        Value y = g.addInput(Types.FLOAT);
        Value s = g.addInput(Types.STR);
        Value list = prim(top, "prim::ListConstruct", List.of(s, s), new Type.ListType(Types.STR)).output();
        Value tuple = prim(top, "prim::TupleConstruct", List.of(x),
                new Type.TupleType(List.of(Types.INT))).output();
        Value dict = prim(top, "prim::DictConstruct", List.of(s, y), new Type.DictType(Types.STR, Types.FLOAT)).output();
        Value none = constant(top, null, Types.NONE);
        Value t = constant(top, true, Types.BOOL);
        prim(top, "prim::Print", List.of(x, y, s, list, tuple, dict, none, t));
        prim(top, "prim::Print", List.of());
        top.addReturn(none);
        Function f = function("p", g, Types.NONE, param("x", Types.INT), param("y", Types.FLOAT), param("s", Types.STR));
        interpreter.call(f, List.of(1L, 2.0, "s"));
        interpreter.call(f, List.of(-7L, 0.1, "it's"));
        assertEquals("1 2. s [s, s] (1,) {s: 2.} None True\n\n"
                + "-7 0.10000000000000001 it's [it's, it's] (-7,) {it's: 0.10000000000000001} None True\n\n",
                printed.toString(StandardCharsets.UTF_8));
    }

    /**
     * <pre>
     * def g(x: Optional[int]) -> int:
     *     assert x is not None
     *     return x
     * </pre>
     * with {@code prim::Uninitialized} as the raising branch's result and {@code prim::unchecked_cast}.
     */
    @Test
    void refinementNodesPassValuesThrough() {
        Graph g = new Graph();
        Block top = g.block();
        Value x = g.addInput(Types.optional(Types.INT));
        Value msg = constant(top, "AssertionError: ", Types.STR);
        Value none = constant(top, null, Types.NONE);
        Value uninit = prim(top, "prim::Uninitialized", List.of(), Types.INT).output();
        Value notNone = prim(top, "aten::__isnot__", List.of(x, none), Types.BOOL).output();
        Node branch = prim(top, "prim::If", List.of(notNone), Types.INT);
        Block then = branch.addBlock();
        then.addReturn(prim(then, "prim::unchecked_cast", List.of(x), Types.INT).output());
        Block otherwise = branch.addBlock();
        prim(otherwise, "prim::RaiseException", List.of(msg, none));
        otherwise.addReturn(uninit);
        top.addReturn(branch.output());
        Function f = function("g", g, Types.INT, param("x", Types.optional(Types.INT)));
        assertEquals(3L, interpreter.call(f, List.of(3L)));
        List<Object> noneArg = new ArrayList<>();
        noneArg.add(null);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> interpreter.call(f, noneArg));
        assertEquals("RuntimeError: AssertionError: ", e.detail());
    }

    @Test
    void isinstanceTestsTheRuntimeValue() {
        Graph g = new Graph();
        Value x = g.addInput(Types.union(Types.INT, Types.STR));
        Node check = prim(g.block(), "prim::isinstance", List.of(x), Types.BOOL);
        check.setAttribute("types", List.of(Types.INT));
        g.block().addReturn(check.output());
        Function f = function("i", g, Types.BOOL, param("x", Types.union(Types.INT, Types.STR)));
        assertEquals(true, interpreter.call(f, List.of(1L)));
        assertEquals(false, interpreter.call(f, List.of("one")));
    }

    @Test
    void isComparesIdentityOfReferencesAndValuesOfScalars() {
        List<Object> a = new ArrayList<>();
        assertTrue(Interpreter.same(a, a));
        assertFalse(Interpreter.same(a, new ArrayList<>()));
        assertTrue(Interpreter.same(null, null));
        assertFalse(Interpreter.same(1L, null));
        assertTrue(Interpreter.same(1L, 1L));
        assertFalse(Interpreter.same(1L, 1.0));
    }

    /** {@code id(x)}: distinct objects have distinct ids, the same object one id, None 0. */
    @Test
    void idTellsObjectsApart() {
        Graph g = new Graph();
        Value a = g.addInput(new Type.ListType(Types.INT));
        Value b = g.addInput(new Type.ListType(Types.INT));
        Value ida = prim(g.block(), "prim::id", List.of(a), Types.INT).output();
        Value idb = prim(g.block(), "prim::id", List.of(b), Types.INT).output();
        Value again = prim(g.block(), "prim::id", List.of(a), Types.INT).output();
        g.block().addReturn(prim(g.block(), "prim::TupleConstruct", List.of(ida, idb, again),
                new Type.TupleType(List.of(Types.INT, Types.INT, Types.INT))).output());
        Function f = function("ids", g, new Type.TupleType(List.of(Types.INT, Types.INT, Types.INT)),
                param("a", new Type.ListType(Types.INT)), param("b", new Type.ListType(Types.INT)));
        Tuple ids = (Tuple) interpreter.call(f, List.of(List.of(1L), List.of(1L)));
        assertTrue(!ids.get(0).equals(ids.get(1)) && ids.get(0).equals(ids.get(2)), ids.toString());
    }

    @Test
    void argumentsFromJavaAreCheckedWithTheReferencesWording() {
        Graph g = new Graph();
        Value x = g.addInput(Types.INT);
        g.block().addReturn(x);
        Function f = function("f", g, Types.INT, param("x", Types.INT));

        TorchScriptException wrongType = assertThrows(TorchScriptException.class, () -> interpreter.call(f, List.of("x")));
        assertEquals("RuntimeError", wrongType.pythonType());
        assertEquals("f() Expected a value of type 'int' for argument 'x' but instead found type 'str'.\n"
                + "Position: 0\nValue: 'x'\nDeclaration: f(int x) -> int", wrongType.detail());
        assertEquals("f() is missing value for argument 'x'. Declaration: f(int x) -> int",
                assertThrows(TorchScriptException.class, () -> interpreter.call(f, List.of())).detail());
        assertEquals("f() expected at most 1 argument(s) but received 2 argument(s). Declaration: f(int x) -> int",
                assertThrows(TorchScriptException.class, () -> interpreter.call(f, List.of(1L, 2L))).detail());
        assertEquals(1L, interpreter.call(f, List.of(true)), "a bool is an int, as in Python");
        assertEquals(3L, interpreter.call(f, List.of(3)), "a Java Integer is an int");
    }

    /** The reference adds a line for a parameter typed Tensor because it had no annotation. */
    @Test
    void anInferredTensorParameterIsExplained() {
        Graph g = new Graph();
        Value x = g.addInput(Types.INFERRED_TENSOR);
        g.block().addReturn(x);
        Function f = function("foo", g, Types.INFERRED_TENSOR, param("x", Types.INFERRED_TENSOR),
                new Function.Param("y", Types.FLOAT, Optional.of(new Function.Default(1.5)), false));
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> interpreter.call(f, List.of("a")));
        assertEquals("foo() Expected a value of type 'Tensor (inferred)' for argument 'x' but instead found type 'str'.\n"
                + "Inferred 'x' to be of type 'Tensor' because it was not annotated with an explicit type.\n"
                + "Position: 0\nValue: 'a'\nDeclaration: foo(Tensor x, float y=1.5) -> Tensor", e.detail());
    }

    @Test
    void defaultsFillMissingArgumentsAndListsAreCopied() {
        Graph g = new Graph();
        Value l = g.addInput(new Type.ListType(Types.INT));
        Value y = g.addInput(Types.INT);
        op(g.block(), "aten::append.t", new Type.ListType(Types.INT), l, y);
        g.block().addReturn(l);
        Function f = function("d", g, new Type.ListType(Types.INT), param("l", new Type.ListType(Types.INT)),
                new Function.Param("y", Types.INT, Optional.of(new Function.Default(9L)), false));
        List<Long> mine = new ArrayList<>(List.of(1L));
        assertEquals(List.of(1L, 9L), interpreter.call(f, List.of(mine)));
        assertEquals(List.of(1L), mine, "the callee's list is a copy, as for a call from Python");
        assertEquals("d(int[] l, int y=9) -> int[]", Arguments.declaration(f, interpreter.text()));

        TorchScriptException e = assertThrows(TorchScriptException.class,
                () -> interpreter.call(f, List.of(List.of(1L, "a"))));
        assertTrue(e.detail().startsWith("d() Expected a value of type 'List[int]' for argument 'l' but instead found type 'list'."
                + "\nPosition: 0\nValue: [1, 'a']"), e.detail());
    }

    /** A node the interpreter cannot run is its own failure, never an exception of the program. */
    @Test
    void aNodeWithoutImplementationIsAnInterpreterErrorNamingItsStatement() {
        Graph g = new Graph();
        Value x = g.addInput(Types.INT);
        op(g.block(), "aten::sub.int", Types.INT, x, x).setRange(FILE.range(0, 3));
        g.block().addReturn(g.block().nodes().get(0).output());
        Interpreter.InterpreterError e = assertThrows(Interpreter.InterpreterError.class,
                () -> interpreter.call(function("s", g, Types.INT, param("x", Types.INT)), List.of(1L)));
        assertEquals("internal error executing aten::sub at t.py:1:1: java.lang.UnsupportedOperationException:"
                + " no implementation of aten::sub.int(int a, int b) -> int", e.getMessage());
    }

    @Test
    void listConstantsAreFreshEachTime() {
        Graph g = new Graph();
        Value c = constant(g.block(), List.of(1L, 2L), new Type.ListType(Types.INT));
        g.block().addReturn(c);
        Function f = function("c", g, new Type.ListType(Types.INT));
        Object first = interpreter.call(f, List.of());
        assertEquals(List.of(1L, 2L), first);
        assertNotSame(first, interpreter.call(f, List.of()));
    }
}
