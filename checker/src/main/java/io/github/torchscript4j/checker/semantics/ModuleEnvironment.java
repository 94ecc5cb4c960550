package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Alias;
import io.github.torchscript4j.checker.syntax.ast.ExceptHandler;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Python environment of one file as TorchScript sees it when it resolves a name that is not a
 * local variable: module-level imports, functions, classes and constants, then Python's builtins.
 *
 * <p>Every module-level binding is found, also inside module-level {@code if}, {@code try},
 * {@code with} and loops. A name bound more than once to different kinds of things, assigned
 * anything but a literal, or bound by {@code global}, is {@link Value.Opaque}: the checker does not
 * guess which binding is live. After {@code from m import *} every unknown name is opaque too. It
 * does not execute anything.
 *
 * <p>Imports of the project's own files are followed when the environment belongs to a {@link
 * Workspace} ({@link ProjectImports}): {@code from pkg.util import helper} binds the very function
 * of {@code pkg/util.py}, {@code import pkg.util as u} a {@link Value.ProjectModule} whose
 * attributes are that file's globals, relative imports resolve against this module's package.
 * Bindings are made in statement order, as Python runs the file, so that in an import cycle a
 * module sees what the other has defined so far (a name not yet defined is opaque). A name or
 * module that a project module lacks is Python's {@code ImportError} ({@link #importErrors()});
 * imports of other modules are resolved as before, never reported.
 */
final class ModuleEnvironment {
    /**
     * How one module's imports of the project's files resolve; {@link #NONE} for a file checked on
     * its own, where every import is a third-party one.
     */
    interface ProjectImports {
        ProjectImports NONE = new ProjectImports() {
            @Override
            public Optional<ModuleEnvironment> module(String dotted) {
                return Optional.empty();
            }

            @Override
            public Optional<ModuleEnvironment> owner(io.github.torchscript4j.checker.source.SourceFile file) {
                return Optional.empty();
            }
        };

        /**
         * The environment of the project module {@code dotted}, parsed and collected on first
         * request; while it is being collected (an import cycle) the partly built one.
         */
        Optional<ModuleEnvironment> module(String dotted);

        /** The project module whose tree is in {@code file}. */
        Optional<ModuleEnvironment> owner(io.github.torchscript4j.checker.source.SourceFile file);
    }

    private final Map<String, Value> names = new HashMap<>();
    /** The dotted module name ("" for a file checked on its own) and whether it is a package's {@code __init__.py}. */
    private final String pythonModule;
    private final boolean isPackage;
    private final String path;
    private final ProjectImports project;
    private final java.util.List<io.github.torchscript4j.checker.source.Diagnostic> importErrors = new java.util.ArrayList<>();
    /** False while the file's statements are being collected (another module importing it sees a partial module). */
    private boolean complete;
    /** Every dotted name the file imports, or imports a name from ({@code a.b} for {@code from a import b}). */
    private final java.util.Set<String> imported = new java.util.HashSet<>();
    private boolean starImport;

    ModuleEnvironment(Module module) {
        this(module, "", false, "", ProjectImports.NONE);
        collect();
    }

    /**
     * The environment of the project module {@code pythonModule} ({@code isPackage} for an {@code
     * __init__.py}) at {@code path}, resolving imports of the project through {@code project}.
     */
    ModuleEnvironment(Module module, String pythonModule, boolean isPackage, String path, ProjectImports project) {
        this.pythonModule = pythonModule;
        this.isPackage = isPackage;
        this.path = path;
        this.project = project;
        this.tree = module;
    }

    private final Module tree;

    /**
     * The environment of a code file of a TorchScript archive ({@code code/__torch__/...py}, the
     * serialized form that {@code torch.jit.save} writes and the reference's importer reads): the
     * file has no imports, so the names the importer provides are bound before its own: {@code
     * torch}, {@code Tensor}, the {@code typing} generics and {@code NoneType}, {@code Module}
     * ({@code torch.nn.Module}) and {@code __torch__}, the archive's own classes and functions
     * ({@code __torch__.torch.nn.modules.linear.Linear}) through {@code project}; {@code ops}
     * ({@code ops.prim.RaiseException}: the operator {@code prim::RaiseException}), {@code
     * annotate(T, v)}, {@code unchecked_cast(T, v)}, {@code uninitialized(T)} and {@code CONSTANTS}
     * (the archive's tensor constants, {@link #tensorConstants}). Only {@code
     * ConcreteModules}' archive compilation makes these; user code never sees these names.
     */
    static ModuleEnvironment serialized(Module module, String pythonModule, String path, ProjectImports project) {
        ModuleEnvironment env = new ModuleEnvironment(module, pythonModule, false, path, project);
        env.names.put("torch", PythonValues.module("torch"));
        env.names.put("Tensor", PythonValues.qualified("torch.Tensor"));
        for (String generic : List.of("List", "Dict", "Optional", "Tuple", "Final", "Union", "Any")) {
            env.names.put(generic, PythonValues.qualified("typing." + generic));
        }
        env.names.put("NoneType", Value.typed(Types.NONE));
        env.names.put("Module", PythonValues.qualified("torch.nn.Module"));
        env.names.put("__torch__", new Value.ProjectModule("__torch__"));
        env.names.put("ops", PythonValues.module("ops"));
        env.names.put("annotate", new Value.Builtin("torch.jit.annotate"));
        env.names.put("unchecked_cast", new Value.Builtin("unchecked_cast"));
        env.names.put("uninitialized", new Value.Builtin("uninitialized"));
        env.names.put("CONSTANTS", new Value.PyModule("CONSTANTS"));
        env.serialized = true;
        return env.collect();
    }

