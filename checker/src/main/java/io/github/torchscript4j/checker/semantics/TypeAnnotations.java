package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an annotation expression into a TorchScript {@link Type}, as the reference's {@code
 * ScriptTypeParser} and {@code try_ann_to_type} do: builtin types, {@code torch.Tensor}, {@code
 * torch.device}, {@code torch.dtype} (an {@code int}), {@code typing} generics (also PEP 585
 * {@code list[int]}), {@code None}, user classes, and {@code torch._jit_internal}'s {@code
 * BroadcastingListN[T]} (a {@code List[T]}; see {@link #fixedSize}).
 *
 * <p>Reports what the reference reports with certainty: a generic used without its contained
 * types, a builtin type used as a constructor ({@code int[2]}), an operator expression. Anything
 * else it does not understand (string forward references, {@code NamedTuple}s, enums, aliases)
 * is {@code UnknownType}, silently.
 */
final class TypeAnnotations {
    private final ModuleEnvironment module;
    private final DiagnosticSink sink;
    /**
     * Classes whose type is being computed: a {@code NamedTuple} whose fields name itself (directly
     * or through another one) would otherwise recurse forever; TorchScript has no recursive types,
     * and such a field is unknown here.
     */
    private final Set<Stmt.ClassDef> classesInProgress = Collections.newSetFromMap(new IdentityHashMap<>());

    /** The Python module whose classes this names: "" for the checked file, {@code pkg.util} for a project file. */
    private final String qualifier;
    /** The annotations of another project file, by its source; null when classes of other files are not followed. */
    private final java.util.function.Function<io.github.torchscript4j.checker.source.SourceFile, TypeAnnotations> owners;

    TypeAnnotations(ModuleEnvironment module, DiagnosticSink sink) {
        this(module, sink, "", null);
    }

    /**
     * Annotations of the module {@code qualifier} ("" for the checked file), which find the
     * annotations of the project file declaring a class of another file through {@code owners}.
     */
    TypeAnnotations(ModuleEnvironment module, DiagnosticSink sink, String qualifier,
            java.util.function.Function<io.github.torchscript4j.checker.source.SourceFile, TypeAnnotations> owners) {
        this.module = module;
        this.sink = sink;
        this.qualifier = qualifier;
        this.owners = owners;
    }

    /**
     * The annotations of the file that declares {@code c}: its bases, decorators and fields are
     * resolved with that file's globals. This one when {@code c} is of this file.
     */
    TypeAnnotations ownerOf(Stmt.ClassDef c) {
        if (owners == null || c.range().file() == module.tree().range().file()) {
            return this;
        }
        return owners.apply(c.range().file());
    }

    /**
     * The reference's qualified name of a class, {@code __torch__.} and its module: {@code
     * __torch__.Box} in the checked file, {@code __torch__.pkg.util.Box} in project module {@code pkg.util}.
     */
    String qualifiedName(Stmt.ClassDef c) {
        TypeAnnotations o = ownerOf(c);
        return "__torch__." + (o.qualifier.isEmpty() ? "" : o.qualifier + ".") + c.name();
    }

    /** The type the class {@code c} of this file denotes in an annotation. */
    private Type classType(Stmt.ClassDef c) {
        if (!classesInProgress.add(c)) {
            return Types.UNKNOWN;
        }
        try {
            return UserClasses.typeOf(c, this);
        } finally {
            classesInProgress.remove(c);
        }
    }

    /** The value an annotation's name or attribute chain denotes (annotations only see globals). */
    Value resolve(Expr e) {
        if (e instanceof Expr.Name n) {
            return module.lookup(n.id()).orElse(Value.OPAQUE);
        }
        if (e instanceof Expr.Attribute a) {
            Value base = resolve(a.value());
            if (base instanceof Value.PyModule m) {
                return PythonValues.attribute(m.name(), a.attr());
            }
            if (base instanceof Value.ProjectModule m) {
                return module.member(m, a.attr()).orElse(Value.OPAQUE);
            }
            return Value.OPAQUE;
        }
        if (e instanceof Expr.Constant c && c.value() instanceof Literal.None) {
            return Value.typed(Types.NONE);
        }
        return Value.OPAQUE;
    }

    Type type(Expr e) {
        if (e instanceof Expr.BinOp b) {
            sink.error(Code.INVALID_TYPE_ANNOTATION, e.range(),
                    "Expression of type " + b.op().symbol() + " cannot be used in a type expression");
            return Types.UNKNOWN;
        }
        if (e instanceof Expr.Subscript s) {
            return generic(s);
        }
        Value v = resolve(e);
        if (v instanceof Value.Typed t && t.type() instanceof Type.NoneType) {
            return Types.NONE;
        }
        if (v instanceof Value.UserClass c) {
            return ownerOf(c.def()).classType(c.def());
        }
        if (v instanceof Value.Builtin b) {
            switch (b.qualifiedName()) {
                case "int":
                    return Types.INT;
                case "float":
                    return Types.FLOAT;
                case "bool":
                    return Types.BOOL;
                case "str":
                    return Types.STR;
                case "complex":
                    return Types.COMPLEX;
                case "torch.Tensor":
                case "torch.nn.Parameter": // a parameter is a tensor to TorchScript
                case "torch.nn.parameter.Parameter":
                case "torch.DoubleTensor": // the legacy tensor types are tensors to TorchScript
                case "torch.FloatTensor":
                case "torch.HalfTensor":
                case "torch.BFloat16Tensor":
                case "torch.LongTensor":
                case "torch.IntTensor":
                case "torch.ShortTensor":
                case "torch.CharTensor":
                case "torch.ByteTensor":
                case "torch.BoolTensor":
                    return Types.TENSOR;
                case "torch.device":
                    return Types.DEVICE;
                case "torch.dtype":
                case "torch.layout":
                case "torch.memory_format":
                    return Types.INT;
                case "torch.Generator":
                    return Types.GENERATOR;
                case "typing.Any":
                    return Types.ANY;
                case "typing.List":
                    return missing(e, "List", "Please add a contained type, e.g. List[int]");
                case "typing.Tuple":
                    return missing(e, "Tuple", "Please add a contained type, e.g. Tuple[int]");
                case "typing.Optional":
                    return missing(e, "Optional", "Please add a contained type, e.g. Optional[int]");
                case "torch.jit.Future":
                    return missing(e, "Future", "Please add a contained type, e.g. Future[int]");
                case "typing.Dict":
                    sink.error(Code.INVALID_TYPE_ANNOTATION, e.range(), "Attempted to use Dict without "
                            + "contained types. Please add contained type, e.g. Dict[int, int]");
                    return Types.UNKNOWN;
                default:
                    return Types.UNKNOWN;
            }
        }
        if (e instanceof Expr.Name n && n.id().equals("Tensor") && !(v instanceof Value.Typed)) {
            return Types.TENSOR; // the reference's type parser knows Tensor by name (in # type: comments)
        }
        if (e instanceof Expr.Name n && n.id().equals("Device") && !(v instanceof Value.Typed)) {
            return Types.DEVICE; // and Device
        }
        return Types.UNKNOWN;
    }

    private Type missing(Expr e, String name, String hint) {
        sink.error(Code.INVALID_TYPE_ANNOTATION, e.range(),
                "Attempted to use " + name + " without a contained type. " + hint);
        return Types.UNKNOWN;
    }

    private Type generic(Expr.Subscript s) {
        Value base = resolve(s.value());
        if (!(base instanceof Value.Builtin b)) {
            return Types.UNKNOWN;
        }
        List<Expr> args = s.slice() instanceof Expr.Tuple t ? t.elts() : List.of(s.slice());
        switch (b.qualifiedName()) {
            case "typing.List":
            case "list":
                return args.size() == 1 ? new Type.ListType(type(args.get(0))) : Types.UNKNOWN;
            case "typing.Optional":
                return args.size() == 1 ? Types.optional(type(args.get(0))) : Types.UNKNOWN;
            case "torch._jit_internal.BroadcastingList1":
            case "torch._jit_internal.BroadcastingList2":
            case "torch._jit_internal.BroadcastingList3":
                return args.size() == 1 ? new Type.ListType(type(args.get(0))) : Types.UNKNOWN;
            case "typing.Final":
            case "torch.jit.Final":
                return args.size() == 1 ? type(args.get(0)) : Types.UNKNOWN;
            case "torch.jit.Future":
                return args.size() == 1 ? new Type.FutureType(type(args.get(0))) : Types.UNKNOWN;
            case "typing.Dict":
            case "dict":
                if (args.size() != 2) {
                    return Types.UNKNOWN;
                }
                return new Type.DictType(type(args.get(0)), type(args.get(1)));
            case "typing.Tuple":
            case "tuple": {
                if (s.slice() instanceof Expr.Tuple t && t.elts().isEmpty()) {
                    return new Type.TupleType(List.of());
                }
                List<Type> elements = new ArrayList<>();
                for (Expr a : args) {
                    if (a instanceof Expr.Constant c && c.value() instanceof Literal.Ellipsis) {
                        return Types.UNKNOWN;
                    }
                    elements.add(type(a));
                }
                return new Type.TupleType(elements);
            }
            case "typing.Union": {
                List<Type> members = new ArrayList<>();
                for (Expr a : args) {
                    members.add(type(a));
                }
                return members.stream().anyMatch(m -> m instanceof Type.UnknownType) ? Types.UNKNOWN : Types.union(members);
            }
            case "int":
            case "float":
            case "bool":
            case "str":
                sink.error(Code.INVALID_TYPE_ANNOTATION, s.range(), "Unknown type constructor " + b.qualifiedName());
                return Types.UNKNOWN;
            default:
                return Types.UNKNOWN;
        }
    }

    /**
     * The size N of a parameter annotated {@code BroadcastingListN[T]} or {@code
     * Optional[BroadcastingListN[T]]} (the reference's {@code T[N]}: a list, or one {@code T}
     * that the call repeats N times); 0 for any other annotation.
     */
    int fixedSize(Optional<Expr> annotation) {
        if (annotation.isEmpty() || !(annotation.get() instanceof Expr.Subscript s)) {
            return 0;
        }
        if (resolve(s.value()) instanceof Value.Builtin b) {
            String name = b.qualifiedName();
            if (name.equals("typing.Optional")) {
                return fixedSize(Optional.of(s.slice()));
            }
            if (name.startsWith("torch._jit_internal.BroadcastingList")) {
                return name.charAt(name.length() - 1) - '0';
            }
        }
        return 0;
    }

    /** {@code type(e)} for an optional annotation; empty stays empty. */
    Optional<Type> type(Optional<Expr> e) {
        return e.map(this::type);
    }
}
