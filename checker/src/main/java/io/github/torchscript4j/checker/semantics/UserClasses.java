package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The file's classes as TorchScript sees them: {@code @torch.jit.script} classes (and plain classes
 * that TorchScript code uses, which the reference compiles the same way), {@code nn.Module}
 * subclasses, {@code Enum}s, {@code NamedTuple}s and {@code @torch.jit.interface}s.
 *
 * <p>What it models: a class's type (as an annotation names it), its attributes — for a script
 * class those its {@code __init__} assigns, in order, with the types of the assigned values; for a
 * module those {@link ModuleAttributes} infers from {@code __init__} — its methods (compiled once
 * each, with a typed {@code self}), attribute reads and writes through instances, constructor and
 * method calls ({@link MethodCalls}), enum members, NamedTuple fields, {@code del obj[k]}.
 *
 * <p>Where a class's attributes cannot all be known ({@code setattr}, unknown bases, a module
 * {@code __init__} that {@link ModuleAttributes} cannot follow) the class is <em>open</em>: unknown
 * attributes are then {@code UnknownType}, silently. Interfaces are not modelled (their type is
 * unknown), nor classmethods, properties, or inheritance among script classes (reported, as the
 * reference does, for decorated classes).
 */
final class UserClasses {
    /** What a class statement is to TorchScript. */
    enum Kind { CLASS, MODULE, ENUM, NAMED_TUPLE, INTERFACE, OTHER }

    private enum State { NEW, INIT, DONE }

    /** Everything known about one class statement, filled as TorchScript code uses it. */
    static final class Info {
        final Stmt.ClassDef def;
        final Kind kind;
        final Type type;
        final Map<String, Stmt.FunctionDef> methods = new LinkedHashMap<>();
        final Map<String, Stmt.FunctionDef> staticMethods = new LinkedHashMap<>();
        /** Names that exist on the class but are not modelled: decorated methods, classmethods. */
        final Set<String> silent = new HashSet<>();
        final Set<String> classAttributes = new HashSet<>();
        final Map<String, Type> attributes = new LinkedHashMap<>();
        boolean open;
        private State state = State.NEW;
        private final Map<Stmt.FunctionDef, Optional<Type>> returns = new IdentityHashMap<>();
        private final Map<Stmt.FunctionDef, Signature> signatures = new IdentityHashMap<>();

        Info(Stmt.ClassDef def, Kind kind, Type type) {
            this.def = def;
            this.kind = kind;
            this.type = type;
        }
    }

    private final Checker checker;
    private final Map<Stmt.ClassDef, Info> infos = new IdentityHashMap<>();

    UserClasses(Checker checker) {
        this.checker = checker;
    }

    // ---- kinds and types ------------------------------------------------------------------

    static Kind kind(Stmt.ClassDef c, TypeAnnotations r) {
        return kind(c, r.ownerOf(c), 0);
    }

    private static Kind kind(Stmt.ClassDef c, TypeAnnotations r, int depth) {
        if (depth > 16) {
            return Kind.OTHER;
        }
        if (c.decoratorList().stream().anyMatch(d -> isBuiltin(r.resolve(d instanceof Expr.Call call ? call.func() : d),
                "torch.jit.interface"))) {
            return Kind.INTERFACE;
        }
        // other decorators (@dataclass) rewrite the class in ways not modelled
        boolean plain = c.keywords().isEmpty() && c.decoratorList().stream().allMatch(d -> isTorchDecorator(d, r));
        Kind k = plain ? Kind.CLASS : Kind.OTHER;
        for (Expr b : c.bases()) {
            Value v = r.resolve(b);
            if (isBuiltin(v, "object")) {
                continue;
            }
            if (isBuiltin(v, "torch.nn.Module")
                    || v instanceof Value.UserClass lib && ConcreteModules.isLibraryModule(lib.def())) {
                return Kind.MODULE;
            }
            if (isBuiltin(v, "enum.Enum")) {
                return c.bases().size() == 1 ? Kind.ENUM : Kind.OTHER;
            }
            if (isBuiltin(v, "typing.NamedTuple")) {
                return c.bases().size() == 1 ? Kind.NAMED_TUPLE : Kind.OTHER;
            }
            if (v instanceof Value.UserClass u && u.def() != c && kind(u.def(), r.ownerOf(u.def()), depth + 1) == Kind.MODULE) {
                return Kind.MODULE;
            }
            k = Kind.OTHER;
        }
        return k;
    }

    private static boolean isBuiltin(Value v, String name) {
        return v instanceof Value.Builtin b && b.qualifiedName().equals(name);
    }

