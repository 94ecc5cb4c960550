package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.semantics.Signature;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.checker.types.Unification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lowers the body of one function or method: statements to nodes in structured blocks, with the
 * variables of the source kept in an environment of SSA values. Control flow follows the
 * reference's lowering:
 *
 * <ul>
 *   <li>{@code if} becomes {@code prim::If}; a variable assigned in a branch and live after it (defined
 *       before, or in both branches) becomes an output of the node;
 *   <li>loops become {@code prim::Loop}, the variables the body assigns that exist before the loop
 *       being carried through it;
 *   <li>early exits — {@code return}, {@code break} and {@code continue} inside an {@code if} — are
 *       lowered by moving the statements that follow the {@code if} into the branch that does not
 *       exit, so that every block ends in one place, as the reference's exit transforms leave it.
 * </ul>
 */
final class FunctionEmitter {
    final Emitter emitter;
    final CheckResult check;
    final CheckResult.CheckedFunction function;
    final Graph graph = new Graph();
    /** Where nodes are appended. */
    Block block;
    /** Set when an expression of the current statement always raises ({@code @torch.jit.unused} calls). */
    boolean raisedInExpression;
    /** The source's variables. */
    Env env = new Env();
    final ExpressionEmitter exprs;
    /** The bodies of the comprehensions being emitted, innermost first (see {@link ComprehensionLoop}). */
    final java.util.Deque<Runnable> comprehensionBodies = new java.util.ArrayDeque<>();
    /** Set by {@link #ifStatement}: whether it emitted the statements after the if too. */
    private boolean restConsumed;
    /** The innermost loop being emitted, if any. */
    private LoopContext loop;

    /** The variables in scope, by name, and the types of those declared with an annotation ({@code x: T = v}). */
    static final class Env {
        final Map<String, Value> values = new LinkedHashMap<>();
        final Map<String, Type> declared = new LinkedHashMap<>();

        Env copy() {
            Env e = new Env();
            e.values.putAll(values);
            e.declared.putAll(declared);
            return e;
        }
    }

    /** How a statement list ended. */
    sealed interface Exit {
        record Fallthrough() implements Exit {}

        record Return(Value value) implements Exit {}

        record Raise() implements Exit {}

        /** Inside a loop body: the loop's continue condition for the next iteration. */
        record LoopEnd(Value condition) implements Exit {}

        /**
         * Some paths returned: {@code returned} says whether this one did, and {@code value} is
         * what it returned (uninitialized where it did not). What follows runs only when it did not.
         */
        record MaybeReturn(Value returned, Value value) implements Exit {}

        /**
         * Inside a loop body, some paths left the iteration ({@code break}, {@code continue}):
         * {@code exited} says whether this one did, {@code condition} is the loop's next condition
         * it set (uninitialized where it did not), and {@code exitValues} the variables as they
         * were where it left (the environment holds them as they are where it did not). What
         * follows runs only when it did not.
         */
        record MaybeLoopEnd(Value exited, Value condition, Map<String, Value> exitValues) implements Exit {}
    }

    static final Exit FALLTHROUGH = new Exit.Fallthrough();

    /** The loop being emitted: its {@code while} test, if any, and the variables it carries. */
    record LoopContext(Optional<Expr> whileTest, List<String> carried) {}

    FunctionEmitter(Emitter emitter, CheckResult.CheckedFunction function) {
        this.emitter = emitter;
        this.check = emitter.check();
        this.function = function;
        this.block = graph.block();
        this.exprs = new ExpressionEmitter(this);
    }

    Function emit() {
        Signature sig = function.signature();
        List<Function.Param> params = new ArrayList<>();
        for (int i = 0; i < sig.params().size(); i++) {
            Signature.Param p = sig.params().get(i);
            boolean isSelf = i == 0 && function.self().isPresent();
            Type t = isSelf ? function.self().get() : p.type();
            Value v = graph.addInput(t);
            if (isSelf) {
                v.setDebugName(p.name());
            } else {
                v.setDebugName(p.name());
            }
            env.values.put(p.name(), v);
            params.add(new Function.Param(p.name(), t,
                    p.defaultValue().map(d -> new Function.Default(defaultValue(p, ConstantValues.of(d, this)))),
                    p.keywordOnly()));
        }
        Exit exit = statements(function.def().body(), 0);
        if (exit instanceof Exit.MaybeReturn m) {
            // Falling off the end returns None.
            exit = guard(m, () -> FALLTHROUGH, function.def().range());
        }
        Value result;
        if (exit instanceof Exit.Return r) {
            result = r.value();
        } else if (exit instanceof Exit.Raise) {
            result = uninitialized(function.returnType());
        } else {
            result = exprs.constant(null, Types.NONE, null);
        }
        Optional<Type> annotatedReturn = function.signature().annotatedReturn();
        if (annotatedReturn.isPresent()) {
            result = exprs.implicit(result, annotatedReturn.get(), function.def().range());
        }
        if (annotatedReturn.isPresent() && annotatedReturn.get() instanceof Type.AnyType
                && !(result.type() instanceof Type.AnyType)) {
            result = exprs.node("prim::unchecked_cast", List.of(result), annotatedReturn.get(), null);
        }
        graph.block().addReturn(result);
        String name = emitter.nameOf(function.def()).orElseThrow();
        Cleanup.run(graph);
        // An unannotated function returns what its body returns, as the reference infers it.
        Type returnType = sig.annotatedReturn().orElse(result.type());
        return new Function(name, params, returnType, graph);
    }

