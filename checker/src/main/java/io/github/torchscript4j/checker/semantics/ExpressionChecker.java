package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.BoolOperator;
import io.github.torchscript4j.checker.syntax.ast.CmpOperator;
import io.github.torchscript4j.checker.syntax.ast.Comprehension;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Refinement;
import io.github.torchscript4j.checker.types.RefinementSet;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.checker.types.Unification;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Types the expressions of one function: literals, names (locals, then the module environment,
 * then "undefined value"), attributes of modules and values, subscripts, operators, displays and
 * comprehensions, ternaries, and conditions with their {@code Optional} refinements. Calls go to
 * {@link CallChecker}, operators to {@link Operators}.
 *
 * <p>What it does not do: report anything it is not sure the reference reports. An expression it
 * cannot type is {@code UnknownType}, and so is everything computed from it.
 */
final class ExpressionChecker {
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final FunctionChecker function;
    private final Checker checker;
    private final Environment env;
    private final CallChecker calls;
    private final Operators operators;

    ExpressionChecker(FunctionChecker function, Checker checker, Environment env) {
        this.function = function;
        this.checker = checker;
        this.env = env;
        this.calls = new CallChecker(this, checker);
        this.operators = new Operators(this, checker);
    }

    DiagnosticSink sink() {
        return checker.sink();
    }

    /** The type of {@code e} as a first-class value; sugared values are unknown (silently). */
    Type type(Expr e) {
        return typeWithHint(e, Optional.empty());
    }

    Type typeWithHint(Expr e, Optional<Type> hint) {
        Value v = evalWithHint(e, hint);
        if (v instanceof Value.ExceptionMessage) {
            sink().error(Code.NOT_A_VALUE, e.range(), "exception message cannot be used as a value");
        }
        if (v instanceof Value.TracedFunction) {
            sink().error(Code.NOT_A_VALUE, e.range(), "function cannot be used as a value");
        }
        if (v instanceof Value.PythonObject p) {
            sink().error(Code.NOT_A_VALUE, e.range(), "python value of type '" + p.pythonType() + "' cannot be used as a value. Perhaps it is a "
                    + "closed over global variable? If so, please consider passing it in as an argument or use a local varible instead.");
        }
        return v instanceof Value.Typed t ? t.type() : Types.UNKNOWN;
    }

    Value eval(Expr e) {
        return evalWithHint(e, Optional.empty());
    }

    Value evalWithHint(Expr e, Optional<Type> hint) {
        Value v = compute(e, hint);
        checker.recordValue(e, v);
        if (v instanceof Value.Typed t) {
            checker.record(e, t.type());
        }
        return v;
    }