    /** The type a class denotes in an annotation; unknown for what is not modelled. */
    static Type typeOf(Stmt.ClassDef c, TypeAnnotations annotations) {
        TypeAnnotations r = annotations.ownerOf(c);
        ClassDeclaration decl = new ClassDeclaration(c);
        String name = r.qualifiedName(c);
        switch (kind(c, r)) {
            case CLASS:
                return new Type.ClassType(name, decl);
            case MODULE:
                return new Type.ModuleType(name, decl);
            case ENUM:
                return new Type.EnumType(name, enumValueType(c), decl);
            case INTERFACE:
                // a module interface (a subclass of nn.Module) is not modelled
                return c.bases().stream().allMatch(b -> isBuiltin(r.resolve(b), "object"))
                        ? new Type.InterfaceType(name, decl) : Types.UNKNOWN;
            case NAMED_TUPLE: {
                List<Type> types = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (Stmt s : c.body()) {
                    if (s instanceof Stmt.AnnAssign a && a.target() instanceof Expr.Name n) {
                        names.add(n.id());
                        types.add(r.type(a.annotation()));
                    }
                }
                return new Type.TupleType(types, Optional.of(new Type.TupleType.Named(name, names)));
            }
            default:
                return Types.UNKNOWN;
        }
    }

    private static Map<String, Expr> enumMembers(Stmt.ClassDef c) {
        Map<String, Expr> members = new LinkedHashMap<>();
        for (Stmt s : c.body()) {
            if (s instanceof Stmt.Assign a && a.targets().size() == 1 && a.targets().get(0) instanceof Expr.Name n) {
                members.put(n.id(), a.value());
            }
        }
        return members;
    }

    private static Type enumValueType(Stmt.ClassDef c) {
        Type common = null;
        for (Expr v : enumMembers(c).values()) {
            Type t = v instanceof Expr.Constant k && (k.value() instanceof Literal.Int || k.value() instanceof Literal.Float
                    || k.value() instanceof Literal.Str) ? Signatures.literalType(v) : Types.UNKNOWN;
            if (common != null && !common.equals(t)) {
                return Types.UNKNOWN;
            }
            common = t;
        }
        return common == null ? Types.UNKNOWN : common;
    }

    // ---- class information ----------------------------------------------------------------

    Info info(Stmt.ClassDef c) {
        Info info = infos.get(c);
        if (info != null) {
            return info;
        }
        return checker.inScopeOf(c, () -> newInfo(c)); // a class of another project file is read with its file's globals
    }

    private Info newInfo(Stmt.ClassDef c) {
        Info info;
        TypeAnnotations r = checker.annotations();
        info = new Info(c, kind(c, r), typeOf(c, r));
        infos.put(c, info);
        if (info.kind == Kind.MODULE) {
            for (Expr b : c.bases()) {
                if (r.resolve(b) instanceof Value.UserClass u && u.def() != c && !ConcreteModules.isLibraryModule(u.def())) {
                    Info base = info(u.def());
                    info.methods.putAll(base.methods);
                    info.staticMethods.putAll(base.staticMethods);
                    info.silent.addAll(base.silent);
                    info.classAttributes.addAll(base.classAttributes);
                }
            }
        }
        for (Stmt s : c.body()) {
            if (s instanceof Stmt.FunctionDef f) {
                info.methods.remove(f.name());
                info.staticMethods.remove(f.name());
                if (f.decoratorList().stream().anyMatch(d -> d instanceof Expr.Name n && n.id().equals("staticmethod"))) {
                    info.staticMethods.put(f.name(), f);
                } else if (f.decoratorList().stream().allMatch(d -> isTorchDecorator(d, r))) {
                    info.methods.put(f.name(), f);
                } else {
                    info.silent.add(f.name());
                }
            } else if (s instanceof Stmt.AsyncFunctionDef || s instanceof Stmt.ClassDef) {
                info.silent.addAll(Opaque.assigned(s));
            } else {
                info.classAttributes.addAll(Opaque.assigned(s));
            }
        }
        if (info.methods.containsKey("__getattr__") || info.silent.contains("__getattr__")
                || info.kind != Kind.CLASS && info.kind != Kind.MODULE) {
            info.open = true;
        }
        if (info.kind == Kind.MODULE) {
            new ModuleAttributes(checker, this, info).infer();
        }
        return info;
    }

    private static boolean isTorchDecorator(Expr d, TypeAnnotations r) {
        Value v = r.resolve(d instanceof Expr.Call c ? c.func() : d);
        return v instanceof Value.Builtin b && b.qualifiedName().startsWith("torch.jit.");
    }

    /** The information behind a class, module, enum or NamedTuple type of this file, or null. */
    Info infoOf(Type t) {
        if (t instanceof Type.ClassType c && c.declaration() instanceof ClassDeclaration d) {
            return info(d.def());
        }
        if (t instanceof Type.ModuleType m && m.declaration() instanceof ClassDeclaration d) {
            return info(d.def());
        }
        if (t instanceof Type.EnumType e && e.declaration() instanceof ClassDeclaration d) {
            return info(d.def());
        }
        if (t instanceof Type.InterfaceType i && i.declaration() instanceof ClassDeclaration d) {
            return info(d.def());
        }
        if (t instanceof Type.TupleType tuple && tuple.named().isPresent()) {
            String q = tuple.named().get().qualifiedName();
            String simple = q.substring(q.lastIndexOf('.') + 1);
            if (checker.module().lookup(simple).orElse(null) instanceof Value.UserClass u
                    && q.equals(checker.annotations().qualifiedName(u.def()))) {
                return info(u.def());
            }
        }
        return null;
    }