    /** A parameter's default; a single number for a fixed-size list {@code T[N]} is N copies of it. */
    private static Object defaultValue(Signature.Param p, Object value) {
        if (p.fixedSize() > 0 && (value instanceof Long || value instanceof Double || value instanceof Boolean)) {
            return java.util.Collections.nCopies(p.fixedSize(), value);
        }
        return value;
    }

    // ---- nodes ----

    Node append(Node n, SourceRange range) {
        if (range != null) {
            n.setRange(range);
        }
        return block.append(n);
    }

    /**
     * The placeholder for a returned value (or flag) on a path that did not return: one per type
     * and function, at the top of the graph, as the reference's exit transform shares them.
     */
    Value exitPlaceholder(Type t) {
        return exitPlaceholders.computeIfAbsent(t, type -> {
            Node n = graph.create("prim::Uninitialized");
            n.addOutput(type);
            return graph.block().prepend(n).output();
        });
    }

    private final Map<Type, Value> exitPlaceholders = new java.util.HashMap<>();

    Value uninitialized(Type t) {
        Node n = graph.create("prim::Uninitialized");
        n.addOutput(t);
        return block.append(n).output();
    }

    // ---- statements ----

    /**
     * Whether the statement being emitted is the last of its loop body, counting enclosing
     * statement lists: an {@code if} there whose arms leave the iteration on some paths can settle
     * the loop's next condition at once; elsewhere the statements after it must be guarded.
     */
    boolean tail = true;

    /** Emits {@code stmts[from..]}; returns how the list ended. */
    Exit statements(List<Stmt> stmts, int from) {
        boolean listTail = tail;
        try {
            return statementsIn(stmts, from, listTail);
        } finally {
            tail = listTail;
        }
    }

    private Exit statementsIn(List<Stmt> stmts, int from, boolean listTail) {
        for (int i = from; i < stmts.size(); i++) {
            Stmt s = stmts.get(i);
            tail = listTail && i == stmts.size() - 1;
            if (s instanceof Stmt.If f) {
                Exit e = ifStatement(f, stmts, i + 1, listTail);
                if (e instanceof Exit.MaybeLoopEnd m) {
                    tail = listTail;
                    if (i + 1 < stmts.size() && !restConsumed) {
                        int next = i + 1;
                        return guardLoop(m, () -> statements(stmts, next), f.range());
                    }
                    return e;
                }
                if (e instanceof Exit.MaybeReturn m && i + 1 < stmts.size() && !restConsumed) {
                    int next = i + 1;
                    return guard(m, () -> statements(stmts, next), f.range());
                }
                if (e instanceof Exit.MaybeReturn m && loop != null) {
                    return guard(m, () -> FALLTHROUGH, f.range());
                }
                if (e != null) {
                    return e;
                }
                continue;
            }
            Exit e = statement(s);
            if (raisedInExpression) {
                return raisedMidBlock(stmts.subList(i + 1, stmts.size()));
            }
            if (e instanceof Exit.MaybeReturn m && (i + 1 < stmts.size() || loop != null)) {
                // a loop some of whose iterations returned: the rest runs only if none did
                int next = i + 1;
                return guard(m, () -> statements(stmts, next), s.range());
            }
            if (!(e instanceof Exit.Fallthrough)) {
                return e;
            }
        }
        return FALLTHROUGH;
    }