    private boolean serialized;
    private List<Object> tensorConstants = List.of();

    /**
     * The tensor constants of the archive whose code file this is ({@code CONSTANTS.c0} is the
     * first), as opaque runtime objects; empty for user code.
     */
    List<Object> tensorConstants() {
        return tensorConstants;
    }

    /** Sets {@link #tensorConstants}, for an archive's code file. */
    ModuleEnvironment withTensorConstants(List<Object> constants) {
        this.tensorConstants = constants;
        return this;
    }

    /**
     * Whether this is an archive's code file ({@link #serialized}): {@code torch.X} is then the
     * operator {@code aten::X} whatever Python's {@code torch} has, and {@code getattr(obj, "name")}
     * an attribute, as in the reference's importer.
     */
    boolean serialized() {
        return serialized;
    }

    /**
     * Collects the module-level bindings; a separate step from construction so that a project
     * module can be registered (for cycles) before its imports are followed.
     */
    ModuleEnvironment collect() {
        collectTop(tree.body());
        complete = true;
        return this;
    }

    /** Makes every name of this module opaque (a project file that does not parse: Python cannot import it). */
    void makeOpaque() {
        starImport = true;
    }

    /** The dotted name of this module; "" for a file checked on its own. */
    String pythonModule() {
        return pythonModule;
    }

    /** How this module's imports of project files resolve. */
    ProjectImports project() {
        return project;
    }

    /** The parsed file. */
    Module tree() {
        return tree;
    }

    /** Python's import errors of this module's own imports of project files ({@link io.github.torchscript4j.checker.source.Code#IMPORT_ERROR}). */
    java.util.List<io.github.torchscript4j.checker.source.Diagnostic> importErrors() {
        return java.util.List.copyOf(importErrors);
    }

    /**
     * The attribute {@code name} of the project module {@code m} as Python's {@code getattr}
     * finds it: the module's global, else its submodule; empty when it has neither.
     */
    Optional<Value> member(Value.ProjectModule m, String name) {
        Optional<ModuleEnvironment> env = project.module(m.name());
        if (env.isEmpty()) {
            return Optional.of(Value.OPAQUE);
        }
        Value v = env.get().names.get(name);
        if (v != null) {
            return Optional.of(v);
        }
        if (project.module(m.name() + "." + name).isPresent()) {
            return Optional.of(new Value.ProjectModule(m.name() + "." + name));
        }
        return env.get().starImport || !env.get().complete ? Optional.of(Value.OPAQUE) : Optional.empty();
    }

    /**
     * Whether the file imports {@code dotted} or a module below it: importing a submodule makes it
     * an attribute of its parent module, whatever the recorded members say.
     */
    boolean importsAtOrBelow(String dotted) {
        return imported.stream().anyMatch(i -> i.equals(dotted) || i.startsWith(dotted + "."));
    }

    /** The value of the global {@code name}, or empty when it is not defined (undefined value). */
    Optional<Value> lookup(String name) {
        Value v = names.get(name);
        if (v != null) {
            return Optional.of(v);
        }
        if (PythonValues.isBuiltinName(name)) {
            return Optional.of(PythonValues.builtin(name));
        }
        return starImport ? Optional.of(Value.OPAQUE) : Optional.empty();
    }

    /** Whether the statement being collected runs unconditionally (a failing import there is reported). */
    private boolean topLevel;

    private void collectTop(List<Stmt> body) {
        for (Stmt s : body) {
            topLevel = true;
            collect(s);
        }
        topLevel = false;
    }