    // ---- compilation ----------------------------------------------------------------------

    /**
     * A class used by TorchScript code, or a module class of the file: its methods are compiled
     * (a script class's {@code __init__} first, which defines its attributes; a module's {@code
     * forward} and {@code @torch.jit.export} methods).
     */
    void use(Stmt.ClassDef c) {
        checker.inScopeOf(c, () -> {
            useInScope(c);
            return null;
        });
    }

    private void useInScope(Stmt.ClassDef c) {
        Info info = info(c);
        if (info.kind == Kind.CLASS) {
            if (Decorators.isScript(c.decoratorList(), checker.annotations())) {
                for (Expr b : c.bases()) {
                    if (checker.annotations().resolve(b) instanceof Value.UserClass) {
                        checker.sink().error(Code.CLASS_DEFINITION, b.range(), "TorchScript classes does not support "
                                + "inheritance yet. Please directly inherit from 'object'.");
                    }
                }
            }
            ensureInit(info);
            for (Stmt.FunctionDef m : List.copyOf(info.methods.values())) {
                methodReturn(info, m);
            }
        } else if (info.kind == Kind.OTHER && Decorators.isScript(c.decoratorList(), checker.annotations())) {
            for (Expr b : c.bases()) {
                if (checker.annotations().resolve(b) instanceof Value.UserClass u && kind(u.def(), checker.annotations()) == Kind.CLASS) {
                    checker.sink().error(Code.CLASS_DEFINITION, b.range(), "TorchScript classes does not support "
                            + "inheritance yet. Please directly inherit from 'object'.");
                }
            }
        } else if (info.kind == Kind.MODULE) {
            for (Stmt.FunctionDef m : List.copyOf(info.methods.values())) {
                if (m.name().equals("forward") || isExported(m)) {
                    methodReturn(info, m);
                }
            }
        }
    }

    boolean isExported(Stmt.FunctionDef m) {
        return m.decoratorList().stream().anyMatch(d -> isBuiltin(checker.annotations().resolve(d), "torch.jit.export"));
    }

    private void ensureInit(Info info) {
        if (info.kind != Kind.CLASS || info.state != State.NEW) {
            return;
        }
        info.state = State.INIT;
        Stmt.FunctionDef init = info.methods.get("__init__");
        if (init != null) {
            methodReturn(info, init);
        }
        info.state = State.DONE;
    }

    Signature signature(Info info, Stmt.FunctionDef m) {
        Signature known = info.signatures.get(m);
        if (known != null) {
            return known;
        }
        Signature sig = checker.inScopeOf(m, () -> checker.methodSignature(m, info.type));
        info.signatures.put(m, sig);
        return sig;
    }

    /** Compiles a method (once), in the scope of its class's file, and returns its return type. */
    Type methodReturn(Info info, Stmt.FunctionDef m) {
        return methodReturn(info, m, List.of());
    }

    /** As {@link #methodReturn(Info, Stmt.FunctionDef)}, compiled for {@code why} ({@link Checker#calledFrom}) if not yet. */
    Type methodReturn(Info info, Stmt.FunctionDef m, List<io.github.torchscript4j.checker.source.Diagnostic.Related> why) {
        return checker.inScopeOf(m, () -> methodReturnInScope(info, m, why));
    }

    private Type methodReturnInScope(Info info, Stmt.FunctionDef m,
            List<io.github.torchscript4j.checker.source.Diagnostic.Related> why) {
        Signature sig = signature(info, m);
        if (Decorators.isIgnored(m.decoratorList(), checker.annotations())) {
            return sig.annotatedReturn().orElse(Types.UNKNOWN);
        }
        Optional<Type> known = info.returns.get(m);
        if (known != null) {
            return known.orElse(sig.annotatedReturn().orElse(Types.UNKNOWN));
        }
        info.returns.put(m, Optional.empty());
        Type r = checker.compiling(Checker.methodName(info.def.name(), m), why,
                () -> new FunctionChecker(checker, m, sig, Optional.of(info.type)).check());
        info.returns.put(m, Optional.of(r));
        return r;
    }

