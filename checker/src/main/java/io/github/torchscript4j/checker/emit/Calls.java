package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.semantics.Signature;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers calls by what the callee denotes: builtin operators ({@code torch.*}, Python builtins),
 * methods of builtin types ({@code x.add(y)}, {@code l.append(1)}), user functions ({@code
 * prim::CallFunction}), methods of user classes and modules ({@code prim::CallMethod}) and class
 * construction ({@code prim::CreateObject} then {@code __init__}).
 */
final class Calls {
    private final FunctionEmitter f;
    private final ExpressionEmitter exprs;
    private final CheckResult check;

    Calls(FunctionEmitter f, ExpressionEmitter exprs) {
        this.f = f;
        this.exprs = exprs;
        this.check = f.check;
    }

    /** The checker's type of the call; null (take the schema's) when it has none. */
    private Type resultType(Expr.Call c) {
        return check.typeOf(c).filter(t -> !Types.containsUnknown(t)).orElse(null);
    }

    private Type required(Expr.Call c) {
        Type t = resultType(c);
        if (t == null) {
            throw new EmitException("the checker did not type this call", c.range());
        }
        return t;
    }

    Value call(Expr.Call c) {
        if (check.valueOf(c.func()).isEmpty() && c.func() instanceof Expr.Name n
                && (n.id().equals("isinstance")) && !f.env.values.containsKey(n.id())) {
            return builtin(n.id(), c); // a condition the checker decided by its form
        }
        io.github.torchscript4j.checker.semantics.Value callee = check.valueOf(c.func())
                .orElseThrow(() -> new EmitException("the checker did not resolve this callee", c.func().range()));
        String named = callee instanceof io.github.torchscript4j.checker.semantics.Value.Builtin b ? b.qualifiedName()
                : callee instanceof io.github.torchscript4j.checker.semantics.Value.Opaque ? c.func().range().text() : "";
        if ((named.equals("torch.jit._fork") || named.equals("torch.jit.fork")) && !c.args().isEmpty()) {
            return fork(c);
        }
        if ((named.equals("torch.jit._wait") || named.equals("torch.jit.wait")) && c.args().size() == 1) {
            Value future = exprs.emit(c.args().get(0));
            if (!(future.type() instanceof Type.FutureType ft)) {
                throw new EmitException("wait() of a value that is not a Future", c.range());
            }
            return exprs.call("aten::wait", List.of(future), ft.elem(), c.range());
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.Builtin b) {
            return builtin(b.qualifiedName(), c);
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.BoundMethod m && m.name().equals("tolist")
                && m.receiver() instanceof Type.TensorType) {
            return tolist(c);
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.BoundMethod m
                && m.receiver() instanceof Type.TensorType && TENSOR_CASTS.containsKey(m.name()) && c.args().isEmpty()
                && c.keywords().isEmpty()) {
            // x.long(), x.double(), ...: the reference's builtin methods, x.to(dtype)
            Value receiver = exprs.emit(((Expr.Attribute) c.func()).value());
            Value dtype = exprs.constant(TENSOR_CASTS.get(m.name()), Types.INT, null);
            return exprs.call("aten::to", List.of(receiver, dtype), Types.TENSOR, c.range());
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.BoundMethod m && m.name().equals("format")
                && m.receiver() instanceof Type.StrType && c.keywords().isEmpty()) {
            // "...".format(a, b): aten::format(str self, ...), its varargs the positional values
            Value receiver = exprs.emit(((Expr.Attribute) c.func()).value());
            return exprs.format(exprs.arguments(c.args(), List.of(), List.of(receiver)).positional(), c.range());
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.BoundMethod m) {
            Value receiver = exprs.emit(((Expr.Attribute) c.func()).value());
            ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of(receiver));
            return exprs.operator("aten::" + m.name(), a, resultType(c), c.range());
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.UserFunction u) {
            CheckResult.IgnoredFunction ignored = check.ignoredFunctions().get(u.def());
            if (ignored != null) {
                return ignored(ignored, c);
            }
            return userFunction(u.def(), c);
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.TracedFunction t) {
            return traced(check.tracedFunctions().get(t.def()), c);
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.UserMethod m) {
            Value receiver = exprs.emit(((Expr.Attribute) c.func()).value());
            return method(receiver, m.def(), c);
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.UserClass u) {
            return construct(u.def(), c);
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.Typed t && t.type() instanceof Type.ModuleType
                && check.calleeOf(c).isPresent()) {
            Value receiver = exprs.emit(c.func()); // in an unrolled loop, one of several classes
            return method(receiver, check.calleeOf(c, receiver.type()).get().def(), c);
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.Typed t && t.type() instanceof Type.ModuleType) {
            Value receiver = exprs.emit(c.func());
            ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of());
            Node n = f.graph.create("prim::CallMethod");
            n.setAttribute("name", "forward");
            n.addInput(receiver);
            a.positional().forEach(n::addInput);
            n.addOutput(required(c));
            return f.append(n, c.range()).output();
        }
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.Opaque) {
            String dotted = c.func().range().text();
            if (dotted.equals("torch.einsum") && !c.args().isEmpty() && c.keywords().isEmpty()) {
                return einsum(c);
            }
            if (dotted.startsWith("cmath.") && dotted.indexOf('.', 6) < 0) {
                // cmath's functions are the operators of the same name (phase is angle)
                String fn = dotted.substring(6);
                return simple("aten::" + (fn.equals("phase") ? "angle" : fn), c, required(c));
            }
            if (dotted.equals("warnings.warn") || dotted.equals("torch.jit._unwrap_optional")) {
                return builtin(dotted, c);
            }
        }
        throw new EmitException("the emitter does not lower calls of " + callee.getClass().getSimpleName() + " "
                + c.func().range().text() + " yet", c.range());
    }

    /** Tensor methods that convert to a dtype, with the dtype's number. */
    private static final java.util.Map<String, Long> TENSOR_CASTS = java.util.Map.ofEntries(
            java.util.Map.entry("byte", 0L), java.util.Map.entry("char", 1L), java.util.Map.entry("short", 2L),
            java.util.Map.entry("int", 3L), java.util.Map.entry("long", 4L), java.util.Map.entry("half", 5L),
            java.util.Map.entry("float", 6L), java.util.Map.entry("double", 7L), java.util.Map.entry("bool", 11L),
            java.util.Map.entry("bfloat16", 15L));

    /** {@code x.tolist()} (annotated): {@code prim::tolist(x, dims, elementKind)} with the annotated type. */
    private Value tolist(Expr.Call c) {
        return tolist(c, required(c));
    }

    private Value tolist(Expr.Call c, Type out) {
        Value receiver = exprs.emit(((Expr.Attribute) c.func()).value());
        long dims = 0;
        Type elem = out;
        while (elem instanceof Type.ListType l) {
            dims++;
            elem = l.elem();
        }
        long kind = elem instanceof Type.IntType ? 0 : elem instanceof Type.FloatType ? 1 : elem instanceof Type.BoolType ? 2 : -1;
        if (kind < 0) {
            throw new EmitException("tolist() to " + out.annotationStr() + " is not supported", c.range());
        }
        Node n = f.graph.create("prim::tolist");
        n.setSchema(io.github.torchscript4j.checker.builtins.OperatorTable.builtin().overloads("prim::tolist").get(0));
        n.addInput(receiver);
        n.addInput(exprs.constant(dims, Types.INT, null));
        n.addInput(exprs.constant(kind, Types.INT, null));
        n.addOutput(out);
        return f.append(n, null).output();
    }

    /**
     * {@code torch.einsum(equation, a, b)} or {@code torch.einsum(equation, (a, b))}: torch's Python
     * function passes the operands to {@code aten::einsum} as a list.
     */
    private Value einsum(Expr.Call c) {
        if (check.typeOf(c.args().get(0)).orElse(null) instanceof Type.TensorType) {
            // the sublist format, einsum(x, [0], y, [1], [0, 1]): aten::einsum.sublist takes them all
            List<Value> all = new ArrayList<>();
            for (Expr e : c.args()) {
                all.add(exprs.emit(e));
            }
            io.github.torchscript4j.checker.builtins.FunctionSchema sublist = io.github.torchscript4j.checker.builtins
                    .OperatorTable.builtin().find("aten::einsum.sublist")
                    .orElseThrow(() -> new EmitException("no aten::einsum.sublist in the operator table", c.range()));
            Node n = f.graph.create("aten::einsum");
            n.setSchema(sublist);
            all.forEach(n::addInput);
            n.addOutput(Types.TENSOR);
            return f.append(n, c.range()).output();
        }
        Value equation = exprs.emit(c.args().get(0));
        List<Value> operands = new ArrayList<>();
        for (Expr e : c.args().subList(1, c.args().size())) {
            Value v = exprs.emit(e);
            if (c.args().size() == 2 && v.type() instanceof Type.TupleType tt) {
                operands.addAll(exprs.unpack(v, tt.elements().size(), e.range()));
            } else if (c.args().size() == 2 && v.type() instanceof Type.ListType) {
                return exprs.call("aten::einsum", List.of(equation, v), Types.TENSOR, c.range());
            } else {
                operands.add(v);
            }
        }
        Value list = exprs.node("prim::ListConstruct", operands, new Type.ListType(Types.TENSOR), null);
        return exprs.call("aten::einsum", List.of(equation, list), Types.TENSOR, c.range());
    }

    private CheckResult.CheckedFunction checked(Stmt.FunctionDef def, Expr.Call c) {
        return checked(def, c, null);
    }

    private CheckResult.CheckedFunction checked(Stmt.FunctionDef def, Expr.Call c, Type receiverType) {
        Optional<CheckResult.CheckedFunction> concrete = receiverType == null ? check.calleeOf(c) : check.calleeOf(c, receiverType);
        if (concrete.isPresent()) {
            return concrete.get(); // a method of a concrete module type, maybe checked by another class's checker
        }
        CheckResult.CheckedFunction cf = check.functions().get(def);
        if (cf == null) {
            throw new EmitException("the callee was not compiled", c.range());
        }
        return cf;
    }

    /**
     * A call of a function that is not compiled: {@code @torch.jit.ignore}'d, a {@code
     * prim::PythonOp} that runs it in Python ({@code ^name()(args)}); {@code @torch.jit.unused}, a
     * raise where the call would run.
     */
    private Value ignored(CheckResult.IgnoredFunction fn, Expr.Call c) {
        if (fn.unused()) {
            Value message = exprs.constant("This Python function is annotated to be ignored and cannot be run",
                    Types.STR, null);
            Node raise = f.graph.create("prim::RaiseException");
            raise.addInput(message);
            raise.addInput(exprs.constant(null, Types.NONE, null));
            f.append(raise, c.range());
            f.raisedInExpression = true;
            return exprs.node("prim::Uninitialized", List.of(), fn.returnType(), null);
        }
        if (!c.keywords().isEmpty()) {
            throw new EmitException("the emitter does not lower keyword arguments to an ignored function yet", c.range());
        }
        List<Value> args = new ArrayList<>();
        for (Expr a : c.args()) {
            if (a instanceof Expr.Starred) {
                throw new EmitException("the emitter does not lower *args to an ignored function yet", a.range());
            }
            args.add(exprs.emit(a));
        }
        Node n = f.graph.create("prim::PythonOp");
        n.setAttribute("name", fn.def().name());
        args.forEach(n::addInput);
        n.addOutput(fn.returnType());
        return f.append(n, c.range()).output();
    }

    /**
     * {@code torch.jit.fork(fn, *args, **kwargs)} as the reference emits it: the arguments are
     * evaluated here, the call of {@code fn} in a block of the {@code prim::fork} node, which is then
     * lifted into the node's own graph ({@link Closures#lift}); the result is a {@code Future}.
     */
    private Value fork(Expr.Call c) {
        Expr target = c.args().get(0);
        Expr.Call call = new Expr.Call(target, c.args().subList(1, c.args().size()), c.keywords(), c.range());
        io.github.torchscript4j.checker.semantics.Value callee = check.valueOf(target).orElse(null);
        Node fork = f.graph.create("prim::fork");
        Block body = fork.addBlock();
        Value result;
        if (callee instanceof io.github.torchscript4j.checker.semantics.Value.UserFunction u) {
            CheckResult.CheckedFunction cf = checked(u.def(), call);
            ExpressionEmitter.Arguments a = exprs.arguments(call.args(), call.keywords(), List.of());
            result = inBlock(body, () -> userFunction(u.def(), cf, a, call));
        } else if (callee instanceof io.github.torchscript4j.checker.semantics.Value.Builtin b
                && b.qualifiedName().startsWith("torch.") && check.typeOf(c).orElse(null) instanceof Type.FutureType ft) {
            ExpressionEmitter.Arguments a = exprs.arguments(call.args(), call.keywords(), List.of());
            String op = "aten::" + b.qualifiedName().substring(b.qualifiedName().lastIndexOf('.') + 1);
            result = inBlock(body, () -> exprs.operator(op, a, ft.elem(), call.range()));
        } else {
            throw new EmitException("the emitter does not lower fork() of this callee yet", target.range());
        }
        body.addReturn(result);
        f.append(fork, c.range());
        return Closures.lift(fork);
    }

    private Value inBlock(Block b, java.util.function.Supplier<Value> emit) {
        Block outer = f.block;
        f.block = b;
        try {
            return emit.get();
        } finally {
            f.block = outer;
        }
    }

    private Value userFunction(Stmt.FunctionDef def, Expr.Call c) {
        CheckResult.CheckedFunction cf = checked(def, c);
        ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of());
        return userFunction(def, cf, a, c);
    }

    private Value userFunction(Stmt.FunctionDef def, CheckResult.CheckedFunction cf, ExpressionEmitter.Arguments a,
            Expr.Call c) {
        List<Value> args = exprs.userArguments(cf.signature(), a, 0, c.range());
        for (int i = 0; i < args.size(); i++) {
            args.set(i, listArgument(args.get(i), cf.signature().params().get(i), c.range()));
        }
        // The reference's form: the callee is a function constant, input 0.
        String qualified = f.emitter.nameOf(def).orElseThrow();
        Node callee = f.graph.create("prim::Constant");
        callee.setAttribute("name", def.name());
        callee.addOutput(new Type.FunctionType(qualified, io.github.torchscript4j.checker.types.TypeDeclaration.NONE));
        f.append(callee, null);
        Node n = f.graph.create("prim::CallFunction");
        n.addInput(callee.output());
        args.forEach(n::addInput);
        n.addOutput(cf.returnType());
        return f.append(n, c.range()).output();
    }

    /**
     * A call of a traced function: {@code prim::CallFunction} of the function constant {@code
     * __torch__.foo}, which this unit does not hold — the runtime adds the trace under that name
     * ({@link CheckResult#tracedFunctions()}).
     */
    private Value traced(CheckResult.TracedFunction t, Expr.Call c) {
        if (t == null) {
            throw new EmitException("the checker did not type this call of a traced function", c.range());
        }
        ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of());
        List<Value> args = exprs.userArguments(t.signature(), a, 0, c.range());
        Node callee = f.graph.create("prim::Constant");
        callee.setAttribute("name", t.def().name());
        callee.addOutput(new Type.FunctionType(t.qualifiedName(), io.github.torchscript4j.checker.types.TypeDeclaration.NONE));
        f.append(callee, null);
        Node n = f.graph.create("prim::CallFunction");
        n.addInput(callee.output());
        args.forEach(n::addInput);
        n.addOutput(t.returnType());
        return f.append(n, c.range()).output();
    }

    /**
     * A list parameter's argument as the reference passes it: a tuple becomes a list, and one
     * element of a fixed-size list {@code int[2]} ({@code BroadcastingList2[int]}, in the
     * {@code torch.nn.functional} library) is repeated.
     */
    private Value listArgument(Value v, Signature.Param p, SourceRange range) {
        Type formal = p.type() instanceof Type.OptionalType o ? o.elem() : p.type();
        if (!(formal instanceof Type.ListType list)) {
            return v;
        }
        if (v.type() instanceof Type.TupleType tt) {
            Node unpack = f.graph.create("prim::TupleUnpack");
            unpack.addInput(v);
            for (Type e : tt.elements()) {
                unpack.addOutput(e);
            }
            f.append(unpack, range);
            return exprs.node("prim::ListConstruct", unpack.outputs(), list, range);
        }
        if (p.fixedSize() > 0 && p.fixedElement().map(e -> ExpressionEmitter.isSubtype(v.type(), e)).orElse(false)) {
            return exprs.node("prim::ListConstruct", java.util.Collections.nCopies(p.fixedSize(), v), list, range);
        }
        return v;
    }

    private Value method(Value receiver, Stmt.FunctionDef def, Expr.Call c) {
        CheckResult.CheckedFunction cf = checked(def, c, receiver.type());
        ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of());
        List<Value> args = exprs.userArguments(cf.signature(), a, 1, c.range());
        Node n = f.graph.create("prim::CallMethod");
        n.setAttribute("name", def.name());
        n.addInput(receiver);
        args.forEach(n::addInput);
        n.addOutput(cf.returnType());
        return f.append(n, c.range()).output();
    }

    private Value construct(Stmt.ClassDef cls, Expr.Call c) {
        Type t = required(c);
        if (t instanceof Type.TupleType tuple && tuple.named().isPresent()) {
            return namedTuple(cls, tuple, c);
        }
        Stmt.FunctionDef init = null;
        for (Stmt s : cls.body()) {
            if (s instanceof Stmt.FunctionDef d && d.name().equals("__init__")) {
                init = d;
            }
        }
        if (init == null) {
            return f.append(f.graph.create("prim::CreateObject", List.of(), t), c.range()).output();
        }
        // the arguments are evaluated before the object is created, as in the reference
        CheckResult.CheckedFunction cf = checked(init, c);
        ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of());
        List<Value> args = exprs.userArguments(cf.signature(), a, 1, c.range());
        Value obj = f.append(f.graph.create("prim::CreateObject", List.of(), t), c.range()).output();
        Node n = f.graph.create("prim::CallMethod");
        n.setAttribute("name", "__init__");
        n.addInput(obj);
        args.forEach(n::addInput);
        n.addOutput(cf.returnType());
        f.append(n, c.range());
        return obj;
    }

    /** A NamedTuple's construction: its fields (defaults filled in) in a tuple of its type. */
    private Value namedTuple(Stmt.ClassDef cls, Type.TupleType tuple, Expr.Call c) {
        ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of());
        List<String> names = tuple.named().get().fieldNames();
        java.util.Map<String, Expr> defaults = new java.util.HashMap<>();
        for (Stmt s : cls.body()) {
            if (s instanceof Stmt.AnnAssign an && an.target() instanceof Expr.Name n && an.value().isPresent()) {
                defaults.put(n.id(), an.value().get());
            }
        }
        List<Value> fields = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i < a.positional().size()) {
                fields.add(a.positional().get(i));
            } else if (a.keywords().containsKey(names.get(i))) {
                fields.add(a.keywords().get(names.get(i)));
            } else if (defaults.containsKey(names.get(i))) {
                Object d = ConstantValues.of(defaults.get(names.get(i)), f);
                if (d == ConstantValues.UNKNOWN) {
                    throw new EmitException("cannot evaluate this default value", defaults.get(names.get(i)).range());
                }
                fields.add(exprs.constant(d, ConstantValues.typeOf(d), null));
            } else {
                throw new EmitException("field " + names.get(i) + " not provided", c.range());
            }
        }
        return exprs.node("prim::TupleConstruct", fields, tuple, c.range());
    }

    private Value builtin(String name, Expr.Call c) {
        Type out = resultType(c);
        Optional<Value> reflected = reflected(name, c);
        if (reflected.isPresent()) {
            return reflected.get();
        }
        if (name.startsWith("ops.")) {
            // torch.ops.NS.X in user code; archive code's ops.prim.X and torch.__and__ (ops.aten.__and__)
            int dot = name.indexOf('.', 4);
            ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of());
            return exprs.operator(name.substring(4, dot) + "::" + name.substring(dot + 1), a, out, c.range());
        }
        // (underscored: an operator of torch._C._nn such as _upsample_nearest_exact1d)
        if (name.startsWith("torch.") && name.indexOf('.', 6) < 0
                && (Character.isLowerCase(name.charAt(6)) || name.charAt(6) == '_') && !name.equals("torch.device")) {
            ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of());
            return exprs.operator("aten::" + name.substring(6), a, out, c.range());
        }
        if (name.startsWith("math.")) {
            return simple("aten::" + name.substring(5), c, out);
        }
        Optional<Integer> ntuple = io.github.torchscript4j.checker.semantics.Overloads.ntupleSize(name);
        if (ntuple.isPresent()) {
            // _pair(x): the reference's builtin of a BroadcastingList2[int], inlined: an int
            // repeated into a list, a tuple made a list, a list passed on
            Value x = exprs.emit(c.args().get(0));
            Type ints = new Type.ListType(Types.INT);
            if (x.type() instanceof Type.IntType) {
                return exprs.node("prim::ListConstruct", java.util.Collections.nCopies(ntuple.get(), x), ints, c.range());
            }
            if (x.type() instanceof Type.TupleType tt) {
                Node unpack = f.graph.create("prim::TupleUnpack");
                unpack.addInput(x);
                for (Type e : tt.elements()) {
                    unpack.addOutput(e);
                }
                f.append(unpack, c.range());
                return exprs.node("prim::ListConstruct", unpack.outputs(), ints, c.range());
            }
            return x;
        }
        switch (name) {
            case "pow":
                return simple("aten::pow", c, out);
            case "sum":
                return simple("aten::sum", c, out);
            case "hex":
                return simple("aten::hex", c, out);
            case "oct":
                return simple("aten::oct", c, out);
            case "bin":
                return simple("aten::bin", c, out);
            case "sorted":
                return simple("aten::sorted", c, out);
            case "any":
                return simple("aten::any", c, out);
            case "all":
                return simple("aten::all", c, out);
            case "warnings.warn": {
                ExpressionEmitter.Arguments a = exprs.arguments(c.args().subList(0, 1), List.of(), List.of());
                exprs.operator("aten::warn", a, Types.NONE, c.range());
                return exprs.constant(null, Types.NONE, null);
            }
            case "torch.jit._unwrap_optional":
                return simple("aten::_unwrap_optional", c, out);
            case "print": {
                ExpressionEmitter.Arguments a = exprs.arguments(c.args(), List.of(), List.of());
                Node n = f.graph.create("prim::Print");
                a.positional().forEach(n::addInput);
                f.append(n, c.range());
                return exprs.constant(null, Types.NONE, null);
            }
            case "len":
                if (c.args().size() == 1 && io.github.torchscript4j.checker.semantics.ModuleContainers.unrolled(
                        check.typeOf(c.args().get(0)).orElse(Types.UNKNOWN)).isPresent()) {
                    return moduleLength(c);
                }
                return simple("aten::len", c, out);
            case "int":
                return cast("aten::Int", c, out, Types.INT);
            case "float":
                return cast("aten::Float", c, out, Types.FLOAT);
            case "bool":
                return cast("aten::Bool", c, out, Types.BOOL);
            case "str":
                return simple("aten::str", c, out);
            case "min":
                return simple("prim::min", c, out);
            case "max":
                return simple("prim::max", c, out);
            case "abs":
                return simple(check.typeOf(c.args().get(0)).orElse(Types.UNKNOWN) instanceof Type.TensorType
                        ? "aten::abs" : "prim::abs", c, out);
            case "round":
                return simple("aten::round", c, out);
            case "ord":
                return simple("aten::ord", c, out);
            case "chr":
                return simple("aten::chr", c, out);
            case "divmod":
                return simple("aten::divmod", c, out);
            case "hash":
                return simple("aten::hash", c, out);
            case "id":
                return simple("prim::id", c, out);
            case "list":
                if (c.args().isEmpty()) {
                    return exprs.node("prim::ListConstruct", List.of(), out, c.range());
                }
                return simple("aten::list", c, out);
            case "torch.jit.annotate": {
                Expr value = c.args().get(1);
                if (value instanceof Expr.Call inner && inner.func() instanceof Expr.Attribute at
                        && at.attr().equals("tolist") && inner.args().isEmpty()
                        && check.typeOf(at.value()).map(t -> t instanceof Type.TensorType).orElse(false)) {
                    return tolist(inner, required(c)); // the annotation gives tolist() its type
                }
                if (value instanceof Expr.Constant k && k.value() instanceof io.github.torchscript4j.checker.syntax.ast.Literal.None
                        && required(c) instanceof Type.OptionalType optional) {
                    return exprs.constant(null, optional, c.range()); // a None of the annotated type
                }
                return exprs.emit(value);
            }
            case "torch.jit.is_scripting":
                return exprs.constant(Boolean.TRUE, Types.BOOL, c.range());
            case "torch.jit.is_tracing":
                return exprs.constant(Boolean.FALSE, Types.BOOL, c.range());
            case "isinstance":
            case "torch.jit.isinstance": {
                Optional<Boolean> known = exprs.staticCondition(c);
                if (known.isPresent()) {
                    return exprs.constant(known.get(), Types.BOOL, c.range());
                }
                return exprs.dynamicIsinstance(c);
            }
            case "torch.device": {
                // torch.device(type, index) also takes its arguments by keyword
                List<Expr> positional = new ArrayList<>(c.args());
                for (String keyword : List.of("type", "index")) {
                    for (var k : c.keywords()) {
                        if (k.arg().map(keyword::equals).orElse(false)) {
                            positional.add(k.value());
                        }
                    }
                }
                ExpressionEmitter.Arguments a = exprs.arguments(positional, List.of(), List.of());
                return exprs.operator("aten::device", a, Types.DEVICE, c.range());
            }
            case "dict":
                return dict(c, required(c));
            case "collections.OrderedDict":
                // the reference builds it with aten::dict of its argument (no argument: an empty dict)
                return c.args().isEmpty() && c.keywords().isEmpty()
                        ? exprs.node("prim::DictConstruct", List.of(), required(c), c.range())
                        : simple("aten::dict", c, required(c));
            case "complex":
                return simple("aten::Complex", c, required(c));
            case "torch.DoubleTensor", "torch.FloatTensor", "torch.HalfTensor", "torch.BFloat16Tensor",
                    "torch.LongTensor", "torch.IntTensor", "torch.ShortTensor", "torch.CharTensor", "torch.ByteTensor",
                    "torch.BoolTensor": {
                // a legacy constructor: torch.tensor(data, dtype=D), the data an empty int list by default
                if (c.args().size() > 1 || !c.keywords().isEmpty()) {
                    throw new EmitException("the emitter lowers " + name + " of one argument only", c.range());
                }
                Value data = c.args().isEmpty()
                        ? exprs.node("prim::ListConstruct", List.of(), new Type.ListType(Types.INT), null)
                        : exprs.emit(c.args().get(0));
                Value dtype = exprs.constant(io.github.torchscript4j.checker.semantics.Queries.legacyTensorDtype(name)
                        .orElseThrow(), Types.INT, null);
                return exprs.operatorCall(exprs.single("aten::tensor", data.type()), List.of(data),
                        Map.of("dtype", dtype), Types.TENSOR, c.range());
            }
            case "unchecked_cast":
                return exprs.node("prim::unchecked_cast", List.of(exprs.emit(c.args().get(1))), required(c), c.range());
            case "uninitialized":
                return exprs.node("prim::Uninitialized", List.of(), required(c), c.range());
            case "getattr": {
                // only archive code gets here (the checker types getattr(obj, "name") there alone)
                if (c.args().size() == 2 && c.args().get(1) instanceof Expr.Constant k
                        && k.value() instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Str key
                        && !(out instanceof Type.UnknownType)) {
                    return exprs.getAttr(exprs.emit(c.args().get(0)), key.value(), out, c.range());
                }
                throw new EmitException("the emitter lowers getattr of a constant name only", c.range());
            }
            default:
                throw new EmitException("the emitter does not lower calls of " + name + " yet", c.range());
        }
    }

    private static final java.util.Map<String, io.github.torchscript4j.checker.syntax.ast.Operator> REFLECTED = java.util.Map.of(
            "torch.add", io.github.torchscript4j.checker.syntax.ast.Operator.ADD,
            "torch.sub", io.github.torchscript4j.checker.syntax.ast.Operator.SUB,
            "torch.mul", io.github.torchscript4j.checker.syntax.ast.Operator.MULT,
            "torch.div", io.github.torchscript4j.checker.syntax.ast.Operator.DIV);

    /**
     * {@code torch.add(1.5, t)}: no overload takes a number then a tensor, and the reference calls
     * the tensor's reflected operator ({@code __radd__}) instead, as for {@code 1.5 + t}.
     */
    private Optional<Value> reflected(String name, Expr.Call c) {
        io.github.torchscript4j.checker.syntax.ast.Operator op = REFLECTED.get(name);
        if (op == null || c.args().size() != 2 || !c.keywords().isEmpty()) {
            return Optional.empty();
        }
        Type first = check.typeOf(c.args().get(0)).orElse(Types.UNKNOWN);
        Type second = check.typeOf(c.args().get(1)).orElse(Types.UNKNOWN);
        if (!(first instanceof Type.IntType || first instanceof Type.FloatType) || !(second instanceof Type.TensorType)) {
            return Optional.empty();
        }
        Value l = exprs.emit(c.args().get(0));
        Value r = exprs.emit(c.args().get(1));
        return Optional.of(exprs.binaryValues(op, l, r, Types.TENSOR, c.range()));
    }

    /**
     * {@code dict(...)} as the reference lowers it: a dict argument is copied ({@code aten::dict}); an
     * iterable of pairs, and keyword arguments without a positional one (as a list of pairs), fill a
     * new dict in a loop; keyword arguments after a positional one are set one by one.
     */
    private Value dict(Expr.Call c, Type out) {
        if (c.args().size() > 1) {
            throw new EmitException("dict() takes at most one positional argument", c.range());
        }
        Value d;
        if (c.args().isEmpty() && c.keywords().isEmpty()) {
            return exprs.node("prim::DictConstruct", List.of(), out, c.range());
        }
        if (c.args().isEmpty()) {
            List<Value> pairs = new ArrayList<>();
            for (var k : c.keywords()) {
                Value key = exprs.constant(k.arg().orElseThrow(), Types.STR, null);
                Value value = exprs.emit(k.value());
                pairs.add(exprs.node("prim::TupleConstruct", List.of(key, value),
                        new Type.TupleType(List.of(Types.STR, value.type())), null));
            }
            Type pair = pairs.get(0).type();
            for (Value p : pairs) {
                pair = io.github.torchscript4j.checker.types.Unification.unifyTypes(pair, p.type()).orElse(pair);
            }
            Value list = exprs.node("prim::ListConstruct", pairs, new Type.ListType(pair), null);
            d = exprs.node("prim::DictConstruct", List.of(), out, c.range());
            fill(d, list, c.range());
            return d;
        }
        Expr iterable = c.args().get(0);
        Type t = check.typeOf(iterable).orElse(Types.UNKNOWN);
        if (t instanceof Type.DictType) {
            d = exprs.call("aten::dict", List.of(exprs.emit(iterable)), out, c.range());
        } else if (iterable instanceof Expr.List l && l.elts().isEmpty()) {
            d = exprs.node("prim::DictConstruct", List.of(), out, c.range());
        } else if (t instanceof Type.ListType) {
            Value list = exprs.emit(iterable);
            d = exprs.node("prim::DictConstruct", List.of(), out, c.range());
            fill(d, list, iterable.range());
        } else {
            Value[] fresh = new Value[1];
            new Loops(f).forEach(iterable, iterable.range(),
                    () -> fresh[0] = exprs.node("prim::DictConstruct", List.of(), out, c.range()),
                    pair -> setPair(fresh[0], pair, iterable.range()));
            d = fresh[0];
        }
        for (var k : c.keywords()) {
            Value key = exprs.constant(k.arg().orElseThrow(), Types.STR, null);
            exprs.call("aten::_set_item", List.of(d, key, exprs.emit(k.value())), Types.NONE, c.range());
        }
        return d;
    }

    private void fill(Value dict, Value pairs, SourceRange range) {
        new Loops(f).forEach(pairs, range, pair -> setPair(dict, pair, range));
    }

    private void setPair(Value dict, Value pair, SourceRange range) {
        List<Value> kv = exprs.unpack(pair, 2, range);
        exprs.call("aten::_set_item", List.of(dict, kv.get(0), kv.get(1)), Types.NONE, range);
    }

    /**
     * {@code len(modules)} of a concrete {@code ModuleList} (or {@code Sequential}, {@code
     * ModuleDict}): a call of its class's {@code __len__} ({@link ContainerMethods}).
     */
    private Value moduleLength(Expr.Call c) {
        Value receiver = exprs.emit(c.args().get(0));
        Type.ModuleType t = (Type.ModuleType) receiver.type();
        Node n = f.graph.create("prim::CallMethod");
        n.setAttribute("name", "__len__");
        n.addInput(receiver);
        n.addOutput(Types.INT);
        return f.append(n, c.range()).output();
    }

    private Value simple(String operator, Expr.Call c, Type out) {
        ExpressionEmitter.Arguments a = exprs.arguments(c.args(), c.keywords(), List.of());
        return exprs.operator(operator, a, out, c.range());
    }

    /** {@code int(x)}, {@code float(x)}, {@code bool(x)}: nothing to do when x already has the type. */
    private Value cast(String operator, Expr.Call c, Type out, Type target) {
        if (c.args().size() == 1 && check.typeOf(c.args().get(0)).map(t -> t.equals(target)).orElse(false)) {
            return exprs.emit(c.args().get(0));
        }
        if (c.args().isEmpty()) {
            Object zero = target instanceof Type.IntType ? (Object) 0L : target instanceof Type.FloatType ? (Object) 0.0 : false;
            return exprs.constant(zero, target, c.range());
        }
        return simple(operator, c, out);
    }

    static List<Value> copy(List<Value> vs) {
        return new ArrayList<>(vs);
    }

    static Map<String, Value> none() {
        return Map.of();
    }
}
