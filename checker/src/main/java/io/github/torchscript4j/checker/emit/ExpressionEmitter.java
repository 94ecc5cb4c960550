package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.semantics.Overloads;
import io.github.torchscript4j.checker.semantics.Signature;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.BoolOperator;
import io.github.torchscript4j.checker.syntax.ast.CmpOperator;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Operator;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers expressions to nodes in the current block of a {@link FunctionEmitter}: constants,
 * variables, operators and calls (matched to the overload the checker chose, every schema
 * argument filled in, defaults made explicit as the reference does), attributes, subscripts,
 * displays and comprehensions.
 */
final class ExpressionEmitter {
    private final FunctionEmitter f;
    private final CheckResult check;

    ExpressionEmitter(FunctionEmitter f) {
        this.f = f;
        this.check = f.check;
    }

    // ---- helpers ----

    private Type typeOf(Expr e) {
        return check.typeOf(e).orElseThrow(() -> new EmitException("the checker did not type this expression", e.range()));
    }

    /** The checker's type of an operator expression, or null to take the matched schema's result type. */
    private Type resultTypeOf(Expr e) {
        return check.typeOf(e).filter(ExpressionEmitter::known).orElse(null);
    }

    Value constant(Object value, Type type, SourceRange range) {
        Node n = f.graph.create("prim::Constant");
        if (value != null) {
            n.setAttribute("value", value);
        }
        n.addOutput(type);
        return f.append(n, range).output();
    }

    /** A node of {@code kind} with these inputs and one output. */
    Value node(String kind, List<Value> inputs, Type out, SourceRange range) {
        return f.append(f.graph.create(kind, inputs, out), range).output();
    }

    /**
     * A call of the overload of {@code operator} that fits these (positional) values, or of the
     * given single schema; the result has type {@code out}.
     */
    Value call(String operator, List<Value> args, Type out, SourceRange range) {
        List<Overloads.Argument> types = new ArrayList<>();
        for (Value v : args) {
            types.add(new Overloads.Argument(v.type(), false));
        }
        Overloads.Choice c = Overloads.choose(operator, types, Map.of()).orElseThrow(() -> new EmitException(
                "no overload of " + operator + " for " + describe(types), range));
        if (c.isBuiltinFunction()) {
            return numberFirst(operator, args.get(0), args.get(1), range);
        }
        return operatorCall(c.schema(), args, Map.of(), known(out) ? out : c.result(), range);
    }

    /** Binds values to a schema's arguments (defaults filled in, packing trailing values into a list). */
    Value operatorCall(FunctionSchema s, List<Value> positional, Map<String, Value> keywords, Type out, SourceRange range) {
        List<SchemaArgument> formals = s.arguments();
        Value[] bound = new Value[formals.size()];
        int positionalFormals = 0;
        while (positionalFormals < formals.size() && !formals.get(positionalFormals).kwargOnly()) {
            positionalFormals++;
        }
        for (int i = 0; i < positional.size(); i++) {
            if (i < positionalFormals) {
                SchemaArgument fa = formals.get(i);
                boolean packLast = i == positionalFormals - 1 && unwrap(fa.type()) instanceof SchemaType.ListType
                        && (positional.size() > positionalFormals
                                || !(positional.get(i).type() instanceof Type.ListType)
                                        && !(positional.get(i).type() instanceof Type.TupleType)
                                        && !(positional.get(i).type() instanceof Type.OptionalType)
                                        && !(positional.get(i).type() instanceof Type.NoneType));
                if (packLast) {
                    List<Value> rest = positional.subList(i, positional.size());
                    Type elem = elementType(fa.type(), rest.get(0).type());
                    bound[i] = node("prim::ListConstruct", rest, new Type.ListType(elem), null);
                    break;
                }
                bound[i] = positional.get(i);
            } else {
                throw new EmitException("too many arguments for " + s, range);
            }
        }
        for (Map.Entry<String, Value> k : keywords.entrySet()) {
            for (int i = 0; i < formals.size(); i++) {
                if (formals.get(i).name().equals(k.getKey())) {
                    bound[i] = k.getValue();
                }
            }
        }
        Node n = f.graph.create(s.name());
        n.setSchema(s);
        for (int i = 0; i < formals.size(); i++) {
            Value v = bound[i];
            if (v == null) {
                if (formals.get(i).defaultValueText().isEmpty()) {
                    throw new EmitException("argument " + formals.get(i).name() + " of " + s + " not provided", range);
                }
                Object d = ConstantValues.schemaDefault(formals.get(i));
                if (d == ConstantValues.UNKNOWN) {
                    throw new EmitException("cannot evaluate the default of " + formals.get(i) + " in " + s, range);
                }
                v = constant(d, d == null ? Types.NONE : schemaConstantType(formals.get(i).type(), d), null);
            } else {
                v = convert(v, formals.get(i).type(), formals.get(i).size(), range);
            }
            n.addInput(v);
        }
        if (out == null || !known(out)) {
            out = schemaResult(s, n.inputs());
        }
        int returns = s.returns().size();
        if (returns <= 1 || !(out instanceof Type.TupleType outTuple) || outTuple.elements().size() != returns) {
            if (returns == 0) {
                f.append(n, range);
                return constant(null, Types.NONE, null);
            }
            n.addOutput(out);
            return f.append(n, range).output();
        }
        Type.TupleType tt = (Type.TupleType) out;
        for (Type t : tt.elements()) {
            n.addOutput(t);
        }
        f.append(n, range);
        return node("prim::TupleConstruct", n.outputs(), out, null);
    }

    /** The result type a schema gives, with a type variable bound by the first argument declared with it. */
    private static Type schemaResult(FunctionSchema s, List<Value> args) {
        java.util.Map<String, Type> bound = new java.util.HashMap<>();
        for (int i = 0; i < s.arguments().size() && i < args.size(); i++) {
            bind(s.arguments().get(i).type(), args.get(i).type(), bound);
        }
        List<Type> parts = new ArrayList<>();
        for (SchemaArgument r : s.returns()) {
            parts.add(Overloads.schemaType(r.type(), bound));
        }
        return parts.size() == 1 ? parts.get(0) : parts.isEmpty() ? Types.NONE : new Type.TupleType(parts);
    }

    private static void bind(SchemaType formal, Type actual, java.util.Map<String, Type> bound) {
        if (formal instanceof SchemaType.TypeVariable v) {
            bound.putIfAbsent(v.name(), actual);
        } else if (formal instanceof SchemaType.ListType l && actual instanceof Type.ListType al) {
            bind(l.element(), al.elem(), bound);
        } else if (formal instanceof SchemaType.OptionalType o) {
            bind(o.element(), actual instanceof Type.OptionalType ao ? ao.elem() : actual, bound);
        } else if (formal instanceof SchemaType.DictType d && actual instanceof Type.DictType ad) {
            bind(d.key(), ad.key(), bound);
            bind(d.value(), ad.value(), bound);
        }
    }

    private static SchemaType unwrap(SchemaType t) {
        return t instanceof SchemaType.OptionalType o ? o.element() : t;
    }

    private static Type elementType(SchemaType formal, Type actual) {
        SchemaType e = ((SchemaType.ListType) unwrap(formal)).element();
        if (e == SchemaType.Primitive.INT || e == SchemaType.Primitive.SYM_INT) {
            return Types.INT;
        }
        if (e == SchemaType.Primitive.FLOAT) {
            return Types.FLOAT;
        }
        if (e == SchemaType.Primitive.BOOL) {
            return Types.BOOL;
        }
        if (e == SchemaType.Primitive.TENSOR) {
            return Types.TENSOR;
        }
        return actual;
    }

    private static Type schemaConstantType(SchemaType t, Object value) {
        return ConstantValues.typeOf(value);
    }

