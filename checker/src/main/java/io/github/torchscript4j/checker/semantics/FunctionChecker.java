package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.WithItem;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.checker.types.Unification;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the statements of one function body as the reference's {@code ir_emitter} emits them:
 * assignments (with unpacking and the types of outer variables), {@code if} with definedness and
 * type merging on every path (and only the live branch of a condition decided at compile time),
 * loops, returns (the function's return type, and whether it returns on every path), {@code
 * raise}, {@code assert}, {@code del}, and the constructs the reference does not support.
 *
 * <p>Statements after one that always exits are not checked: the reference does not emit them.
 * Where a condition may be decided at compile time in a way the checker cannot follow, neither
 * branch is checked and what they assign becomes opaque.
 */
final class FunctionChecker {
    private final Checker checker;
    private final Stmt.FunctionDef def;
    private final Signature signature;
    private final Optional<Type> self;
    private final Environment env = new Environment();
    private final ExpressionChecker exprs;
    private final Set<Environment.Poisoned> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    /** One entry per enclosing loop: whether it is unrolled (over a tuple). */
    private final Deque<Boolean> loops = new ArrayDeque<>();
    private Optional<Type> mergedReturn = Optional.empty();
    /** Set when a skipped statement may exit: then a missing return is not reported. */
    private boolean exitsUncertain;

    FunctionChecker(Checker checker, Stmt.FunctionDef def, Signature signature, Optional<Type> self) {
        this.checker = checker;
        this.def = def;
        this.signature = signature;
        this.self = self;
        this.exprs = new ExpressionChecker(this, checker, env);
    }

    /** Checks the body and returns the function's return type (annotated, or inferred). */
    Type check() {
        for (int i = 0; i < signature.params().size(); i++) {
            Signature.Param p = signature.params().get(i);
            env.bind(p.name(), self.isPresent() && i == 0 ? Value.typed(self.get()) : Value.typed(p.type()));
        }
        Type result = checkBody();
        checker.recordFunction(def, signature, self, result);
        return result;
    }

    private Type checkBody() {
        boolean exits = block(def.body());
        Optional<Type> annotated = signature.annotatedReturn();
        if (annotated.isPresent()) {
            Type r = annotated.get();
            if (!exits && !exitsUncertain && !(r instanceof Type.NoneType) && Environment.known(r) && !isStub()) {
                SourceRange range = new SourceRange(def.range().file(), nameStart(), def.range().end());
                checker.sink().error(Code.MISSING_RETURN, range,
                        "Function was not annotated as having type None, but does not return along all paths");
            }
            return r;
        }
        if (mergedReturn.isEmpty()) {
            return Types.NONE;
        }
        if (!exits) {
            return Unification.unifyTypes(mergedReturn.get(), Types.NONE).orElse(Types.UNKNOWN);
        }
        return mergedReturn.get();
    }

    Stmt.FunctionDef def() {
        return def;
    }

    /** The class or module whose method this is. */
    Optional<Type> selfType() {
        return self;
    }

    /** A body that is only a docstring, {@code pass} or {@code ...}: an interface or stub, not checked for returns. */
    private boolean isStub() {
        return self.isPresent() && def.body().stream().allMatch(s -> s instanceof Stmt.Pass
                || s instanceof Stmt.ExprStmt e && e.value() instanceof Expr.Constant);
    }

    private int nameStart() {
        return Signatures.nameStart(def);
    }

    /** Reports reading a poisoned variable, once per poisoning. */
    void reportPoisoned(Environment.Poisoned p, Expr.Name use) {
        if (reported.add(p)) {
            checker.sink().error(p.code(), p.range(), p.message(), use.range(), "and was used here");
        }
    }

    /** Checks statements in order; returns whether the block always exits. */
    boolean block(List<Stmt> body) {
        for (Stmt s : body) {
            if (statement(s)) {
                return true;
            }
        }
        return false;
    }

    private SourceRange keyword(Stmt s, int length) {
        SourceRange r = s.range();
        return r.withEnd(Math.min(r.end(), r.start() + length));
    }