    private void collect(List<Stmt> body) {
        boolean saved = topLevel;
        topLevel = false;
        for (Stmt s : body) {
            collect(s);
        }
        topLevel = saved;
    }

    private void collect(Stmt s) {
        if (s instanceof Stmt.FunctionDef f) {
            bind(f.name(), new Value.UserFunction(f));
        } else if (s instanceof Stmt.AsyncFunctionDef f) {
            bind(f.name(), Value.OPAQUE);
        } else if (s instanceof Stmt.ClassDef c) {
            bind(c.name(), new Value.UserClass(c));
        } else if (s instanceof Stmt.Import imp) {
            for (Alias a : imp.names()) {
                imported.add(a.name());
                Optional<Value> own = projectImport(a);
                if (own.isPresent()) {
                    bind(a.asname().orElse(topName(a.name())), own.get());
                } else if (a.asname().isPresent()) {
                    bind(a.asname().get(), PythonValues.qualified(a.name()));
                } else {
                    String first = a.name().contains(".") ? a.name().substring(0, a.name().indexOf('.')) : a.name();
                    bind(first, PythonValues.module(first));
                }
            }
        } else if (s instanceof Stmt.ImportFrom imp) {
            for (Alias a : imp.names()) {
                imp.module().ifPresent(m -> imported.add(m + "." + a.name()));
                if (a.name().equals("*")) {
                    starImport = true;
                    continue;
                }
                String bound = a.asname().orElse(a.name());
                Optional<Value> own = projectImportFrom(imp, a);
                if (own.isPresent()) {
                    bind(bound, own.get());
                } else if (imp.level() > 0 && project == ProjectImports.NONE && !pythonModule.isEmpty()) {
                    bind(bound, bundledRelative(imp, a)); // a bundled library module's own relative import
                } else if (imp.level() > 0 || imp.module().isEmpty()) {
                    bind(bound, Value.OPAQUE);
                } else {
                    bind(bound, PythonValues.qualified(imp.module().get() + "." + a.name()));
                }
            }
        } else if (s instanceof Stmt.Assign a) {
            Value v = a.value() instanceof Expr.Name n ? alias(n)
                    : a.value() instanceof Expr.Call c ? traced(c).orElse(Value.OPAQUE) : constant(a.value());
            for (Expr t : a.targets()) {
                bindTarget(t, a.targets().size() == 1 ? v : Value.OPAQUE);
            }
        } else if (s instanceof Stmt.AnnAssign a) {
            bindTarget(a.target(), Value.OPAQUE);
        } else if (s instanceof Stmt.AugAssign a) {
            bindTarget(a.target(), Value.OPAQUE);
        } else if (s instanceof Stmt.For f) {
            bindTarget(f.target(), Value.OPAQUE);
            collect(f.body());
            collect(f.orelse());
        } else if (s instanceof Stmt.While w) {
            collect(w.body());
            collect(w.orelse());
        } else if (s instanceof Stmt.If i) {
            collect(i.body());
            collect(i.orelse());
        } else if (s instanceof Stmt.With w) {
            w.items().forEach(item -> item.optionalVars().ifPresent(t -> bindTarget(t, Value.OPAQUE)));
            collect(w.body());
        } else if (s instanceof Stmt.Try t) {
            collect(t.body());
            for (ExceptHandler h : t.handlers()) {
                h.name().ifPresent(n -> bind(n, Value.OPAQUE));
                collect(h.body());
            }
            collect(t.orelse());
            collect(t.finalbody());
        } else if (s instanceof Stmt.TryStar t) {
            collect(t.body());
            for (ExceptHandler h : t.handlers()) {
                h.name().ifPresent(n -> bind(n, Value.OPAQUE));
                collect(h.body());
            }
            collect(t.orelse());
            collect(t.finalbody());
        } else if (s instanceof Stmt.Global g) {
            g.names().forEach(n -> bind(n, Value.OPAQUE));
        } else if (s instanceof Stmt.Match m) {
            // Pattern captures are not modelled: make every name of the file possible.
            starImport = true;
        } else if (s instanceof Stmt.ExprStmt e) {
            walrus(e.value());
        }
    }

    /** {@code from .m import name} in a bundled module ({@code torch.nn.modules.linear}): the absolute name's value. */
    private Value bundledRelative(Stmt.ImportFrom imp, Alias a) {
        String[] parts = pythonModule.split("\\.");
        int keep = parts.length - (isPackage ? 0 : 1) - (imp.level() - 1);
        if (keep <= 0) {
            return Value.OPAQUE;
        }
        String base = String.join(".", java.util.Arrays.asList(parts).subList(0, keep));
        String from = imp.module().map(m -> base + "." + m).orElse(base);
        return PythonValues.qualified(from + "." + a.name());
    }