    /** The implicit conversions the reference inserts when an argument meets a formal. */
    private Value convert(Value v, SchemaType formal, java.util.OptionalInt size, SourceRange range) {
        SchemaType t = unwrap(formal);
        if (t instanceof SchemaType.ListType l && (v.type() instanceof Type.IntType || v.type() instanceof Type.FloatType
                || v.type() instanceof Type.BoolType) && !(l.element() instanceof SchemaType.TypeVariable)) {
            // one number for a list of them: int[2] stride=1 is [1, 1], int[1]? dim=0 is [0]
            List<Value> copies = new ArrayList<>();
            for (int k = 0; k < size.orElse(1); k++) {
                copies.add(v);
            }
            return node("prim::ListConstruct", copies, new Type.ListType(elementType(formal, v.type())), range);
        }
        if (v.type() instanceof Type.TensorType) {
            if (t == SchemaType.Primitive.INT || t == SchemaType.Primitive.SYM_INT) {
                return node("aten::IntImplicit", List.of(v), Types.INT, range);
            }
            if (t == SchemaType.Primitive.FLOAT) {
                return node("aten::FloatImplicit", List.of(v), Types.FLOAT, range);
            }
            if (t == SchemaType.Primitive.SCALAR) {
                return node("aten::ScalarImplicit", List.of(v), Types.NUMBER, range);
            }
            if (t == SchemaType.Primitive.COMPLEX) {
                return node("aten::ComplexImplicit", List.of(v), Types.COMPLEX, range);
            }
        }
        if (v.type() instanceof Type.StrType && t == SchemaType.Primitive.DEVICE) {
            return node("aten::device", List.of(v), Types.DEVICE, range);
        }
        if (v.type() instanceof Type.TupleType tt && t instanceof SchemaType.ListType l && v.node().isPresent()
                && v.node().get().is("prim::TupleConstruct")) {
            Type elem = elementType(formal, tt.elements().isEmpty() ? Types.INT : tt.elements().get(0));
            return node("prim::ListConstruct", v.node().get().inputs(), new Type.ListType(elem), range);
        }
        if (v.type() instanceof Type.TupleType tt && t instanceof SchemaType.ListType l) {
            Node unpack = f.graph.create("prim::TupleUnpack");
            unpack.addInput(v);
            for (Type e : tt.elements()) {
                unpack.addOutput(e);
            }
            f.append(unpack, range);
            Type elem = elementType(formal, tt.elements().isEmpty() ? Types.INT : tt.elements().get(0));
            return node("prim::ListConstruct", unpack.outputs(), new Type.ListType(elem), range);
        }
        return v;
    }

    /**
     * A number-first overload the reference writes as a TorchScript function ({@code add(a: float,
     * b: Tensor)}): the same computation with the tensor first, as that function's body does.
     */
    private Value numberFirst(String operator, Value number, Value tensor, SourceRange range) {
        String name = operator.substring(operator.indexOf("::") + 2);
        switch (name) {
            case "add":
                return call("aten::add", List.of(tensor, number), Types.TENSOR, range);
            case "mul":
                return call("aten::mul", List.of(tensor, number), Types.TENSOR, range);
            case "sub":
                return call("aten::add", List.of(call("aten::neg", List.of(tensor), Types.TENSOR, range), number),
                        Types.TENSOR, range);
            case "div":
                return call("aten::mul", List.of(call("aten::reciprocal", List.of(tensor), Types.TENSOR, range), number),
                        Types.TENSOR, range);
            case "eq":
            case "ne":
                return call(operator, List.of(tensor, number), Types.TENSOR, range);
            case "lt":
                return call("aten::gt", List.of(tensor, number), Types.TENSOR, range);
            case "le":
                return call("aten::ge", List.of(tensor, number), Types.TENSOR, range);
            case "gt":
                return call("aten::lt", List.of(tensor, number), Types.TENSOR, range);
            case "ge":
                return call("aten::le", List.of(tensor, number), Types.TENSOR, range);
            default:
                throw new EmitException("no tensor-first form of " + operator, range);
        }
    }

    /** The type the elements of a display share (unified), or {@code empty} when there are none. */
    private static Type elementsType(List<Value> elements, Type empty) {
        Type t = null;
        for (Value v : elements) {
            t = t == null ? v.type()
                    : io.github.torchscript4j.checker.types.Unification.unifyTypes(t, v.type()).orElse(t);
        }
        return t == null ? empty : t;
    }