    /** Checks one statement; returns whether it always exits (return, raise, break, continue). */
    private boolean statement(Stmt s) {
        if (s instanceof Stmt.ExprStmt e) {
            exprs.eval(e.value());
            return false;
        }
        if (s instanceof Stmt.Assign a) {
            assign(a);
            return false;
        }
        if (s instanceof Stmt.AnnAssign a) {
            annAssign(a);
            return false;
        }
        if (s instanceof Stmt.AugAssign a) {
            augAssign(a);
            return false;
        }
        if (s instanceof Stmt.If i) {
            return ifStatement(i);
        }
        if (s instanceof Stmt.While w) {
            whileStatement(w);
            return false;
        }
        if (s instanceof Stmt.For f) {
            forStatement(f);
            return false;
        }
        if (s instanceof Stmt.Return r) {
            returnStatement(r);
            return true;
        }
        if (s instanceof Stmt.Raise r) {
            r.exc().ifPresent(e -> {
                if (e instanceof Expr.Call c) {
                    Value f = exprs.eval(c.func());
                    if (f instanceof Value.Typed) {
                        exprs.eval(e);
                    } else {
                        c.args().forEach(exprs::eval);
                        c.keywords().forEach(k -> exprs.eval(k.value()));
                    }
                } else {
                    exprs.eval(e);
                }
            });
            return true;
        }
        if (s instanceof Stmt.Assert a) {
            // The reference emits an assert as an if whose false branch raises.
            ExpressionChecker.Checked c = exprs.condition(a.test());
            a.msg().ifPresent(exprs::eval);
            if (c.condition.undecidable()) {
                return false;
            }
            if (c.condition.staticValue().equals(Optional.of(false))) {
                return true;
            }
            exprs.applyRefinements(c.condition.refinements().trueRefinements());
            return false;
        }
        if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
            if (!loops.isEmpty() && loops.peek()) {
                checker.sink().error(Code.BREAK_IN_UNROLLED_LOOP, s.range(), "Because we emit iteration over "
                        + "modulelists or tuples as unrolled loops, we do not support break or continue inside the body of these loops");
            }
            return true;
        }
        if (s instanceof Stmt.Delete d) {
            for (Expr t : d.targets()) {
                if (t instanceof Expr.Name n) {
                    exprs.eval(n);
                    env.delete(n.id());
                } else if (t instanceof Expr.Subscript sub && checker.classes().delete(exprs, sub)) {
                    continue;
                } else {
                    exprs.eval(t);
                }
            }
            return false;
        }
        if (s instanceof Stmt.Import) {
            checker.sink().error(Code.UNSUPPORTED_SYNTAX, keyword(s, 6), "import statements aren't supported");
            return false;
        }
        if (s instanceof Stmt.ImportFrom) {
            checker.sink().error(Code.UNSUPPORTED_SYNTAX, keyword(s, 4), "import statements aren't supported");
            return false;
        }
        if (s instanceof Stmt.Try || s instanceof Stmt.TryStar) {
            checker.sink().error(Code.UNSUPPORTED_SYNTAX, keyword(s, 3), "try blocks aren't supported");
            Opaque.assigned(s).forEach(n -> env.bind(n, Value.OPAQUE));
            return false;
        }
        if (s instanceof Stmt.FunctionDef f) {
            checker.sink().error(Code.UNSUPPORTED_SYNTAX, keyword(s, 3), "function definitions aren't supported");
            env.bind(f.name(), Value.OPAQUE);
            return false;
        }
        if (s instanceof Stmt.Global) {
            checker.sink().error(Code.UNSUPPORTED_SYNTAX, keyword(s, 6), "global variables aren't supported");
            return false;
        }
        if (s instanceof Stmt.With w) {
            for (WithItem item : w.items()) {
                Type entered = ContextManagers.enter(exprs, item);
                item.optionalVars().ifPresent(t -> bindTarget(t, entered, false));
            }
            return block(w.body());
        }
        if (s instanceof Stmt.Pass) {
            return false;
        }
        // global, nonlocal, class definitions, match, async forms: not modelled
        Opaque.assigned(s).forEach(n -> env.bind(n, Value.OPAQUE));
        return false;
    }

    private void assign(Stmt.Assign a) {
        Optional<Type> hint = Optional.empty();
        if (a.typeComment().isPresent()) {
            List<io.github.torchscript4j.checker.source.Diagnostic> ignored = new java.util.ArrayList<>();
            SourceRange r = a.typeComment().get().range();
            Expr t = io.github.torchscript4j.checker.syntax.Parser.parseTypeExpression(r.file(), r.start(), r.end(), ignored);
            if (ignored.isEmpty()) {
                hint = Optional.of(checker.annotations().type(t));
            }
        }
        Type value;
        if (hint.isEmpty() && a.targets().size() == 1 && a.targets().get(0) instanceof Expr.Name n) {
            // A sugared value may be bound to a name (an exception message); using it is the error.
            Value v = exprs.eval(a.value());
            if (v instanceof Value.ExceptionMessage || v instanceof Value.PythonObject || v instanceof Value.TracedFunction
                    || v instanceof Value.UserFunction && checker.module().serialized()) {
                // archive code binds functions to names (`_0 = __torch__.torch.nn.functional.layer_norm`)
                env.bind(n.id(), v);
                return;
            }
            value = v instanceof Value.Typed t ? t.type() : Types.UNKNOWN;
        } else {
            value = exprs.typeWithHint(a.value(), hint);
        }
        if (hint.isPresent()) {
            value = hint.get();
        }
        for (Expr target : a.targets()) {
            assignTarget(target, value, a.range());
        }
    }

    private void assignTarget(Expr target, Type value, SourceRange stmtRange) {
        if (target instanceof Expr.Tuple || target instanceof Expr.List) {
            List<Expr> elts = target instanceof Expr.Tuple t ? t.elts() : ((Expr.List) target).elts();
            unpack(elts, value, stmtRange);
            return;
        }
        if (target instanceof Expr.Subscript s) {
            Type base = exprs.type(s.value());
            if (base instanceof Type.TupleType) {
                checker.sink().error(Code.TUPLE_INDEX, stmtRange, base.annotationStr() + " does not support subscripted assignment");
            }
            exprs.eval(s.slice() instanceof Expr.Slice ? new Expr.Error(s.slice().range()) : s.slice());
            return;
        }
        if (target instanceof Expr.Attribute at) {
            checker.classes().store(exprs, at, value, stmtRange);
            return;
        }
        bindTarget(target, value, true);
    }

    private void unpack(List<Expr> elts, Type value, SourceRange range) {
        boolean starred = elts.stream().anyMatch(e -> e instanceof Expr.Starred);
        if (value instanceof Type.IntType || value instanceof Type.FloatType || value instanceof Type.BoolType
                || value instanceof Type.NoneType) {
            checker.sink().error(Code.UNPACK_COUNT, range, value.reprStr() + " cannot be used as a tuple");
        }
        if (value instanceof Type.TupleType tuple && !starred) {
            int need = elts.size();
            int found = tuple.elements().size();
            if (found > need) {
                checker.sink().error(Code.UNPACK_COUNT, range, "too many values to unpack: need " + need + " but found " + found);
            } else if (found < need) {
                checker.sink().error(Code.UNPACK_COUNT, range, "need " + need + " values to unpack but found only " + found);
            }
            if (found == need) {
                for (int i = 0; i < need; i++) {
                    assignTarget(elts.get(i), tuple.elements().get(i), range);
                }
                return;
            }
        }
        if (value instanceof Type.ListType list && !starred) {
            // a, b = x.chunk(2): prim::ListUnpack, its length checked at run time
            for (Expr e : elts) {
                assignTarget(e, list.elem(), range);
            }
            return;
        }
        for (Expr e : elts) {
            assignTarget(e instanceof Expr.Starred st ? st.value() : e, Types.UNKNOWN, range);
        }
    }

    /**
     * Binds an assignment target. {@code checkOuter}: apply the reference's rule that a variable
     * of an enclosing block keeps its type.
     */
    void bindTarget(Expr target, Type value, boolean checkOuter) {
        if (target instanceof Expr.Name n) {
            Value v = Value.typed(value);
            if (checkOuter) {
                Optional<Environment.Slot> outer = env.lookupInParents(n.id());
                if (outer.isPresent() && outer.get() instanceof Environment.Bound b && b.value() instanceof Value.Typed prev) {
                    if (!Environment.assignableTo(value, prev.type())) {
                        checker.sink().error(Code.REASSIGNMENT_TYPE, n.range(), "Variable '" + n.id()
                                + "' previously had type " + prev.type().reprStr()
                                + " but is now being assigned to a value of type " + value.reprStr());
                        v = prev;
                    }
                }
            }
            env.bind(n.id(), v);
            checker.record(n, value);
            return;
        }
        if (target instanceof Expr.Tuple || target instanceof Expr.List) {
            List<Expr> elts = target instanceof Expr.Tuple t ? t.elts() : ((Expr.List) target).elts();
            if (value instanceof Type.TupleType tuple && tuple.elements().size() == elts.size()) {
                for (int i = 0; i < elts.size(); i++) {
                    bindTarget(elts.get(i), tuple.elements().get(i), checkOuter);
                }
            } else {
                if (value instanceof Type.TupleType tuple && elts.stream().noneMatch(e -> e instanceof Expr.Starred)) {
                    int need = elts.size();
                    int found = tuple.elements().size();
                    checker.sink().error(Code.UNPACK_COUNT, target.range(), found > need
                            ? "too many values to unpack: need " + need + " but found " + found
                            : "need " + need + " values to unpack but found only " + found);
                }
                for (Expr e : elts) {
                    bindTarget(e instanceof Expr.Starred st ? st.value() : e, Types.UNKNOWN, checkOuter);
                }
            }
            return;
        }
        if (target instanceof Expr.Starred st) {
            bindTarget(st.value(), Types.UNKNOWN, checkOuter);
            return;
        }
        exprs.eval(target instanceof Expr.Attribute a ? a.value() : target);
    }

    private void annAssign(Stmt.AnnAssign a) {
        Type declared = checker.annotations().type(a.annotation());
        checker.recordAnnotation(a.annotation(), declared);
        if (a.value().isEmpty()) {
            if (a.target() instanceof Expr.Name n) {
                env.bind(n.id(), Value.typed(declared));
            }
            return;
        }
        Type value = exprs.typeWithHint(a.value().get(), Optional.of(declared));
        if (a.target() instanceof Expr.Name n) {
            if (Environment.known(value) && Environment.known(declared) && !TypeRelations.isSubtypeOf(value, declared)
                    && !(declared instanceof Type.UnionType)) {
                checker.sink().error(Code.ANNOTATION_MISMATCH, n.range(), "Variable '" + n.id() + "' is annotated with type "
                        + declared.annotationStr() + " but is being assigned to a value of type " + value.reprStr());
            }
            bindTarget(n, declared, true);
        } else if (a.target() instanceof Expr.Attribute at) {
            checker.classes().store(exprs, at, declared, a.range());
        } else {
            bindTarget(a.target(), declared, false);
        }
    }

    private void augAssign(Stmt.AugAssign a) {
        if (a.target() instanceof Expr.Subscript s) {
            Type base = exprs.type(s.value());
            if (base instanceof Type.TupleType) {
                checker.sink().error(Code.TUPLE_INDEX, a.range(), base.annotationStr() + " does not support augmented assignment.");
            }
            exprs.eval(s.slice() instanceof Expr.Slice ? new Expr.Error(s.slice().range()) : s.slice());
            exprs.eval(a.value());
            return;
        }
        if (a.target() instanceof Expr.Name n) {
            Type left = exprs.type(n);
            Type right = exprs.type(a.value());
            Type result = left instanceof Type.TensorType ? left : Operators.binary(a.op(), left, right);
            bindTarget(n, result, true);
            return;
        }
        exprs.eval(a.target()); // an attribute is read before it is written: its type is recorded
        exprs.eval(a.value());
    }

    private boolean ifStatement(Stmt.If i) {
        ExpressionChecker.Checked c = exprs.condition(i.test());
        Condition cond = c.condition;
        if (cond.undecidable()) {
            Opaque.assignedIn(i.body()).forEach(n -> env.bind(n, Value.OPAQUE));
            Opaque.assignedIn(i.orelse()).forEach(n -> env.bind(n, Value.OPAQUE));
            if (Exits.always(i.body()) && Exits.always(i.orelse())) {
                return true;
            }
            exitsUncertain = true;
            return false;
        }
        if (cond.staticValue().isPresent()) {
            // Only the live branch is compiled, in the enclosing block's environment; a true
            // condition's refinements hold there (and after it), a false one's do not.
            env.push(Environment.Kind.INLINE);
            if (cond.staticValue().get()) {
                exprs.applyRefinements(cond.refinements().trueRefinements());
            }
            boolean exits = block(cond.staticValue().get() ? i.body() : i.orelse());
            Environment.Frame live = env.pop();
            if (!exits) {
                live.slots.forEach((name, slot) -> {
                    if (slot instanceof Environment.Bound b) {
                        env.bind(name, b.value());
                    } else {
                        env.poison(name, (Environment.Poisoned) slot);
                    }
                });
            }
            return exits;
        }
        env.push(Environment.Kind.BRANCH);
        exprs.applyRefinements(cond.refinements().trueRefinements());
        boolean trueExits = block(i.body());
        Environment.Frame t = env.pop();
        env.push(Environment.Kind.BRANCH);
        exprs.applyRefinements(cond.refinements().falseRefinements());
        boolean falseExits = block(i.orelse());
        Environment.Frame f = env.pop();
        env.mergeBranches(t, trueExits, f, falseExits, i.range());
        return trueExits && falseExits;
    }

    private void whileStatement(Stmt.While w) {
        if (!w.orelse().isEmpty()) {
            Opaque.assignedIn(w.body()).forEach(n -> env.bind(n, Value.OPAQUE));
            return;
        }
        ExpressionChecker.Checked c = exprs.condition(w.test());
        if (c.condition.undecidable()) {
            return;
        }
        // The reference refines nothing in a while loop's body, not even after `while x is not None`.
        env.push(Environment.Kind.LOOP);
        loops.push(false);
        block(w.body());
        loops.pop();
        env.pop();
    }

    private void forStatement(Stmt.For f) {
        if (!f.orelse().isEmpty()) {
            checker.sink().error(Code.UNSUPPORTED_SYNTAX, f.range().withEnd(f.iter().range().end()),
                    "else branches of for loops aren't supported");
            return;
        }
        Type iterType = f.iter() instanceof Expr.Call ? Types.UNKNOWN : exprs.type(f.iter());
        if (!(f.iter() instanceof Expr.Call)) {
            Iteration.checkIterable(exprs, f.iter(), iterType);
        }
        Type elem = f.iter() instanceof Expr.Call ? Iteration.elementType(exprs, f.iter()) : Iteration.ofType(iterType);
        boolean unrolled = iterType instanceof Type.TupleType || ModuleContainers.items(iterType).isPresent();
        // a loop over submodules of several classes: the body is checked for each other class first, then for the first
        List<Type> others = f.iter() instanceof Expr.Call ? Iteration.otherElementTypes(exprs, f.iter())
                : ModuleContainers.otherElementTypes(iterType);
        for (Type other : others) {
            env.push(Environment.Kind.LOOP);
            bindTarget(f.target(), other, true);
            loops.push(true);
            block(f.body());
            loops.pop();
            env.pop();
        }
        env.push(Environment.Kind.LOOP);
        bindTarget(f.target(), elem, true);
        loops.push(unrolled);
        block(f.body());
        loops.pop();
        Environment.Frame body = env.pop();
        if (unrolled) {
            // Unrolled loops run their body in the enclosing block: what it defines stays (types not followed).
            body.slots.keySet().forEach(n -> {
                if (env.lookup(n).isEmpty()) {
                    env.bind(n, Value.OPAQUE);
                }
            });
        }
    }

    private void returnStatement(Stmt.Return r) {
        Optional<Type> annotated = signature.annotatedReturn();
        Type t = r.value().map(v -> exprs.typeWithHint(v, annotated)).orElse(Types.NONE);
        if (annotated.isPresent()) {
            Type declared = annotated.get();
            if (!Environment.assignableTo(t, declared)) {
                checker.sink().error(Code.RETURN_TYPE, r.range(), "Return value was annotated as having type "
                        + declared.annotationStr() + " but is actually of type " + t.reprStr());
            }
            return;
        }
        if (mergedReturn.isEmpty()) {
            mergedReturn = Optional.of(t);
            return;
        }
        Optional<Type> unified = Unification.unifyTypes(mergedReturn.get(), t);
        if (unified.isEmpty()) {
            checker.sink().error(Code.RETURN_TYPE, r.range(), "Previous return statement returned a value of type "
                    + mergedReturn.get().reprStr() + " but this return statement returns a value of type " + t.reprStr());
            mergedReturn = Optional.of(Types.UNKNOWN);
        } else {
            mergedReturn = unified;
        }
    }
}