    private static String topName(String dotted) {
        int dot = dotted.indexOf('.');
        return dot < 0 ? dotted : dotted.substring(0, dot);
    }

    /** Top-level names the checker models itself: a project file of that name never shadows them. */
    private static final java.util.Set<String> MODELLED = java.util.Set.of("torch", "typing", "typing_extensions", "math", "enum");

    /** The project module {@code dotted}, unless it names a module the checker models. */
    private Optional<ModuleEnvironment> projectModule(String dotted) {
        return MODELLED.contains(topName(dotted)) ? Optional.empty() : project.module(dotted);
    }

    /**
     * {@code import a.b.c} (binding {@code a}) or {@code import a.b.c as x} (binding {@code a.b.c})
     * of a project module; empty when {@code a} is no project module, so the import is a
     * third-party one. A missing submodule of a project package is Python's error.
     */
    private Optional<Value> projectImport(Alias a) {
        if (projectModule(topName(a.name())).isEmpty()) {
            return Optional.empty();
        }
        if (projectModule(a.name()).isEmpty()) {
            noModule(a.range(), a.name());
            return Optional.of(Value.OPAQUE);
        }
        return Optional.of(new Value.ProjectModule(a.asname().isPresent() ? a.name() : topName(a.name())));
    }

    /**
     * {@code from m import name} where {@code m} (absolute, or relative to this module's package)
     * is a project module: its global, or its submodule; empty when {@code m} is not in the project.
     */
    private Optional<Value> projectImportFrom(Stmt.ImportFrom imp, Alias a) {
        String from;
        if (imp.level() > 0) {
            if (project == ProjectImports.NONE) {
                return Optional.empty();
            }
            String[] parts = pythonModule.isEmpty() ? new String[0] : pythonModule.split("\\.");
            int keep = parts.length - (isPackage ? 0 : 1) - (imp.level() - 1);
            if (keep <= 0) {
                return Optional.of(Value.OPAQUE); // beyond the top-level package: not modelled
            }
            String base = String.join(".", java.util.Arrays.asList(parts).subList(0, keep));
            from = imp.module().map(m -> base + "." + m).orElse(base);
        } else if (imp.module().isPresent()) {
            from = imp.module().get();
        } else {
            return Optional.empty();
        }
        if (a.name().equals("*")) {
            return Optional.empty();
        }
        Optional<ModuleEnvironment> source = projectModule(from);
        if (source.isEmpty()) {
            if (imp.level() > 0 || projectModule(topName(from)).isPresent()) {
                if (a == imp.names().get(0)) {
                    noModule(a.range(), from); // once per statement, at its first name
                }
                return Optional.of(Value.OPAQUE);
            }
            return Optional.empty();
        }
        Optional<Value> v = source.get().member(new Value.ProjectModule(from), a.name());
        if (v.isEmpty()) {
            if (topLevel) {
                importErrors.add(io.github.torchscript4j.checker.source.Diagnostic.error(
                        io.github.torchscript4j.checker.source.Code.IMPORT_ERROR, a.range(),
                        "cannot import name '" + a.name() + "' from '" + from + "' (" + source.get().path + ")"));
            }
            return Optional.of(Value.OPAQUE);
        }
        return v;
    }

    private void noModule(io.github.torchscript4j.checker.source.SourceRange range, String dotted) {
        if (topLevel) {
            importErrors.add(io.github.torchscript4j.checker.source.Diagnostic.error(
                    io.github.torchscript4j.checker.source.Code.IMPORT_ERROR, range, "No module named '" + dotted + "'"));
        }
    }

    private void walrus(Expr e) {
        if (e instanceof Expr.NamedExpr n && n.target() instanceof Expr.Name name) {
            bind(name.id(), Value.OPAQUE);
        }
    }

    private void bindTarget(Expr target, Value v) {
        if (target instanceof Expr.Name n) {
            bind(n.id(), v);
        } else if (target instanceof Expr.Tuple t) {
            t.elts().forEach(e -> bindTarget(e, Value.OPAQUE));
        } else if (target instanceof Expr.List l) {
            l.elts().forEach(e -> bindTarget(e, Value.OPAQUE));
        } else if (target instanceof Expr.Starred st) {
            bindTarget(st.value(), Value.OPAQUE);
        }
    }

