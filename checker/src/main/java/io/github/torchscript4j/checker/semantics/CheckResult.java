package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the checker found in one file: its semantic diagnostics, sorted by position; the type of
 * every expression of checked TorchScript code that it typed and what every expression it
 * evaluated denotes (a {@link Value}: a typed value, a module, a user function, a builtin…),
 * both keyed by node identity because records compare structurally; and the functions and
 * methods whose bodies it checked. An expression it did not reach, or could not type, has no
 * entry or {@code UnknownType}.
 */
public final class CheckResult {
    /**
     * A function or method whose body was checked: its signature, the type of {@code self} for a
     * method, its return type (annotated or inferred), and the Python module it belongs to: "" for
     * the checked file, {@code torch.nn.functional} for a function of the bundled library (the
     * reference names it {@code __torch__.torch.nn.functional.relu}).
     */
    public record CheckedFunction(Stmt.FunctionDef def, Signature signature, Optional<Type> self, Type returnType,
            String pythonModule) {
        public CheckedFunction(Stmt.FunctionDef def, Signature signature, Optional<Type> self, Type returnType) {
            this(def, signature, self, returnType, "");
        }
    }

    /**
     * A function called from TorchScript but not compiled: {@code @torch.jit.ignore} (the call runs
     * it in Python, a {@code prim::PythonOp}) or {@code @torch.jit.unused} ({@code unused}: the call
     * raises); its signature, and its return type (the annotation, else {@code Tensor}).
     */
    public record IgnoredFunction(Stmt.FunctionDef def, Signature signature, Type returnType, boolean unused) {}

    /**
     * A traced function TorchScript code calls ({@code traced_foo = torch.jit.trace(foo, inputs)},
     * then {@code traced_foo(x, y)}): not compiled here — the runtime traces {@code def} on the
     * example inputs and provides {@link #qualifiedName()} — but typed for its callers: its
     * signature has the parameter types of the example inputs and no defaults, and its return type
     * is what checking {@code def} with those types infers (a {@code Tensor} when it is not
     * TorchScript). {@code pythonModule} is the module that defines it, as for {@link CheckedFunction}.
     *
     * @param exampleInputs the expression of the example inputs, in {@code def}'s file
     */
    public record TracedFunction(Stmt.FunctionDef def, Expr exampleInputs, Signature signature, Type returnType,
            String pythonModule) {
        /** The name the reference gives the traced function: {@code __torch__.foo}, {@code __torch__.pkg.util.foo}. */
        public String qualifiedName() {
            return "__torch__." + (pythonModule.isEmpty() ? "" : pythonModule + ".") + def.name();
        }
    }

    private final List<Diagnostic> diagnostics;
    private final Map<Expr, Type> types;
    private final Map<Expr, Value> values;
    private final Map<Expr, Type> annotations;
    private final Map<Stmt.FunctionDef, CheckedFunction> functions;
    private final Map<Stmt.FunctionDef, IgnoredFunction> ignored;

    private final Map<Expr, Object> constants;
    private final Map<Expr.Call, Map<String, CheckedFunction>> callees;
    private final Map<Stmt.FunctionDef, TracedFunction> traced;

    CheckResult(List<Diagnostic> diagnostics, IdentityHashMap<Expr, Type> types, IdentityHashMap<Expr, Value> values,
            IdentityHashMap<Expr, Type> annotations, Map<Stmt.FunctionDef, CheckedFunction> functions,
            Map<Stmt.FunctionDef, IgnoredFunction> ignored, IdentityHashMap<Expr, Object> constants,
            IdentityHashMap<Expr.Call, Map<String, CheckedFunction>> callees, Map<Stmt.FunctionDef, TracedFunction> traced) {
        this.traced = Collections.unmodifiableMap(new LinkedHashMap<>(traced));
        this.constants = Collections.unmodifiableMap(new IdentityHashMap<>(constants));
        this.callees = Collections.unmodifiableMap(new IdentityHashMap<>(callees));
        this.ignored = Collections.unmodifiableMap(new LinkedHashMap<>(ignored));
        this.diagnostics = List.copyOf(diagnostics);
        this.types = Collections.unmodifiableMap(new IdentityHashMap<>(types));
        this.values = Collections.unmodifiableMap(new IdentityHashMap<>(values));
        this.annotations = Collections.unmodifiableMap(new IdentityHashMap<>(annotations));
        this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /**
     * The traced functions that checked code calls, in the order first called: what the runtime
     * must trace and add to the compiled unit before that code runs.
     */
    public Map<Stmt.FunctionDef, TracedFunction> tracedFunctions() {
        return traced;
    }

    /** The type the checker gave {@code expr} (this very node), if it typed it. */
    public Optional<Type> typeOf(Expr expr) {
        return Optional.ofNullable(types.get(expr));
    }

    /**
     * Whether {@code expr} (this very node) reads a constant of a concrete module type ({@code
     * __constants__}, {@code Final}); its value (a checker value, {@code null} for None) is {@link #constantOf}.
     */
    public boolean isConstant(Expr expr) {
        return constants.containsKey(expr);
    }

    /** The value of a constant {@link #isConstant} reports. */
    public Object constantOf(Expr expr) {
        return constants.get(expr);
    }

    /**
     * The method of a concrete module type that {@code call} calls, when it is one: its class may
     * be another class's checker's, so it need not be among {@link #functions()}; or the declared
     * method of an interface (never compiled: the call is dispatched on the value's class at run time).
     */
    public Optional<CheckedFunction> calleeOf(Expr.Call call) {
        Map<String, CheckedFunction> byReceiver = callees.get(call);
        return byReceiver == null ? Optional.empty() : byReceiver.values().stream().reduce((a, b) -> b);
    }

    /**
     * The method {@code call} calls on a receiver of the class {@code receiver}: in a loop unrolled
     * over the submodules of a {@code ModuleList} the same call reaches several classes' methods.
     */
    public Optional<CheckedFunction> calleeOf(Expr.Call call, Type receiver) {
        Map<String, CheckedFunction> byReceiver = callees.get(call);
        if (byReceiver != null && receiver instanceof Type.ModuleType m && byReceiver.containsKey(m.qualifiedName())) {
            return Optional.of(byReceiver.get(m.qualifiedName()));
        }
        return calleeOf(call);
    }

    /** What {@code expr} (this very node) denotes, if the checker evaluated it. */
    public Optional<Value> valueOf(Expr expr) {
        return Optional.ofNullable(values.get(expr));
    }

    /** The type an annotation expression of a checked variable declaration ({@code x: T = v}) denotes. */
    public Optional<Type> annotationType(Expr annotation) {
        return Optional.ofNullable(annotations.get(annotation));
    }

    /** Every typed expression, by identity; unmodifiable. */
    public Map<Expr, Type> types() {
        return types;
    }

    /** The functions and methods whose bodies were checked, in the order their checks ended (callees before callers). */
    /** The functions that calls reach but that are not compiled ({@code @torch.jit.ignore}, {@code unused}). */
    public Map<Stmt.FunctionDef, IgnoredFunction> ignoredFunctions() {
        return ignored;
    }

    public Map<Stmt.FunctionDef, CheckedFunction> functions() {
        return functions;
    }
}
