package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
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
 * nn.Module} subclass of the file are compiled through {@link UserClasses}. Not done yet:
 * imports between the project's files.
 */
public final class Checker {
    private final ModuleEnvironment module;
    private final DiagnosticSink sink = new DiagnosticSink();
    private final IdentityHashMap<Expr, Type> types = new IdentityHashMap<>();
    private final IdentityHashMap<Expr, Value> values = new IdentityHashMap<>();
    private final IdentityHashMap<Expr, Type> annotationTypes = new IdentityHashMap<>();
    private final Map<Stmt.FunctionDef, CheckResult.CheckedFunction> checked = new java.util.LinkedHashMap<>();
    private final TypeAnnotations annotations;
    private final Signatures signatures;
    /** Functions checked or being checked, with their return type once known. */
    private final Map<Stmt.FunctionDef, Optional<Type>> functions = new IdentityHashMap<>();
    private final Map<Stmt.FunctionDef, Signature> signatureCache = new IdentityHashMap<>();
    private final Deque<Stmt.FunctionDef> inProgress = new ArrayDeque<>();
    /**
     * Functions with an annotated return type reached while {@link #MAX_NESTED_FUNCTIONS} others
     * were being checked: their callers need only the annotation, so their bodies are checked
     * afterwards, from the top, and a long chain of calls cannot overflow the stack.
     */
    private final Deque<Stmt.FunctionDef> deferred = new ArrayDeque<>();

    /** How deep callees are checked from inside their callers before annotated ones are deferred. */
    static final int MAX_NESTED_FUNCTIONS = 32;
    private final UserClasses classes = new UserClasses(this);

    private Checker(Module tree) {
        this.module = new ModuleEnvironment(tree);
        this.annotations = new TypeAnnotations(module, sink);
        this.signatures = new Signatures(annotations, sink);
    }

    /** Checks every TorchScript function of a parsed file. */
    public static CheckResult check(ParseResult parsed) {
        Checker c = new Checker(parsed.module());
        c.run(parsed.module());
        return new CheckResult(c.sink.sorted(), c.types, c.values, c.annotationTypes, c.checked);
    }

    private void run(Module tree) {
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

    ModuleEnvironment module() {
        return module;
    }

    DiagnosticSink sink() {
        return sink;
    }

    TypeAnnotations annotations() {
        return annotations;
    }

    UserClasses classes() {
        return classes;
    }

    Signature methodSignature(Stmt.FunctionDef m, Type self) {
        return signatures.of(m, true, self);
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
        checked.put(def, new CheckResult.CheckedFunction(def, signature, self, returnType));
    }

    Signature signature(Stmt.FunctionDef f) {
        return signatureCache.computeIfAbsent(f, d -> signatures.of(d, false, Types.UNKNOWN));
    }

    /**
     * Checks a module-level function (once) and returns its return type: the annotated one, or
     * the one inferred from its body; unknown while it is being checked (recursion) or when it is
     * not compiled ({@code @torch.jit.ignore}, {@code @torch.jit.unused}).
     */
    Type function(Stmt.FunctionDef f) {
        Signature sig = signature(f);
        if (Decorators.isIgnored(f.decoratorList(), annotations)) {
            return sig.annotatedReturn().orElse(Types.UNKNOWN);
        }
        Optional<Type> known = functions.get(f);
        if (known != null) {
            return known.orElse(sig.annotatedReturn().orElse(Types.UNKNOWN));
        }
        functions.put(f, Optional.empty());
        if (inProgress.size() >= MAX_NESTED_FUNCTIONS && sig.annotatedReturn().isPresent()) {
            deferred.add(f); // checked by drainDeferred; until then (and after) its type is the annotation
            return sig.annotatedReturn().get();
        }
        inProgress.push(f);
        Type result = new FunctionChecker(this, f, sig, Optional.empty()).check();
        inProgress.pop();
        functions.put(f, Optional.of(result));
        return result;
    }

    /** Checks the deferred functions (and those they defer in turn) with nothing else in progress. */
    private void drainDeferred() {
        while (!deferred.isEmpty()) {
            Stmt.FunctionDef f = deferred.poll();
            inProgress.push(f);
            Type result = new FunctionChecker(this, f, signature(f), Optional.empty()).check();
            inProgress.pop();
            functions.put(f, Optional.of(result));
        }
    }

    /** A user class used by TorchScript code: its methods are compiled (once). */
    void useClass(Stmt.ClassDef c) {
        classes.use(c);
    }
}
