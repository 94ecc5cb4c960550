package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.Optional;

/**
 * Calls: of user functions (which are then checked in turn) and classes, of Python builtins
 * TorchScript supports, of TorchScript intrinsics ({@code torch.jit.annotate}), and of values that
 * cannot be called. Calls of libtorch operators ({@code torch.X}, tensor methods) go to {@link
 * SchemaMatcher}.
 *
 * <p>Not done: argument checks against user functions' signatures, most builtins' argument
 * checks; their results are typed where the checker is sure and unknown otherwise.
 */
final class CallChecker {
    private final ExpressionChecker exprs;
    private final Checker checker;

    CallChecker(ExpressionChecker exprs, Checker checker) {
        this.exprs = exprs;
        this.checker = checker;
    }

    Value call(Expr.Call c, Optional<Type> hint) {
        for (Keyword k : c.keywords()) {
            if (k.arg().isEmpty()) {
                checker.sink().error(Code.UNSUPPORTED_SYNTAX, k.range(), "keyword-arg expansion is not supported");
                evalArguments(c);
                return Value.UNKNOWN;
            }
        }
        Value f = exprs.eval(c.func());
        if (f instanceof Value.Typed t && t.type() instanceof Type.ModuleType m) {
            return checker.classes().callModule(exprs, m, c);
        }
        if (f instanceof Value.Typed t) {
            evalArguments(c);
            Type type = t.type();
            if (type instanceof Type.TensorType || type instanceof Type.IntType || type instanceof Type.FloatType
                    || type instanceof Type.BoolType || type instanceof Type.StrType || type instanceof Type.ListType
                    || type instanceof Type.TupleType || type instanceof Type.DictType || type instanceof Type.NoneType) {
                checker.sink().error(Code.NOT_CALLABLE, c.func().range(),
                        "cannot call a value of type '" + type.annotationStr() + "'");
            }
            return Value.UNKNOWN;
        }
        if (f instanceof Value.UserFunction u) {
            return Value.typed(UserCalls.call(exprs, u.def(), c));
        }
        if (f instanceof Value.TracedFunction t) {
            return Value.typed(UserCalls.traced(exprs, t, c));
        }
        if (f instanceof Value.TracedModule) {
            evalArguments(c);
            checker.sink().error(Code.NOT_CALLABLE, c.func().range(), "Cannot call a ScriptModule that is not a submodule of the caller");
            return Value.UNKNOWN;
        }
        if (f instanceof Value.UserClass u) {
            return checker.classes().construct(exprs, u.def(), c);
        }
        if (f instanceof Value.UserMethod m) {
            return checker.classes().callMethod(exprs, m, c);
        }
        String named = f instanceof Value.Builtin b ? b.qualifiedName() : f instanceof Value.Opaque ? c.func().range().text() : "";
        Optional<Value> async = asynchronous(named, c);
        if (async.isPresent()) {
            return async.get();
        }
        if (named.equals("getattr") && checker.module().serialized() && c.args().size() == 2 && c.keywords().isEmpty()
                && c.args().get(1) instanceof Expr.Constant k
                && k.value() instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Str key) {
            // archive code: getattr(obj, "0") is the attribute "0" (a name that is no identifier)
            Type receiver = exprs.type(c.args().get(0));
            return Members.attribute(exprs, receiver, new Expr.Attribute(c.args().get(0), key.value(),
                    io.github.torchscript4j.checker.syntax.ast.ExprContext.LOAD, c.range()));
        }
        if (f instanceof Value.Builtin b) {
            return builtin(b.qualifiedName(), c, hint);
        }
        if (f instanceof Value.BoundMethod m) {
            return Value.typed(SchemaMatcher.method(exprs, m, c));
        }
        if (f instanceof Value.Opaque && c.func() instanceof Expr.Attribute a && dotted(a.value())
                && exprs.eval(a.value()) instanceof Value.PyModule m) { // a module is named by a dotted name: cheap to look up again
            if (m.name().equals("cmath")) {
                // cmath's functions are the operators of the same name (phase is angle)
                String op = a.attr().equals("phase") ? "angle" : a.attr();
                if (!io.github.torchscript4j.checker.builtins.OperatorTable.builtin().overloads("aten::" + op).isEmpty()) {
                    return Value.typed(SchemaMatcher.function(exprs, "aten::" + op, c));
                }
            }
            Optional<PythonModules.Method> method = PythonModules.method(m.name(), a.attr());
            if (method.isPresent()) {
                return Value.typed(UserCalls.pythonOp(exprs, method.get(), c));
            }
        }
        evalArguments(c);
        return Value.OPAQUE;
    }