    private Value compute(Expr e, Optional<Type> hint) {
        if (e instanceof Expr.Constant c) {
            return Value.typed(constant(c));
        }
        if (e instanceof Expr.Name n) {
            return name(n);
        }
        if (e instanceof Expr.Attribute a) {
            return attribute(a);
        }
        if (e instanceof Expr.Call c) {
            String callee = c.func().range().text();
            boolean isinstance = (callee.equals("isinstance") || callee.endsWith("jit.isinstance")) && c.args().size() == 2;
            return isinstance ? Value.typed(staticCall(c).type) : calls.call(c, hint);
        }
        if (e instanceof Expr.Tuple t) {
            List<Type> elements = new ArrayList<>();
            Optional<Type.TupleType> tupleHint = hint.filter(h -> h instanceof Type.TupleType)
                    .map(h -> (Type.TupleType) h).filter(h -> h.elements().size() == t.elts().size());
            for (int i = 0; i < t.elts().size(); i++) {
                Expr elt = t.elts().get(i);
                if (elt instanceof Expr.Starred) {
                    eval(elt);
                    return Value.UNKNOWN;
                }
                int index = i;
                elements.add(typeWithHint(elt, tupleHint.map(h -> h.elements().get(index))));
            }
            return Value.typed(new Type.TupleType(elements));
        }
        if (e instanceof Expr.List l) {
            return Value.typed(new Displays(this).list(l, hint));
        }
        if (e instanceof Expr.Dict d) {
            return Value.typed(new Displays(this).dict(d, hint));
        }
        if (e instanceof Expr.ListComp lc) {
            unsupportedComprehension(lc.generators(), false, e);
            Type computed = comprehension(lc.generators(), () -> new Type.ListType(type(lc.elt())));
            return Value.typed(hint.isPresent() ? new Displays(this).listComprehension(lc, computed, hint) : computed);
        }
        if (e instanceof Expr.DictComp dc) {
            unsupportedComprehension(dc.generators(), true, e);
            Type t = comprehension(dc.generators(), () -> {
                Type k = type(dc.key());
                Type v = type(dc.value());
                return new Type.DictType(k, v);
            });
            Optional<Type> dictHint = hint.filter(h -> h instanceof Type.DictType);
            if (dictHint.isPresent() && t instanceof Type.DictType actual && Environment.known(actual)
                    && Environment.known(dictHint.get())) {
                Type.DictType want = (Type.DictType) dictHint.get();
                if (!actual.key().isSubtypeOf(want.key())) {
                    sink().error(Code.ANNOTATION_MISMATCH, e.range(), "Dict type annotation `" + want.annotationStr()
                            + "` did not match the type of an actual key type `" + actual.key().annotationStr() + "`");
                } else if (!actual.value().isSubtypeOf(want.value())) {
                    sink().error(Code.ANNOTATION_MISMATCH, e.range(), "Dict type annotation `" + want.annotationStr()
                            + "` did not match the type of an actual value type `" + actual.value().annotationStr() + "`");
                }
                return Value.typed(want);
            }
            return Value.typed(t);
        }
        if (e instanceof Expr.Lambda || e instanceof Expr.SetComp) {
            // the reference's frontend rejects the node, marking its first character
            SourceRange at = e.range().file().range(e.range().start(), Math.min(e.range().end(), e.range().start() + 1));
            checker.sink().error(Code.UNSUPPORTED_SYNTAX, at, e.pythonName() + " aren't supported");
            return Value.UNKNOWN;
        }
        if (e instanceof Expr.GeneratorExp) {
            Expr.GeneratorExp g = (Expr.GeneratorExp) e;
            List<Comprehension> gens = g.generators();
            Expr elt = g.elt();
            comprehension(gens, () -> type(elt));
            return Value.UNKNOWN;
        }
        if (e instanceof Expr.BinOp b) {
            return Value.typed(operators.binary(b));
        }
        if (e instanceof Expr.UnaryOp u) {
            return Value.typed(operators.unary(u));
        }
        if (e instanceof Expr.BoolOp || e instanceof Expr.Compare) {
            return Value.typed(condition(e).type);
        }
        if (e instanceof Expr.IfExp i) {
            return Value.typed(ternary(i, hint));
        }
        if (e instanceof Expr.Subscript s) {
            return Value.typed(new Subscripts(this).load(s));
        }
        if (e instanceof Expr.JoinedStr j) {
            for (Expr part : j.values()) {
                if (part instanceof Expr.FormattedValue f) {
                    eval(f.value());
                }
            }
            return Value.typed(Types.STR);
        }
        if (e instanceof Expr.Starred s) {
            eval(s.value());
            return Value.UNKNOWN;
        }
        return Value.UNKNOWN;
    }

    private Type constant(Expr.Constant c) {
        Literal l = c.value();
        if (l instanceof Literal.Int i) {
            if (i.value().compareTo(LONG_MAX) > 0) {
                sink().error(Code.INTEGER_OUT_OF_RANGE, c.range(),
                        "Integral constant out of range (must fit in a signed 64 bit integer)");
                return Types.UNKNOWN;
            }
            return Types.INT;
        }
        if (l instanceof Literal.Float) {
            return Types.FLOAT;
        }
        if (l instanceof Literal.Imaginary) {
            return Types.COMPLEX;
        }
        if (l instanceof Literal.Bool) {
            return Types.BOOL;
        }
        if (l instanceof Literal.Str) {
            return Types.STR;
        }
        if (l instanceof Literal.None) {
            return Types.NONE;
        }
        return Types.UNKNOWN;
    }

    /** A name: a local variable, else a global of the file or a builtin, else "undefined value". */
    Value name(Expr.Name n) {
        Optional<Environment.Slot> slot = env.lookup(n.id());
        if (slot.isPresent()) {
            if (slot.get() instanceof Environment.Bound b) {
                return b.value();
            }
            function.reportPoisoned((Environment.Poisoned) slot.get(), n);
            return Value.UNKNOWN;
        }
        Optional<Value> global = checker.module().lookup(n.id());
        if (global.isPresent() && global.get() instanceof Value.PythonObject p && p.pythonType().equals("NoneType")) {
            global = Optional.empty(); // the reference's resolver skips a global bound to None
        }
        if (global.isPresent()) {
            return global.get();
        }
        sink().error(Code.UNDEFINED_VALUE, n.range(), "undefined value " + n.id());
        return Value.UNKNOWN;
    }