    private Exit statement(Stmt s) {
        if (s instanceof Stmt.ExprStmt e) {
            if (e.value() instanceof Expr.Constant c && c.value() instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Str) {
                return FALLTHROUGH; // a docstring
            }
            exprs.emitDiscarded(e.value());
            return FALLTHROUGH;
        }
        if (s instanceof Stmt.Assign a) {
            if (a.value() instanceof Expr.Attribute && a.targets().stream().allMatch(t -> t instanceof Expr.Name)
                    && check.valueOf(a.value()).orElse(null)
                            instanceof io.github.torchscript4j.checker.semantics.Value.UserFunction) {
                // archive code's `_0 = __torch__.torch.nn.functional.layer_norm`: the name's calls resolve statically
                return FALLTHROUGH;
            }
            if (a.targets().stream().allMatch(t -> t instanceof Expr.Name) && check.valueOf(a.value()).orElse(null)
                    instanceof io.github.torchscript4j.checker.semantics.Value.TracedFunction) {
                return FALLTHROUGH; // `f = traced_foo`: the name's calls resolve statically
            }
            Value v = exprs.emit(a.value());
            for (Expr target : a.targets()) {
                assign(target, v, a.value(), a.range());
            }
            return FALLTHROUGH;
        }
        if (s instanceof Stmt.AnnAssign a) {
            if (a.value().isEmpty()) {
                return FALLTHROUGH;
            }
            Value v = exprs.emit(a.value().get());
            if (a.target() instanceof Expr.Name n) {
                Type declared = check.typeOf(a.value().get()).orElse(v.type());
                Optional<Type> annotated = check.annotationType(a.annotation());
                if (annotated.isPresent()) {
                    declared = annotated.get();
                }
                // the variable has the declared type; the value keeps its own, except that a list or dict
                // display written for a Union (or Optional) is cast to it, as the reference emits it
                env.declared.put(n.id(), declared);
                boolean display = a.value().get() instanceof Expr.List || a.value().get() instanceof Expr.Dict;
                if (display && (declared instanceof Type.UnionType || declared instanceof Type.OptionalType)
                        && !v.type().equals(declared)) {
                    v = exprs.node("prim::unchecked_cast", List.of(v), declared, null);
                }
            }
            assign(a.target(), v, a.value().get(), a.range());
            return FALLTHROUGH;
        }
        if (s instanceof Stmt.AugAssign a) {
            exprs.augmented(a);
            return FALLTHROUGH;
        }
        if (s instanceof Stmt.Return r) {
            Value v = r.value().isPresent() ? exprs.emit(r.value().get()) : exprs.constant(null, Types.NONE, null);
            if (loop != null && env.values.containsKey(RETURNED)) {
                // inside a loop: remember the value and leave the loop (the reference's exit transform)
                return returnFromLoop(v);
            }
            return new Exit.Return(v);
        }
        if (s instanceof Stmt.Raise r) {
            exprs.raise(r);
            return new Exit.Raise();
        }
        if (s instanceof Stmt.Assert a) {
            // if test: (refined) else: raise AssertionError — what the test refines holds after it
            Value cond = exprs.condition(a.test());
            Refinements refinements = Refinements.of(a.test(), this);
            branches(cond, () -> FALLTHROUGH, () -> {
                exprs.assertionFailure(a);
                return new Exit.Raise();
            }, refinements, a.range());
            return FALLTHROUGH;
        }
        if (s == ComprehensionLoop.MARKER) {
            comprehensionBodies.peek().run();
            return FALLTHROUGH;
        }
        if (s instanceof Stmt.Pass) {
            return FALLTHROUGH;
        }
        if (s instanceof Stmt.For f) {
            return new Loops(this).forLoop(f);
        }
        if (s instanceof Stmt.While w) {
            return new Loops(this).whileLoop(w);
        }
        if (s instanceof Stmt.Break) {
            return new Exit.LoopEnd(exprs.constant(Boolean.FALSE, Types.BOOL, null));
        }
        if (s instanceof Stmt.Continue) {
            return new Exit.LoopEnd(loopCondition());
        }
        if (s instanceof Stmt.With w) {
            return with(w, 0);
        }
        if (s instanceof Stmt.Delete d) {
            for (Expr t : d.targets()) {
                exprs.delete(t);
            }
            return FALLTHROUGH;
        }
        if (s instanceof Stmt.FunctionDef || s instanceof Stmt.ClassDef || s instanceof Stmt.Import
                || s instanceof Stmt.ImportFrom) {
            throw new EmitException("the emitter does not lower this statement yet", s.range());
        }
        throw new EmitException("the emitter does not lower this statement yet", s.range());
    }