    /**
     * {@code torch.jit.fork(fn, *args, **kwargs)}, a {@code Future} of what {@code fn(*args,
     * **kwargs)} returns (the call is checked as written), and {@code torch.jit.wait(future)}, what
     * the future holds; empty for other calls. The underscored spellings are the same functions.
     */
    private Optional<Value> asynchronous(String callee, Expr.Call c) {
        if ((callee.equals("torch.jit.fork") || callee.equals("torch.jit._fork")) && !c.args().isEmpty()
                && !(c.args().get(0) instanceof Expr.Starred)) {
            Expr.Call forked = new Expr.Call(c.args().get(0), c.args().subList(1, c.args().size()), c.keywords(),
                    c.range());
            Value result = call(forked, Optional.empty());
            Type t = result instanceof Value.Typed typed ? typed.type() : Types.UNKNOWN;
            return Optional.of(t instanceof Type.UnknownType ? Value.UNKNOWN : Value.typed(new Type.FutureType(t)));
        }
        if ((callee.equals("torch.jit.wait") || callee.equals("torch.jit._wait")) && c.args().size() == 1
                && c.keywords().isEmpty()) {
            Type t = exprs.type(c.args().get(0));
            return Optional.of(t instanceof Type.FutureType future ? Value.typed(future.elem()) : Value.UNKNOWN);
        }
        return Optional.empty();
    }

    /**
     * A call of a boolean-dispatched {@code torch.nn.functional} function ({@code max_pool2d}): the
     * reference picks the function by the flag argument, which must be a literal; the callee
     * expression then denotes the chosen library function (also for the emitter).
     */
    private Value dispatch(String name, Expr.Call c) {
        Optional<FunctionalLibrary.Dispatch> found = FunctionalLibrary.get().dispatch(name);
        if (found.isEmpty()) {
            evalArguments(c);
            return Value.OPAQUE;
        }
        FunctionalLibrary.Dispatch d = found.get();
        Expr flag = null;
        boolean keyword = false;
        for (Keyword k : c.keywords()) {
            if (k.arg().orElse("").equals(d.argName())) {
                flag = k.value();
                keyword = true;
            }
        }
        if (flag == null && c.args().size() > d.argIndex()) {
            flag = c.args().get(d.argIndex());
        }
        boolean chosen = false;
        if (flag != null) {
            // a literal, or a constant of the concrete module (self.return_indices in __constants__),
            // which the reference emits as a prim::Constant too
            Object constant = null;
            boolean isConstant = flag instanceof Expr.Constant;
            if (flag instanceof Expr.Constant k) {
                constant = k.value() instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Bool b ? b.value() : k;
            } else if (flag instanceof Expr.Attribute) {
                exprs.eval(flag);
                constant = checker.constantValue(flag);
                isConstant = constant != null;
            }
            if (!isConstant) {
                evalArguments(c);
                checker.sink().error(Code.CALL_ARGUMENTS, c.func().range(), keyword
                        ? "Keyword argument '" + d.argName() + "' for boolean dispatch at position was not constant"
                        : "Argument for boolean dispatch at position " + d.argIndex() + " was not constant");
                return Value.UNKNOWN;
            }
            if (!(constant instanceof Boolean b)) {
                evalArguments(c);
                checker.sink().error(Code.CALL_ARGUMENTS, c.func().range(),
                        "isBool() INTERNAL ASSERT FAILED at \"./aten/src/ATen/core/ivalue.h\":621, please report a bug to PyTorch.");
                return Value.UNKNOWN;
            }
            chosen = b;
        }
        Stmt.FunctionDef def = chosen ? d.ifTrue() : d.ifFalse();
        checker.recordValue(c.func(), new Value.UserFunction(def));
        return Value.typed(UserCalls.call(exprs, def, c));
    }