    private Value attribute(Expr.Attribute a) {
        Value base = eval(a.value());
        if (base instanceof Value.PyModule m) {
            if (checker.module().serialized() && (m.name().equals("torch") || m.name().startsWith("ops."))) {
                // the importer's torch is the aten namespace, ops.NS.X the operator NS::X
                String ns = m.name().equals("torch") ? "aten" : m.name().substring(4);
                if (!io.github.torchscript4j.checker.builtins.OperatorTable.builtin().overloads(ns + "::" + a.attr()).isEmpty()) {
                    return new Value.Builtin(ns.equals("aten") && Character.isLowerCase(a.attr().charAt(0))
                            ? "torch." + a.attr() : "ops." + ns + "." + a.attr());
                }
            }
            if (checker.module().serialized() && m.name().equals("CONSTANTS")) {
                return tensorConstant(a);
            }
            if (checker.module().serialized() && m.name().equals("ops")) {
                return new Value.PyModule("ops." + a.attr());
            }
            if (PythonModules.lacks(m.name(), a.attr()) && !checker.module().importsAtOrBelow(m.name() + "." + a.attr())) {
                sink().error(Code.NO_ATTRIBUTE, a.range(), "object has no attribute " + a.attr());
                return Value.UNKNOWN;
            }
            Value v = PythonValues.attribute(m.name(), a.attr());
            if (v instanceof Value.Opaque && !m.name().startsWith("torch")
                    && PythonModules.kind(m.name(), a.attr()).equals(Optional.of(PythonModules.Kind.TYPE))) {
                return new Value.PythonObject("type");
            }
            return v;
        }
        if (base instanceof Value.ProjectModule m) {
            Optional<Value> member = checker.module().member(m, a.attr());
            if (member.isEmpty()) {
                sink().error(Code.NO_ATTRIBUTE, a.range(), "object has no attribute " + a.attr());
                return Value.UNKNOWN;
            }
            return member.get();
        }
        if (base instanceof Value.UserClass u) {
            return checker.classes().classAttribute(this, u.def(), a);
        }
        if (base instanceof Value.Typed t) {
            return Members.attribute(this, t.type(), a);
        }
        return Value.OPAQUE;
    }

    /**
     * {@code CONSTANTS.cN} in an archive's code: the archive's N-th tensor constant, recorded as
     * the expression's constant value ({@link io.github.torchscript4j.checker.ir.TensorConstant});
     * a name that is no constant of the archive is an error.
     */
    private Value tensorConstant(Expr.Attribute a) {
        List<Object> constants = checker.module().tensorConstants();
        if (a.attr().matches("c(0|[1-9][0-9]{0,8})")) {
            int index = Integer.parseInt(a.attr().substring(1));
            if (index < constants.size()) {
                checker.recordConstant(a, new io.github.torchscript4j.checker.ir.TensorConstant(index, constants.get(index)));
                return Value.typed(Types.TENSOR);
            }
        }
        sink().error(Code.NO_ATTRIBUTE, a.range(), "CONSTANTS has no attribute " + a.attr() + ": "
                + (constants.isEmpty() ? "the archive has no tensor constants"
                        : "the archive's tensor constants are c0" + (constants.size() == 1 ? ""
                                : " to c" + (constants.size() - 1))));
        return Value.UNKNOWN;
    }

    /** The result of checking a condition: its type, refinements and static value. */
    static final class Checked {
        final Type type;
        final Condition condition;

        Checked(Type type, Condition condition) {
            this.type = type;
            this.condition = condition;
        }
    }

    /** Checks {@code e} as a condition (it is also typed). */
    Checked condition(Expr e) {
        if (e instanceof Expr.UnaryOp u && u.op() == UnaryOperator.NOT) {
            Checked inner = condition(u.operand());
            checker.record(e, Types.BOOL);
            return new Checked(Types.BOOL, inner.condition.not());
        }
        if (e instanceof Expr.BoolOp b) {
            return boolOp(b);
        }
        if (e instanceof Expr.Compare c && c.ops().size() == 1
                && (c.ops().get(0) == CmpOperator.IS || c.ops().get(0) == CmpOperator.IS_NOT)) {
            Checked r = isNone(c);
            checker.record(e, r.type);
            return r;
        }
        if (e instanceof Expr.Call call && isStaticCall(call)) {
            return staticCall(call);
        }
        if (e instanceof Expr.Compare c) {
            Type t = operators.compare(c);
            checker.record(e, t);
            return new Checked(t, Condition.DYNAMIC);
        }
        if (e instanceof Expr.Constant c && c.value() instanceof Literal.Bool b) {
            checker.record(e, Types.BOOL);
            return new Checked(Types.BOOL, Condition.DYNAMIC);
        }
        if (e instanceof Expr.Attribute) {
            Type t = type(e);
            // a bool constant of a concrete module type: the reference compiles the branch it takes only
            return new Checked(t, checker.constantValue(e) instanceof Boolean b ? Condition.of(b) : Condition.DYNAMIC);
        }
        return new Checked(type(e), Condition.DYNAMIC);
    }