    /**
     * Why a value of the class type {@code actual} is no {@code InterfaceType}, as the reference's
     * {@code ClassType::isSubtypeOfExt} explains it: the first interface method (in declaration
     * order) that the class lacks, or whose schema is not a subtype of the interface's (same
     * parameter names, the interface's parameter types subtypes of the class's, the class's return
     * type a subtype of the interface's). Empty when it is one, or when the checker is not sure.
     */
    Optional<String> notImplementing(Type actual, Type.InterfaceType iface) {
        Info ii = infoOf(iface);
        Info ci = infoOf(actual);
        if (ii == null || ci == null || ii.kind != Kind.INTERFACE || ci.kind != Kind.CLASS || !(actual instanceof Type.ClassType)
                || ci.open || !ci.silent.isEmpty()) {
            return Optional.empty();
        }
        for (Stmt.FunctionDef im : ii.methods.values()) {
            Signature is = signature(ii, im);
            if (!is.complete() || is.annotatedReturn().isEmpty() || !im.args().defaults().isEmpty()) {
                return Optional.empty();
            }
            Stmt.FunctionDef cm = ci.methods.get(im.name());
            if (cm == null) {
                if (ci.staticMethods.containsKey(im.name()) || ci.classAttributes.contains(im.name())) {
                    return Optional.empty();
                }
                return Optional.of("Class '" + actual.reprStr() + "' does not have method '" + im.name() + "' but '"
                        + iface.reprStr() + "' does.");
            }
            Signature cs = signature(ci, cm);
            if (!cs.complete() || !cm.args().defaults().isEmpty() || Decorators.isIgnored(cm.decoratorList(), checker.annotations())) {
                return Optional.empty();
            }
            Type cr = methodReturn(ci, cm);
            Type ir = is.annotatedReturn().get();
            if (!Environment.known(cr) || !Environment.known(ir) && !(ir instanceof Type.InterfaceType)) {
                return Optional.empty();
            }
            boolean fits = cs.params().size() == is.params().size() && TypeRelations.isSubtypeOf(cr, ir);
            for (int i = 1; fits && i < cs.params().size(); i++) { // 0 is self
                Signature.Param c = cs.params().get(i);
                Signature.Param p = is.params().get(i);
                if (!Environment.known(c.type()) || !Environment.known(p.type())) {
                    return Optional.empty();
                }
                fits = c.name().equals(p.name()) && c.keywordOnly() == p.keywordOnly()
                        && TypeRelations.isSubtypeOf(p.type(), c.type());
            }
            if (!fits) {
                return Optional.of("Method on class '" + actual.reprStr() + "' (1) is not compatible with interface '"
                        + iface.reprStr() + "' (2)\n  (1) " + methodSchema(cs, cr) + "\n  (2) "
                        + methodSchema(is, ir));
            }
        }
        return Optional.empty();
    }

    private static String methodSchema(Signature sig, Type returns) {
        return UserCalls.schema(sig, true, returns);
    }

    // ---- attributes -----------------------------------------------------------------------