    /**
     * {@code with a as x, b: body} as the reference lowers it: {@code prim::Enter} on each context
     * object (its {@code __enter__}, whose result {@code as} binds), the body, then {@code
     * prim::Exit} on them in reverse order (their {@code __exit__}).
     */
    private Exit with(Stmt.With w, int item) {
        if (item == w.items().size()) {
            return statements(w.body(), 0);
        }
        var withItem = w.items().get(item);
        Value context = exprs.emit(withItem.contextExpr());
        if (!(context.type() instanceof Type.ClassType cls)) {
            throw new EmitException("the emitter lowers with statements on class objects only", withItem.range());
        }
        Type entered = methodReturn(cls, "__enter__", withItem.range());
        Node enter = graph.create("prim::Enter");
        enter.addInput(context);
        Value value = enter.addOutput(entered);
        append(enter, null);
        if (withItem.optionalVars().isPresent()) {
            assign(withItem.optionalVars().get(), value, null, withItem.range());
        }
        Exit e = with(w, item + 1);
        if (e instanceof Exit.Fallthrough || e instanceof Exit.Return) {
            Node exit = graph.create("prim::Exit");
            exit.addInput(context);
            exit.addOutput(Types.TENSOR); // the reference types every prim::Exit output so
            append(exit, null);
        } else if (!(e instanceof Exit.Raise)) {
            throw new EmitException("the emitter does not lower this exit from a with statement yet", w.range());
        }
        return e;
    }

    private Type methodReturn(Type.ClassType cls, String method, SourceRange range) {
        for (CheckResult.CheckedFunction cf : check.functions().values()) {
            if (cf.def().name().equals(method) && cf.self().isPresent() && cf.self().get().equals(cls)) {
                return cf.returnType();
            }
        }
        throw new EmitException("no method " + method + " compiled for " + cls.annotationStr(), range);
    }

    /** The condition of the next iteration of the innermost loop, emitted where control continues. */
    Value loopCondition() {
        if (loop != null && loop.whileTest().isPresent()) {
            return exprs.condition(loop.whileTest().get());
        }
        return exprs.constant(Boolean.TRUE, Types.BOOL, null);
    }

    /** Binds an assignment target to a value. */
    void assign(Expr target, Value v, Expr source, SourceRange range) {
        if (target instanceof Expr.Name n) {
            if (v.debugName().isEmpty()) {
                v.setDebugName(n.id());
            }
            env.values.put(n.id(), v);
            return;
        }
        if (target instanceof Expr.Tuple || target instanceof Expr.List) {
            List<Expr> elts = target instanceof Expr.Tuple t ? t.elts() : ((Expr.List) target).elts();
            int star = -1;
            for (int i = 0; i < elts.size(); i++) {
                if (elts.get(i) instanceof Expr.Starred) {
                    star = i;
                }
            }
            if (star >= 0 && v.type() instanceof Type.TupleType tuple) {
                // a, *b = t: the starred name takes the middle elements as a tuple
                int n = tuple.elements().size();
                List<Value> all = exprs.unpack(v, n, range);
                int after = elts.size() - star - 1;
                for (int i = 0; i < star; i++) {
                    assign(elts.get(i), all.get(i), null, range);
                }
                List<Value> middle = all.subList(star, n - after);
                List<Type> types = new ArrayList<>();
                middle.forEach(m -> types.add(m.type()));
                Value packed = exprs.node("prim::TupleConstruct", middle, new Type.TupleType(types), range);
                assign(((Expr.Starred) elts.get(star)).value(), packed, null, range);
                for (int i = 0; i < after; i++) {
                    assign(elts.get(star + 1 + i), all.get(n - after + i), null, range);
                }
                return;
            }
            List<Value> parts = exprs.unpack(v, elts.size(), range);
            for (int i = 0; i < elts.size(); i++) {
                assign(elts.get(i), parts.get(i), null, range);
            }
            return;
        }
        if (target instanceof Expr.Subscript s) {
            exprs.setItem(s, v);
            return;
        }
        if (target instanceof Expr.Attribute a) {
            exprs.setAttr(a, v);
            return;
        }
        throw new EmitException("the emitter does not lower this assignment target yet", target.range());
    }

    // ---- if ----

    /**
     * Emits an {@code if} statement and, when one branch exits and the other does not, the
     * statements after it inside the other branch. Returns null when the statements after it are
     * still to be emitted, or how the whole remaining list ended.
     */
    private Exit ifStatement(Stmt.If s, List<Stmt> rest, int restFrom, boolean listTail) {
        restConsumed = false;
        Optional<Boolean> known = exprs.staticCondition(s.test());
        if (known.isPresent()) {
            restConsumed = true;
            List<Stmt> live = known.get() ? s.body() : s.orelse();
            List<Stmt> joined = new ArrayList<>(live);
            joined.addAll(rest.subList(restFrom, rest.size()));
            return statements(joined, 0);
        }
        Value cond = exprs.condition(s.test());
        Refinements refinements = Refinements.of(s.test(), this);
        boolean bodyExits = Exits.returns(s.body());
        boolean elseExits = Exits.returns(s.orelse());
        boolean moveRest = bodyExits != elseExits && restFrom < rest.size();
        List<Stmt> body = s.body();
        List<Stmt> orelse = s.orelse();
        if (moveRest) {
            List<Stmt> following = rest.subList(restFrom, rest.size());
            if (bodyExits) {
                orelse = concat(orelse, following);
            } else {
                body = concat(body, following);
            }
            tail = listTail; // the if now ends its list
        }
        Exit e = branches(cond, body, orelse, refinements, s.range());
        if (moveRest) {
            restConsumed = true;
            return e;
        }
        restConsumed = false;
        if (e instanceof Exit.Fallthrough) {
            return null;
        }
        return e;
    }