    private Checked boolOp(Expr.BoolOp b) {
        Condition acc = null;
        for (Expr v : b.values()) {
            Checked c = withRefinements(acc, b.op(), () -> condition(v));
            if (acc == null) {
                acc = c.condition;
            } else {
                RefinementSet r = b.op() == BoolOperator.AND ? acc.refinements().and(c.condition.refinements())
                        : acc.refinements().or(c.condition.refinements());
                acc = new Condition(r, staticValue(b.op(), acc, c.condition),
                        undecidable(b.op(), acc, c.condition));
            }
        }
        checker.record(b, Types.BOOL);
        return new Checked(Types.BOOL, acc);
    }

    /**
     * The reference's static value of {@code a and b} (false if either is false, else true if
     * both are true) and {@code a or b} (only if both are static).
     */
    private static Optional<Boolean> staticValue(BoolOperator op, Condition a, Condition b) {
        Optional<Boolean> sa = a.undecidable() ? Optional.empty() : a.staticValue();
        Optional<Boolean> sb = b.undecidable() ? Optional.empty() : b.staticValue();
        if (op == BoolOperator.AND) {
            if (sa.equals(Optional.of(false)) || sb.equals(Optional.of(false))) {
                return Optional.of(false);
            }
            return sa.isPresent() && sb.isPresent() ? Optional.of(true) : Optional.empty();
        }
        return sa.isPresent() && sb.isPresent() ? Optional.of(sa.get() || sb.get()) : Optional.empty();
    }

    /** Whether {@code a op b} may be static in a way the checker cannot tell: an undecidable operand leaves it so, unless the other is false under {@code and}. */
    private static boolean undecidable(BoolOperator op, Condition a, Condition b) {
        if (!a.undecidable() && !b.undecidable()) {
            return false;
        }
        return !(op == BoolOperator.AND && (isFalse(a) || isFalse(b)));
    }

    private static boolean isFalse(Condition c) {
        return !c.undecidable() && c.staticValue().equals(Optional.of(false));
    }

    /** Evaluates the right operand of {@code and}/{@code or} under what the left side implies. */
    private Checked withRefinements(Condition left, BoolOperator op, java.util.function.Supplier<Checked> right) {
        if (left == null) {
            return right.get();
        }
        List<Refinement> active = op == BoolOperator.AND ? left.refinements().trueRefinements()
                : left.refinements().falseRefinements();
        if (active.isEmpty()) {
            return right.get();
        }
        env.push(Environment.Kind.BRANCH);
        applyRefinements(active);
        Checked c = right.get();
        env.pop();
        return c;
    }

    /** Binds each refined local to its refined type in the current frame. */
    void applyRefinements(List<Refinement> refinements) {
        for (Refinement r : refinements) {
            if (env.lookup(r.identifier()).isPresent()) {
                env.bind(r.identifier(), Value.typed(r.type()));
            }
        }
    }

    private Checked isNone(Expr.Compare c) {
        boolean is = c.ops().get(0) == CmpOperator.IS;
        Expr left = c.left();
        Expr right = c.comparators().get(0);
        Type lt = type(left);
        Type rt = type(right);
        Expr subject;
        Type st;
        if (rt instanceof Type.NoneType) {
            subject = left;
            st = lt;
        } else if (lt instanceof Type.NoneType) {
            subject = right;
            st = rt;
        } else {
            return new Checked(Types.BOOL, Condition.DYNAMIC);
        }
        if (!Environment.known(st)) {
            return new Checked(Types.BOOL, Condition.UNDECIDABLE);
        }
        if (st instanceof Type.NoneType) {
            return new Checked(Types.BOOL, Condition.of(is));
        }
        Type refined = null;
        if (st instanceof Type.OptionalType o) {
            refined = o.elem();
        } else if (st instanceof Type.UnionType u && u.members().stream().anyMatch(m -> m instanceof Type.NoneType)) {
            // a union that can hold None: the other members (the reference's subtractTypeSet)
            refined = Types.union(u.members().stream().filter(m -> !(m instanceof Type.NoneType)).toList());
        }
        if (refined != null) {
            Expr none = subject == left ? right : left;
            if (subject instanceof Expr.Name n && none instanceof Expr.Constant k && k.value() instanceof Literal.None) {
                Refinement r = new Refinement(n.id(), refined);
                RefinementSet set = is ? RefinementSet.whenFalse(r) : RefinementSet.whenTrue(r);
                return new Checked(Types.BOOL, new Condition(set, Optional.empty(), false));
            }
            return new Checked(Types.BOOL, Condition.DYNAMIC);
        }
        // A value that can never be None (also Any, and a union without None): the reference
        // decides the test statically.
        return new Checked(Types.BOOL, Condition.of(!is));
    }