    private void bind(String name, Value v) {
        Value old = names.get(name);
        if (old == null) {
            names.put(name, v);
        } else if (old instanceof Value.UserFunction && v instanceof Value.UserFunction) {
            names.put(name, v); // redefinition: the last one is live (overloads are not modelled)
            if (isOverloaded((Value.UserFunction) old) && !isOverloaded((Value.UserFunction) v)) {
                names.put(name, Value.OPAQUE);
            }
        } else if (!old.equals(v)) {
            names.put(name, Value.OPAQUE);
        }
    }

    private static boolean isOverloaded(Value.UserFunction f) {
        for (Expr d : f.def().decoratorList()) {
            String text = d.range().text();
            if (text.contains("overload")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code lstm_cell = LSTMCellS}: the very object the other global holds when the statement runs
     * (a function, class or module under a second name; TorchScript compiles a call through the
     * alias as a call of the original, {@code __torch__.LSTMCellS}). A name not bound yet, or one
     * the checker does not model, makes the alias opaque.
     */
    private Value alias(Expr.Name source) {
        Value v = names.get(source.id());
        if (v == null && PythonValues.isBuiltinName(source.id())) {
            v = PythonValues.builtin(source.id());
        }
        return v == null ? Value.OPAQUE : v;
    }

    /**
     * {@code torch.jit.trace(f, example_inputs, ...)} of a module-level function {@code f} bound
     * at this point ({@link Value.TracedFunction}), or {@code torch.jit.trace(M(...), ...)} /
     * {@code torch.jit.trace_module(M(...), ...)} of a class {@code M} ({@link
     * Value.TracedModule}); empty for any other call.
     */
    private Optional<Value> traced(Expr.Call c) {
        String callee = dotted(c.func());
        boolean trace = "torch.jit.trace".equals(callee);
        if (!trace && !"torch.jit.trace_module".equals(callee)) {
            return Optional.empty();
        }
        Expr target = argument(c, 0, trace ? "func" : "mod");
        Expr inputs = argument(c, 1, trace ? "example_inputs" : "inputs");
        if (target instanceof Expr.Name n && names.get(n.id()) instanceof Value.UserFunction f && trace && inputs != null) {
            return Optional.of(new Value.TracedFunction(f.def(), inputs));
        }
        if (target instanceof Expr.Call construct && construct.func() instanceof Expr.Name n
                && names.get(n.id()) instanceof Value.UserClass cls) {
            return Optional.of(new Value.TracedModule(cls.def()));
        }
        return Optional.empty();
    }

    /** A call's argument by position, else by keyword; null when absent. */
    private static Expr argument(Expr.Call c, int position, String keyword) {
        if (c.args().size() > position && !(c.args().get(position) instanceof Expr.Starred)) {
            return c.args().get(position);
        }
        for (io.github.torchscript4j.checker.syntax.ast.Keyword k : c.keywords()) {
            if (k.arg().isPresent() && k.arg().get().equals(keyword)) {
                return k.value();
            }
        }
        return null;
    }

    /**
     * The qualified Python name an expression of names and attributes denotes at this point
     * ({@code torch.jit.trace}, also through {@code import torch.jit as jit} or {@code from
     * torch.jit import trace}); null when it names no Python module's member.
     */
    private String dotted(Expr e) {
        if (e instanceof Expr.Name n) {
            Value v = names.get(n.id());
            if (v instanceof Value.PyModule m) {
                return m.name();
            }
            return v instanceof Value.Builtin b ? b.qualifiedName() : null;
        }
        if (e instanceof Expr.Attribute a) {
            String base = dotted(a.value());
            return base == null ? null : base + "." + a.attr();
        }
        return null;
    }

    /**
     * A module-level value written as a literal or display. TorchScript does not inline a plain
     * function's globals: it sees the Python object, and using it is "python value of type 'int'
     * cannot be used as a value" (a global bound to {@code None} is not found at all). Anything
     * else is opaque.
     */
    private static Value constant(Expr value) {
        String type = pythonType(value);
        return type == null ? Value.OPAQUE : new Value.PythonObject(type);
    }

    /** The Python type name of a literal or display's value; null when not one. */
    private static String pythonType(Expr value) {
        if (value instanceof Expr.UnaryOp u && (u.op() == UnaryOperator.USUB || u.op() == UnaryOperator.UADD)) {
            String t = pythonType(u.operand());
            return "int".equals(t) || "float".equals(t) || "complex".equals(t) ? t : null;
        }
        if (value instanceof Expr.Constant c) {
            return c.value().pythonTypeName();
        }
        if (value instanceof Expr.List) {
            return "list";
        }
        if (value instanceof Expr.Tuple) {
            return "tuple";
        }
        if (value instanceof Expr.Dict) {
            return "dict";
        }
        if (value instanceof Expr.Set) {
            return "set";
        }
        return null;
    }
}