    /** {@code value.attr} where {@code value} has a class, module, enum or NamedTuple type. */
    Value attribute(ExpressionChecker exprs, Type t, Expr.Attribute a) {
        ConcreteDeclaration concrete = ConcreteModules.declaration(t);
        if (concrete != null) {
            return concreteAttribute(exprs, concrete, t, a);
        }
        Info info = infoOf(t);
        String name = a.attr();
        ModuleContainers.StaticContainer container = ModuleContainers.of(t);
        if (container != null && container.exact()) {
            // a submodule of a container inferred from source, by name (an OrderedDict Sequential's)
            for (Map.Entry<String, Type.ModuleType> e : container.items()) {
                if (e.getKey().equals(name)) {
                    return Value.typed(e.getValue());
                }
            }
        }
        if (t instanceof Type.ModuleType && info == null) {
            return Value.UNKNOWN; // a torch.nn library module: not modelled
        }
        if (info == null && t instanceof Type.TupleType tuple && tuple.named().isPresent()
                && tuple.named().get().fieldNames().contains(name)) {
            // a field of a NamedTuple declared in another module (torch.nn.utils.rnn.PackedSequence)
            return Value.typed(tuple.elements().get(tuple.named().get().fieldNames().indexOf(name)));
        }
        if (info == null) {
            return Value.OPAQUE;
        }
        if (info.kind == Kind.ENUM) {
            if (name.equals("name")) {
                return Value.typed(Types.STR);
            }
            if (name.equals("value")) {
                return Value.typed(((Type.EnumType) t).valueType());
            }
            if (info.methods.containsKey(name) || info.silent.contains(name) || name.startsWith("_")) {
                return Value.OPAQUE;
            }
            exprs.sink().error(Code.NO_ATTRIBUTE, a.range(), "'" + t.reprStr() + "' object has no attribute or method '"
                    + name + "'.");
            return Value.UNKNOWN;
        }
        if (info.kind == Kind.NAMED_TUPLE && t instanceof Type.TupleType tuple) {
            int i = tuple.named().get().fieldNames().indexOf(name);
            if (i >= 0) {
                return Value.typed(tuple.elements().get(i));
            }
            if (info.methods.containsKey(name) || info.silent.contains(name) || name.startsWith("_")) {
                return Value.OPAQUE;
            }
            exprs.sink().error(Code.NO_ATTRIBUTE, a.range(), "'" + t.annotationStr() + "' object has no attribute or method '"
                    + name + "'.");
            return Value.UNKNOWN;
        }
        if (info.kind == Kind.INTERFACE) {
            Stmt.FunctionDef m = info.methods.get(name);
            return m != null && m.returns().isPresent() ? new Value.UserMethod(t, info.def, m) : Value.UNKNOWN;
        }
        if (info.kind != Kind.CLASS && info.kind != Kind.MODULE) {
            return Value.OPAQUE;
        }
        ensureInit(info);
        Type at = info.attributes.get(name);
        if (at != null) {
            return Value.typed(at);
        }
        Stmt.FunctionDef m = info.methods.get(name);
        if (m != null) {
            return new Value.UserMethod(t, info.def, m);
        }
        Stmt.FunctionDef sm = info.staticMethods.get(name);
        if (sm != null) {
            return new Value.UserFunction(sm);
        }
        if (info.kind == Kind.MODULE) {
            if (name.equals("training")) {
                return Value.typed(Types.BOOL);
            }
            if (info.open || info.silent.contains(name) || info.classAttributes.contains(name) || name.startsWith("_")
                    || ModuleAttributes.isModuleApi(name)) {
                return Value.UNKNOWN;
            }
            exprs.sink().error(Code.NO_ATTRIBUTE, a.range(), "Module '" + info.def.name() + "' has no attribute '" + name + "'");
            return Value.UNKNOWN;
        }
        if (info.open || info.silent.contains(name) || info.state == State.INIT && !inInitOf(exprs, info)) {
            return Value.UNKNOWN;
        }
        String hint = info.classAttributes.contains(name) ? "'" + name + "' is defined as a class attribute which "
                + "currently is not supported. Consider converting this to an instance attribute."
                : "Did you forget to initialize an attribute in __init__()?";
        exprs.sink().error(Code.NO_ATTRIBUTE, a.range(), "'" + t.reprStr() + "' object has no attribute or method '"
                + name + "'. " + hint);
        return Value.UNKNOWN;
    }

    /**
     * {@code module.attr} on a concrete module type: its parameters, buffers, attributes and
     * constants with the instance's types (a constant's value recorded for the emitter), its
     * submodules' classes, its methods; anything else is the reference's error.
     */
    private Value concreteAttribute(ExpressionChecker exprs, ConcreteDeclaration d, Type t, Expr.Attribute a) {
        String name = a.attr();
        Optional<ConcreteModuleType.Attribute> attribute = d.concrete().attribute(name);
        if (attribute.isPresent()) {
            ConcreteModuleType.Attribute at = attribute.get();
            if (at.kind() == ConcreteModuleType.Kind.MODULE) {
                return Value.typed(d.modules().typeOf(at.module()));
            }
            if (at.kind() == ConcreteModuleType.Kind.CONSTANT) {
                checker.recordConstant(a, at.value());
            }
            return Value.typed(at.type());
        }
        Info info = info(d.def());
        Stmt.FunctionDef m = info.methods.get(name);
        if (m != null) {
            return new Value.UserMethod(t, d.def(), m);
        }
        Stmt.FunctionDef sm = info.staticMethods.get(name);
        if (sm != null) {
            return new Value.UserFunction(sm);
        }
        if (name.equals("training")) {
            return Value.typed(Types.BOOL);
        }
        String failed = d.concrete().failedAttributes().get(name);
        exprs.sink().error(Code.NO_ATTRIBUTE, a.range(), "Module '" + d.concrete().className() + "' has no attribute '"
                + name + "'" + (failed == null ? "" : " (This attribute exists on the Python module, but we " + failed
                + " Its type was inferred; try adding a type annotation for the attribute.)"));
        return Value.UNKNOWN;
    }

    private static boolean inInitOf(ExpressionChecker exprs, Info info) {
        FunctionChecker f = exprs.function();
        return f.def().name().equals("__init__") && f.selfType().filter(info.type::equals).isPresent();
    }

    /** {@code Cls.attr} for a class of this file used as a Python value: enum members, static methods. */
    Value classAttribute(ExpressionChecker exprs, Stmt.ClassDef c, Expr.Attribute a) {
        Info info = info(c);
        String name = a.attr();
        if (info.kind == Kind.ENUM) {
            if (enumMembers(c).containsKey(name)) {
                return Value.typed(info.type);
            }
            if (info.methods.containsKey(name) || info.staticMethods.containsKey(name) || info.silent.contains(name)
                    || name.startsWith("_")) {
                return Value.OPAQUE;
            }
            exprs.sink().error(Code.NO_ATTRIBUTE, a.range(), info.type.reprStr() + "' has no attribute '" + name + "'");
            return Value.UNKNOWN;
        }
        if (info.kind == Kind.CLASS && info.staticMethods.containsKey(name)) {
            return new Value.UserFunction(info.staticMethods.get(name));
        }
        return Value.OPAQUE;
    }

