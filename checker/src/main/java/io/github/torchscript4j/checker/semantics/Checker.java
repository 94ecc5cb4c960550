package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TorchScript checker of one file: finds what {@code torch.jit.script} would compile — the
 * functions and classes decorated {@code @torch.jit.script}, and, transitively, the module-level
 * functions and classes they use — and checks each function once.
 *
 * <p>API Boundary: {@link #check(ParseResult)} is what the command line, the language server and
 * the Maven plugin call. It never throws for any input tree; a file with syntax errors should not
 * be passed (the reference never gets that far), but is tolerated.
 *
 * <p>Classes ({@code @torch.jit.script} ones, and those TorchScript code uses) and every {@code
 * nn.Module} subclass of the file are compiled through {@link UserClasses}. Functions of {@code
 * torch.nn.functional} are those of the bundled library ({@link FunctionalLibrary}), checked like
 * the file's own but with the library's globals, and with their diagnostics kept out of the
 * file's. Functions and classes of the project's other files ({@link Workspace}) are checked the
 * same way, each in its own file's scope, and their diagnostics carry their own files' ranges.
 */
public final class Checker {
    /**
     * Where a function's globals are looked up and where diagnostics found while checking it go:
     * the checked file (module name "") or the bundled {@code torch.nn.functional} library, whose
     * diagnostics are kept apart and never reported against the file.
     */
    private record Scope(String pythonModule, ModuleEnvironment module, TypeAnnotations annotations,
            Signatures signatures, DiagnosticSink sink) {
        static Scope of(String pythonModule, ModuleEnvironment module) {
            return of(pythonModule, module, null);
        }

        /** A scope whose annotations name classes of other project files through {@code checker}'s scopes. */
        static Scope of(String pythonModule, ModuleEnvironment module, Checker checker) {
            DiagnosticSink sink = checker == null ? new DiagnosticSink() : new DiagnosticSink(checker::compiledSince);
            TypeAnnotations annotations = new TypeAnnotations(module, sink, pythonModule,
                    checker == null ? null : file -> checker.scopeOfFile(file).annotations());
            return new Scope(pythonModule, module, annotations, new Signatures(annotations, sink), sink);
        }
    }

    /**
     * The scopes of the project's other files whose functions or classes this check reached
     * ({@link Workspace}), by their source file; their diagnostics belong to those files.
     */
    private final Map<io.github.torchscript4j.checker.source.SourceFile, Scope> projectScopes = new java.util.LinkedHashMap<>();

    private final Scope file;
    /** The library's scope, made when a library function is first used. */
    private Scope library;
    private final Map<BundledModule, Scope> bundledScopes = new java.util.HashMap<>();
    /** The scope of the function being checked. */
    private Scope current;
    private final DiagnosticSink sink;
    private final IdentityHashMap<Expr, Type> types = new IdentityHashMap<>();
    private final IdentityHashMap<Expr, Value> values = new IdentityHashMap<>();
    private final IdentityHashMap<Expr, Type> annotationTypes = new IdentityHashMap<>();
    private final Map<Stmt.FunctionDef, CheckResult.CheckedFunction> checked = new java.util.LinkedHashMap<>();
    private final Map<Stmt.FunctionDef, CheckResult.IgnoredFunction> ignored = new java.util.LinkedHashMap<>();
    /** Functions checked or being checked, with their return type once known. */
    private final Map<Stmt.FunctionDef, Optional<Type>> functions = new IdentityHashMap<>();
    private final Map<Stmt.FunctionDef, Signature> signatureCache = new IdentityHashMap<>();
    private final Map<Stmt.FunctionDef, CheckResult.TracedFunction> traced = new java.util.LinkedHashMap<>();
    private final Deque<Stmt.FunctionDef> inProgress = new ArrayDeque<>();
    /**
     * Functions with an annotated return type reached while {@link #MAX_NESTED_FUNCTIONS} others
     * were being checked: their callers need only the annotation, so their bodies are checked
     * afterwards, from the top, and a long chain of calls cannot overflow the stack.
     */
    private final Deque<Stmt.FunctionDef> deferred = new ArrayDeque<>();
    /** Why each deferred function is compiled (its {@link #compiledSince()} once it is checked). */
    private final Map<Stmt.FunctionDef, List<Diagnostic.Related>> deferredSince = new IdentityHashMap<>();

    /**
     * The name TorchScript gives the function being checked in its call stack ({@code helper},
     * {@code M.forward}), or null outside any function.
     */
    private String compiling;
    /** Why the function being checked is compiled: see {@link #compiledSince()}. */
    private List<Diagnostic.Related> compiledSince = List.of();

    /** How deep callees are checked from inside their callers before annotated ones are deferred. */
    static final int MAX_NESTED_FUNCTIONS = 32;
    private final UserClasses classes = new UserClasses(this);
    /** The constant attributes of concrete module types read by checked code, with their values. */
    private final IdentityHashMap<Expr, Object> constants = new IdentityHashMap<>();
    /** The methods of concrete module types that calls reach, by call. */
    private final IdentityHashMap<Expr.Call, Map<String, CheckResult.CheckedFunction>> callees = new IdentityHashMap<>();
    /** Methods of this checker's concrete class checked or being checked, with their return type once known. */
    private final Map<Stmt.FunctionDef, Optional<Type>> concreteMethods = new IdentityHashMap<>();
    private final Map<Stmt.FunctionDef, Signature> concreteSignatures = new IdentityHashMap<>();

    private Checker(Module tree) {
        this(new ModuleEnvironment(tree));
    }

    private Checker(ModuleEnvironment entry) {
        this.file = Scope.of("", entry, this);
        this.current = file;
        this.sink = file.sink();
    }

    /** Checks every TorchScript function of a parsed file. */
    public static CheckResult check(ParseResult parsed) {
        Checker c = new Checker(parsed.module());
        c.run(parsed.module());
        return c.result();
    }

    /**
     * Checks every TorchScript function of a project file whose imports of other project files
     * resolve through {@code entry}'s {@link ModuleEnvironment.ProjectImports}: functions and
     * classes of those files that it reaches are checked in their own files' scopes, and what is
     * wrong inside them is reported at their own ranges (after the entry file's diagnostics).
     */
    static CheckResult check(ModuleEnvironment entry) {
        Checker c = new Checker(entry);
        entry.importErrors().forEach(d -> c.sink.error(d.code(), d.range(), d.message()));
        c.run(entry.tree());
        return c.result();
    }

    private CheckResult result() {
        List<Diagnostic> all = new java.util.ArrayList<>(sink.sorted());
        for (Scope s : projectScopes.values()) {
            all.addAll(s.sink().sorted());
        }
        return new CheckResult(all, types, values, annotationTypes, checked, ignored, constants, callees, traced);
    }

    // ---- concrete module types ------------------------------------------------------------

    /** A checker of one class of a {@link ConcreteModules} compilation, in the scope of the class's module. */
    static Checker concrete(ModuleEnvironment module) {
        return new Checker(module);
    }

    /** Checks a concrete class's {@code forward} and {@code @torch.jit.export} methods (and what they call). */
    void compileConcrete(ConcreteModules.ClassState s) {
        UserClasses.Info info = inScopeOf(s.def, () -> classes.info(s.def));
        if (info.kind != UserClasses.Kind.MODULE) {
            inScopeOf(s.def, () -> {
                sink().error(io.github.torchscript4j.checker.source.Code.CLASS_DEFINITION, s.def.range(),
                        "'" + s.def.name() + "' is not a subclass of torch.nn.Module: it cannot be compiled as a module");
                return null;
            });
            return;
        }
        if (!s.bundled) {
            inScopeOf(s.def, () -> {
                StaticView.check(this, info, s.concrete);
                return null;
            });
        }
        for (Stmt.FunctionDef m : List.copyOf(info.methods.values())) {
            // an archive's class body holds only compiled methods, without their decorators: each is one
            if (m.name().equals("forward") || s.environment.serialized() || inScopeOf(m, () -> classes.isExported(m))) {
                concreteMethod(s.type, m);
            }
        }
        drainDeferred();
    }

    /** The result of a concrete class's checks, the diagnostics of bundled library code included. */
    CheckResult concreteResult() {
        drainDeferred();
        CheckResult r = result();
        List<Diagnostic> all = new java.util.ArrayList<>(r.diagnostics());
        for (Scope s : bundledScopes.values()) {
            all.addAll(s.sink().sorted());
        }
        if (library != null) {
            all.addAll(library.sink().sorted());
        }
        return new CheckResult(all, types, values, annotationTypes, checked, ignored, constants, callees, traced);
    }

    /** The signature of a method of this checker's concrete class {@code self}. */
    Signature concreteSignature(Type.ModuleType self, Stmt.FunctionDef m) {
        Signature known = concreteSignatures.get(m);
        if (known == null) {
            known = inScopeOf(m, () -> methodSignature(m, self));
            concreteSignatures.put(m, known);
        }
        return known;
    }

    /** Whether a method is not compiled ({@code @torch.jit.ignore}, {@code @torch.jit.unused}). */
    boolean isIgnored(Stmt.FunctionDef m) {
        return Decorators.isIgnored(m.decoratorList(), scopeOf(m).annotations());
    }

    /** Checks a method of this checker's concrete class {@code self} (once) and returns its return type. */
    Type concreteMethod(Type.ModuleType self, Stmt.FunctionDef m) {
        return concreteMethod(self, m, List.of());
    }

    /**
     * As {@link #concreteMethod(Type.ModuleType, Stmt.FunctionDef)}, compiled for {@code why} (the
     * {@link #calledFrom calling checker's notes}) when this call is the first to reach it.
     */
    Type concreteMethod(Type.ModuleType self, Stmt.FunctionDef m, List<Diagnostic.Related> why) {
        Signature sig = concreteSignature(self, m);
        if (isIgnored(m)) {
            return sig.annotatedReturn().orElse(Types.TENSOR);
        }
        Optional<Type> known = concreteMethods.get(m);
        if (known != null) {
            return known.orElse(sig.annotatedReturn().orElse(Types.UNKNOWN));
        }
        concreteMethods.put(m, Optional.empty());
        ConcreteDeclaration declaration = ConcreteModules.declaration(self);
        String name = methodName(declaration == null ? self.str() : declaration.concrete().className(), m);
        Type r = compiling(name, why, () -> inScopeOf(m, () -> new FunctionChecker(this, m, sig, Optional.of(self)).check()));
        concreteMethods.put(m, Optional.of(r));
        return r;
    }

    /** The value of a constant of a concrete module type that {@code e} reads, or null. */
    Object constantValue(Expr e) {
        return constants.get(e);
    }

    void recordConstant(Expr e, Object value) {
        constants.put(e, value);
    }

    void recordCallee(Expr.Call call, CheckResult.CheckedFunction callee) {
        Type self = callee.self().orElseThrow();
        String receiver = self instanceof Type.InterfaceType i ? i.qualifiedName() : ((Type.ModuleType) self).qualifiedName();
        Map<String, CheckResult.CheckedFunction> byReceiver = callees.computeIfAbsent(call, k -> new java.util.LinkedHashMap<>());
        byReceiver.remove(receiver);
        byReceiver.put(receiver, callee); // the last one recorded last: the one the expression's recorded type is of
    }

    /**
     * Checks a file as {@code torch.jit.script} does, and also compiles each function named in
     * {@code parameterTypes} (a module-level function, decorated or not) with the given types for
     * its parameters instead of its annotations, as the functions of a trace are typed from their
     * example inputs ({@link TracedFunctions}). A name that is no module-level function, or a list
     * of another length than the function's parameters, is left alone.
     */
    static CheckResult check(ParseResult parsed, Map<String, List<Type>> parameterTypes) {
        Checker c = new Checker(parsed.module());
        java.util.List<Stmt.FunctionDef> roots = new java.util.ArrayList<>();
        for (Stmt s : parsed.module().body()) {
            if (s instanceof Stmt.FunctionDef f && parameterTypes.containsKey(f.name())) {
                Signature sig = c.signature(f);
                List<Type> types = parameterTypes.get(f.name());
                if (sig.params().size() == types.size()) {
                    java.util.List<Signature.Param> params = new java.util.ArrayList<>();
                    for (int i = 0; i < types.size(); i++) {
                        Signature.Param p = sig.params().get(i);
                        params.add(new Signature.Param(p.name(), types.get(i), p.defaultValue(), p.keywordOnly()));
                    }
                    c.signatureCache.put(f, new Signature(sig.name(), params, sig.annotatedReturn(), sig.complete()));
                    roots.add(f);
                }
            }
        }
        c.run(parsed.module());
        for (Stmt.FunctionDef f : roots) {
            c.function(f);
        }
        c.drainDeferred();
        return c.result();
    }

    /**
     * Checks every function of the bundled {@code torch.nn.functional} library as if each were
     * called, and returns the diagnostics found inside it — none, unless the library has a bug.
     */
    static List<Diagnostic> checkLibrary() {
        FunctionalLibrary lib = FunctionalLibrary.get();
        Checker c = new Checker(new Module(List.of(), List.of(), lib.parsed().module().range()));
        for (Stmt s : lib.parsed().module().body()) {
            if (s instanceof Stmt.FunctionDef f && !f.name().equals("_boolean_dispatch")) {
                c.function(f);
            }
        }
        c.drainDeferred();
        List<Diagnostic> all = new java.util.ArrayList<>(lib.parsed().diagnostics());
        all.addAll(c.sink.sorted());
        if (c.library != null) {
            all.addAll(c.library.sink().sorted());
        }
        return all;
    }

    private void run(Module tree) {
        TypeAnnotations annotations = file.annotations();
        for (Stmt s : tree.body()) {
            if (s instanceof Stmt.FunctionDef f && Decorators.isScript(f.decoratorList(), annotations)) {
                function(f);
            } else if (s instanceof Stmt.ClassDef c && Decorators.isScript(c.decoratorList(), annotations)) {
                useClass(c);
            } else if (s instanceof Stmt.ClassDef c && UserClasses.kind(c, annotations) == UserClasses.Kind.MODULE) {
                classes.use(c); // as torch.jit.script(M(...)) compiles it
            }
        }
        drainDeferred();
    }

    /** The globals of the function being checked (the file's, or the library's). */
    ModuleEnvironment module() {
        return current.module();
    }

    /** Where the diagnostics of the function being checked go. */
    DiagnosticSink sink() {
        return current.sink();
    }

    TypeAnnotations annotations() {
        return current.annotations();
    }

    private Scope scopeOf(Stmt.FunctionDef f) {
        return scopeOfFile(f.range().file());
    }

    /**
     * The scope of the file that holds a function or class: the checked file, the bundled
     * library, or another project file (made on first use); the checked file's for any other.
     */
    Scope scopeOfFile(io.github.torchscript4j.checker.source.SourceFile f) {
        if (f == FunctionalLibrary.get().parsed().module().range().file()) {
            if (library == null) {
                library = Scope.of(FunctionalLibrary.MODULE, FunctionalLibrary.get().environment());
            }
            return library;
        }
        Optional<BundledModule> bundled = BundledModule.owning(f);
        if (bundled.isPresent()) {
            return bundledScopes.computeIfAbsent(bundled.get(),
                    m -> Scope.of(m.module(), m.environment(), this));
        }
        if (f == file.module().tree().range().file()) {
            return file;
        }
        Scope s = projectScopes.get(f);
        if (s != null) {
            return s;
        }
        Optional<ModuleEnvironment> owner = file.module().project().owner(f);
        if (owner.isEmpty() || owner.get() == file.module()) {
            return file;
        }
        s = Scope.of(owner.get().pythonModule(), owner.get(), this);
        projectScopes.put(f, s);
        return s;
    }

    /** Runs {@code work} in the scope of the file that holds {@code node} (its globals, its diagnostics). */
    <T> T inScopeOf(io.github.torchscript4j.checker.syntax.ast.Node node, java.util.function.Supplier<T> work) {
        Scope saved = current;
        current = scopeOfFile(node.range().file());
        try {
            return work.get();
        } finally {
            current = saved;
        }
    }

    /** Checks {@code f}'s body in its own scope. */
    private Type checkBody(Stmt.FunctionDef f, Signature sig, List<Diagnostic.Related> why) {
        return compiling(f.name(), why, () -> inScopeOf(f, () -> new FunctionChecker(this, f, sig, Optional.empty()).check()));
    }

    // ---- the call chain -------------------------------------------------------------------

    /**
     * Why the function being checked is compiled, as TorchScript's error reports say it after an
     * error inside it: one note per call, innermost first, each at the call that reached the next
     * function ("'helper' is being compiled since it was called from 'main'"); empty for the
     * functions and methods {@code torch.jit.script} compiles directly. Every diagnostic found while
     * the function is checked carries these notes after its own related locations.
     */
    List<Diagnostic.Related> compiledSince() {
        return compiledSince;
    }

    /**
     * The notes of {@link #compiledSince()} for a function named {@code callee} (as in {@link
     * #compiling}) compiled because the function being checked calls it at {@code call}; the
     * current notes when nothing is being checked or the call is unknown.
     */
    List<Diagnostic.Related> calledFrom(String callee, SourceRange call) {
        if (compiling == null || call == null) {
            return compiledSince;
        }
        List<Diagnostic.Related> notes = new java.util.ArrayList<>();
        notes.add(new Diagnostic.Related(call, "'" + callee + "' is being compiled since it was called from '" + compiling + "'",
                Diagnostic.Related.Kind.CALLED_FROM));
        notes.addAll(compiledSince);
        return List.copyOf(notes);
    }

    /** Runs {@code work} as the check of the function TorchScript names {@code name}, compiled for {@code why}. */
    <T> T compiling(String name, List<Diagnostic.Related> why, java.util.function.Supplier<T> work) {
        String savedName = compiling;
        List<Diagnostic.Related> savedWhy = compiledSince;
        compiling = name;
        compiledSince = why;
        try {
            return work.get();
        } finally {
            compiling = savedName;
            compiledSince = savedWhy;
        }
    }

    /** The name TorchScript's call stack gives a method of a class ({@code M.forward}). */
    static String methodName(String className, Stmt.FunctionDef m) {
        return className + "." + m.name();
    }

    UserClasses classes() {
        return classes;
    }

    Signature methodSignature(Stmt.FunctionDef m, Type self) {
        return current.signatures().of(m, true, self);
    }

    void record(Expr e, Type t) {
        types.put(e, t);
    }

    void recordAnnotation(Expr annotation, Type t) {
        annotationTypes.put(annotation, t);
    }

    void recordValue(Expr e, Value v) {
        values.put(e, v);
    }

    /** Records a function or method whose body was checked, for the IR emitter. */
    void recordFunction(Stmt.FunctionDef def, Signature signature, Optional<Type> self, Type returnType) {
        String pythonModule = self.isPresent() ? "" : scopeOf(def).pythonModule();
        checked.put(def, new CheckResult.CheckedFunction(def, signature, self, returnType, pythonModule));
    }

    Signature signature(Stmt.FunctionDef f) {
        return signatureCache.computeIfAbsent(f, d -> scopeOf(d).signatures().of(d, false, Types.UNKNOWN));
    }

    /**
     * Checks a module-level function (once) and returns its return type: the annotated one, or
     * the one inferred from its body; unknown while it is being checked (recursion) or when it is
     * not compiled ({@code @torch.jit.ignore}, {@code @torch.jit.unused}).
     */
    Type function(Stmt.FunctionDef f) {
        return function(f, null);
    }

    /**
     * As {@link #function(Stmt.FunctionDef)}, for a call at {@code call} (or null) in the function
     * being checked: what is wrong inside {@code f} says that it was compiled for that call.
     */
    Type function(Stmt.FunctionDef f, SourceRange call) {
        Signature sig = signature(f);
        if (Decorators.isIgnored(f.decoratorList(), scopeOf(f).annotations())) {
            if (Decorators.isOverloadDeclaration(f.decoratorList(), scopeOf(f).annotations())) {
                return sig.annotatedReturn().orElse(Types.UNKNOWN);
            }
            // not compiled: typed by its annotations, a missing return being a Tensor (the reference's default)
            Type returns = sig.annotatedReturn().orElse(Types.TENSOR);
            ignored.computeIfAbsent(f, d -> new CheckResult.IgnoredFunction(d, sig, returns,
                    Decorators.isUnused(d.decoratorList(), scopeOf(d).annotations())));
            return returns;
        }
        Optional<Type> known = functions.get(f);
        if (known != null) {
            return known.orElse(sig.annotatedReturn().orElse(Types.UNKNOWN));
        }
        functions.put(f, Optional.empty());
        List<Diagnostic.Related> why = calledFrom(f.name(), call);
        if (inProgress.size() >= MAX_NESTED_FUNCTIONS && sig.annotatedReturn().isPresent()) {
            deferred.add(f); // checked by drainDeferred; until then (and after) its type is the annotation
            deferredSince.put(f, why);
            return sig.annotatedReturn().get();
        }
        inProgress.push(f);
        Type result = checkBody(f, sig, why);
        inProgress.pop();
        functions.put(f, Optional.of(result));
        return result;
    }

    /** Checks the deferred functions (and those they defer in turn) with nothing else in progress. */
    private void drainDeferred() {
        while (!deferred.isEmpty()) {
            Stmt.FunctionDef f = deferred.poll();
            inProgress.push(f);
            Type result = checkBody(f, signature(f), deferredSince.getOrDefault(f, List.of()));
            inProgress.pop();
            functions.put(f, Optional.of(result));
        }
    }

    /**
     * The traced function a call reaches (once per function): its signature typed from the
     * example inputs, and its return type from checking the function with those types in a checker
     * of its own, whose diagnostics are dropped (the reference traces it, it never scripts it); a
     * function that is not TorchScript with those types returns a {@code Tensor}, as traced code
     * almost always does.
     */
    CheckResult.TracedFunction traced(Value.TracedFunction t) {
        CheckResult.TracedFunction known = traced.get(t.def());
        if (known != null) {
            return known;
        }
        Stmt.FunctionDef def = t.def();
        Scope scope = scopeOf(def);
        Checker own = new Checker(scope.module());
        Signature declared = own.signature(def); // what it says of a function the reference never scripts is dropped
        List<Type> types = TracedFunctions.exampleTypes(t.exampleInputs(), declared.params().size());
        java.util.List<Signature.Param> params = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(types.size(), declared.params().size()); i++) {
            params.add(new Signature.Param(declared.params().get(i).name(), types.get(i), Optional.empty(), false));
        }
        Signature sig = new Signature(declared.name(), params, Optional.empty(),
                declared.complete() && types.size() == declared.params().size());
        own.signatureCache.put(def, sig);
        Type returns = own.function(def);
        own.drainDeferred();
        boolean failed = own.result().diagnostics().stream().anyMatch(Diagnostic::isError);
        if (failed || Types.containsUnknown(returns)) {
            returns = Types.TENSOR;
        }
        CheckResult.TracedFunction result = new CheckResult.TracedFunction(def, t.exampleInputs(), sig, returns,
                scope.pythonModule());
        traced.put(def, result);
        return result;
    }

    /** A user class used by TorchScript code: its methods are compiled (once). */
    void useClass(Stmt.ClassDef c) {
        classes.use(c);
    }
}