    /**
     * {@code _pair(x)} (and {@code _single}, {@code _triple}, {@code _quadruple}): the reference's
     * builtin {@code def _pair(x: BroadcastingList2[int]) -> List[int]}; its argument an int, a list
     * of ints or a tuple of ints, its result {@code List[int]}.
     */
    private Type ntuple(String name, Expr.Call c) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        if (c.args().size() != 1 || !c.keywords().isEmpty() || c.args().get(0) instanceof Expr.Starred) {
            evalArguments(c);
            checker.sink().error(Code.CALL_ARGUMENTS, c.range(),
                    simple + "() expected exactly 1 argument but found " + (c.args().size() + c.keywords().size()));
            return Types.UNKNOWN;
        }
        Type t = exprs.type(c.args().get(0));
        boolean ints = t instanceof Type.IntType
                || t instanceof Type.ListType l && l.elem() instanceof Type.IntType
                || t instanceof Type.TupleType tt && tt.elements().stream().allMatch(e -> e instanceof Type.IntType);
        if (!ints && Environment.known(t)) {
            checker.sink().error(Code.CALL_ARGUMENTS, c.args().get(0).range(), "Expected a value of type 'List[int]' "
                    + "for argument 'x' but instead found type '" + t.reprStr() + "'.");
            return Types.UNKNOWN;
        }
        return new Type.ListType(Types.INT);
    }

    /** Whether {@code e} is a plain dotted name ({@code random}, {@code os.path}). */
    private static boolean dotted(Expr e) {
        return e instanceof Expr.Name || e instanceof Expr.Attribute a && dotted(a.value());
    }

    void evalArguments(Expr.Call c) {
        for (Expr a : c.args()) {
            exprs.eval(a);
        }
        for (Keyword k : c.keywords()) {
            exprs.eval(k.value());
        }
    }

    private Type argType(Expr.Call c, int i) {
        return i < c.args().size() ? exprs.type(c.args().get(i)) : Types.UNKNOWN;
    }

    /** Python builtins the reference compiles as calls of one operator, matched against its schemas. */
    private static final java.util.Map<String, String> BUILTIN_OPERATORS = java.util.Map.of(
            "ord", "aten::ord", "chr", "aten::chr", "abs", "prim::abs", "min", "prim::min", "max", "prim::max",
            "round", "aten::round", "divmod", "aten::divmod", "float", "aten::Float", "int", "aten::Int", "str", "aten::str");

    /** The result type of a builtin cast whatever the argument, when the schema match is not sure. */
    private static Type fixedResult(String name) {
        switch (name) {
            case "ord":
            case "int":
                return Types.INT;
            case "chr":
            case "str":
                return Types.STR;
            case "float":
                return Types.FLOAT;
            default:
                return Types.UNKNOWN;
        }
    }

    private Value builtin(String name, Expr.Call c, Optional<Type> hint) {
        if (name.startsWith(FunctionalLibrary.MODULE + ".")) {
            return dispatch(name.substring(FunctionalLibrary.MODULE.length() + 1), c);
        }
        if (name.startsWith("torch.nn.init.") && PythonValues.NN_INIT_FAILURES.containsKey(name.substring(14))) {
            evalArguments(c);
            String message = PythonValues.NN_INIT_FAILURES.get(name.substring(14));
            checker.sink().error(message.startsWith("function") ? Code.UNSUPPORTED_SYNTAX : Code.NO_ATTRIBUTE,
                    c.func().range(), message);
            return Value.UNKNOWN;
        }
        if (PythonValues.isUnknownBuiltin(name)) {
            evalArguments(c);
            checker.sink().error(Code.UNKNOWN_BUILTIN, c.func().range(),
                    "Unknown builtin op: aten::" + name.substring(6) + ".");
            return Value.UNKNOWN;
        }
        if (PythonValues.isExceptionClass(name)) {
            evalArguments(c);
            return new Value.ExceptionMessage();
        }
        if (name.startsWith("torch.") && !PythonValues.isTorchIntrinsic(name) && name.indexOf('.', 6) < 0
                && Character.isLowerCase(name.charAt(6))) {
            return Value.typed(SchemaMatcher.function(exprs, "aten::" + name.substring(6), c));
        }
        if (PythonValues.ntupleSize(name).isPresent()) {
            return Value.typed(ntuple(name, c));
        }
        if (PythonValues.legacyTensorDtype(name).isPresent()) {
            // torch.LongTensor([1, 2]): torch.tensor of the data with that dtype
            evalArguments(c);
            return Value.typed(Types.TENSOR);
        }
        if (name.equals("len") && c.args().size() == 1 && c.keywords().isEmpty()
                && ModuleContainers.items(exprs.type(c.args().get(0))).isPresent()) {
            return Value.typed(Types.INT); // a ModuleList's length: a constant of its class's __len__
        }
        if (name.startsWith("ops.")) {
            // torch.ops.NS.X in user code, archive code's ops.prim.X: the operator NS::X
            int dot = name.indexOf('.', 4);
            return Value.typed(SchemaMatcher.function(exprs, name.substring(4, dot) + "::" + name.substring(dot + 1), c));
        }
        switch (name) {
            case "unchecked_cast":
            case "uninitialized": {
                // archive code's unchecked_cast(T, v) and uninitialized(T) (only archive code has these names)
                int arity = name.equals("uninitialized") ? 1 : 2;
                if (c.args().size() != arity || !c.keywords().isEmpty()) {
                    evalArguments(c);
                    checker.sink().error(Code.CALL_ARGUMENTS, c.range(), name + " expects " + arity + " argument(s)");
                    return Value.UNKNOWN;
                }
                Type t = checker.annotations().type(c.args().get(0));
                if (arity == 2) {
                    exprs.type(c.args().get(1));
                }
                return Value.typed(t);
            }
            case "torch.jit.annotate": {
                if (c.args().size() != 2 || !c.keywords().isEmpty()) {
                    evalArguments(c);
                    return Value.UNKNOWN;
                }
                Type t = checker.annotations().type(c.args().get(0));
                exprs.typeWithHint(c.args().get(1), Optional.of(t));
                return Value.typed(t);
            }
            case "dict":
            case "collections.OrderedDict":
                return Value.typed(DictConstructor.call(exprs, c, hint));
            case "complex":
                return Value.typed(SchemaMatcher.function(exprs, "aten::Complex", c));
            case "range":
                Iteration.rangeArguments(exprs, c);
                return Value.UNKNOWN;
            case "id":
                return Value.typed(SchemaMatcher.function(exprs, "prim::id", c));
            case "tuple":
                if (c.args().size() > 1) {
                    evalArguments(c);
                    checker.sink().error(Code.CALL_ARGUMENTS, c.range(),
                            "tuple expected exactly 1 arguments but found " + c.args().size());
                    return Value.UNKNOWN;
                }
                evalArguments(c);
                return Value.UNKNOWN;
            default:
                break;
        }
        String operator = BUILTIN_OPERATORS.get(name);
        if (operator != null && c.keywords().isEmpty()) {
            Type t = SchemaMatcher.function(exprs, operator, c);
            return Value.typed(Environment.known(t) ? t : fixedResult(name));
        }
        Type first = argType(c, 0);
        for (int i = 1; i < c.args().size(); i++) {
            exprs.eval(c.args().get(i));
        }
        for (Keyword k : c.keywords()) {
            exprs.eval(k.value());
        }
        switch (name) {
            case "len":
            case "hash":
            case "ord":
                return Value.typed(Types.INT);
            case "int":
                return Value.typed(Types.INT);
            case "float":
                return Value.typed(Types.FLOAT);
            case "bool":
                return Value.typed(Types.BOOL);
            case "str":
            case "chr":
            case "repr":
                return Value.typed(Types.STR);
            case "print":
                return Value.typed(Types.NONE);
            case "isinstance":
            case "hasattr":
            case "any":
            case "all":
            case "torch.jit.isinstance":
            case "torch.jit.is_scripting":
            case "torch.jit.is_tracing":
                return Value.typed(Types.BOOL);
            case "abs":
                return Value.typed(first instanceof Type.IntType || first instanceof Type.FloatType
                        || first instanceof Type.TensorType ? first : Types.UNKNOWN);
            case "list":
                return Value.typed(first instanceof Type.ListType ? first : Types.UNKNOWN);
            case "torch.device":
                return Value.typed(Types.DEVICE);
            default:
                return Value.UNKNOWN;
        }
    }
}