    /**
     * {@code obj.attr = value}: defines the attribute in the class's {@code __init__} (at the top
     * level only), else requires it to exist with a type the value fits.
     */
    void store(ExpressionChecker exprs, Expr.Attribute a, Type value, SourceRange stmt) {
        Value base = exprs.eval(a.value());
        if (!(base instanceof Value.Typed bt)) {
            return;
        }
        ConcreteDeclaration concrete = ConcreteModules.declaration(bt.type());
        if (concrete != null) {
            concreteStore(exprs, concrete, a, value, stmt);
            return;
        }
        Info info = infoOf(bt.type());
        if (info == null || info.kind != Kind.CLASS && info.kind != Kind.MODULE) {
            return;
        }
        String name = a.attr();
        Type existing = info.attributes.get(name);
        if (existing == null) {
            if (info.kind == Kind.CLASS && info.state == State.INIT && inInitOf(exprs, info)
                    && a.value() instanceof Expr.Name n && isSelf(exprs, n)) {
                if (exprs.env().inControlFlow()) {
                    exprs.sink().error(Code.ATTRIBUTE_ASSIGNMENT, stmt, "First assignment cannot be in a control-flow "
                            + "block. Initialize the field at the top level first.");
                }
                info.attributes.put(name, value);
                return;
            }
            if (info.open || info.silent.contains(name) || info.state == State.INIT
                    || info.kind == Kind.MODULE && (name.startsWith("_") || name.equals("training")
                    || info.classAttributes.contains(name) || ModuleAttributes.isModuleApi(name))) {
                return;
            }
            exprs.sink().error(Code.ATTRIBUTE_ASSIGNMENT, stmt, "Tried to set nonexistent attribute: " + name
                    + ". Did you forget to initialize it in __init__()?");
            return;
        }
        if (Environment.known(existing) && Environment.known(value) && !TypeRelations.isSubtypeOf(value, existing)) {
            exprs.sink().error(Code.ATTRIBUTE_ASSIGNMENT, stmt, "Wrong type for attribute assignment. Expected "
                    + existing.str() + " but got " + value.str());
        }
    }

    /** {@code module.attr = value} on a concrete module type: the attribute must exist, and the value fit its type. */
    private static void concreteStore(ExpressionChecker exprs, ConcreteDeclaration d, Expr.Attribute a, Type value,
            SourceRange stmt) {
        Optional<ConcreteModuleType.Attribute> attribute = d.concrete().attribute(a.attr());
        if (attribute.isEmpty()) {
            if (!a.attr().equals("training")) {
                exprs.sink().error(Code.ATTRIBUTE_ASSIGNMENT, stmt, "Tried to set nonexistent attribute: " + a.attr()
                        + ". Did you forget to initialize it in __init__()?");
            }
            return;
        }
        Type existing = attribute.get().type();
        if (attribute.get().kind() != ConcreteModuleType.Kind.MODULE && Environment.known(value)
                && !TypeRelations.isSubtypeOf(value, existing)) {
            exprs.sink().error(Code.ATTRIBUTE_ASSIGNMENT, stmt, "Wrong type for attribute assignment. Expected "
                    + existing.str() + " but got " + value.str());
        }
    }

    private static boolean isSelf(ExpressionChecker exprs, Expr.Name n) {
        Stmt.FunctionDef f = exprs.function().def();
        List<io.github.torchscript4j.checker.syntax.ast.Arg> args = new ArrayList<>(f.args().posonlyargs());
        args.addAll(f.args().args());
        return !args.isEmpty() && args.get(0).arg().equals(n.id());
    }

    // ---- calls ----------------------------------------------------------------------------

    /** {@code Cls(args)}: a script class's constructor or a NamedTuple's. */
    Value construct(ExpressionChecker exprs, Stmt.ClassDef c, Expr.Call call) {
        Info info = info(c);
        if (info.kind == Kind.CLASS) {
            use(c);
            Stmt.FunctionDef init = info.methods.get("__init__");
            if (init != null) {
                MethodCalls.check(exprs, call, signature(info, init), true, methodReturn(info, init));
            } else {
                evalArguments(exprs, call);
            }
            return Value.typed(info.type);
        }
        if (info.kind == Kind.NAMED_TUPLE && info.type instanceof Type.TupleType tuple) {
            List<Signature.Param> params = new ArrayList<>();
            int i = 0;
            for (Stmt s : c.body()) {
                if (s instanceof Stmt.AnnAssign a && a.target() instanceof Expr.Name n) {
                    params.add(new Signature.Param(n.id(), tuple.elements().get(i++), a.value(), false));
                }
            }
            MethodCalls.check(exprs, call, new Signature(c.name(), params, Optional.of(tuple), true), false,
                    new Type.TupleType(List.of()));
            return Value.typed(tuple);
        }
        evalArguments(exprs, call);
        return info.kind == Kind.ENUM ? Value.UNKNOWN : Value.OPAQUE;
    }

