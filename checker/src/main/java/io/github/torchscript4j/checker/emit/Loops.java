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

    Loops(FunctionEmitter f) {
        this.f = f;
        this.exprs = f.exprs;
    }

    void whileLoop(Stmt.While w) {
        if (!w.orelse().isEmpty()) {
            throw new EmitException("the emitter does not lower while/else yet", w.range());
        }
        Value maxTrips = exprs.constant(Long.MAX_VALUE, Types.INT, null);
        Value cond = exprs.condition(w.test());
        loop(maxTrips, cond, w.body(), Optional.of(w.test()), w.range(), iteration -> {});
    }

    /** Something a {@code for} can iterate by index: its length and how to read element {@code i}. */
    private record Iterable(Value length, java.util.function.Function<Value, Value> item) {}

    void forLoop(Stmt.For s) {
        if (!s.orelse().isEmpty()) {
            throw new EmitException("the emitter does not lower for/else yet", s.range());
        }
        Expr iter = s.iter();
        Type t = f.check.typeOf(iter).orElse(null);
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
            return;
        }
        Iterable it = iterable(iter, s);
        Value trueValue = exprs.constant(Boolean.TRUE, Types.BOOL, null);
        loop(it.length(), trueValue, s.body(), Optional.empty(), s.range(), iteration -> {
            f.assign(s.target(), it.item().apply(iteration), null, s.range());
        });
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
                Value start = c.args().size() > 1 ? exprs.emit(c.args().get(1)) : exprs.constant(0L, Types.INT, null);
                long known = c.args().size() > 1 && c.args().get(1) instanceof Expr.Constant k
                        && ConstantValues.literal(k.value()) instanceof Long l ? l : 0L;
                Value one = exprs.constant(1L, Types.INT, null);
                Value counterLength = exprs.constant(Long.MAX_VALUE - known, Types.INT, null);
                parts.add(new Iterable(counterLength, i -> exprs.call("aten::__derive_index", List.of(i, start, one),
                        Types.INT, c.range())));
                parts.add(iterable(c.args().get(0), s));
            } else {
                for (Expr a : c.args()) {
                    parts.add(iterable(a, s));
                }
            }
            List<Value> lengths = new ArrayList<>();
            for (Iterable p : parts) {
                lengths.add(p.length());
            }
            Value list = exprs.node("prim::ListConstruct", lengths, new Type.ListType(Types.INT), null);
            Value length = exprs.call("prim::min", List.of(list), Types.INT, iter.range());
            return new Iterable(length, i -> {
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
        Value length = exprs.call("aten::len", List.of(sequence), Types.INT, iter.range());
        if (t instanceof Type.TensorType) {
            return new Iterable(length, i -> exprs.call("aten::select",
                    List.of(sequence, exprs.constant(0L, Types.INT, null), i), Types.TENSOR, iter.range()));
        }
        Type elem = t instanceof Type.ListType l ? l.elem()
                : t instanceof Type.DictType d ? d.key()
                : t instanceof Type.StrType ? Types.STR : null;
        if (elem == null) {
            throw new EmitException("the emitter does not lower loops over " + t.annotationStr() + " yet", iter.range());
        }
        return new Iterable(length, i -> exprs.call("aten::__getitem__", List.of(sequence, i), elem, iter.range()));
    }

    private Iterable range(Expr.Call range) {
        List<Value> args = new ArrayList<>();
        for (Expr a : range.args()) {
            args.add(exprs.emit(a));
        }
        if (args.size() == 1) {
            return new Iterable(args.get(0), i -> i);
        }
        Value start = args.get(0);
        Value step = args.size() == 3 ? args.get(2) : exprs.constant(1L, Types.INT, null);
        Value trips = exprs.call("aten::__range_length", List.of(start, args.get(1), step), Types.INT, range.range());
        return new Iterable(trips, i -> exprs.call("aten::__derive_index", List.of(i, start, step), Types.INT, range.range()));
    }

    private void loop(Value maxTrips, Value cond, List<Stmt> body, Optional<Expr> whileTest,
            io.github.torchscript4j.checker.source.SourceRange range, java.util.function.Consumer<Value> header) {
        Set<String> assigned = new LinkedHashSet<>();
        AssignedNames.collect(body, assigned);
        List<String> carried = new ArrayList<>();
        for (String name : assigned) {
            if (f.env.values.containsKey(name)) {
                carried.add(name);
            }
        }
        Node n = f.graph.create("prim::Loop");
        n.addInput(maxTrips);
        n.addInput(cond);
        for (String name : carried) {
            n.addInput(f.env.values.get(name));
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
            p.setDebugName(name);
            f.env.values.put(name, p);
        }
        FunctionEmitter.LoopContext saved = f.enterLoop(whileTest);
        header.accept(iteration);
        FunctionEmitter.Exit exit = f.statements(body, 0);
        Value next;
        if (exit instanceof FunctionEmitter.Exit.LoopEnd end) {
            next = end.condition();
        } else if (exit instanceof FunctionEmitter.Exit.Fallthrough || exit instanceof FunctionEmitter.Exit.Raise) {
            next = f.loopCondition();
        } else {
            f.exitLoop(saved);
            throw new EmitException("the emitter does not lower a return inside a loop yet", range);
        }
        f.exitLoop(saved);
        b.addReturn(next);
        FunctionEmitter.Env inner = f.env;
        for (String name : carried) {
            Value v = inner.values.get(name);
            b.addReturn(v != null ? v : before.values.get(name));
        }
        f.block = outer;
        f.env = before.copy();
        for (int i = 0; i < carried.size(); i++) {
            Value out = n.addOutput(types.get(i));
            out.setDebugName(carried.get(i));
            f.env.values.put(carried.get(i), out);
        }
    }
}