    private static boolean isStaticCall(Expr.Call call) {
        String text = call.func().range().text();
        return text.endsWith("is_scripting") || text.equals("isinstance") || text.endsWith("jit.isinstance")
                || text.equals("hasattr");
    }

    /**
     * A call that may be decided at compile time: {@code torch.jit.is_scripting()} (true) and
     * {@code isinstance} ({@link Isinstance}); {@code hasattr} and other callees of those spellings
     * are undecidable here.
     */
    private Checked staticCall(Expr.Call call) {
        Value f = eval(call.func());
        Condition condition = Condition.UNDECIDABLE;
        if (f instanceof Value.Builtin b && b.qualifiedName().equals("torch.jit.is_scripting") && call.args().isEmpty()) {
            condition = Condition.of(true);
        } else if (f instanceof Value.Builtin b && b.qualifiedName().equals("hasattr") && call.args().size() == 2
                && call.keywords().isEmpty() && call.args().get(1) instanceof Expr.Constant k
                && k.value() instanceof Literal.Str name && ConcreteModules.declaration(type(call.args().get(0))) != null) {
            // hasattr(module, "name") of a concrete module type: decided by its class
            Type module = type(call.args().get(0));
            condition = Condition.of(ConcreteModules.hasAttribute(module, name.value()));
            checker.classes().compileConcreteMethod(module, name.value()); // as the reference's lookup compiles it
        } else if (f instanceof Value.Builtin b && (b.qualifiedName().equals("isinstance")
                || b.qualifiedName().equals("torch.jit.isinstance")) && call.args().size() == 2 && call.keywords().isEmpty()) {
            condition = Isinstance.condition(this, call);
        }
        checker.record(call, Types.BOOL);
        checker.recordValue(call, Value.typed(Types.BOOL));
        return new Checked(Types.BOOL, condition);
    }

    private Type ternary(Expr.IfExp i, Optional<Type> hint) {
        Checked c = condition(i.test());
        Condition cond = c.condition;
        if (cond.undecidable()) {
            return Types.UNKNOWN;
        }
        if (cond.staticValue().isPresent()) {
            return typeWithHint(cond.staticValue().get() ? i.body() : i.orelse(), hint);
        }
        env.push(Environment.Kind.BRANCH);
        applyRefinements(cond.refinements().trueRefinements());
        Type t = typeWithHint(i.body(), hint);
        env.pop();
        env.push(Environment.Kind.BRANCH);
        applyRefinements(cond.refinements().falseRefinements());
        Type f = typeWithHint(i.orelse(), hint);
        env.pop();
        return Unification.unifyTypes(t, f).orElse(Types.UNKNOWN);
    }

    /** Checks a comprehension's generators in their own frame and returns {@code element}'s result. */
    /**
     * The comprehensions 1.13 does not compile: several generators, and conditions in a dict
     * comprehension (the reference points at the comprehension's start: its bracket here).
     */
    private void unsupportedComprehension(List<Comprehension> generators, boolean dict, Expr e) {
        SourceRange at = e.range().withEnd(e.range().start() + 1);
        if (generators.size() > 1) {
            sink().error(Code.UNSUPPORTED_SYNTAX, at, "Only a single generator is currently supported");
        } else if (dict && !generators.isEmpty() && !generators.get(0).ifs().isEmpty()) {
            sink().error(Code.UNSUPPORTED_SYNTAX, at, "Comprehension ifs are not supported yet");
        }
    }

    private Type comprehension(List<Comprehension> generators, java.util.function.Supplier<Type> element) {
        env.push(Environment.Kind.COMPREHENSION);
        for (Comprehension g : generators) {
            Type elem = Iteration.elementType(this, g.iter());
            function.bindTarget(g.target(), elem, false);
            for (Expr test : g.ifs()) {
                type(test);
            }
        }
        Type result = element.get();
        env.pop();
        return result;
    }

    Environment env() {
        return env;
    }

    FunctionChecker function() {
        return function;
    }

    Checker checker() {
        return checker;
    }
}