    /** {@code obj.method(args)}. */
    Value callMethod(ExpressionChecker exprs, Value.UserMethod m, Expr.Call call) {
        ConcreteDeclaration concrete = ConcreteModules.declaration(m.receiver());
        if (concrete != null) {
            return concreteCall(exprs, concrete, (Type.ModuleType) m.receiver(), m.def(), call);
        }
        Info info = info(m.cls());
        if (info.kind == Kind.INTERFACE) {
            // a declaration: its body is never compiled
            Signature sig = signature(info, m.def());
            Type declared = sig.annotatedReturn().orElse(Types.UNKNOWN);
            MethodCalls.check(exprs, call, sig, true, declared);
            // the emitter calls it by name on whatever class the value has at run time
            if (m.receiver() instanceof Type.InterfaceType) {
                checker.recordCallee(call, new CheckResult.CheckedFunction(m.def(), sig, Optional.of(m.receiver()), declared));
            }
            return Value.typed(declared);
        }
        // a module's method is compiled for the call that first reaches it; a class's with its class
        Type result = info.kind == Kind.MODULE
                ? methodReturn(info, m.def(), exprs.checker().calledFrom(Checker.methodName(info.def.name(), m.def()), call.range()))
                : methodReturn(info, m.def());
        if (Decorators.isIgnored(m.def().decoratorList(), checker.annotations())) {
            evalArguments(exprs, call);
        } else {
            MethodCalls.check(exprs, call, signature(info, m.def()), true, result);
        }
        return Value.typed(result);
    }

    /**
     * A method of a concrete module type, compiled (once) by the checker of its class, which may
     * be another class's ({@link ConcreteModules}); the callee is recorded for the emitter.
     */
    private Value concreteCall(ExpressionChecker exprs, ConcreteDeclaration d, Type.ModuleType t, Stmt.FunctionDef def,
            Expr.Call call) {
        ConcreteModules.ClassState owner = d.modules().state(t);
        Signature sig = owner.checker.concreteSignature(t, def);
        Type result = owner.checker.concreteMethod(t, def,
                exprs.checker().calledFrom(Checker.methodName(d.concrete().className(), def), call.range()));
        if (owner.checker.isIgnored(def)) {
            evalArguments(exprs, call);
        } else {
            MethodCalls.check(exprs, call, sig, true, result);
            checker.recordCallee(call, new CheckResult.CheckedFunction(def, sig, Optional.of(t), result));
        }
        return Value.typed(result);
    }

    /** Compiles the method {@code name} of a concrete module type, if its class has one ({@code hasattr} does). */
    void compileConcreteMethod(Type t, String name) {
        ConcreteDeclaration d = ConcreteModules.declaration(t);
        Stmt.FunctionDef m = d == null ? null : info(d.def()).methods.get(name);
        if (m != null) {
            d.modules().state((Type.ModuleType) t).checker.concreteMethod((Type.ModuleType) t, m);
        }
    }

    /** {@code submodule(args)}: the module's {@code forward}. */
    Value callModule(ExpressionChecker exprs, Type.ModuleType t, Expr.Call call) {
        ConcreteDeclaration concrete = ConcreteModules.declaration(t);
        if (concrete != null) {
            Stmt.FunctionDef forward = info(concrete.def()).methods.get("forward");
            if (forward == null) {
                evalArguments(exprs, call);
                exprs.sink().error(Code.NO_ATTRIBUTE, call.func().range(), "Module '" + concrete.concrete().className()
                        + "' has no attribute 'forward'");
                return Value.UNKNOWN;
            }
            return concreteCall(exprs, concrete, t, forward, call);
        }
        Info info = infoOf(t);
        if (info != null && info.methods.get("forward") != null) {
            return callMethod(exprs, new Value.UserMethod(t, info.def, info.methods.get("forward")), call);
        }
        ModuleContainers.StaticContainer container = ModuleContainers.of(t);
        if (container != null && container.kind().equals("Sequential")) {
            Optional<Stmt.FunctionDef> forward = libraryForward(t);
            if (forward.isPresent()) {
                Type result = sequentialResult(t, 0);
                MethodCalls.check(exprs, call, librarySignature(t, forward.get()), true, result);
                return Value.typed(result);
            }
        } else if (container == null && t.declaration() instanceof ModuleAttributes.LibraryModule l
                && !UNCHECKED_LIBRARY_CALLS.contains(l.name())) {
            Optional<Stmt.FunctionDef> forward = libraryForward(t);
            if (forward.isPresent()) {
                Signature sig = librarySignature(t, forward.get());
                Type result = sig.annotatedReturn().orElse(l.tensorToTensor() ? Types.TENSOR : Types.UNKNOWN);
                MethodCalls.check(exprs, call, sig, true, result);
                return Value.typed(result);
            }
        }
        evalArguments(exprs, call);
        return t.declaration() instanceof ModuleAttributes.LibraryModule l && l.tensorToTensor()
                ? Value.typed(Types.TENSOR) : Value.UNKNOWN;
    }

