package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a tree of {@link ConcreteModuleType}s as {@code torch.jit.script(instance)} compiles a
 * module: each distinct concrete type becomes a class whose {@code forward}, {@code
 * @torch.jit.export} methods and the methods they call are checked with {@code self}'s attributes
 * typed from the concrete type (not from the static inference of {@link ModuleAttributes}), its
 * constants known, its {@code ModuleList}s and {@code Sequential}s unrolled.
 *
 * <p>Classes are named as the reference names them: in post-order (submodules first), the first
 * class of a Python class gets its qualified name ({@code __torch__.torch.nn.modules.linear.Linear}),
 * every other distinct concrete type of a class already named gets the next {@code
 * ___torch_mangle_N} of the compilation ({@code
 * __torch__.torch.nn.modules.linear.___torch_mangle_0.Linear}).
 *
 * <p>Each class is checked by a {@link Checker} of its own (a method compiled for two concrete
 * types types its body twice), in the scope of its Python module: the compiled file, or a module
 * of our bundled {@code torch.nn} library ({@link BundledModule#nnModule}), whose {@code Module}
 * counts as {@code torch.nn.Module}. A call to a submodule's method asks the submodule's class's
 * checker, which compiles it on demand.
 *
 * <p>API Boundary: {@link #check} is what {@code checker.emit.ConcreteModuleCompiler} calls.
 */
public final class ConcreteModules {
    /** One compiled class: its qualified name, its concrete type (the first instance's), its type, its checked methods. */
    public record CompiledClass(String qualifiedName, ConcreteModuleType concrete, Type.ModuleType type,
            CheckResult result) {}

    /**
     * The compiled classes in the order they were named (submodules first), the class of every
     * instance of the tree (by identity), and the diagnostics of all checks.
     */
    public record Result(List<CompiledClass> classes, Map<ConcreteModuleType, String> names,
            List<Diagnostic> diagnostics) {
        public Result {
            classes = List.copyOf(classes);
            diagnostics = List.copyOf(diagnostics);
        }

        /** The qualified name of the class of an instance of the tree. */
        public String nameOf(ConcreteModuleType instance) {
            String n = names.get(instance);
            if (n == null) {
                throw new IllegalArgumentException("not an instance of this compilation: " + instance.qualifiedName());
            }
            return n;
        }

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(d -> d.severity() == io.github.torchscript4j.checker.source.Severity.ERROR);
        }
    }

    /** A class being compiled. */
    static final class ClassState {
        final ConcreteModuleType concrete;
        final String name;
        final Stmt.ClassDef def;
        final ModuleEnvironment environment;
        /** Whether the class is one of our bundled library's (not compared with the static view). */
        final boolean bundled;
        Type.ModuleType type;
        Checker checker;

        ClassState(ConcreteModuleType concrete, String name, Stmt.ClassDef def, ModuleEnvironment environment,
                boolean bundled) {
            this.concrete = concrete;
            this.name = name;
            this.def = def;
            this.environment = environment;
            this.bundled = bundled;
        }
    }

    private final Map<String, ParseResult> sources;
    private final Map<String, ModuleEnvironment> environments = new HashMap<>();
    private final Map<String, ClassState> byKey = new LinkedHashMap<>();
    private final Map<String, ClassState> byName = new HashMap<>();
    private final Map<ConcreteModuleType, String> names = new IdentityHashMap<>();
    private final Set<String> classNames = new HashSet<>();
    private int mangle;
    /** Whether the sources are an archive's code files (the serialized form), not user code. */
    private final boolean serialized;
    /** The empty packages between {@code __torch__} and an archive's code files ({@code __torch__.torch.nn}). */
    private final Map<String, ModuleEnvironment> packages = new HashMap<>();
    /** How the given project sources import each other (made once). */
    private ModuleEnvironment.ProjectImports projectImports;

    /** The archive's tensor constants ({@code CONSTANTS.cN}), when {@link #serialized}. */
    private final List<Object> tensorConstants;

    private ConcreteModules(Map<String, ParseResult> sources, boolean serialized) {
        this(sources, serialized, List.of());
    }

    private ConcreteModules(Map<String, ParseResult> sources, boolean serialized, List<Object> tensorConstants) {
        this.sources = sources;
        this.serialized = serialized;
        this.tensorConstants = tensorConstants;
    }

    /**
     * Checks the classes of the tree rooted at {@code root}. {@code sources} holds the parsed
     * Python modules of the project by dotted name ({@code ""} for the file being compiled); classes
     * of {@code torch.nn.modules.*} come from our bundled library.
     *
     * @throws IllegalArgumentException when a class's source is not found: no such module, or no
     *     such class at its top level
     */
    public static Result check(ConcreteModuleType root, Map<String, ParseResult> sources) {
        return check(root, sources, false);
    }

    /**
     * As {@link #check(ConcreteModuleType, Map)}; with {@code serialized}, {@code sources} are the
     * code files of a TorchScript archive by the Python module of their classes ({@code
     * torch.nn.modules.linear} for {@code code/__torch__/torch/nn/modules/linear.py}, {@code ""}
     * for {@code code/__torch__.py}) in the serialized form the reference's importer reads: their
     * files have the importer's names ({@link ModuleEnvironment#serialized}), and the classes of
     * {@code torch.nn.modules.*} are the archive's own, never our bundled library's.
     */
    public static Result check(ConcreteModuleType root, Map<String, ParseResult> sources, boolean serialized) {
        return check(root, sources, serialized, List.of());
    }

    /**
     * As {@link #check(ConcreteModuleType, Map, boolean)}; an archive's code ({@code serialized})
     * names its tensor constants {@code CONSTANTS.c0}, {@code CONSTANTS.c1}, ...: {@code
     * tensorConstants} are their values in that order, runtime objects the checker only hands on
     * (as {@link io.github.torchscript4j.checker.ir.TensorConstant}s). User code has no {@code CONSTANTS}.
     */
    public static Result check(ConcreteModuleType root, Map<String, ParseResult> sources, boolean serialized,
            List<?> tensorConstants) {
        ConcreteModules m = new ConcreteModules(Map.copyOf(sources), serialized, List.copyOf(tensorConstants));
        m.name(root);
        List<CompiledClass> classes = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (ClassState s : m.byKey.values()) {
            s.checker = Checker.concrete(s.environment);
        }
        for (ClassState s : m.byKey.values()) {
            s.checker.compileConcrete(s);
        }
        for (ClassState s : m.byKey.values()) {
            CheckResult r = s.checker.concreteResult();
            classes.add(new CompiledClass(s.name, s.concrete, s.type, r));
            for (Diagnostic d : r.diagnostics()) {
                if (!diagnostics.contains(d)) {
                    diagnostics.add(d);
                }
            }
        }
        diagnostics.sort(java.util.Comparator.comparing((Diagnostic d) -> d.range().file().path())
                .thenComparingInt(d -> d.range().start()));
        return new Result(classes, m.names, diagnostics);
    }

    /** A class-level annotation of a module class: the attribute's type, and whether it is {@code Final[T]} (a constant). */
    public record ClassAnnotation(Type type, boolean isFinal) {}

    /**
     * The class-level annotations of the module class {@code className} of {@code pythonModule}
     * ({@code words: List[str]}, {@code n: Final[int]}), resolved in that module's scope, as {@code
     * torch.jit.script(instance)} reads {@code __annotations__}: an annotated attribute takes the
     * annotation's type instead of the one its value would give, and a {@code Final} one is a
     * constant. An annotation that names no TorchScript type is absent.
     *
     * @throws IllegalArgumentException when the module or class is not found (as {@link #check})
     */
    public static Map<String, ClassAnnotation> classAnnotations(String pythonModule, String className,
            Map<String, ParseResult> sources) {
        return classAnnotations(pythonModule, className, sources, false);
    }

    /** As {@link #classAnnotations(String, String, Map)}, of an archive's code files when {@code serialized}. */
    public static Map<String, ClassAnnotation> classAnnotations(String pythonModule, String className,
            Map<String, ParseResult> sources, boolean serialized) {
        ConcreteModules m = new ConcreteModules(Map.copyOf(sources), serialized);
        String module = pythonModule.equals("__main__") ? "" : pythonModule;
        ModuleEnvironment env = m.environment(module);
        Stmt.ClassDef def = null;
        for (Stmt s : env.tree().body()) {
            if (s instanceof Stmt.ClassDef c && c.name().equals(className)) {
                def = c;
            }
        }
        if (def == null) {
            throw new IllegalArgumentException("no class " + className + " in the Python module '" + pythonModule + "'");
        }
        Checker checker = Checker.concrete(env);
        Map<String, ClassAnnotation> out = new LinkedHashMap<>();
        for (Stmt s : def.body()) {
            if (s instanceof Stmt.AnnAssign a && a.target() instanceof io.github.torchscript4j.checker.syntax.ast.Expr.Name n) {
                ClassAnnotation resolved = checker.inScopeOf(a, () -> classAnnotation(checker, a.annotation()));
                if (resolved != null) {
                    out.put(n.id(), resolved);
                }
            }
        }
        return out;
    }

    private static ClassAnnotation classAnnotation(Checker checker, io.github.torchscript4j.checker.syntax.ast.Expr annotation) {
        TypeAnnotations r = checker.annotations();
        io.github.torchscript4j.checker.syntax.ast.Expr inner = annotation;
        boolean isFinal = false;
        if (annotation instanceof io.github.torchscript4j.checker.syntax.ast.Expr.Subscript s && isFinal(r.resolve(s.value()))) {
            inner = s.slice();
            isFinal = true;
        } else if (isFinal(r.resolve(annotation))) {
            return new ClassAnnotation(Types.UNKNOWN, true);
        }
        Type t = r.type(inner);
        return t instanceof Type.UnknownType && !isFinal ? null : new ClassAnnotation(t, isFinal);
    }

    private static boolean isFinal(Value v) {
        return v instanceof Value.Builtin b
                && (b.qualifiedName().equals("typing.Final") || b.qualifiedName().equals("torch.jit.Final"));
    }

    /** Names the classes of the tree in post-order, sharing a class between instances of the same type. */
    private void name(ConcreteModuleType t) {
        for (ConcreteModuleType.Attribute a : t.submodules()) {
            name(a.module());
        }
        ClassState known = byKey.get(t.key());
        if (known != null) {
            names.put(t, known.name);
            return;
        }
        String base = t.qualifiedName();
        String name = base;
        if (!classNames.add(base)) {
            int dot = base.lastIndexOf('.');
            name = base.substring(0, dot) + ".___torch_mangle_" + mangle++ + base.substring(dot);
            classNames.add(name);
        }
        ModuleEnvironment env = environment(t.pythonModule());
        Stmt.ClassDef def = null;
        for (Stmt s : env.tree().body()) {
            if (s instanceof Stmt.ClassDef c && c.name().equals(t.className())) {
                def = c;
            }
        }
        if (def == null) {
            throw new IllegalArgumentException("no class " + t.className() + " in the Python module '"
                    + t.pythonModule() + "'");
        }
        ClassState s = new ClassState(t, name, def, env, serialized || !sources.containsKey(t.pythonModule()));
        s.type = new Type.ModuleType(name, new ConcreteDeclaration(def, t, this));
        byKey.put(t.key(), s);
        byName.put(name, s);
        names.put(t, name);
    }

    private ModuleEnvironment environment(String module) {
        ModuleEnvironment env = environments.get(module);
        if (env != null) {
            return env;
        }
        ParseResult parsed = sources.get(module);
        if (serialized) {
            if (parsed == null) {
                throw new IllegalArgumentException("no code file for the Python module '" + module + "'");
            }
            env = ModuleEnvironment.serialized(parsed.module(), module,
                    "__torch__/" + (module.isEmpty() ? "__torch__" : module.replace('.', '/')) + ".py",
                    archiveImports()).withTensorConstants(tensorConstants);
        } else if (parsed != null) {
            env = module.isEmpty() ? new ModuleEnvironment(parsed.module(), "", false, "", sourceImports())
                    : new ModuleEnvironment(parsed.module(), module, false, module.replace('.', '/') + ".py",
                            sourceImports());
            environments.put(module, env); // before collecting: an import cycle sees it
            env.collect();
        } else {
            Optional<BundledModule> bundled = BundledModule.nnModule(module);
            if (bundled.isEmpty()) {
                throw new IllegalArgumentException("no source for the Python module '" + module + "'");
            }
            env = bundled.get().environment();
        }
        environments.put(module, env);
        return env;
    }

    /**
     * How the project's source modules given to the compilation reach each other: {@code import
     * a.b} / {@code from a.b import f} find the module {@code a.b} among the sources (a package with
     * modules below it and no source of its own is an empty one); anything else is a third-party
     * import, opaque.
     */
    private ModuleEnvironment.ProjectImports sourceImports() {
        if (projectImports == null) {
            projectImports = new ModuleEnvironment.ProjectImports() {
                @Override
                public Optional<ModuleEnvironment> module(String dotted) {
                    if (dotted.isEmpty()) {
                        return Optional.empty();
                    }
                    if (sources.containsKey(dotted)) {
                        return Optional.of(environment(dotted));
                    }
                    if (sources.keySet().stream().anyMatch(k -> k.startsWith(dotted + "."))) {
                        return Optional.of(packages.computeIfAbsent(dotted, k -> new ModuleEnvironment(
                                new io.github.torchscript4j.checker.syntax.ast.Module(List.of(), List.of(),
                                        sources.values().iterator().next().module().range()),
                                k, true, k.replace('.', '/') + "/__init__.py", this)));
                    }
                    return Optional.empty();
                }

                @Override
                public Optional<ModuleEnvironment> owner(io.github.torchscript4j.checker.source.SourceFile file) {
                    return ownerOf(file);
                }
            };
        }
        return projectImports;
    }

    /** The environment of the source whose file is {@code file}, if it is one of the sources. */
    private Optional<ModuleEnvironment> ownerOf(io.github.torchscript4j.checker.source.SourceFile file) {
        for (Map.Entry<String, ParseResult> e : sources.entrySet()) {
            if (e.getValue().module().range().file() == file) {
                return Optional.of(environment(e.getKey()));
            }
        }
        return Optional.empty();
    }

    /**
     * How an archive's code files reach each other: {@code __torch__} is the root code file,
     * {@code __torch__.a.b} the file of module {@code a.b}, or an empty package when files lie below it.
     */
    private ModuleEnvironment.ProjectImports archiveImports() {
        return new ModuleEnvironment.ProjectImports() {
            @Override
            public Optional<ModuleEnvironment> module(String dotted) {
                if (!dotted.equals("__torch__") && !dotted.startsWith("__torch__.")) {
                    return Optional.empty();
                }
                String module = dotted.equals("__torch__") ? "" : dotted.substring("__torch__.".length());
                if (sources.containsKey(module)) {
                    return Optional.of(environment(module));
                }
                if (sources.keySet().stream().anyMatch(k -> k.startsWith(module + "."))) {
                    return Optional.of(packages.computeIfAbsent(module, k -> ModuleEnvironment.serialized(
                            new io.github.torchscript4j.checker.syntax.ast.Module(List.of(), List.of(),
                                    sources.values().iterator().next().module().range()), k, "", this)));
                }
                return Optional.empty();
            }

            @Override
            public Optional<ModuleEnvironment> owner(io.github.torchscript4j.checker.source.SourceFile file) {
                return ownerOf(file);
            }
        };
    }

    /** The class compiled for {@code t} (a concrete module type of this compilation). */
    ClassState state(Type.ModuleType t) {
        return byName.get(t.qualifiedName());
    }

    /** The type of the class compiled for a submodule's concrete type. */
    Type.ModuleType typeOf(ConcreteModuleType sub) {
        return byKey.get(sub.key()).type;
    }

    /** The concrete declaration of {@code t}, if it is a concrete module type. */
    static ConcreteDeclaration declaration(Type t) {
        return t instanceof Type.ModuleType m && m.declaration() instanceof ConcreteDeclaration d ? d : null;
    }

    /**
     * The submodules of a concrete {@code ModuleList}, {@code Sequential} or {@code ModuleDict}
     * (whose iteration, indexing and {@code len} are unrolled at compile time), in order, each with
     * its class's type; empty for any other type.
     */
    public static Optional<List<Map.Entry<String, Type.ModuleType>>> containerItems(Type t) {
        ConcreteDeclaration d = declaration(t);
        if (d == null || !(d.concrete().isContainer("ModuleList") || d.concrete().isContainer("Sequential")
                || d.concrete().isContainer("ModuleDict"))) {
            return Optional.empty();
        }
        List<Map.Entry<String, Type.ModuleType>> items = new ArrayList<>();
        for (ConcreteModuleType.Attribute a : d.concrete().submodules()) {
            items.add(Map.entry(a.name(), d.modules().typeOf(a.module())));
        }
        return Optional.of(items);
    }

    /**
     * The classes of a concrete {@code ModuleList}'s or {@code Sequential}'s submodules other than
     * the first one's, each once, in order: a loop over it is checked for each of them too.
     */
    static List<Type> otherElementTypes(Type t) {
        Optional<List<Map.Entry<String, Type.ModuleType>>> items = containerItems(t);
        if (items.isEmpty() || items.get().isEmpty() || isModuleDict(t)) {
            return List.of();
        }
        return ModuleContainers.otherThanFirst(items.get());
    }

    /**
     * {@code hasattr(module, name)} of a concrete module type: an attribute, constant or submodule
     * of the instance, {@code training}, or a method of its class (or of a base class of the same
     * Python module).
     */
    public static boolean hasAttribute(Type t, String name) {
        ConcreteDeclaration d = declaration(t);
        if (d == null) {
            return false;
        }
        if (d.concrete().attribute(name).isPresent() || name.equals("training")) {
            return true;
        }
        return hasMethod(d.def(), d.modules().state((Type.ModuleType) t).environment.tree(), name, 0);
    }

    private static boolean hasMethod(Stmt.ClassDef c, io.github.torchscript4j.checker.syntax.ast.Module tree, String name,
            int depth) {
        for (Stmt s : c.body()) {
            if (s instanceof Stmt.FunctionDef f && f.name().equals(name)) {
                return true;
            }
        }
        if (depth > 16 || isLibraryModule(c)) {
            return false;
        }
        for (io.github.torchscript4j.checker.syntax.ast.Expr b : c.bases()) {
            if (b instanceof io.github.torchscript4j.checker.syntax.ast.Expr.Name n) {
                for (Stmt s : tree.body()) {
                    if (s instanceof Stmt.ClassDef base && base.name().equals(n.id()) && base != c
                            && hasMethod(base, tree, name, depth + 1)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether {@code t} is the type of a class compiled against a concrete module type. */
    public static boolean isConcrete(Type t) {
        return declaration(t) != null;
    }

    /** Whether {@code t} is a concrete {@code ModuleDict}, indexed by its keys rather than by position. */
    public static boolean isModuleDict(Type t) {
        ConcreteDeclaration d = declaration(t);
        return d != null && d.concrete().isContainer("ModuleDict");
    }

    /**
     * The submodule name that a subscript of a concrete container selects: a constant int index
     * of a {@code ModuleList} or {@code Sequential} (negative counts from the end; the name is the
     * position), a constant string key of a {@code ModuleDict}; null when it is not a constant.
     */
    public static String containerKey(io.github.torchscript4j.checker.syntax.ast.Expr index, Type container, int size) {
        Object v = literal(index);
        if (isModuleDict(container)) {
            return v instanceof String s ? s : null;
        }
        if (v instanceof Long i) {
            long k = i < 0 ? i + size : i;
            return Long.toString(k);
        }
        return null;
    }

    private static Object literal(io.github.torchscript4j.checker.syntax.ast.Expr e) {
        if (e instanceof io.github.torchscript4j.checker.syntax.ast.Expr.Constant c) {
            if (c.value() instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Int i && i.value().bitLength() < 64) {
                return i.value().longValue();
            }
            if (c.value() instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Str str) {
                return str.value();
            }
        }
        if (e instanceof io.github.torchscript4j.checker.syntax.ast.Expr.UnaryOp u
                && u.op() == io.github.torchscript4j.checker.syntax.ast.UnaryOperator.USUB && literal(u.operand()) instanceof Long l) {
            return -l;
        }
        return null;
    }

    /** Whether {@code def} is our bundled library's {@code torch.nn.Module} class. */
    static boolean isLibraryModule(Stmt.ClassDef def) {
        return def.name().equals("Module") && BundledModule.owning(def.range().file())
                .map(m -> m.module().equals(BundledModule.NN_MODULES + ".module")).orElse(false);
    }
}
