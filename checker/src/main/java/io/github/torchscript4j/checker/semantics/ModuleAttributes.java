package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.ExceptHandler;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeDeclaration;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The attributes of an {@code nn.Module} subclass, inferred statically from its {@code __init__}
 * (which is Python, never checked), standing in for what {@code torch.jit.script} infers from the
 * live module: {@code self.x = <literal>}, parameters ({@code nn.Parameter}), buffers ({@code
 * register_buffer}), submodules of this file's module classes and of {@code torch.nn} (opaque
 * library modules, whose {@code forward} maps a tensor to a tensor where that is what it does),
 * tensors made by {@code torch.*} factories, parameters of {@code __init__} annotated with a
 * primitive type, {@code torch.jit.Attribute(value, T)}, and class-level annotations ({@code
 * Final[T]} included), which win.
 *
 * <p>An attribute whose value it cannot type is present but unknown; an attribute first assigned
 * in nested code, in another Python method or in a base module is present (unknown unless typed).
 * A class that may add attributes it cannot see ({@code setattr}, {@code add_module} or {@code
 * register_buffer} with a computed name, bases it does not know) is open: no attribute is then
 * reported missing. It never reports anything itself.
 */
final class ModuleAttributes {
    /** A {@code torch.nn} library module; {@code tensorToTensor}: its {@code forward} is {@code (Tensor) -> Tensor}. */
    record LibraryModule(String name, boolean tensorToTensor) implements TypeDeclaration {}