    private static List<Stmt> concat(List<Stmt> a, List<Stmt> b) {
        List<Stmt> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** One arm's emission: its block, environment after it and exit. */
    private record Arm(Block block, Env env, Exit exit) {}

    /** Emits {@code prim::If(cond)} with the two statement lists as its blocks and merges them. */
    Exit branches(Value cond, List<Stmt> body, List<Stmt> orelse, Refinements refinements, SourceRange range) {
        return branches(cond, () -> statements(body, 0), () -> statements(orelse, 0), refinements, range);
    }

    private Exit branches(Value cond, java.util.function.Supplier<Exit> body, java.util.function.Supplier<Exit> orelse,
            Refinements refinements, SourceRange range) {
        Node n = graph.create("prim::If");
        n.addInput(cond);
        append(n, range);
        Block outer = block;
        Env before = env;
        Arm a = arm(n.addBlock(), before, body, refinements.whenTrue());
        Arm b = arm(n.addBlock(), before, orelse, refinements.whenFalse());
        block = outer;
        env = before.copy();
        return merge(n, a, b, before);
    }

    /**
     * The statements after an {@code if} some of whose paths returned: {@code if returned: that value
     * else: the rest}, as the reference's exit transform leaves it.
     */
    private Exit guard(Exit.MaybeReturn m, java.util.function.Supplier<Exit> rest, SourceRange range) {
        if (loop != null && env.values.containsKey(RETURNED)) {
            // inside an enclosing loop, a return leaves that loop too
            return branches(m.returned(), () -> returnFromLoop(m.value()), rest, Refinements.NONE, range);
        }
        return branches(m.returned(), () -> new Exit.Return(m.value()), rest, Refinements.NONE, range);
    }

    /**
     * The statements after an {@code if} some of whose paths left the loop's iteration: {@code if
     * exited: the condition they set else: the rest}, as the reference's exit transform leaves it.
     */
    private Exit guardLoop(Exit.MaybeLoopEnd m, java.util.function.Supplier<Exit> rest, SourceRange range) {
        return branches(m.exited(), () -> leave(m), rest, Refinements.NONE, range);
    }

    /** The path that left the iteration: its variables as they were there, and its condition. */
    private Exit leave(Exit.MaybeLoopEnd m) {
        env.values.putAll(m.exitValues());
        return new Exit.LoopEnd(m.condition());
    }

    /** The loop's next condition at the end of a body that left the iteration on some paths. */
    Value settle(Exit.MaybeLoopEnd m) {
        boolean outer = tail;
        tail = true;
        try {
            Exit e = branches(m.exited(), () -> leave(m), () -> FALLTHROUGH, Refinements.NONE, null);
            return e instanceof Exit.LoopEnd end ? end.condition() : loopCondition();
        } finally {
            tail = outer;
        }
    }

    /** The loop-carried variables through which a return inside a loop leaves it. */
    static final String RETURNED = "$returned";
    static final String RETURN_VALUE = "$return_value";

    Exit returnFromLoop(Value v) {
        Value carried = env.values.get(RETURN_VALUE);
        Value value = v;
        if (!v.type().equals(carried.type()) && v.type().isSubtypeOf(carried.type())) {
            value = v; // a narrower value still fits the carried one
        }
        env.values.put(RETURNED, exprs.constant(Boolean.TRUE, Types.BOOL, null));
        env.values.put(RETURN_VALUE, value);
        return new Exit.LoopEnd(exprs.constant(Boolean.FALSE, Types.BOOL, null));
    }

    /**
     * After a call that always raises ({@code @torch.jit.unused}) the reference still emits the
     * rest of the block, then drops everything after the raise: the variables the block assigns
     * stay assigned (uninitialized where the arms merge), and the block ends as a raise.
     */
    private Exit raisedMidBlock(List<Stmt> rest) {
        raisedInExpression = false;
        Node raise = null;
        for (Node n : block.nodes()) {
            if (n.is("prim::RaiseException")) {
                raise = n;
            }
        }
        statements(rest, 0);
        raisedInExpression = false;
        List<Node> nodes = block.nodes();
        for (int k = nodes.size() - 1; k >= 0 && nodes.get(k) != raise; k--) {
            Node dead = nodes.get(k);
            for (Value o : dead.outputs()) {
                for (Value.Use u : List.copyOf(o.uses())) {
                    if (u.user().owningBlock() != null) {
                        u.user().replaceInput(u.index(), uninitializedLike(o));
                    }
                }
            }
            dead.destroy();
        }
        return new Exit.Raise();
    }

    private Value uninitializedLike(Value v) {
        Node n = graph.create("prim::Uninitialized");
        Value out = n.addOutput(v.type());
        graph.block().prepend(n);
        return out;
    }

    /**
     * The loop-carried variables as an arm left them where it left the iteration (on every path,
     * or on some: then as a nested if recorded them).
     */
    private Map<String, Value> exitValues(Arm arm) {
        Map<String, Value> out = new java.util.LinkedHashMap<>();
        if (arm.exit instanceof Exit.MaybeLoopEnd m) {
            out.putAll(m.exitValues());
        } else if (arm.exit instanceof Exit.LoopEnd) {
            for (String name : loop.carried()) {
                Value v = arm.env.values.get(name);
                if (v != null) {
                    out.put(name, v);
                }
            }
        }
        return out;
    }

    /** Whether an arm left the iteration: true after break/continue, its flag when only some paths did. */
    private Value exitedFlag(Exit e, boolean raises) {
        if (e instanceof Exit.MaybeLoopEnd m) {
            return m.exited();
        }
        if (raises) {
            return uninitialized(Types.BOOL);
        }
        return exprs.constant(e instanceof Exit.LoopEnd, Types.BOOL, null);
    }

    /** The next condition an arm set when it left the iteration; a placeholder where it did not. */
    private Value exitCondition(Exit e) {
        if (e instanceof Exit.LoopEnd end) {
            return end.condition();
        }
        if (e instanceof Exit.MaybeLoopEnd m) {
            return m.condition();
        }
        return exitPlaceholder(Types.BOOL);
    }

    /** The type a return inside a loop carries: the annotated return type, or the first returned value's. */
    Type loopReturnType(List<Stmt> body) {
        if (function.signature().annotatedReturn().isPresent()) {
            return function.signature().annotatedReturn().get();
        }
        Stmt.Return r = Exits.firstReturn(body);
        if (r != null && r.value().isPresent()) {
            return check.typeOf(r.value().get()).orElse(function.returnType());
        }
        return r != null ? Types.NONE : function.returnType();
    }

    private Arm arm(Block b, Env before, java.util.function.Supplier<Exit> stmts, Map<String, Type> refined) {
        block = b;
        env = before.copy();
        for (Map.Entry<String, Type> r : refined.entrySet()) {
            Value v = env.values.get(r.getKey());
            // (against the declared type: a Union variable holding a member is still cast to it)
            Type current = v == null ? null : env.declared.getOrDefault(r.getKey(), v.type());
            if (v != null && (!current.equals(r.getValue()) || r.getValue() instanceof Type.AnyType)) {
                Node cast = graph.create("prim::unchecked_cast");
                cast.addInput(v);
                Value out = cast.addOutput(r.getValue());
                out.setDebugName(r.getKey());
                block.append(cast);
                env.values.put(r.getKey(), out);
            }
        }
        Exit exit = stmts.get();
        return new Arm(b, env, exit);
    }

    /** Merges two arms into the outputs of {@code n}; sets {@link #env} to the environment after. */
    private Exit merge(Node n, Arm a, Arm b, Env before) {
        boolean aRaises = a.exit instanceof Exit.Raise;
        boolean bRaises = b.exit instanceof Exit.Raise;
        // (from here on "raises" means "provides no values for the variables after the if")
        // The exit value both arms produce (a returned value, or a loop's next condition).
        Exit result = FALLTHROUGH;
        Exit ea = a.exit;
        Exit eb = b.exit;
        boolean leavesA = ea instanceof Exit.LoopEnd || ea instanceof Exit.MaybeLoopEnd;
        boolean leavesB = eb instanceof Exit.LoopEnd || eb instanceof Exit.MaybeLoopEnd;
        if (loop != null && (leavesA || leavesB) && !tail) {
            // some paths left the iteration and statements follow: a flag says which did
            if (!(ea instanceof Exit.LoopEnd && (eb instanceof Exit.LoopEnd || bRaises))
                    && !(eb instanceof Exit.LoopEnd && aRaises)) {
                Exit fa = ea;
                Exit fb = eb;
                boolean raisesA = aRaises;
                boolean raisesB = bRaises;
                Value flagA = inBlock(a, () -> exitedFlag(fa, raisesA));
                Value flagB = inBlock(b, () -> exitedFlag(fb, raisesB));
                Value condA = inBlock(a, () -> exitCondition(fa));
                Value condB = inBlock(b, () -> exitCondition(fb));
                Value flag = output(n, a, b, flagA, flagB, null);
                Value cond = output(n, a, b, condA, condB, null);
                // the variables as they were where each arm left the iteration
                Map<String, Value> exitA = exitValues(a);
                Map<String, Value> exitB = exitValues(b);
                Set<String> exitNames = new LinkedHashSet<>(exitA.keySet());
                exitNames.addAll(exitB.keySet());
                Map<String, Value> exits = new java.util.LinkedHashMap<>();
                for (String name : exitNames) {
                    Value xa = exitA.get(name);
                    Value xb = exitB.get(name);
                    Type t = xa != null ? xa.type() : xb.type();
                    Value pa = xa != null ? xa : inBlock(a, () -> uninitialized(t));
                    Value pb = xb != null ? xb : inBlock(b, () -> uninitialized(t));
                    exits.put(name, output(n, a, b, pa, pb, null));
                }
                result = new Exit.MaybeLoopEnd(flag, cond, exits);
                // what follows is guarded: an arm that left gives it no values (as one that raised)
                aRaises |= ea instanceof Exit.LoopEnd;
                bRaises |= eb instanceof Exit.LoopEnd;
                ea = FALLTHROUGH;
                eb = FALLTHROUGH;
            }
        } else if (loop != null && (leavesA || leavesB)) {
            if (ea instanceof Exit.Fallthrough) {
                ea = new Exit.LoopEnd(inBlock(a, this::loopCondition));
            }
            if (eb instanceof Exit.Fallthrough) {
                eb = new Exit.LoopEnd(inBlock(b, this::loopCondition));
            }
        }
        boolean returnsA = ea instanceof Exit.Return || ea instanceof Exit.MaybeReturn;
        boolean returnsB = eb instanceof Exit.Return || eb instanceof Exit.MaybeReturn;
        boolean bothDefinite = (ea instanceof Exit.Return || aRaises) && (eb instanceof Exit.Return || bRaises);
        if ((returnsA || returnsB) && !bothDefinite && !(ea instanceof Exit.LoopEnd) && !(eb instanceof Exit.LoopEnd)) {
            Value someValue = returnValue(ea) != null ? returnValue(ea) : returnValue(eb);
            Type valueType = someValue.type();
            if (returnValue(ea) != null && returnValue(eb) != null) {
                valueType = Unification.unifyTypes(returnValue(ea).type(), returnValue(eb).type()).orElse(valueType);
            }
            Type vt = valueType;
            Exit fa = ea;
            Exit fb = eb;
            Value flagA = inBlock(a, () -> returnedFlag(fa));
            Value flagB = inBlock(b, () -> returnedFlag(fb));
            Value valA = returnValue(ea) != null ? returnValue(ea) : exitPlaceholder(vt);
            Value valB = returnValue(eb) != null ? returnValue(eb) : exitPlaceholder(vt);
            Value flag = output(n, a, b, flagA, flagB, null);
            Value value = output(n, a, b, valA, valB, null);
            result = new Exit.MaybeReturn(flag, value);
        } else if (ea instanceof Exit.Return ra && (eb instanceof Exit.Return || bRaises)) {
            Value vb = eb instanceof Exit.Return rb ? rb.value() : exitPlaceholder(ra.value().type());
            result = new Exit.Return(output(n, a, b, ra.value(), vb, null));
        } else if (eb instanceof Exit.Return rb && aRaises) {
            Value va = exitPlaceholder(rb.value().type());
            result = new Exit.Return(output(n, a, b, va, rb.value(), null));
        } else if (ea instanceof Exit.LoopEnd la && (eb instanceof Exit.LoopEnd || bRaises)) {
            Value vb = eb instanceof Exit.LoopEnd lb ? lb.condition() : inBlock(b, () -> uninitialized(Types.BOOL));
            result = new Exit.LoopEnd(output(n, a, b, la.condition(), vb, null));
        } else if (eb instanceof Exit.LoopEnd lb && aRaises) {
            Value va = inBlock(a, () -> uninitialized(Types.BOOL));
            result = new Exit.LoopEnd(output(n, a, b, va, lb.condition(), null));
        } else if (aRaises && bRaises) {
            result = new Exit.Raise();
        } else if (result instanceof Exit.MaybeLoopEnd) {
            // settled above
        } else if (!(ea instanceof Exit.Fallthrough && eb instanceof Exit.Fallthrough) && !aRaises && !bRaises) {
            throw new EmitException("the emitter does not lower this combination of early exits yet",
                    n.range().orElse(function.def().range()));
        }
        // Variables: those live after the if that either arm changed. An arm that raised, or that
        // returned while the other may go on, provides uninitialized values.
        boolean maybe = result instanceof Exit.MaybeReturn;
        aRaises |= maybe && ea instanceof Exit.Return;
        bRaises |= maybe && eb instanceof Exit.Return;
        Env after = before.copy();
        Set<String> names = new LinkedHashSet<>();
        names.addAll(a.env.values.keySet());
        names.addAll(b.env.values.keySet());
        for (String name : names) {
            Value va = a.env.values.get(name);
            Value vb = b.env.values.get(name);
            Value old = before.values.get(name);
            // An arm that provides no values still gets an (uninitialized) one for every variable
            // the other arm defines.
            if (aRaises && vb != null) {
                va = va != null ? va : vb;
            }
            if (bRaises && va != null) {
                vb = vb != null ? vb : va;
            }
            // an arm that left the iteration need not define what the other defines: what reads it
            // is guarded (the reference's uninitialized value)
            if (va == null && vb != null && a.exit instanceof Exit.LoopEnd) {
                Type t = vb.type();
                va = inBlock(a, () -> exitPlaceholder(t));
            }
            if (vb == null && va != null && b.exit instanceof Exit.LoopEnd) {
                Type t = va.type();
                vb = inBlock(b, () -> exitPlaceholder(t));
            }
            if (va == null || vb == null) {
                after.values.remove(name);
                continue;
            }
            if (va == vb && (!aRaises && !bRaises || va == old)) {
                after.values.put(name, va); // unchanged by the arm that goes on
                continue;
            }
            Type declared = before.declared.containsKey(name) ? before.declared.get(name)
                    : a.env.declared.get(name);
            Value finalA = va;
            Value finalB = vb;
            Value fa = aRaises ? inBlock(a, () -> uninitialized(vb0(finalB, declared))) : va;
            Value fb = bRaises ? inBlock(b, () -> uninitialized(vb0(finalA, declared))) : vb;
            Value out = output(n, a, b, fa, fb, name);
            after.values.put(name, out);
            Type declaredInArm = a.env.declared.containsKey(name) ? a.env.declared.get(name) : b.env.declared.get(name);
            if (declaredInArm != null && !after.declared.containsKey(name)) {
                after.declared.put(name, declaredInArm);
            }
        }
        env = after;
        return result;
    }

    private static Value returnValue(Exit e) {
        return e instanceof Exit.Return r ? r.value() : e instanceof Exit.MaybeReturn m ? m.value() : null;
    }

    /** Whether an arm that ended this way returned, as a bool value in that arm. */
    private Value returnedFlag(Exit e) {
        if (e instanceof Exit.Return) {
            return exprs.constant(Boolean.TRUE, Types.BOOL, null);
        }
        if (e instanceof Exit.MaybeReturn m) {
            return m.returned();
        }
        if (e instanceof Exit.Raise) {
            return exitPlaceholder(Types.BOOL);
        }
        return exprs.constant(Boolean.FALSE, Types.BOOL, null);
    }

    private static Type vb0(Value other, Type declared) {
        return declared != null ? declared : other.type();
    }

    private Value output(Node n, Arm a, Arm b, Value va, Value vb, String name) {
        Type t = va.type().equals(vb.type()) ? va.type()
                : Unification.unifyTypes(va.type(), vb.type()).orElse(va.type());
        Type declared = name == null ? null
                : env.declared.containsKey(name) ? env.declared.get(name)
                : a.env.declared.containsKey(name) ? a.env.declared.get(name)
                : b.env.declared.get(name);
        if (declared != null && !declared.equals(t) && va.type().isSubtypeOf(declared) && vb.type().isSubtypeOf(declared)) {
            t = declared; // a variable declared with an annotation keeps its declared type
        }
        a.block.addReturn(va);
        b.block.addReturn(vb);
        Value out = n.addOutput(t);
        if (name != null && !name.startsWith("$")) {
            out.setDebugName(name);
        }
        return out;
    }

    private Value inBlock(Arm arm, java.util.function.Supplier<Value> make) {
        Block saved = block;
        Env savedEnv = env;
        block = arm.block;
        env = arm.env;
        Value v = make.get();
        block = saved;
        env = savedEnv;
        return v;
    }

    // ---- loops (used by Loops) ----

    LoopContext enterLoop(Optional<Expr> whileTest, List<String> carried) {
        LoopContext saved = loop;
        loop = new LoopContext(whileTest, List.copyOf(carried));
        return saved;
    }

    void exitLoop(LoopContext saved) {
        loop = saved;
    }
}