    /**
     * Whether the checker's type is one the IR can carry: without {@code UnknownType} (an interface,
     * which the checker's {@code Types.containsUnknown} counts as unknown, is a proper IR type).
     */
    private static boolean known(Type t) {
        if (t == null || t instanceof Type.UnknownType) {
            return false;
        }
        for (Type c : Types.contained(t)) {
            if (!known(c)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Overloads.Argument> args) {
        StringBuilder b = new StringBuilder("(");
        for (Overloads.Argument a : args) {
            b.append(b.length() > 1 ? ", " : "").append(a.type().annotationStr());
        }
        return b.append(')').toString();
    }

    /** The overload of {@code operator} whose first argument accepts {@code first} (positionally). */
    io.github.torchscript4j.checker.builtins.FunctionSchema single(String operator, Type first) {
        return Overloads.choose(operator, List.of(new Overloads.Argument(first, false)), Map.of())
                .orElseThrow(() -> new EmitException("no overload of " + operator, null)).schema();
    }

    // ---- expressions ----

    void emitDiscarded(Expr e) {
        emit(e);
    }

    /** A value used as a condition ({@code if}, {@code while}, {@code and}/{@code or}, {@code not}): a bool. */
    Value condition(Expr e) {
        Value v = emit(e);
        return toBool(v, e.range());
    }

    private Value toBool(Value v, SourceRange range) {
        Type t = v.type();
        if (t instanceof Type.BoolType) {
            return v;
        }
        if (t instanceof Type.TensorType || t instanceof Type.IntType || t instanceof Type.FloatType) {
            return call("aten::Bool", List.of(v), Types.BOOL, range);
        }
        if (t instanceof Type.ListType || t instanceof Type.StrType || t instanceof Type.DictType) {
            Value len = call("aten::len", List.of(v), Types.INT, range);
            return call("aten::gt", List.of(len, constant(0L, Types.INT, null)), Types.BOOL, range);
        }
        if (t instanceof Type.OptionalType || t instanceof Type.NoneType) {
            return call("aten::__isnot__", List.of(v, constant(null, Types.NONE, null)), Types.BOOL, range);
        }
        throw new EmitException("cannot use a value of type " + t.annotationStr() + " as a condition", range);
    }

    /** Whether the condition is decided at compile time as the reference decides it. */
    Optional<Boolean> staticCondition(Expr e) {
        Optional<io.github.torchscript4j.checker.semantics.Value> v = check.valueOf(e);
        if (e instanceof Expr.Call c && (isBuiltin(c.func(), "isinstance") || isBuiltin(c.func(), "torch.jit.isinstance"))
                || e instanceof Expr.Call c2
                && isBuiltin(c2.func(), "torch.jit.is_scripting")) {
            Object k = staticValue(e);
            if (k instanceof Boolean b) {
                return Optional.of(b);
            }
        }
        if (e instanceof Expr.Compare c && c.ops().size() == 1
                && (c.ops().get(0) == CmpOperator.IS || c.ops().get(0) == CmpOperator.IS_NOT)) {
            Type l = check.typeOf(c.left()).orElse(Types.UNKNOWN);
            Type r = check.typeOf(c.comparators().get(0)).orElse(Types.UNKNOWN);
            boolean noneL = l instanceof Type.NoneType;
            boolean noneR = r instanceof Type.NoneType;
            boolean canBeNone = l instanceof Type.OptionalType || l instanceof Type.NoneType || l instanceof Type.AnyType
                    || l instanceof Type.UnionType u && u.members().stream().anyMatch(m -> m instanceof Type.NoneType);
            if (noneR && !canBeNone && !(l instanceof Type.UnknownType) || noneR && noneL) {
                boolean is = noneL; // None is None; a non-optional value is never None
                return Optional.of(c.ops().get(0) == CmpOperator.IS ? is : !is);
            }
        }
        if (e instanceof Expr.UnaryOp u && u.op() == UnaryOperator.NOT) {
            return staticCondition(u.operand()).map(b -> !b);
        }
        if (e instanceof Expr.BoolOp b) {
            // as the checker decides it: "a and b" is false when either is statically false and
            // true when both are true; "a or b" is static only when both are
            List<Optional<Boolean>> parts = b.values().stream().map(this::staticCondition).toList();
            if (b.op() == BoolOperator.AND && parts.contains(Optional.of(false))) {
                return Optional.of(false);
            }
            if (parts.stream().allMatch(Optional::isPresent)) {
                boolean and = b.op() == BoolOperator.AND;
                return Optional.of(and ? parts.stream().allMatch(Optional::get) : parts.stream().anyMatch(Optional::get));
            }
            return Optional.empty();
        }
        if (e instanceof Expr.Attribute && check.isConstant(e) && check.constantOf(e) instanceof Boolean b) {
            return Optional.of(b); // a bool constant of a concrete module type
        }
        if (e instanceof Expr.Call c && c.args().size() == 2 && isBuiltin(c.func(), "hasattr")
                && c.args().get(1) instanceof Expr.Constant k && k.value() instanceof Literal.Str name
                && io.github.torchscript4j.checker.semantics.ConcreteModules.hasAttribute(
                        check.typeOf(c.args().get(0)).orElse(Types.UNKNOWN), name.value())) {
            return Optional.of(true);
        }
        if (e instanceof Expr.Call c && c.args().size() == 2 && isBuiltin(c.func(), "hasattr")
                && c.args().get(1) instanceof Expr.Constant k && k.value() instanceof Literal.Str
                && io.github.torchscript4j.checker.semantics.ConcreteModules.isConcrete(
                        check.typeOf(c.args().get(0)).orElse(Types.UNKNOWN))) {
            return Optional.of(false);
        }
        if (e instanceof Expr.Constant c && c.value() instanceof Literal.Bool b) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private boolean isBuiltin(Expr func, String name) {
        Optional<io.github.torchscript4j.checker.semantics.Value> v = check.valueOf(func);
        if (v.isEmpty()) {
            // conditions the checker decides by their form (isinstance) leave the callee unevaluated
            return func instanceof Expr.Name n && n.id().equals(name) && !f.env.values.containsKey(name);
        }
        return v.get() instanceof io.github.torchscript4j.checker.semantics.Value.Builtin b && b.qualifiedName().equals(name);
    }

    /** The value of {@code isinstance(x, T)} and other conditions fixed at compile time, or UNKNOWN. */
    private Object staticValue(Expr e) {
        if (e instanceof Expr.Call c && isBuiltin(c.func(), "torch.jit.is_scripting")) {
            return true;
        }
        if (e instanceof Expr.Call c && (isBuiltin(c.func(), "isinstance") || isBuiltin(c.func(), "torch.jit.isinstance"))
                && c.args().size() == 2) {
            Type t = check.typeOf(c.args().get(0)).orElse(Types.UNKNOWN);
            Boolean byKind = containerKind(t, c.args().get(1));
            if (byKind != null) {
                return byKind;
            }
            List<Type> targets = isinstanceTargets(c.args().get(1));
            if (targets == null || t instanceof Type.UnknownType) {
                return ConstantValues.UNKNOWN;
            }
            boolean any = false;
            for (Type target : targets) {
                if (target == null) {
                    return ConstantValues.UNKNOWN;
                }
                if (t.isSubtypeOf(target)) {
                    return true;
                }
                any |= target.isSubtypeOf(t) || t instanceof Type.OptionalType || t instanceof Type.UnionType
                        || t instanceof Type.AnyType;
            }
            return any ? ConstantValues.UNKNOWN : (Object) false;
        }
        return ConstantValues.UNKNOWN;
    }

    /**
     * {@code isinstance(x, list)} and {@code isinstance(x, (list, tuple))}: decided by the kind of
     * x's static type (a list of any element type is a list); null when the target is not made of
     * the names {@code list} and {@code tuple} only.
     */
    private Boolean containerKind(Type t, Expr target) {
        List<Expr> names = target instanceof Expr.Tuple tuple ? tuple.elts() : List.of(target);
        boolean any = false;
        for (Expr n : names) {
            if (!(n instanceof Expr.Name name) || f.env.values.containsKey(name.id())
                    || !(name.id().equals("list") || name.id().equals("tuple"))) {
                return null;
            }
            any |= name.id().equals("list") ? t instanceof Type.ListType : t instanceof Type.TupleType;
        }
        return any;
    }

    List<Type> isinstanceTargets(Expr e) {
        Optional<Type> annotated = check.annotationType(e);
        if (annotated.isPresent()) {
            return List.of(annotated.get());
        }
        if (e instanceof Expr.Tuple t) {
            List<Type> all = new ArrayList<>();
            for (Expr x : t.elts()) {
                List<Type> one = isinstanceTargets(x);
                if (one == null) {
                    return null;
                }
                all.addAll(one);
            }
            return all;
        }
        String name = e instanceof Expr.Name n ? n.id() : e instanceof Expr.Attribute a ? a.attr() : "";
        switch (name) {
            case "int":
                return List.of(Types.INT);
            case "float":
                return List.of(Types.FLOAT);
            case "bool":
                return List.of(Types.BOOL);
            case "str":
                return List.of(Types.STR);
            case "Tensor":
                return List.of(Types.TENSOR);
            default:
                return null;
        }
    }

    Value emit(Expr e) {
        if (e instanceof Expr.Constant c) {
            Object v = ConstantValues.literal(c.value());
            if (v == ConstantValues.UNKNOWN) {
                throw new EmitException("the emitter does not lower this literal yet", e.range());
            }
            return constant(v, ConstantValues.typeOf(v), e.range());
        }
        if (e instanceof Expr.Name n) {
            return name(n);
        }
        if (e instanceof Expr.BinOp b) {
            return binary(b);
        }
        if (e instanceof Expr.UnaryOp u) {
            return unary(u);
        }
        if (e instanceof Expr.Compare c) {
            return compare(c);
        }
        if (e instanceof Expr.BoolOp b) {
            return boolOp(b, 0);
        }
        if (e instanceof Expr.IfExp i) {
            return ifExp(i);
        }
        if (e instanceof Expr.Call c) {
            return new Calls(f, this).call(c);
        }
        if (e instanceof Expr.Attribute a) {
            return attribute(a);
        }
        if (e instanceof Expr.Subscript s) {
            return subscript(s);
        }
        if (e instanceof Expr.Tuple t) {
            List<Value> parts = new ArrayList<>();
            for (Expr x : t.elts()) {
                parts.add(emit(x));
            }
            Type tupleType = check.typeOf(e).filter(ExpressionEmitter::known).orElseGet(() -> {
                List<Type> elements = new ArrayList<>();
                parts.forEach(v -> elements.add(v.type()));
                return new Type.TupleType(elements);
            });
            return node("prim::TupleConstruct", parts, tupleType, e.range());
        }
        if (e instanceof Expr.List l) {
            List<Value> parts = new ArrayList<>();
            for (Expr x : l.elts()) {
                parts.add(emit(x));
            }
            Type t = check.typeOf(e).filter(ExpressionEmitter::known)
                    .orElseGet(() -> new Type.ListType(elementsType(parts, Types.TENSOR)));
            return node("prim::ListConstruct", parts, t, e.range());
        }
        if (e instanceof Expr.Dict d) {
            List<Value> parts = new ArrayList<>();
            for (int i = 0; i < d.values().size(); i++) {
                if (d.keys().get(i).isEmpty()) {
                    throw new EmitException("the emitter does not lower ** in dict displays", e.range());
                }
                parts.add(emit(d.keys().get(i).get()));
                parts.add(emit(d.values().get(i)));
            }
            Type t = check.typeOf(e).filter(ExpressionEmitter::known).orElseGet(() -> {
                List<Value> keys = new ArrayList<>();
                List<Value> values = new ArrayList<>();
                for (int i = 0; i < parts.size(); i += 2) {
                    keys.add(parts.get(i));
                    values.add(parts.get(i + 1));
                }
                return new Type.DictType(elementsType(keys, Types.STR), elementsType(values, Types.TENSOR));
            });
            return node("prim::DictConstruct", parts, t, e.range());
        }
        if (e instanceof Expr.ListComp lc) {
            return listComprehension(lc);
        }
        if (e instanceof Expr.DictComp dc) {
            if (dc.generators().size() != 1) {
                throw new EmitException("the emitter does not lower nested comprehensions yet", dc.range());
            }
            Value out = node("prim::DictConstruct", List.of(), typeOf(dc), dc.range());
            FunctionEmitter.Env saved = f.env;
            f.env = saved.copy();
            ComprehensionLoop.emit(f, this, dc.generators().get(0), dc.key(), dc.value(), out);
            f.env = saved;
            return out;
        }
        if (e instanceof Expr.JoinedStr j) {
            return fString(j);
        }
        throw new EmitException("the emitter does not lower this expression yet", e.range());
    }

    private Value name(Expr.Name n) {
        Value v = f.env.values.get(n.id());
        if (v != null) {
            return v;
        }
        Object k = knownConstant(n);
        if (k != ConstantValues.UNKNOWN) {
            return constant(k, check.typeOf(n).orElse(ConstantValues.typeOf(k)), n.range());
        }
        throw new EmitException("the emitter cannot lower the global '" + n.id() + "' yet", n.range());
    }

    /** The value of module attributes TorchScript treats as constants ({@code torch.float32}, {@code math.pi}). */
    static Object knownConstant(Expr e) {
        String dotted = dotted(e);
        if (dotted == null) {
            return ConstantValues.UNKNOWN;
        }
        String last = dotted.substring(dotted.lastIndexOf('.') + 1);
        if (dotted.startsWith("cmath.")) {
            switch (last) {
                case "infj":
                    return new io.github.torchscript4j.checker.eval.ComplexValue(0.0, Double.POSITIVE_INFINITY);
                case "nanj":
                    return new io.github.torchscript4j.checker.eval.ComplexValue(0.0, Double.NaN);
                case "pi", "e", "inf", "nan", "tau":
                    dotted = "math." + last; // the same floats as math's
                    break;
                default:
                    return ConstantValues.UNKNOWN;
            }
        }
        if (dotted.startsWith("torch.") || dotted.startsWith("math.")) {
            Long dtype = DTYPES.get(last);
            if (dotted.startsWith("torch.") && dtype != null) {
                return dtype;
            }
            switch (dotted) {
                case "math.pi":
                    return Math.PI;
                case "math.e":
                    return Math.E;
                case "math.inf":
                    return Double.POSITIVE_INFINITY;
                case "math.nan":
                    return Double.NaN;
                case "math.tau":
                    return 2 * Math.PI;
                case "torch.strided":
                    return 0L;
                case "torch.backends.cudnn.enabled":
                case "torch.backends.mkldnn.enabled":
                    // Python flags the reference reads at compile time; their default is True
                    return true;
                case "torch.contiguous_format":
                    return 0L;
                case "torch.preserve_format":
                    return 1L;
                case "torch.channels_last":
                    return 2L;
                default:
                    break;
            }
        }
        return ConstantValues.UNKNOWN;
    }

    private static String dotted(Expr e) {
        if (e instanceof Expr.Name n) {
            return n.id();
        }
        if (e instanceof Expr.Attribute a) {
            String base = dotted(a.value());
            return base == null ? null : base + "." + a.attr();
        }
        return null;
    }

    /** torch's dtypes and their ScalarType numbers. */
    static final Map<String, Long> DTYPES = Map.ofEntries(
            Map.entry("uint8", 0L), Map.entry("int8", 1L), Map.entry("int16", 2L), Map.entry("short", 2L),
            Map.entry("int32", 3L), Map.entry("int", 3L), Map.entry("int64", 4L), Map.entry("long", 4L),
            Map.entry("float16", 5L), Map.entry("half", 5L), Map.entry("float32", 6L), Map.entry("float", 6L),
            Map.entry("float64", 7L), Map.entry("double", 7L), Map.entry("complex32", 8L), Map.entry("chalf", 8L),
            Map.entry("complex64", 9L), Map.entry("cfloat", 9L), Map.entry("complex128", 10L), Map.entry("cdouble", 10L),
            Map.entry("bool", 11L), Map.entry("qint8", 12L), Map.entry("quint8", 13L), Map.entry("qint32", 14L),
            Map.entry("bfloat16", 15L));

    private static String binaryOperator(Operator op) {
        return switch (op) {
            case ADD -> "aten::add";
            case SUB -> "aten::sub";
            case MULT -> "aten::mul";
            case DIV -> "aten::div";
            case FLOOR_DIV -> "aten::floordiv";
            case MOD -> "aten::remainder";
            case POW -> "aten::pow";
            case MAT_MULT -> "aten::matmul";
            case LSHIFT -> "aten::__lshift__";
            case RSHIFT -> "aten::__rshift__";
            case BIT_AND -> "aten::__and__";
            case BIT_OR -> "aten::__or__";
            case BIT_XOR -> "aten::__xor__";
        };
    }

    private Value binary(Expr.BinOp b) {
        Value l = emit(b.left());
        Value r = emit(b.right());
        return binaryValues(b.op(), l, r, resultTypeOf(b), b.range());
    }

    Value binaryValues(Operator op, Value l, Value r, Type out, SourceRange range) {
        if (l.type() instanceof Type.ClassType c) {
            return classOperator(c, DUNDERS.get(op), List.of(l, r), range);
        }
        if (op == Operator.FLOOR_DIV && l.type() instanceof Type.TensorType) {
            // Tensor.__floordiv__ is aten::floor_divide in the reference (3 // t stays a number)
            return call("aten::floor_divide", List.of(l, r), Types.TENSOR, range);
        }
        if (op == Operator.MOD && l.type() instanceof Type.StrType) {
            Node n = f.graph.create("aten::percentFormat");
            n.setSchema(OperatorTable.builtin().overloads("aten::percentFormat").get(0));
            n.addInput(l);
            n.addInput(r);
            n.addOutput(Types.STR);
            return f.append(n, range).output();
        }
        boolean numberLeft = l.type() instanceof Type.IntType || l.type() instanceof Type.FloatType
                || l.type() instanceof Type.BoolType || l.type() instanceof Type.NumberType;
        if (numberLeft && r.type() instanceof Type.TensorType) {
            // The reference's reflected Tensor operators (__radd__, __rsub__, ...).
            switch (op) {
                case ADD:
                    return call("aten::add", List.of(r, l), Types.TENSOR, range);
                case MULT:
                    return call("aten::mul", List.of(r, l), Types.TENSOR, range);
                case SUB: {
                    Value neg = call("aten::neg", List.of(r), Types.TENSOR, range);
                    return call("aten::add", List.of(neg, l), Types.TENSOR, range);
                }
                case DIV: {
                    Value reciprocal = call("aten::reciprocal", List.of(r), Types.TENSOR, range);
                    return call("aten::mul", List.of(reciprocal, l), Types.TENSOR, range);
                }
                default:
                    break;
            }
        }
        return call(binaryOperator(op), List.of(l, r), out, range);
    }

    private static final Map<Operator, String> DUNDERS = Map.ofEntries(Map.entry(Operator.ADD, "__add__"),
            Map.entry(Operator.SUB, "__sub__"), Map.entry(Operator.MULT, "__mul__"), Map.entry(Operator.DIV, "__truediv__"),
            Map.entry(Operator.FLOOR_DIV, "__floordiv__"), Map.entry(Operator.MOD, "__mod__"),
            Map.entry(Operator.POW, "__pow__"), Map.entry(Operator.MAT_MULT, "__matmul__"),
            Map.entry(Operator.LSHIFT, "__lshift__"), Map.entry(Operator.RSHIFT, "__rshift__"),
            Map.entry(Operator.BIT_AND, "__and__"), Map.entry(Operator.BIT_OR, "__or__"),
            Map.entry(Operator.BIT_XOR, "__xor__"));

    /** An operator on a user class: a call of its magic method ({@code __add__}). */
    Value classOperator(Type.ClassType c, String method, List<Value> args, SourceRange range) {
        for (CheckResult.CheckedFunction cf : check.functions().values()) {
            if (cf.def().name().equals(method) && cf.self().isPresent() && cf.self().get().equals(c)) {
                Node n = f.graph.create("prim::CallMethod");
                n.setAttribute("name", method);
                args.forEach(n::addInput);
                n.addOutput(cf.returnType());
                return f.append(n, range).output();
            }
        }
        throw new EmitException("no method " + method + " compiled for " + c.annotationStr(), range);
    }

    void augmented(Stmt.AugAssign a) {
        Type out;
        if (a.target() instanceof Expr.Name n) {
            Value old = name(n);
            Value r = emit(a.value());
            Value v;
            if (old.type() instanceof Type.TensorType && (a.op() == Operator.ADD || a.op() == Operator.SUB
                    || a.op() == Operator.MULT || a.op() == Operator.DIV)) {
                String inplace = binaryOperator(a.op()) + "_";
                v = call(inplace, List.of(old, r), Types.TENSOR, a.range());
            } else if (old.type() instanceof Type.ListType && a.op() == Operator.ADD) {
                call("aten::extend", List.of(old, r), Types.NONE, a.range());
                v = old;
            } else {
                Type t = io.github.torchscript4j.checker.types.Unification.unifyTypes(old.type(), r.type()).orElse(old.type());
                if (old.type() instanceof Type.IntType && r.type() instanceof Type.FloatType
                        || a.op() == Operator.DIV && !(old.type() instanceof Type.TensorType)) {
                    t = Types.FLOAT;
                }
                v = binaryValues(a.op(), old, r, t, a.range());
            }
            f.assign(n, v, null, a.range());
            return;
        }
        if (a.target() instanceof Expr.Attribute at) {
            Value old = attribute(at);
            Value r = emit(a.value());
            Value v = old.type() instanceof Type.TensorType
                    ? call(binaryOperator(a.op()) + "_", List.of(old, r), Types.TENSOR, a.range())
                    : binaryValues(a.op(), old, r, old.type(), a.range());
            setAttr(at, v);
            return;
        }
        if (a.target() instanceof Expr.Subscript s) {
            Value container = emit(s.value());
            if (container.type() instanceof Type.TensorType) {
                // in place on the view (or on the indexed values, put back)
                TensorIndexing.augment(this, container, s, view -> call(binaryOperator(a.op()) + "_",
                        List.of(view, emit(a.value())), Types.TENSOR, a.range()));
                return;
            }
            Value index = emit(s.slice());
            Value old = subscriptValues(container, index, s, null);
            Value r = emit(a.value());
            // a tensor in a list is updated in place (not one in a dict), as the reference does
            Value v = container.type() instanceof Type.ListType && old.type() instanceof Type.TensorType
                    ? call(binaryOperator(a.op()) + "_", List.of(old, r), Types.TENSOR, a.range())
                    : binaryValues(a.op(), old, r, null, a.range());
            setItemValues(container, index, v, s);
            return;
        }
        throw new EmitException("the emitter does not lower this augmented assignment yet", a.range());
    }

    private Value unary(Expr.UnaryOp u) {
        switch (u.op()) {
            case NOT:
                return call("aten::__not__", List.of(condition(u.operand())), Types.BOOL, u.range());
            case USUB: {
                if (u.operand() instanceof Expr.Constant c) {
                    Object v = ConstantValues.literal(c.value());
                    if (v instanceof Long l) {
                        return constant(-l, Types.INT, u.range());
                    }
                    if (v instanceof Double d) {
                        return constant(-d, Types.FLOAT, u.range());
                    }
                    if (v instanceof io.github.torchscript4j.checker.eval.ComplexValue z) {
                        // -2j is the literal 0-2j, as the reference reads it
                        return constant(new io.github.torchscript4j.checker.eval.ComplexValue(z.real(), -z.imag()),
                                Types.COMPLEX, u.range());
                    }
                }
                Value v = emit(u.operand());
                return call("aten::neg", List.of(v), resultTypeOf(u), u.range());
            }
            case UADD:
                return emit(u.operand());
            case INVERT: {
                Value v = emit(u.operand());
                if (v.type() instanceof Type.TensorType) {
                    return call("aten::bitwise_not", List.of(v), Types.TENSOR, u.range());
                }
                return call("aten::__invert__", List.of(v), resultTypeOf(u), u.range());
            }
            default:
                throw new EmitException("unknown unary operator", u.range());
        }
    }

    private Value compare(Expr.Compare c) {
        // a < b < c is (a < b) and (b < c), b evaluated once
        Value left = emit(c.left());
        Value result = null;
        for (int i = 0; i < c.ops().size(); i++) {
            Expr rightExpr = c.comparators().get(i);
            Value right;
            Value one;
            if (result == null) {
                right = emit(rightExpr);
                one = compareValues(c.ops().get(i), left, right, rightExpr, c);
                result = one;
            } else {
                Value l = left;
                CmpOperator op = c.ops().get(i);
                Value[] next = new Value[1];
                result = shortCircuit(result, true, () -> {
                    next[0] = emit(rightExpr);
                    return compareValues(op, l, next[0], rightExpr, c);
                }, c.range());
                right = next[0];
            }
            left = right;
        }
        return result;
    }

    private Value compareValues(CmpOperator op, Value l, Value r, Expr rightExpr, Expr.Compare c) {
        Type out = c.ops().size() == 1 ? resultTypeOf(c) : null;
        switch (op) {
            case IS:
            case IS_NOT:
                if (neverNone(l) && isNone(r) || neverNone(r) && isNone(l)) {
                    // a value whose type excludes None is never None: decided at compile time
                    return constant(op == CmpOperator.IS_NOT, Types.BOOL, c.range());
                }
                if (op == CmpOperator.IS_NOT) {
                    if (l.type() instanceof Type.BoolType && r.type() instanceof Type.BoolType) {
                        return call("aten::ne", List.of(l, r), Types.BOOL, c.range());
                    }
                    return call("aten::__isnot__", List.of(l, r), Types.BOOL, c.range());
                }
                if (l.type() instanceof Type.BoolType && r.type() instanceof Type.BoolType) {
                    return call("aten::eq", List.of(l, r), Types.BOOL, c.range()); // the reference's peephole
                }
                return call("aten::__is__", List.of(l, r), Types.BOOL, c.range());

            case IN:
                if (r.type() instanceof Type.ClassType cls) {
                    return classOperator(cls, "__contains__", List.of(r, l), c.range());
                }
                if (l.type() instanceof Type.StrType && r.type() instanceof Type.StrType) {
                    return substring(l, r, c);
                }
                return call("aten::__contains__", List.of(r, l), Types.BOOL, c.range());
            case NOT_IN: {
                Value in = l.type() instanceof Type.StrType && r.type() instanceof Type.StrType ? substring(l, r, c)
                        : call("aten::__contains__", List.of(r, l), Types.BOOL, c.range());
                return call("aten::__not__", List.of(in), Types.BOOL, c.range());
            }
            default:
                break;
        }
        if (l.type() instanceof Type.ClassType cls) {
            String dunder = switch (op) {
                case EQ -> "__eq__";
                case NOT_EQ -> "__ne__";
                case LT -> "__lt__";
                case LT_E -> "__le__";
                case GT -> "__gt__";
                case GT_E -> "__ge__";
                default -> throw new EmitException("unknown comparison", c.range());
            };
            return classOperator(cls, dunder, List.of(l, r), c.range());
        }
        if ((op == CmpOperator.IN || op == CmpOperator.NOT_IN) && r.type() instanceof Type.ClassType cls) {
            Value in = classOperator(cls, "__contains__", List.of(r, l), c.range());
            return op == CmpOperator.IN ? in : call("aten::__not__", List.of(in), Types.BOOL, c.range());
        }
        boolean numberLeft = l.type() instanceof Type.IntType || l.type() instanceof Type.FloatType
                || l.type() instanceof Type.BoolType;
        if (numberLeft && r.type() instanceof Type.TensorType) {
            // the reference compares the tensor with the number, the operator mirrored
            String mirrored = switch (op) {
                case EQ -> "aten::eq";
                case NOT_EQ -> "aten::ne";
                case LT -> "aten::gt";
                case LT_E -> "aten::ge";
                case GT -> "aten::lt";
                case GT_E -> "aten::le";
                default -> throw new EmitException("unknown comparison", c.range());
            };
            return call(mirrored, List.of(r, l), Types.TENSOR, c.range());
        }
        String name = switch (op) {
            case EQ -> "aten::eq";
            case NOT_EQ -> "aten::ne";
            case LT -> "aten::lt";
            case LT_E -> "aten::le";
            case GT -> "aten::gt";
            case GT_E -> "aten::ge";
            default -> throw new EmitException("unknown comparison", c.range());
        };
        return call(name, List.of(l, r), out, c.range());
    }

    private static boolean isNone(Value v) {
        return v.type() instanceof Type.NoneType;
    }

    private static boolean neverNone(Value v) {
        Type t = v.type();
        return !(t instanceof Type.NoneType || t instanceof Type.OptionalType || t instanceof Type.AnyType
                || t instanceof Type.UnionType u && u.members().stream().anyMatch(m -> m instanceof Type.NoneType)
                || t instanceof Type.UnknownType);
    }

    /**
     * {@code left and right} ({@code isAnd}) or {@code left or right}: a {@code prim::If} on the
     * left value whose other branch is the constant the operator short-circuits to.
     */
    private Value shortCircuit(Value left, boolean isAnd, java.util.function.Supplier<Value> right, SourceRange range) {
        Node n = f.graph.create("prim::If");
        n.addInput(left);
        f.append(n, range);
        Block outer = f.block;
        Block a = n.addBlock();
        Block b = n.addBlock();
        f.block = isAnd ? a : b;
        Value r = right.get();
        f.block.addReturn(r);
        f.block = isAnd ? b : a;
        f.block.addReturn(constant(!isAnd, Types.BOOL, null));
        f.block = outer;
        return n.addOutput(Types.BOOL);
    }

    private Value boolOp(Expr.BoolOp b, int from) {
        boolean isAnd = b.op() == BoolOperator.AND;
        Value left = condition(b.values().get(from));
        if (from == b.values().size() - 1) {
            return left;
        }
        Refinements r = Refinements.of(b.values().get(from), f);
        Map<String, Type> refined = isAnd ? r.whenTrue() : r.whenFalse();
        Map<String, Type> opposite = isAnd ? r.whenFalse() : r.whenTrue();
        // As the reference does, the variables the left operand refines leave the short-circuit node
        // as extra outputs: refined for the right operand on one side, and by the left operand's
        // opposite outcome (or as they were) on the other.
        Node n = f.graph.create("prim::If");
        n.addInput(left);
        f.append(n, b.range());
        Block outer = f.block;
        FunctionEmitter.Env saved = f.env;
        Block evaluates = n.addBlock();
        Block shortCircuits = n.addBlock();
        if (!isAnd) {
            Block swap = evaluates;
            evaluates = shortCircuits;
            shortCircuits = swap;
        }
        f.block = evaluates;
        f.env = saved.copy();
        List<String> casts = castAll(refined, f.env);
        Value rightValue = boolOp(b, from + 1);
        FunctionEmitter.Env inner = f.env;
        evaluates.addReturn(rightValue);
        f.block = shortCircuits;
        f.env = saved.copy();
        List<String> oppositeCasts = castAll(opposite, f.env);
        FunctionEmitter.Env other = f.env;
        shortCircuits.addReturn(constant(!isAnd, Types.BOOL, null));
        f.block = outer;
        f.env = saved.copy();
        Value result = n.addOutput(Types.BOOL);
        for (String name : oppositeCasts) {
            if (!casts.contains(name)) {
                casts.add(name);
            }
        }
        for (String name : casts) {
            Value refinedValue = inner.values.get(name);
            Value otherValue = other.values.get(name);
            evaluates.addReturn(refinedValue);
            shortCircuits.addReturn(otherValue);
            Type t = io.github.torchscript4j.checker.types.Unification.unifyTypes(refinedValue.type(), otherValue.type())
                    .orElse(saved.values.get(name).type());
            Value out = n.addOutput(t);
            out.setDebugName(name);
            f.env.values.put(name, out);
        }
        return result;
    }

    /** {@code a in b} on strings, as the reference lowers it: {@code b.find(a, 0, len(b)) != -1}. */
    private Value substring(Value a, Value b, Expr.Compare c) {
        Value length = call("aten::len", List.of(b), Types.INT, c.range());
        Value found = call("aten::find", List.of(b, a, constant(0L, Types.INT, null), length), Types.INT, c.range());
        return call("aten::ne", List.of(found, constant(-1L, Types.INT, null)), Types.BOOL, c.range());
    }

    /** Casts each refined variable of {@code env} in the current block; the names cast, in order. */
    private List<String> castAll(Map<String, Type> refined, FunctionEmitter.Env env) {
        List<String> casts = new ArrayList<>();
        for (Map.Entry<String, Type> e : refined.entrySet()) {
            Value v = env.values.get(e.getKey());
            if (v != null && (!v.type().equals(e.getValue()) || e.getValue() instanceof Type.AnyType)) {
                Value c = node("prim::unchecked_cast", List.of(v), e.getValue(), null);
                c.setDebugName(e.getKey());
                env.values.put(e.getKey(), c);
                casts.add(e.getKey());
            }
        }
        return casts;
    }

    private Value ifExp(Expr.IfExp i) {
        Optional<Boolean> known = staticCondition(i.test());
        if (known.isPresent()) {
            return emit(known.get() ? i.body() : i.orelse());
        }
        Value cond = condition(i.test());
        Refinements r = Refinements.of(i.test(), f);
        Type out = typeOf(i);
        Node n = f.graph.create("prim::If");
        n.addInput(cond);
        f.append(n, i.range());
        Block outer = f.block;
        FunctionEmitter.Env saved = f.env;
        for (int k = 0; k < 2; k++) {
            f.block = n.addBlock();
            f.env = saved.copy();
            for (Map.Entry<String, Type> e : (k == 0 ? r.whenTrue() : r.whenFalse()).entrySet()) {
                Value v = f.env.values.get(e.getKey());
                if (v != null) {
                    Value c = node("prim::unchecked_cast", List.of(v), e.getValue(), null);
                    c.setDebugName(e.getKey());
                    f.env.values.put(e.getKey(), c);
                }
            }
            f.block.addReturn(emit(k == 0 ? i.body() : i.orelse()));
        }
        f.block = outer;
        f.env = saved;
        return n.addOutput(out);
    }

    /** The member {@code a} names of the enum class {@code def}: its value is the literal assigned to it. */
    private static io.github.torchscript4j.checker.eval.EnumMember enumMember(Type.EnumType e,
            io.github.torchscript4j.checker.syntax.ast.Stmt.ClassDef def, Expr.Attribute a) {
        for (io.github.torchscript4j.checker.syntax.ast.Stmt s : def.body()) {
            if (s instanceof io.github.torchscript4j.checker.syntax.ast.Stmt.Assign as && as.targets().size() == 1
                    && as.targets().get(0) instanceof Expr.Name n && n.id().equals(a.attr())
                    && as.value() instanceof Expr.Constant c) {
                Object v = ConstantValues.literal(c.value());
                if (v != ConstantValues.UNKNOWN && v != null) {
                    return new io.github.torchscript4j.checker.eval.EnumMember(e.qualifiedName(), a.attr(), v);
                }
            }
        }
        throw new EmitException("the emitter does not lower this enum member yet", a.range());
    }

    /** {@code isinstance(x, T)} decided at run time: {@code prim::isinstance[types=[T]](x)}. */
    Value dynamicIsinstance(Expr.Call c) {
        List<Type> targets = isinstanceTargets(c.args().get(1));
        if (targets == null || targets.stream().anyMatch(java.util.Objects::isNull)) {
            throw new EmitException("the emitter does not lower isinstance with this type yet", c.args().get(1).range());
        }
        Value x = emit(c.args().get(0));
        Node n = f.graph.create("prim::isinstance");
        // the reference keeps the types in the order of the union they form ((int, float) is [float, int])
        Type union = targets.size() > 1 ? Types.union(targets) : targets.get(0);
        n.setAttribute("types", union instanceof Type.UnionType u ? List.copyOf(u.members()) : List.copyOf(targets));
        n.addInput(x);
        n.addOutput(Types.BOOL);
        return f.append(n, null).output();
    }

    // ---- attributes ----

    /** {@code prim::GetAttr[name]} of an object or module. */
    Value getAttr(Value receiver, String name, Type type, SourceRange range) {
        Node n = f.graph.create("prim::GetAttr");
        n.setAttribute("name", name);
        n.addInput(receiver);
        n.addOutput(type).setDebugName(name.matches("[0-9]+") ? "_" + name : name);
        return f.append(n, range).output();
    }

    Value attribute(Expr.Attribute a) {
        if (check.isConstant(a)) {
            // a constant of a concrete module type (__constants__, Final): its value, as the reference inlines it
            return constant(check.constantOf(a), typeOf(a), a.range());
        }
        Object k = knownConstant(a);
        if (k != ConstantValues.UNKNOWN) {
            return constant(k, check.typeOf(a).orElse(ConstantValues.typeOf(k)), a.range());
        }
        Type receiverType = check.typeOf(a.value()).orElse(null);
        if (check.typeOf(a).orElse(null) instanceof Type.EnumType e
                && check.valueOf(a.value()).orElse(null) instanceof io.github.torchscript4j.checker.semantics.Value.UserClass u) {
            return constant(enumMember(e, u.def(), a), e, a.range()); // Color.RED
        }
        if (receiverType instanceof Type.EnumType e && (a.attr().equals("name") || a.attr().equals("value"))) {
            Value receiver = emit(a.value());
            return a.attr().equals("name") ? call("prim::EnumName", List.of(receiver), Types.STR, a.range())
                    : call("prim::EnumValue", List.of(receiver), e.valueType(), a.range());
        }
        if (receiverType instanceof Type.ClassType || receiverType instanceof Type.ModuleType) {
            Value receiver = emit(a.value());
            Node n = f.graph.create("prim::GetAttr");
            n.setAttribute("name", a.attr());
            n.addInput(receiver);
            n.addOutput(typeOf(a)).setDebugName(a.attr());
            return f.append(n, a.range()).output();
        }
        if (receiverType instanceof Type.TensorType) {
            Value receiver = emit(a.value());
            return switch (a.attr()) {
                case "shape" -> call("aten::size", List.of(receiver), new Type.ListType(Types.INT), a.range());
                case "dtype" -> node("prim::dtype", List.of(receiver), Types.INT, a.range());
                case "device" -> node("prim::device", List.of(receiver), Types.DEVICE, a.range());
                case "is_cuda" -> node("prim::is_cuda", List.of(receiver), Types.BOOL, a.range());
                case "requires_grad" -> node("prim::requires_grad", List.of(receiver), Types.BOOL, a.range());
                case "is_leaf" -> call("aten::is_leaf", List.of(receiver), Types.BOOL, a.range());
                case "ndim" -> call("aten::dim", List.of(receiver), Types.INT, a.range());
                case "T" -> call("aten::numpy_T", List.of(receiver), Types.TENSOR, a.range());
                case "mT", "mH", "H" -> call("aten::" + a.attr(), List.of(receiver), Types.TENSOR, a.range());
                case "real", "imag" -> call("aten::" + a.attr(), List.of(receiver), Types.TENSOR, a.range());
                case "data" -> node("prim::data", List.of(receiver), Types.TENSOR, a.range());
                default -> call("prim::" + a.attr(), List.of(receiver), typeOf(a), a.range());
            };
        }
        if (receiverType instanceof Type.DeviceType && (a.attr().equals("type") || a.attr().equals("index"))) {
            Value receiver = emit(a.value());
            return call("prim::" + a.attr(), List.of(receiver), null, a.range());
        }
        if (receiverType instanceof Type.TupleType t && t.named().isPresent()) {
            Value receiver = emit(a.value());
            int index = t.named().get().fieldNames().indexOf(a.attr());
            return node("prim::TupleIndex", List.of(receiver, constant((long) index, Types.INT, null)), typeOf(a),
                    a.range());
        }
        if (receiverType instanceof Type.TupleType) {
            // a named field of an operator's results (x.max(dim=1).indices): that output itself
            Value receiver = emit(a.value());
            Node tuple = receiver.node().orElse(null);
            Node op = tuple != null && tuple.is("prim::TupleConstruct") && !tuple.inputs().isEmpty()
                    ? tuple.input(0).node().orElse(null) : null;
            if (op != null && op.schema().isPresent() && op.outputs().equals(tuple.inputs())) {
                List<io.github.torchscript4j.checker.builtins.SchemaArgument> returns = op.schema().get().returns();
                for (int i = 0; i < returns.size(); i++) {
                    if (returns.get(i).name().equals(a.attr())) {
                        return tuple.input(i);
                    }
                }
            }
        }
        throw new EmitException("the emitter does not lower this attribute yet", a.range());
    }

    void setAttr(Expr.Attribute a, Value v) {
        Value receiver = emit(a.value());
        Node n = f.graph.create("prim::SetAttr");
        n.setAttribute("name", a.attr());
        n.addInput(receiver);
        n.addInput(v);
        f.append(n, a.range());
    }

    // ---- subscripts ----

    private Value subscript(Expr.Subscript s) {
        Value container = emit(s.value());
        if (io.github.torchscript4j.checker.semantics.ModuleContainers.unrolled(container.type()).isPresent()) {
            // modules[0], modules["key"]: the submodule, chosen at compile time
            String key = io.github.torchscript4j.checker.semantics.ModuleContainers.itemName(s.slice(), container.type());
            return getAttr(container, key, typeOf(s), s.range());
        }
        Expr.Slice sliceExpr = asSlice(s.slice());
        if (sliceExpr != null && container.type() instanceof Type.TupleType tt) {
            return tupleSlice(container, tt, sliceExpr, s);
        }
        if (sliceExpr != null) {
            return slice(container, sliceExpr, s, resultTypeOf(s));
        }
        if (container.type() instanceof Type.TensorType) {
            return TensorIndexing.read(this, container, s);
        }
        if (container.type() instanceof Type.TupleType) {
            Value index = emit(s.slice());
            return node("prim::TupleIndex", List.of(container, index), typeOf(s), s.range());
        }
        Value index = emit(s.slice());
        return subscriptValues(container, index, s, resultTypeOf(s));
    }

    /** A slice, written {@code a:b:c} or {@code slice(a, b, c)}; null for anything else. */
    private Expr.Slice asSlice(Expr e) {
        if (e instanceof Expr.Slice sl) {
            return sl;
        }
        if (e instanceof Expr.Call c && isBuiltin(c.func(), "slice") && c.keywords().isEmpty() && !c.args().isEmpty()
                && c.args().size() <= 3) {
            // slice(stop) / slice(start, stop[, step]): an absent or None start is 0 (a[:n] has None)
            List<Expr> a = c.args();
            Expr zero = new Expr.Constant(new Literal.Int(java.math.BigInteger.ZERO), Optional.empty(), c.range());
            if (a.size() == 1) {
                return new Expr.Slice(Optional.of(zero), Optional.of(a.get(0)), Optional.empty(), c.range());
            }
            Expr start = a.get(0) instanceof Expr.Constant k && k.value() instanceof Literal.None ? zero : a.get(0);
            return new Expr.Slice(Optional.of(start), Optional.of(a.get(1)),
                    a.size() == 3 ? Optional.of(a.get(2)) : Optional.empty(), c.range());
        }
        return null;
    }

    /** {@code t[a:b:c]} on a tuple, with constant bounds: the selected elements, by index. */
    private Value tupleSlice(Value tuple, Type.TupleType tt, Expr.Slice sl, Expr.Subscript s) {
        int n = tt.elements().size();
        Long lower = bound(sl.lower());
        Long upper = bound(sl.upper());
        Long step = bound(sl.step());
        long st = step == null ? 1 : step;
        if (st == 0) {
            throw new EmitException("slice step cannot be zero", s.range());
        }
        long lo = lower == null ? (st > 0 ? 0 : n - 1) : clamp(lower, n, st);
        long hi = upper == null ? (st > 0 ? n : -1) : clamp(upper, n, st);
        List<Value> parts = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        for (long i = lo; st > 0 ? i < hi : i > hi; i += st) {
            Value idx = constant(i, Types.INT, null);
            parts.add(node("prim::TupleIndex", List.of(tuple, idx), tt.elements().get((int) i), s.range()));
            types.add(tt.elements().get((int) i));
        }
        return node("prim::TupleConstruct", parts, new Type.TupleType(types), s.range());
    }

    private static long clamp(long i, int n, long step) {
        if (i < 0) {
            i += n;
            if (i < 0) {
                return step > 0 ? 0 : -1;
            }
        } else if (i >= n) {
            return step > 0 ? n : n - 1;
        }
        return i;
    }

    private Long bound(Optional<Expr> e) {
        if (e.isEmpty()) {
            return null;
        }
        Object v = ConstantValues.of(e.get(), f);
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw new EmitException("tuple slice bounds must be integer constants", e.get().range());
    }

    private Value subscriptValues(Value container, Value index, Expr.Subscript s, Type out) {
        if (container.type() instanceof Type.TensorType) {
            return call("aten::select", List.of(container, constant(0L, Types.INT, null), index), Types.TENSOR, s.range());
        }
        return call("aten::__getitem__", List.of(container, index), out, s.range());
    }

    Value slice(Value container, Expr.Slice sl, Expr.Subscript s, Type out) {
        Value none = null;
        List<Value> args = new ArrayList<>();
        args.add(container);
        if (container.type() instanceof Type.TensorType) {
            args.add(constant(0L, Types.INT, null));
        }
        args.add(sl.lower().isPresent() ? emit(sl.lower().get()) : constant(null, Types.NONE, null));
        args.add(sl.upper().isPresent() ? emit(sl.upper().get()) : constant(null, Types.NONE, null));
        args.add(sl.step().isPresent() ? emit(sl.step().get()) : constant(1L, Types.INT, null));
        if (container.type() instanceof Type.TupleType) {
            throw new EmitException("the emitter does not lower tuple slices yet", s.range());
        }
        return call("aten::slice", args, out, s.range());
    }

    void setItem(Expr.Subscript s, Value v) {
        Value container = emit(s.value());
        if (container.type() instanceof Type.TensorType) {
            TensorIndexing.write(this, container, s, v);
            return;
        }
        Value index = emit(s.slice());
        setItemValues(container, index, v, s);
    }

    private void setItemValues(Value container, Value index, Value v, Expr.Subscript s) {
        Type element = container.type() instanceof Type.DictType d ? d.value()
                : container.type() instanceof Type.ListType l ? l.elem() : null;
        if (element != null && !v.type().equals(element) && v.type().isSubtypeOf(element)) {
            // a value of a member type stored where the container holds a wider one (a Union)
            List<Overloads.Argument> types = List.of(new Overloads.Argument(container.type(), false),
                    new Overloads.Argument(index.type(), false), new Overloads.Argument(element, false));
            Overloads.Choice c = Overloads.choose("aten::_set_item", types, Map.of()).orElseThrow(() ->
                    new EmitException("no overload of aten::_set_item for " + describe(types), s.range()));
            operatorCall(c.schema(), List.of(container, index, v), Map.of(), c.result(), s.range());
            return;
        }
        call("aten::_set_item", List.of(container, index, v), null, s.range());
    }

    void delete(Expr t) {
        if (t instanceof Expr.Subscript s) {
            Value container = emit(s.value());
            Value index = emit(s.slice());
            call(container.type() instanceof Type.DictType ? "aten::Delete" : "aten::Delete", List.of(container, index),
                    Types.NONE, s.range());
            return;
        }
        if (t instanceof Expr.Name n) {
            f.env.values.remove(n.id());
            return;
        }
        throw new EmitException("the emitter does not lower this del target yet", t.range());
    }

    /** Splits a tuple (or a list) value into {@code n} values. */
    List<Value> unpack(Value v, int n, SourceRange range) {
        if (v.node().isPresent() && v.node().get().is("prim::TupleConstruct") && v.node().get().inputs().size() == n) {
            return v.node().get().inputs();
        }
        if (v.type() instanceof Type.TupleType t) {
            Node u = f.graph.create("prim::TupleUnpack");
            u.addInput(v);
            for (Type e : t.elements()) {
                u.addOutput(e);
            }
            return f.append(u, range).outputs();
        }
        if (v.type() instanceof Type.ListType l) {
            Node u = f.graph.create("prim::ListUnpack");
            u.addInput(v);
            for (int i = 0; i < n; i++) {
                u.addOutput(l.elem());
            }
            return f.append(u, range).outputs();
        }
        if (v.type() instanceof Type.TensorType) {
            List<Value> parts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                parts.add(call("aten::select", List.of(v, constant(0L, Types.INT, null), constant((long) i, Types.INT, null)),
                        Types.TENSOR, range));
            }
            return parts;
        }
        throw new EmitException("cannot unpack a value of type " + v.type().annotationStr(), range);
    }

    // ---- comprehensions, f-strings ----

    private Value listComprehension(Expr.ListComp lc) {
        if (lc.generators().size() != 1) {
            throw new EmitException("the emitter does not lower nested comprehensions yet", lc.range());
        }
        Type t = typeOf(lc);
        if (!(t instanceof Type.ListType)) {
            // written for a Union: the comprehension builds the list of its elements' type
            t = new Type.ListType(typeOf(lc.elt()));
        }
        Value out = node("prim::ListConstruct", List.of(), t, lc.range());
        var g = lc.generators().get(0);
        // Lowered as a loop appending to the list, in a scope of its own.
        FunctionEmitter.Env saved = f.env;
        f.env = saved.copy();
        ComprehensionLoop.emit(f, this, g, lc.elt(), out);
        f.env = saved;
        return out;
    }

    private Value fString(Expr.JoinedStr j) {
        StringBuilder format = new StringBuilder();
        List<Value> args = new ArrayList<>();
        for (Expr part : j.values()) {
            if (part instanceof Expr.Constant c && c.value() instanceof Literal.Str s) {
                format.append(s.value().replace("{", "{{").replace("}", "}}"));
            } else if (part instanceof Expr.FormattedValue fv) {
                if (fv.formatSpec().isPresent() || fv.conversion() != -1) {
                    throw new EmitException("the emitter does not lower format specs yet", part.range());
                }
                format.append("{}");
                args.add(emit(fv.value()));
            }
        }
        List<Value> all = new ArrayList<>();
        all.add(constant(format.toString(), Types.STR, j.range()));
        all.addAll(args);
        return format(all, j.range());
    }

    /**
     * {@code aten::format(str self, ...)}: the format string first, then the values of its fields
     * (an f-string, or {@code "...".format(a, b)} as the reference lowers it).
     */
    Value format(List<Value> formatAndValues, SourceRange range) {
        FunctionSchema s = OperatorTable.builtin().overloads("aten::format").get(0);
        Node n = f.graph.create("aten::format");
        n.setSchema(s);
        for (Value v : formatAndValues) {
            n.addInput(v);
        }
        n.addOutput(Types.STR);
        return f.append(n, range).output();
    }

    // ---- raise, assert ----

    void raise(Stmt.Raise r) {
        String message = "";
        String cls = "builtins.RuntimeError";
        Value msg = null;
        if (r.exc().isPresent()) {
            Expr exc = r.exc().get();
            Expr.Call call = exc instanceof Expr.Call c ? c : null;
            Expr clsExpr = call != null ? call.func() : exc;
            String name = dotted(clsExpr);
            if (name != null) {
                String simple = name.substring(name.lastIndexOf('.') + 1);
                cls = "builtins." + simple;
            }
            if (call != null && !call.args().isEmpty()) {
                if (call.args().size() == 1 && !(call.args().get(0) instanceof Expr.Constant)) {
                    Value v = emit(call.args().get(0));
                    msg = v.type() instanceof Type.StrType ? v : call("aten::str", List.of(v), Types.STR, exc.range());
                } else if (call.args().size() == 1) {
                    Object k = ConstantValues.literal(((Expr.Constant) call.args().get(0)).value());
                    message = k instanceof String s ? s : io.github.torchscript4j.checker.ir.Constants.codeText(k);
                } else {
                    throw new EmitException("the emitter does not lower exceptions with several arguments yet", exc.range());
                }
            }
        } else {
            message = "";
        }
        if (msg == null) {
            msg = constant(message, Types.STR, r.range());
        }
        Node n = f.graph.create("prim::RaiseException");
        n.addInput(msg);
        n.addInput(constant(cls, Types.STR, null));
        f.append(n, r.range());
    }

    /** The failing branch of {@code assert}: raises AssertionError(msg) in the current block. */
    void assertionFailure(Stmt.Assert a) {
        // raise AssertionError(msg) as the reference lowers it: the message "AssertionError: msg"
        // and no exception class
        Value prefix = constant("AssertionError: ", Types.STR, null);
        Value msg = prefix;
        if (a.msg().isPresent()) {
            Value m = emit(a.msg().get());
            Value text = m.type() instanceof Type.StrType ? m : call("aten::str", List.of(m), Types.STR, a.range());
            msg = call("aten::add", List.of(prefix, text), Types.STR, a.range());
        }
        Node raise = f.graph.create("prim::RaiseException");
        raise.addInput(msg);
        raise.addInput(constant(null, Types.NONE, null));
        f.append(raise, a.range());
    }

    // ---- calls support ----

    /** Emits the arguments of a call: positional values and keyword values. */
    record Arguments(List<Value> positional, Map<String, Value> keywords, List<Overloads.Argument> positionalTypes,
            Map<String, Overloads.Argument> keywordTypes) {}

    Arguments arguments(List<Expr> args, List<Keyword> keywords, List<Value> leading) {
        List<Value> positional = new ArrayList<>(leading);
        List<Overloads.Argument> types = new ArrayList<>();
        for (Value v : leading) {
            types.add(new Overloads.Argument(v.type(), false));
        }
        for (Expr a : args) {
            if (a instanceof Expr.Starred st) {
                // *tuple spreads its elements; *list stands for the list parameter it fills
                Value spread = emit(st.value());
                if (spread.type() instanceof Type.TupleType tt) {
                    for (Value part : unpack(spread, tt.elements().size(), a.range())) {
                        positional.add(part);
                        types.add(new Overloads.Argument(part.type(), false));
                    }
                    continue;
                }
                if (spread.type() instanceof Type.ListType && a == args.get(args.size() - 1)) {
                    positional.add(spread);
                    types.add(new Overloads.Argument(spread.type(), false));
                    continue;
                }
                throw new EmitException("the emitter does not lower *args of this type yet", a.range());
            }
            Value v = emit(a);
            positional.add(v);
            types.add(new Overloads.Argument(argumentType(a, v), isEmptyDisplay(a)));
        }
        Map<String, Value> kw = new LinkedHashMap<>();
        Map<String, Overloads.Argument> kwTypes = new LinkedHashMap<>();
        for (Keyword k : keywords) {
            Value v = emit(k.value());
            String name = k.arg().orElseThrow(() -> new EmitException("**kwargs", k.range()));
            kw.put(name, v);
            kwTypes.put(name, new Overloads.Argument(argumentType(k.value(), v), isEmptyDisplay(k.value())));
        }
        return new Arguments(positional, kw, types, kwTypes);
    }

    /** The type an argument is matched with: its value's, unless that is unknown. */
    private Type argumentType(Expr e, Value v) {
        Optional<Type> checked = check.typeOf(e);
        if (e instanceof Expr.Name && checked.isPresent() && known(checked.get()) && v.type().isSubtypeOf(checked.get())) {
            return checked.get(); // a variable declared wider than the value it holds (x: Union[int, str] = 1)
        }
        return known(v.type()) ? v.type() : checked.orElse(v.type());
    }

    private static boolean isEmptyDisplay(Expr e) {
        return e instanceof Expr.List l && l.elts().isEmpty() || e instanceof Expr.Dict d && d.keys().isEmpty();
    }

    /** Calls the overload of {@code operator} the checker would choose for these arguments. */
    Value operator(String operator, Arguments a, Type out, SourceRange range) {
        Overloads.Choice c = Overloads.choose(operator, a.positionalTypes(), a.keywordTypes())
                .orElseThrow(() -> new EmitException("no overload of " + operator + " matches "
                        + describe(a.positionalTypes()), range));
        if (c.isBuiltinFunction()) {
            return numberFirst(operator, a.positional().get(0), a.positional().get(1), range);
        }
        return operatorCall(c.schema(), a.positional(), a.keywords(), known(out) ? out : c.result(), range);
    }

    /** Fills a user function's parameters: positional, keyword, then defaults. */
    List<Value> userArguments(Signature sig, Arguments a, int skip, SourceRange range) {
        List<Value> out = new ArrayList<>();
        List<Signature.Param> params = sig.params();
        for (int i = skip; i < params.size(); i++) {
            Signature.Param p = params.get(i);
            int pos = i - skip;
            Value v;
            if (pos < a.positional().size()) {
                v = a.positional().get(pos);
            } else if (a.keywords().containsKey(p.name())) {
                v = a.keywords().get(p.name());
            } else if (p.defaultValue().isPresent()) {
                Object d = ConstantValues.of(p.defaultValue().get(), f);
                if (d == ConstantValues.UNKNOWN) {
                    throw new EmitException("cannot evaluate this default value", p.defaultValue().get().range());
                }
                v = constant(d, d == null ? Types.NONE : ConstantValues.typeOf(d), null);
            } else {
                throw new EmitException("argument " + p.name() + " not provided", range);
            }
            out.add(implicit(v, p.type(), range));
        }
        return out;
    }

    /**
     * A tensor where a number is declared (a parameter or a return): the reference's implicit
     * conversion ({@code aten::IntImplicit}, {@code FloatImplicit}, {@code ScalarImplicit}, {@code
     * ComplexImplicit}), which
     * fails at run time unless the tensor has one element and no dimensions.
     */
    Value implicit(Value v, Type declared, SourceRange range) {
        if (!(v.type() instanceof Type.TensorType)) {
            return v;
        }
        if (declared instanceof Type.IntType) {
            return call("aten::IntImplicit", List.of(v), Types.INT, range);
        }
        if (declared instanceof Type.FloatType) {
            return call("aten::FloatImplicit", List.of(v), Types.FLOAT, range);
        }
        if (declared instanceof Type.NumberType) {
            return call("aten::ScalarImplicit", List.of(v), Types.NUMBER, range);
        }
        if (declared instanceof Type.ComplexType) {
            return call("aten::ComplexImplicit", List.of(v), Types.COMPLEX, range);
        }
        return v;
    }

    static boolean isSubtype(Type a, Type b) {
        return TypeRelations.isSubtypeOf(a, b);
    }

    static Tuple tuple(List<Object> parts) {
        return new Tuple(parts);
    }
}
