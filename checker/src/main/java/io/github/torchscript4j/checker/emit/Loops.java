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

    void forLoop(Stmt.For s) {
        if (!s.orelse().isEmpty()) {
            throw new EmitException("the emitter does not lower for/else yet", s.range());
        }
        Expr iter = s.iter();
        if (iter instanceof Expr.Call c && c.func() instanceof Expr.Name n && n.id().equals("range")
                && f.check.valueOf(c.func()).map(v -> v instanceof io.github.torchscript4j.checker.semantics.Value.Builtin)
                        .orElse(false)) {
            rangeLoop(s, c);
            return;
        }
        Type t = f.check.typeOf(iter).orElseThrow(() -> new EmitException("untyped loop iterable", iter.range()));
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
        Value seq = exprs.emit(iter);
        if (t instanceof Type.DictType) {
            seq = exprs.call("aten::keys", List.of(seq), new Type.ListType(((Type.DictType) t).key()), iter.range());
        }
        Value sequence = seq;
        Value length = exprs.call("aten::len", List.of(sequence), Types.INT, iter.range());
        Type elem = t instanceof Type.ListType l ? l.elem()
                : t instanceof Type.DictType d ? d.key()
                : t instanceof Type.StrType ? Types.STR
                : t instanceof Type.TensorType ? Types.TENSOR : null;
        if (elem == null) {
            throw new EmitException("the emitter does not lower loops over " + t.annotationStr() + " yet", iter.range());
        }
        Value trueValue = exprs.constant(Boolean.TRUE, Types.BOOL, null);
        loop(length, trueValue, s.body(), Optional.empty(), s.range(), iteration -> {
            Value item = exprs.call("aten::__getitem__", List.of(sequence, iteration), elem, iter.range());
            f.assign(s.target(), item, null, s.range());
        });
    }

    private void rangeLoop(Stmt.For s, Expr.Call range) {
        List<Value> args = new ArrayList<>();
        for (Expr a : range.args()) {
            args.add(exprs.emit(a));
        }
        Value trips;
        Value start;
        Value step;
        if (args.size() == 1) {
            trips = args.get(0);
            start = null;
            step = null;
        } else {
            start = args.get(0);
            step = args.size() == 3 ? args.get(2) : exprs.constant(1L, Types.INT, null);
            trips = exprs.call("aten::__range_length", List.of(start, args.get(1), step), Types.INT, range.range());
        }
        Value trueValue = exprs.constant(Boolean.TRUE, Types.BOOL, null);
        loop(trips, trueValue, s.body(), Optional.empty(), s.range(), iteration -> {
            Value i = start == null ? iteration
                    : exprs.call("aten::__derive_index", List.of(iteration, start, step), Types.INT, range.range());
            f.assign(s.target(), i, null, s.range());
        });
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