    /**
     * Library modules of the static view whose calls are not checked against our bundled {@code
     * forward}: the reference's has overloads or a signature ours does not reproduce exactly, or
     * calling the container fails inside PyTorch's own source.
     */
    private static final java.util.Set<String> UNCHECKED_LIBRARY_CALLS = java.util.Set.of("LSTM", "GRU", "RNN",
            "MultiheadAttention", "Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer",
            "TransformerDecoderLayer", "EmbeddingBag", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict",
            "Sequential");

    /**
     * The {@code forward} of our bundled {@code torch.nn} library's class of a library module type
     * of the static view ({@code __torch__.torch.nn.modules.linear.Linear}), if the class defines one.
     */
    private static Optional<Stmt.FunctionDef> libraryForward(Type.ModuleType t) {
        if (!t.qualifiedName().startsWith("__torch__.")) {
            return Optional.empty();
        }
        String q = t.qualifiedName().substring("__torch__.".length());
        int dot = q.lastIndexOf('.');
        return BundledModule.nnModule(q.substring(0, dot)).flatMap(m -> m.classDef(q.substring(dot + 1)))
                .flatMap(c -> c.body().stream().filter(s -> s instanceof Stmt.FunctionDef f && f.name().equals("forward"))
                        .map(s -> (Stmt.FunctionDef) s).findFirst());
    }

    private Signature librarySignature(Type.ModuleType t, Stmt.FunctionDef forward) {
        return checker.inScopeOf(forward, () -> checker.methodSignature(forward, t));
    }

    /**
     * What a {@code Sequential} inferred from source returns: its {@code forward} unrolled, each
     * submodule's {@code forward} applied to the previous one's result (the last one's return
     * type; its input, an unannotated parameter, when it is empty); unknown where a submodule's is.
     */
    private Type sequentialResult(Type.ModuleType seq, int depth) {
        ModuleContainers.StaticContainer container = ModuleContainers.of(seq);
        if (container.items().isEmpty()) {
            return container.exact() ? Types.INFERRED_TENSOR : Types.UNKNOWN;
        }
        if (depth > 16) {
            return Types.UNKNOWN;
        }
        Type result = Types.UNKNOWN;
        for (Map.Entry<String, Type.ModuleType> e : container.items()) {
            result = forwardReturn(e.getValue(), depth);
            if (!Environment.known(result)) {
                return Types.UNKNOWN;
            }
        }
        return result;
    }

    /** The return type of a submodule's {@code forward} in the static view, when known. */
    private Type forwardReturn(Type.ModuleType m, int depth) {
        ModuleContainers.StaticContainer container = ModuleContainers.of(m);
        if (container != null) {
            return container.kind().equals("Sequential") ? sequentialResult(m, depth + 1) : Types.UNKNOWN;
        }
        Info info = infoOf(m);
        if (info != null) {
            Stmt.FunctionDef forward = info.methods.get("forward");
            return forward == null || info.kind != Kind.MODULE ? Types.UNKNOWN : methodReturn(info, forward);
        }
        if (m.declaration() instanceof ModuleAttributes.LibraryModule l) {
            Optional<Stmt.FunctionDef> forward = UNCHECKED_LIBRARY_CALLS.contains(l.name()) ? Optional.empty()
                    : libraryForward(m);
            Optional<Type> annotated = forward.flatMap(f -> librarySignature(m, f).annotatedReturn());
            return annotated.orElse(l.tensorToTensor() ? Types.TENSOR : Types.UNKNOWN);
        }
        return Types.UNKNOWN;
    }

    /** {@code del obj[k]} on a class instance; false when {@code obj} is no class instance. */
    boolean delete(ExpressionChecker exprs, Expr.Subscript s) {
        Type t = exprs.type(s.value());
        Info info = infoOf(t);
        if (info == null || info.kind != Kind.CLASS) {
            return false;
        }
        exprs.eval(s.slice());
        if (!info.methods.containsKey("__delitem__") && !info.silent.contains("__delitem__") && !info.open) {
            exprs.sink().error(Code.NO_ATTRIBUTE, s.range(), "Class does not define __delitem__");
        }
        return true;
    }

    private static void evalArguments(ExpressionChecker exprs, Expr.Call c) {
        c.args().forEach(exprs::eval);
        for (Keyword k : c.keywords()) {
            exprs.eval(k.value());
        }
    }
}
