package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lowers {@code for} and {@code while} to {@code prim::Loop(max_trip_count, initial_condition,
 * carried...)}: the body block takes the iteration number and the carried values and returns
 * the next condition and the carried values. A {@code for} over a tuple is unrolled; over a
 * {@code range} the trip count is the range's length; over a list, string or dict (its keys) it is
 * the length, and the element is read by index.
 */
final class Loops {
    private final FunctionEmitter f;
    private final ExpressionEmitter exprs;
    /** Set by a loop whose body may return: the statement then ends as a maybe-return. */
    private boolean loopReturned;

    Loops(FunctionEmitter f) {
        this.f = f;
        this.exprs = f.exprs;
    }

    /** Whether a loop body may leave an iteration early: break or continue of this loop, or return. */
    private static boolean leavesEarly(List<Stmt> body) {
        return Exits.firstReturn(body) != null || breaksOrContinues(body);
    }

    private static boolean breaksOrContinues(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
                return true;
            }
            if (s instanceof Stmt.If i && (breaksOrContinues(i.body()) || breaksOrContinues(i.orelse()))) {
                return true;
            }
            if (s instanceof Stmt.With w && breaksOrContinues(w.body())) {
                return true;
            }
        }
        return false; // (not inside nested loops: those are theirs)
    }

    /** How a loop statement ended: fall-through, or a maybe-return when its body may return. */
    private FunctionEmitter.Exit ended() {
        if (!loopReturned) {
            return FunctionEmitter.FALLTHROUGH;
        }
        return new FunctionEmitter.Exit.MaybeReturn(f.env.values.get(FunctionEmitter.RETURNED),
                f.env.values.get(FunctionEmitter.RETURN_VALUE));
    }

    FunctionEmitter.Exit whileLoop(Stmt.While w) {
        if (!w.orelse().isEmpty()) {
            throw new EmitException("the emitter does not lower while/else yet", w.range());
        }
        Value maxTrips = exprs.constant(Long.MAX_VALUE, Types.INT, null);
        Value cond = exprs.condition(w.test());
        loop(maxTrips, cond, w.body(), Optional.of(w.test()), w.range(), iteration -> {});
        return ended();
    }

    /**
     * Something a {@code for} can iterate by index: the lengths of its leaves ({@code zip} and
     * {@code enumerate} nest iterables; the reference flattens them and runs to the shortest leaf),
     * computed when the loop is built, and how to read element {@code i}.
     */
    private record Iterable(List<java.util.function.Supplier<Value>> lengths,
            java.util.function.Function<Value, Value> item) {
        static Iterable leaf(java.util.function.Supplier<Value> length, java.util.function.Function<Value, Value> item) {
            return new Iterable(List.of(length), item);
        }
    }

    /** The number of trips: the one leaf's length, or the least of them all. */
    private Value length(Iterable it, io.github.torchscript4j.checker.source.SourceRange range) {
        if (it.lengths().size() == 1) {
            return it.lengths().get(0).get();
        }
        List<Value> lengths = new ArrayList<>();
        for (java.util.function.Supplier<Value> l : it.lengths()) {
            lengths.add(l.get());
        }
        Value list = exprs.node("prim::ListConstruct", lengths, new Type.ListType(Types.INT), null);
        return exprs.call("prim::min", List.of(list), Types.INT, range);
    }

    FunctionEmitter.Exit forLoop(Stmt.For s) {
        if (!s.orelse().isEmpty()) {
            throw new EmitException("the emitter does not lower for/else yet", s.range());
        }
        Expr iter = s.iter();
        Type t = f.check.typeOf(iter).orElse(null);
        java.util.Optional<List<List<Value>>> modules = moduleIteration(iter, t);
        if (modules.isPresent()) {
            // over a concrete ModuleList, Sequential or ModuleDict: the submodules first, then the body for each
            for (List<Value> parts : modules.get()) {
                assignParts(s.target(), parts, s.range());
                FunctionEmitter.Exit e = f.statements(s.body(), 0);
                if (!(e instanceof FunctionEmitter.Exit.Fallthrough)) {
                    throw new EmitException("the emitter does not lower exits from unrolled loops yet", s.range());
                }
            }
            return FunctionEmitter.FALLTHROUGH;
        }
        if (t instanceof Type.TupleType tuple) {
            Value v = exprs.emit(iter);
            List<Value> parts = exprs.unpack(v, tuple.elements().size(), s.range());
            for (Value part : parts) {
                f.assign(s.target(), part, null, s.range());
                FunctionEmitter.Exit e = f.statements(s.body(), 0);
                if (!(e instanceof FunctionEmitter.Exit.Fallthrough)) {
                    throw new EmitException("the emitter does not lower exits from unrolled loops yet", s.range());
                }
            }
            return FunctionEmitter.FALLTHROUGH;
        }
        Iterable it = iterable(iter, s);
        Value trueValue = exprs.constant(Boolean.TRUE, Types.BOOL, null);
        loop(length(it, iter.range()), trueValue, s.body(), Optional.empty(), s.range(), iteration -> {
            f.assign(s.target(), it.item().apply(iteration), null, s.range());
        });
        return ended();
    }

    /**
     * The values of each trip of a loop over a concrete module container, unrolled as the
     * reference unrolls it: {@code modules} (a {@code ModuleDict}'s keys), {@code enumerate(modules)},
     * {@code dict.items()}, {@code .keys()}, {@code .values()}; the submodules are read before the
     * first trip. Empty for any other loop.
     */
    private java.util.Optional<List<List<Value>>> moduleIteration(Expr iter, Type t) {
        Expr container = iter;
        String form = "";
        if (iter instanceof Expr.Call c && c.args().isEmpty() && c.keywords().isEmpty() && c.func() instanceof Expr.Attribute a
                && (a.attr().equals("items") || a.attr().equals("keys") || a.attr().equals("values"))
                && io.github.torchscript4j.checker.semantics.ModuleContainers.isDict(
                        f.check.typeOf(a.value()).orElse(Types.UNKNOWN))) {
            container = a.value();
            form = a.attr();
        } else if (iter instanceof Expr.Call c && c.args().size() == 1 && c.keywords().isEmpty()
                && f.check.valueOf(c.func()).orElse(null) instanceof io.github.torchscript4j.checker.semantics.Value.Builtin b
                && b.qualifiedName().equals("enumerate")
                && io.github.torchscript4j.checker.semantics.ModuleContainers.unrolled(
                        f.check.typeOf(c.args().get(0)).orElse(Types.UNKNOWN)).isPresent()
                && !io.github.torchscript4j.checker.semantics.ModuleContainers.isDict(
                        f.check.typeOf(c.args().get(0)).orElse(Types.UNKNOWN))) {
            container = c.args().get(0);
            form = "enumerate";
        }
        Type ct = container == iter ? t : f.check.typeOf(container).orElse(Types.UNKNOWN);
        java.util.Optional<List<java.util.Map.Entry<String, Type.ModuleType>>> items =
                io.github.torchscript4j.checker.semantics.ModuleContainers.unrolled(ct);
        if (items.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (form.isEmpty() && io.github.torchscript4j.checker.semantics.ModuleContainers.isDict(ct)) {
            form = "keys";
        }
        List<List<Value>> trips = new ArrayList<>();
        if (form.equals("keys")) {
            for (java.util.Map.Entry<String, Type.ModuleType> m : items.get()) {
                trips.add(List.of(exprs.constant(m.getKey(), Types.STR, null)));
            }
            return java.util.Optional.of(trips);
        }
        Value v = exprs.emit(container);
        List<Value> modules = new ArrayList<>();
        for (java.util.Map.Entry<String, Type.ModuleType> m : items.get()) {
            modules.add(exprs.getAttr(v, m.getKey(), m.getValue(), iter.range()));
        }
        for (int i = 0; i < modules.size(); i++) {
            switch (form) {
                case "items" -> trips.add(List.of(exprs.constant(items.get().get(i).getKey(), Types.STR, null), modules.get(i)));
                case "enumerate" -> trips.add(List.of(exprs.constant((long) i, Types.INT, null), modules.get(i)));
                default -> trips.add(List.of(modules.get(i)));
            }
        }
        return java.util.Optional.of(trips);
    }

    /** Binds one trip's values to the loop's target: the value, or each of a tuple target's names. */
    private void assignParts(Expr target, List<Value> parts, io.github.torchscript4j.checker.source.SourceRange range) {
        if (parts.size() == 1) {
            f.assign(target, parts.get(0), null, range);
            return;
        }
        List<Expr> elts = target instanceof Expr.Tuple tu ? tu.elts() : target instanceof Expr.List l ? l.elts() : null;
        if (elts != null && elts.size() == parts.size() && elts.stream().noneMatch(e -> e instanceof Expr.Starred)) {
            for (int i = 0; i < parts.size(); i++) {
                f.assign(elts.get(i), parts.get(i), null, range);
            }
            return;
        }
        List<Type> types = parts.stream().map(Value::type).toList();
        f.assign(target, exprs.node("prim::TupleConstruct", parts, new Type.TupleType(types), null), null, range);
    }

    /**
     * A loop without a target over the elements of {@code iter} ({@code zip} and {@code enumerate}
     * included), {@code body} given each element: the reference's lowering of {@code dict(iterable)}.
     */
    /** The same over a list value already emitted. */
    void forEach(Value list, io.github.torchscript4j.checker.source.SourceRange range,
            java.util.function.Consumer<Value> body) {
        Type elem = ((Type.ListType) list.type()).elem();
        run(Iterable.leaf(() -> exprs.call("aten::len", List.of(list), Types.INT, range),
                i -> exprs.call("aten::__getitem__", List.of(list, i), elem, range)), range, body);
    }

    /** The iterable of a {@code for} or {@code dict(...)}: its sequences are evaluated now, its lengths later. */
    private void run(Iterable it, io.github.torchscript4j.checker.source.SourceRange range,
            java.util.function.Consumer<Value> body) {
        Value trueValue = exprs.constant(Boolean.TRUE, Types.BOOL, null);
        loop(length(it, range), trueValue, List.of(), Optional.empty(), range, i -> body.accept(it.item().apply(i)));
    }

    /**
     * {@code dict(iterable)}: the iterable's sequences are evaluated, then {@code before} runs (it
     * makes the dict), then the loop over the elements.
     */
    void forEach(Expr iter, io.github.torchscript4j.checker.source.SourceRange range, Runnable before,
            java.util.function.Consumer<Value> body) {
        Iterable it = iterable(iter, null);
        before.run();
        run(it, range, body);
    }

    private boolean isBuiltinCall(Expr e, String name) {
        return e instanceof Expr.Call c && f.check.valueOf(c.func())
                .map(v -> v instanceof io.github.torchscript4j.checker.semantics.Value.Builtin b && b.qualifiedName().equals(name))
                .orElse(false);
    }

    private Iterable iterable(Expr iter, Stmt.For s) {
        if (isBuiltinCall(iter, "range")) {
            return range((Expr.Call) iter);
        }
        if (isBuiltinCall(iter, "zip") || isBuiltinCall(iter, "enumerate")) {
            Expr.Call c = (Expr.Call) iter;
            List<Iterable> parts = new ArrayList<>();
            if (isBuiltinCall(iter, "enumerate")) {
                // the counter: the trip number itself, or derived from an explicit start
                if (c.args().size() > 1) {
                    Value start = exprs.emit(c.args().get(1));
                    long known = c.args().get(1) instanceof Expr.Constant k
                            && ConstantValues.literal(k.value()) instanceof Long l ? l : 0L;
                    Value one = exprs.constant(1L, Types.INT, null);
                    parts.add(Iterable.leaf(() -> exprs.constant(Long.MAX_VALUE - known, Types.INT, null),
                            i -> exprs.call("aten::__derive_index", List.of(i, start, one), Types.INT, c.range())));
                } else {
                    parts.add(Iterable.leaf(() -> exprs.constant(Long.MAX_VALUE, Types.INT, null), i -> i));
                }
                parts.add(iterable(c.args().get(0), s));
            } else {
                for (Expr a : c.args()) {
                    parts.add(iterable(a, s));
                }
            }
            List<java.util.function.Supplier<Value>> lengths = new ArrayList<>();
            for (Iterable p : parts) {
                lengths.addAll(p.lengths());
            }
            return new Iterable(lengths, i -> {
                List<Value> items = new ArrayList<>();
                List<Type> types = new ArrayList<>();
                for (Iterable p : parts) {
                    Value v = p.item().apply(i);
                    items.add(v);
                    types.add(v.type());
                }
                return exprs.node("prim::TupleConstruct", items, new Type.TupleType(types), null);
            });
        }
        Type t = f.check.typeOf(iter).orElseThrow(() -> new EmitException("untyped loop iterable", iter.range()));
        Value seq = exprs.emit(iter);
        if (t instanceof Type.DictType d) {
            seq = exprs.call("aten::keys", List.of(seq), new Type.ListType(d.key()), iter.range());
        }
        Value sequence = seq;
        java.util.function.Supplier<Value> length = () -> exprs.call("aten::len", List.of(sequence), Types.INT, iter.range());
        if (t instanceof Type.TensorType) {
            return Iterable.leaf(length, i -> exprs.call("aten::select",
                    List.of(sequence, exprs.constant(0L, Types.INT, null), i), Types.TENSOR, iter.range()));
        }
        Type elem = t instanceof Type.ListType l ? l.elem()
                : t instanceof Type.DictType d ? d.key()
                : t instanceof Type.StrType ? Types.STR : null;
        if (elem == null) {
            throw new EmitException("the emitter does not lower loops over " + t.annotationStr() + " yet", iter.range());
        }
        return Iterable.leaf(length, i -> exprs.call("aten::__getitem__", List.of(sequence, i), elem, iter.range()));
    }

    private Iterable range(Expr.Call range) {
        List<Value> args = new ArrayList<>();
        for (Expr a : range.args()) {
            args.add(exprs.emit(a));
        }
        if (args.size() == 1) {
            return Iterable.leaf(() -> args.get(0), i -> i);
        }
        Value start = args.get(0);
        Value step = args.size() == 3 ? args.get(2) : exprs.constant(1L, Types.INT, null);
        return Iterable.leaf(() -> exprs.call("aten::__range_length", List.of(start, args.get(1), step), Types.INT,
                range.range()), i -> exprs.call("aten::__derive_index", List.of(i, start, step), Types.INT, range.range()));
    }

    /**
     * Emits a {@code prim::Loop}. A {@code for} loop that may leave early ({@code break}, {@code
     * continue}, {@code return}) is written in the reference's while form: no trip count, an explicit
     * counter carried through the loop, and the next condition {@code counter + 1 < n and body's}.
     */
    private void loop(Value maxTrips, Value cond, List<Stmt> body, Optional<Expr> whileTest,
            io.github.torchscript4j.checker.source.SourceRange range, java.util.function.Consumer<Value> header) {
        boolean whileForm = whileTest.isEmpty() && leavesEarly(body);
        Value limit = maxTrips;
        if (whileForm) {
            cond = exprs.call("aten::gt", List.of(limit, exprs.constant(0L, Types.INT, null)), Types.BOOL, range);
            maxTrips = exprs.constant(Long.MAX_VALUE, Types.INT, null);
        }
        Set<String> assigned = new LinkedHashSet<>();
        AssignedNames.collect(body, assigned);
        boolean returns = Exits.firstReturn(body) != null;
        if (returns) {
            // a return inside the loop leaves it through two carried values (the exit transform)
            if (!f.env.values.containsKey(FunctionEmitter.RETURNED)) {
                f.env.values.put(FunctionEmitter.RETURNED, exprs.constant(Boolean.FALSE, Types.BOOL, null));
                f.env.values.put(FunctionEmitter.RETURN_VALUE, f.exitPlaceholder(f.loopReturnType(body)));
            }
            assigned.add(FunctionEmitter.RETURNED);
            assigned.add(FunctionEmitter.RETURN_VALUE);
        }
        // carried in the order the variables were defined (the reference's environment order)
        List<String> carried = new ArrayList<>();
        for (String name : f.env.values.keySet()) {
            if (assigned.contains(name)) {
                carried.add(name);
            }
        }
        Node n = f.graph.create("prim::Loop");
        n.addInput(maxTrips);
        n.addInput(cond);
        for (String name : carried) {
            n.addInput(f.env.values.get(name));
        }
        if (whileForm) {
            n.addInput(exprs.constant(0L, Types.INT, null)); // the counter
        }
        f.append(n, range);
        Block outer = f.block;
        FunctionEmitter.Env before = f.env;
        Block b = n.addBlock();
        Value iteration = b.addParam(Types.INT);
        f.block = b;
        f.env = before.copy();
        List<Type> types = new ArrayList<>();
        for (String name : carried) {
            Type t = before.declared.getOrDefault(name, before.values.get(name).type());
            types.add(t);
            Value p = b.addParam(t);
            if (!name.startsWith("$")) {
                p.setDebugName(name);
            }
            f.env.values.put(name, p);
        }
        Value counter = whileForm ? b.addParam(Types.INT) : iteration;
        FunctionEmitter.LoopContext saved = f.enterLoop(whileTest, carried);
        header.accept(counter);
        boolean outerTail = f.tail;
        f.tail = true; // the body's last statement ends the iteration
        FunctionEmitter.Exit exit;
        try {
            exit = f.statements(body, 0);
        } finally {
            f.tail = outerTail;
        }
        Value next;
        if (exit instanceof FunctionEmitter.Exit.LoopEnd end) {
            next = end.condition();
        } else if (exit instanceof FunctionEmitter.Exit.MaybeLoopEnd m) {
            next = f.settle(m);
        } else if (exit instanceof FunctionEmitter.Exit.Fallthrough || exit instanceof FunctionEmitter.Exit.Raise) {
            next = f.loopCondition();
        } else if (exit instanceof FunctionEmitter.Exit.Return r) {
            next = ((FunctionEmitter.Exit.LoopEnd) f.returnFromLoop(r.value())).condition();
        } else {
            f.exitLoop(saved);
            throw new EmitException("the emitter does not lower this exit from a loop yet", range);
        }
        f.exitLoop(saved);
        Value nextCounter = null;
        if (whileForm) {
            nextCounter = exprs.call("aten::add", List.of(counter, exprs.constant(1L, Types.INT, null)), Types.INT, range);
            Value more = exprs.call("aten::lt", List.of(nextCounter, limit), Types.BOOL, range);
            next = exprs.call("aten::__and__", List.of(more, next), Types.BOOL, range);
        }
        b.addReturn(next);
        FunctionEmitter.Env inner = f.env;
        for (String name : carried) {
            Value v = inner.values.get(name);
            b.addReturn(v != null ? v : before.values.get(name));
        }
        if (whileForm) {
            b.addReturn(nextCounter);
        }
        f.block = outer;
        f.env = before.copy();
        for (int i = 0; i < carried.size(); i++) {
            Value out = n.addOutput(types.get(i));
            if (!carried.get(i).startsWith("$")) {
                out.setDebugName(carried.get(i));
            }
            f.env.values.put(carried.get(i), out);
        }
        if (whileForm) {
            n.addOutput(Types.INT); // the counter's last value, unused
        }
        loopReturned = returns;
    }
}