    /** torch.nn module classes by name, with the file of {@code torch.nn.modules} that defines them. */
    private static final Map<String, String> LIBRARY = new HashMap<>();
    /** Library modules whose forward is not {@code (Tensor) -> Tensor}. */
    private static final Set<String> NOT_SIMPLE = Set.of(
            "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict", "LSTM", "GRU", "RNN",
            "MultiheadAttention", "EmbeddingBag", "Bilinear", "Transformer", "TransformerEncoder",
            "TransformerDecoder", "TransformerEncoderLayer", "TransformerDecoderLayer", "AdaptiveMaxPool1d",
            "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "MaxPool1d", "MaxPool2d", "MaxPool3d");

    static {
        lib("linear", "Linear", "Identity", "Bilinear", "LazyLinear");
        lib("conv", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d");
        lib("batchnorm", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm");
        lib("instancenorm", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d");
        lib("normalization", "LayerNorm", "GroupNorm", "LocalResponseNorm");
        lib("activation", "ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish",
                "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Softmin", "Softplus", "Hardtanh", "Hardswish",
                "Hardsigmoid", "Tanhshrink", "Softsign", "Softshrink", "Hardshrink", "Threshold", "GLU", "LogSigmoid",
                "MultiheadAttention");
        lib("dropout", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout");
        lib("pooling", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
                "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d",
                "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "LPPool1d", "LPPool2d");
        lib("flatten", "Flatten", "Unflatten");
        lib("sparse", "Embedding", "EmbeddingBag");
        lib("container", "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict");
        lib("rnn", "LSTM", "GRU", "RNN");
        lib("pixelshuffle", "PixelShuffle", "PixelUnshuffle");
        lib("upsampling", "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d");
        lib("padding", "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d",
                "ReflectionPad2d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d");
        lib("transformer", "Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer",
                "TransformerDecoderLayer");
    }

    private static void lib(String file, String... names) {
        for (String n : names) {
            LIBRARY.put(n, file);
        }
    }

    /** {@code nn.Module}'s own Python API: attributes a module has without assigning them. */
    private static final Set<String> MODULE_API = Set.of(
            "parameters", "named_parameters", "buffers", "named_buffers", "children", "named_children", "modules",
            "named_modules", "state_dict", "load_state_dict", "to", "cuda", "cpu", "train", "eval", "apply",
            "zero_grad", "register_buffer", "register_parameter", "add_module", "register_module", "get_submodule",
            "get_parameter", "get_buffer", "extra_repr", "half", "float", "double", "bfloat16", "type",
            "requires_grad_", "share_memory", "dump_patches", "register_forward_hook", "register_forward_pre_hook",
            "register_backward_hook", "register_full_backward_hook", "xpu", "ipu", "to_empty", "call_super_init");

    static boolean isModuleApi(String name) {
        return MODULE_API.contains(name);
    }

    private final Checker checker;
    private final UserClasses classes;
    private final UserClasses.Info info;
    private final Map<String, Type> paramTypes = new HashMap<>();
    /** The {@code self.X} nodes of {@code __init__} whose effect on a container was followed ({@link ModuleContainers}). */
    private final Set<io.github.torchscript4j.checker.syntax.ast.Node> handled = ModuleContainers.identitySet();

    ModuleAttributes(Checker checker, UserClasses classes, UserClasses.Info info) {
        this.checker = checker;
        this.classes = classes;
        this.info = info;
    }

    void infer() {
        TypeAnnotations r = checker.annotations();
        for (Expr b : info.def.bases()) {
            Value v = r.resolve(b);
            if (v instanceof Value.UserClass u && u.def() != info.def && !ConcreteModules.isLibraryModule(u.def())) {
                UserClasses.Info base = classes.info(u.def());
                info.attributes.putAll(base.attributes);
                info.open |= base.open;
            } else if (!(v instanceof Value.Builtin bi && (bi.qualifiedName().equals("torch.nn.Module")
                    || bi.qualifiedName().equals("object")))
                    && !(v instanceof Value.UserClass lib && ConcreteModules.isLibraryModule(lib.def()))) {
                info.open = true;
            }
        }
        Stmt.FunctionDef init = null;
        for (Stmt s : info.def.body()) {
            if (s instanceof Stmt.FunctionDef f && f.name().equals("__init__")) {
                init = f;
            }
        }
        if (init != null) {
            List<Arg> args = new ArrayList<>(init.args().posonlyargs());
            args.addAll(init.args().args());
            for (Arg a : args) {
                a.annotation().ifPresent(ann -> {
                    Type t = r.type(ann);
                    if (t instanceof Type.IntType || t instanceof Type.FloatType || t instanceof Type.BoolType
                            || t instanceof Type.StrType) {
                        paramTypes.put(a.arg(), t);
                    }
                });
            }
            scan(init.body(), true);
        }
        // Attributes other Python methods may set: present, unknown.
        for (Stmt s : info.def.body()) {
            if (s instanceof Stmt.FunctionDef f && f != init && !f.name().equals("forward")
                    && f.decoratorList().isEmpty()) {
                scan(f.body(), false);
            } else if (s instanceof Stmt.FunctionDef f && f != init) {
                scanOpen(f.body());
            }
        }
        // Containers changed where their contents are not followed are opaque library modules again.
        Set<String> containers = new java.util.HashSet<>();
        info.attributes.forEach((n, t) -> {
            if (ModuleContainers.of(t) != null) {
                containers.add(n);
            }
        });
        if (!containers.isEmpty()) {
            for (String n : ModuleContainers.changedElsewhere(info.def, containers, handled)) {
                info.attributes.put(n, library(ModuleContainers.of(info.attributes.get(n)).kind()));
            }
        }
        // Class-level annotations give the attributes' types.
        for (Stmt s : info.def.body()) {
            if (s instanceof Stmt.AnnAssign a && a.target() instanceof Expr.Name n) {
                Type t = finalInner(a.annotation());
                if (info.attributes.containsKey(n.id()) || a.value().isPresent()) {
                    info.attributes.put(n.id(), t);
                }
            }
        }
    }

    private Type finalInner(Expr annotation) {
        if (annotation instanceof Expr.Subscript s && checker.annotations().resolve(s.value()) instanceof Value.Builtin b
                && (b.qualifiedName().equals("typing.Final") || b.qualifiedName().equals("torch.jit.Final"))) {
            return checker.annotations().type(s.slice());
        }
        if (checker.annotations().resolve(annotation) instanceof Value.Builtin b
                && (b.qualifiedName().equals("typing.Final") || b.qualifiedName().equals("torch.jit.Final"))) {
            return Types.UNKNOWN;
        }
        return checker.annotations().type(annotation);
    }

    private void define(String name, Type t, boolean typed) {
        if (typed) {
            info.attributes.put(name, t);
        } else {
            info.attributes.putIfAbsent(name, Types.UNKNOWN);
        }
    }

    /** Statements of {@code __init__} ({@code top}: at its top level, where types are followed). */
    private void scan(List<Stmt> body, boolean top) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Assign a) {
                for (Expr t : a.targets()) {
                    if (selfAttribute(t).isPresent()) {
                        if (top && a.targets().size() == 1) {
                            handled.add(t);
                        }
                        define(selfAttribute(t).get(), top && a.targets().size() == 1 ? infer(a.value()) : Types.UNKNOWN, top);
                    } else {
                        nestedTargets(t);
                    }
                }
                calls(a.value());
            } else if (s instanceof Stmt.AnnAssign a) {
                Optional<String> name = selfAttribute(a.target());
                if (name.isPresent()) {
                    // Python drops the annotation of an attribute target: the type is the value's.
                    boolean typed = top && a.value().isPresent();
                    if (typed) {
                        handled.add(a.target());
                    }
                    define(name.get(), typed ? infer(a.value().get()) : Types.UNKNOWN, typed);
                }
                a.value().ifPresent(this::calls);
            } else if (s instanceof Stmt.AugAssign a) {
                if (top && a.op() == io.github.torchscript4j.checker.syntax.ast.Operator.ADD) {
                    followMutation(a.target(), "extend", List.of(a.value()));
                }
                selfAttribute(a.target()).ifPresent(n -> define(n, Types.UNKNOWN, false));
            } else if (s instanceof Stmt.ExprStmt e) {
                calls(e.value());
                if (e.value() instanceof Expr.Call c) {
                    registration(c, top);
                    if (top && c.keywords().isEmpty() && c.func() instanceof Expr.Attribute m) {
                        followMutation(m.value(), m.attr(), c.args());
                    }
                }
            } else if (s instanceof Stmt.If i) {
                scan(i.body(), false);
                scan(i.orelse(), false);
            } else if (s instanceof Stmt.For f) {
                scan(f.body(), false);
                scan(f.orelse(), false);
            } else if (s instanceof Stmt.While w) {
                scan(w.body(), false);
                scan(w.orelse(), false);
            } else if (s instanceof Stmt.With w) {
                scan(w.body(), false);
            } else if (s instanceof Stmt.Try t) {
                scan(t.body(), false);
                for (ExceptHandler h : t.handlers()) {
                    scan(h.body(), false);
                }
                scan(t.orelse(), false);
                scan(t.finalbody(), false);
            } else if (s instanceof Stmt.Match || s instanceof Stmt.TryStar || s instanceof Stmt.AsyncWith
                    || s instanceof Stmt.AsyncFor || s instanceof Stmt.Global || s instanceof Stmt.Nonlocal) {
                info.open = true;
            }
        }
    }

    /**
     * {@code self.X.append(m)}, {@code self.X.extend([...])} or {@code self.X += [...]} at the top
     * level of {@code __init__}, where {@code X} is a container known exactly: its new contents.
     */
    private void followMutation(Expr target, String method, List<Expr> args) {
        Optional<String> name = selfAttribute(target);
        if (name.isEmpty() || !(info.attributes.get(name.get()) instanceof Type.ModuleType m)) {
            return;
        }
        ModuleContainers.mutate(m, method, args, this::moduleElement).ifPresent(t -> {
            info.attributes.put(name.get(), t);
            handled.add(target);
        });
    }

    /** The module type of a container's element: a construction of a module class. */
    private Optional<Type.ModuleType> moduleElement(Expr e) {
        return infer(e) instanceof Type.ModuleType m ? Optional.of(m) : Optional.empty();
    }

    /** The opaque type of a {@code torch.nn} library module class. */
    private static Type.ModuleType library(String name) {
        return new Type.ModuleType("__torch__.torch.nn.modules." + LIBRARY.get(name) + "." + name,
                new LibraryModule(name, !NOT_SIMPLE.contains(name)));
    }

    /** A compiled method's body: only what would make the class open. */
    private void scanOpen(List<Stmt> body) {
        for (Stmt s : body) {
            if (s.range().text().contains("setattr") || s.range().text().contains("__dict__")) {
                info.open = true;
            }
        }
    }

    private void nestedTargets(Expr t) {
        if (t instanceof Expr.Tuple tu) {
            tu.elts().forEach(this::nestedTargets);
        } else if (t instanceof Expr.List l) {
            l.elts().forEach(this::nestedTargets);
        } else if (t instanceof Expr.Starred st) {
            nestedTargets(st.value());
        } else {
            selfAttribute(t).ifPresent(n -> define(n, Types.UNKNOWN, false));
        }
    }

    /** Calls anywhere in an expression that may add attributes: {@code setattr}, {@code __dict__}. */
    private void calls(Expr e) {
        String text = e.range().text();
        if (text.contains("setattr") || text.contains("__dict__") || text.contains("exec(")) {
            info.open = true;
        }
    }

    /** {@code self.register_buffer("n", v)}, {@code register_parameter}, {@code add_module}. */
    private void registration(Expr.Call c, boolean top) {
        if (!(c.func() instanceof Expr.Attribute f) || !(f.value() instanceof Expr.Name n) || !isSelf(n.id())) {
            return;
        }
        switch (f.attr()) {
            case "register_buffer":
            case "register_parameter":
            case "add_module":
            case "register_module": {
                if (c.args().isEmpty() || !(c.args().get(0) instanceof Expr.Constant k && k.value() instanceof Literal.Str s)) {
                    info.open = true;
                    return;
                }
                Expr value = c.args().size() > 1 ? c.args().get(1) : null;
                Type t;
                if (value == null || value instanceof Expr.Constant v && v.value() instanceof Literal.None) {
                    t = Types.UNKNOWN;
                } else if (f.attr().startsWith("register_b") || f.attr().equals("register_parameter")) {
                    t = Types.TENSOR;
                } else {
                    t = infer(value);
                }
                define(s.value(), t, top);
                return;
            }
            default:
                // a method of the class (or of nn.Module) that may assign attributes we do not follow
                if (!info.methods.containsKey(f.attr()) && !isModuleApi(f.attr())) {
                    info.open = true;
                }
        }
    }

    private Optional<String> selfAttribute(Expr t) {
        if (t instanceof Expr.Attribute a && a.value() instanceof Expr.Name n && isSelf(n.id())) {
            return Optional.of(a.attr());
        }
        return Optional.empty();
    }

    private static boolean isSelf(String name) {
        return name.equals("self");
    }

    /** The type of a value assigned to an attribute in {@code __init__}, when certain. */
    private Type infer(Expr e) {
        if (e instanceof Expr.Constant || e instanceof Expr.UnaryOp) {
            return Signatures.literalType(e);
        }
        if (e instanceof Expr.Name n) {
            return paramTypes.getOrDefault(n.id(), Types.UNKNOWN);
        }
        if (e instanceof Expr.Tuple t) {
            List<Type> elements = new ArrayList<>();
            for (Expr x : t.elts()) {
                Type xt = infer(x);
                if (!Environment.known(xt) || xt instanceof Type.ModuleType) {
                    return Types.UNKNOWN;
                }
                elements.add(xt);
            }
            return new Type.TupleType(elements);
        }
        if (e instanceof Expr.List l && !l.elts().isEmpty()) {
            Type first = infer(l.elts().get(0));
            boolean same = l.elts().stream().allMatch(x -> infer(x).equals(first));
            boolean primitive = first instanceof Type.IntType || first instanceof Type.FloatType
                    || first instanceof Type.BoolType || first instanceof Type.StrType;
            return same && primitive ? new Type.ListType(first) : Types.UNKNOWN;
        }
        if (e instanceof Expr.Call c) {
            Value f = checker.annotations().resolve(c.func());
            if (f instanceof Value.UserClass u) {
                UserClasses.Kind kind = UserClasses.kind(u.def(), checker.annotations());
                return kind == UserClasses.Kind.MODULE || kind == UserClasses.Kind.CLASS
                        ? UserClasses.typeOf(u.def(), checker.annotations()) : Types.UNKNOWN;
            }
            Optional<String> dotted = dotted(c.func());
            if (dotted.isEmpty()) {
                return Types.UNKNOWN;
            }
            String d = dotted.get();
            if (d.equals("torch.nn.Parameter") || d.equals("torch.nn.parameter.Parameter")) {
                return Types.TENSOR;
            }
            if (d.equals("torch.jit.Attribute") && c.args().size() == 2) {
                return checker.annotations().type(c.args().get(1));
            }
            if (d.startsWith("torch.nn.") && LIBRARY.containsKey(d.substring(9))) {
                String name = d.substring(9);
                if (ModuleContainers.KINDS.contains(name)) {
                    Optional<Type.ModuleType> container = ModuleContainers.construct(name, c, this::moduleElement);
                    if (container.isPresent()) {
                        return container.get();
                    }
                }
                return library(name);
            }
            if (Set.of("torch.zeros", "torch.ones", "torch.randn", "torch.rand", "torch.empty", "torch.tensor",
                    "torch.arange", "torch.eye", "torch.full", "torch.zeros_like", "torch.ones_like",
                    "torch.randint", "torch.linspace").contains(d)) {
                return Types.TENSOR;
            }
        }
        return Types.UNKNOWN;
    }

    /** The dotted Python name of a module attribute chain ({@code nn.Linear} → {@code torch.nn.Linear}). */
    private Optional<String> dotted(Expr e) {
        if (e instanceof Expr.Name n) {
            Value v = checker.module().lookup(n.id()).orElse(null);
            if (v instanceof Value.PyModule m) {
                return Optional.of(m.name());
            }
            if (v instanceof Value.Builtin b) {
                return Optional.of(b.qualifiedName());
            }
            return Optional.empty();
        }
        if (e instanceof Expr.Attribute a) {
            return dotted(a.value()).map(d -> d + "." + a.attr());
        }
        return Optional.empty();
    }
}
