package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled TorchScript source of {@code torch.nn.functional} ({@code
 * library/torch_nn_functional.py}, our own implementations with the reference's signatures): in
 * PyTorch these functions are Python source that {@code torch.jit.script} compiles on first use,
 * so here {@code torch.nn.functional.NAME} denotes the library's function of that name ({@link
 * Value.UserFunction}), whose calls are checked as user calls and whose body is checked once per
 * file, with the library's own globals ({@link #environment()}) and into a diagnostic sink of its
 * own — a diagnostic inside the library is a bug of the library, never the user's.
 *
 * <p>The file's module-level assignments are read as data: {@code NAME = torch.X} (or {@code
 * torch._C._nn.X}) makes {@code F.NAME} that operator, as in the reference where such functions
 * are builtins; {@code NAME = OTHER} an alias of the library function {@code OTHER}; {@code NAME =
 * _boolean_dispatch("arg", i, if_true, if_false)} a function chosen at each call by whether the
 * argument {@code arg} (keyword, or positional at {@code i}) is the literal {@code True} ({@link
 * Dispatch}). A name the library lacks ({@code gumbel_softmax}, for now) is {@link Value.Opaque}.
 *
 * <p>Parsed once, on first use, by the class-holder idiom (thread-safe); immutable afterwards. The
 * trees are shared by every checker: they are immutable, and checkers key their results by node
 * identity.
 */
final class FunctionalLibrary {
    /** The Python module the library stands for; the emitter names its functions {@code __torch__.torch.nn.functional.f}. */
    static final String MODULE = "torch.nn.functional";


    /**
     * A boolean-dispatched name ({@code max_pool2d}): calls go to {@code ifTrue} when the argument
     * {@code argName} — by keyword, or positional at {@code argIndex} — is the literal {@code True},
     * to {@code ifFalse} when it is {@code False} or absent.
     */
    record Dispatch(String argName, int argIndex, Stmt.FunctionDef ifTrue, Stmt.FunctionDef ifFalse) {}

    private final ParseResult parsed;
    private final ModuleEnvironment environment;
    private final Map<String, Stmt.FunctionDef> functions = new HashMap<>();
    private final Map<String, Value> members = new HashMap<>();
    private final Map<String, Dispatch> dispatches = new HashMap<>();

    private static final class Holder {
        static final FunctionalLibrary INSTANCE = new FunctionalLibrary(read());
    }

    private FunctionalLibrary(String text) {
        this.parsed = Parser.parse(new SourceFile("torch/nn/functional.py", text));
        this.environment = new ModuleEnvironment(parsed.module());
        Module m = parsed.module();
        for (Stmt s : m.body()) {
            if (s instanceof Stmt.FunctionDef f) {
                functions.put(f.name(), f);
                members.put(f.name(), new Value.UserFunction(f));
            }
        }
        for (Stmt s : m.body()) {
            if (s instanceof Stmt.Assign a && a.targets().size() == 1 && a.targets().get(0) instanceof Expr.Name target) {
                data(target.id(), a.value());
            }
        }
    }

    /** The library, parsed on first use. */
    static FunctionalLibrary get() {
        return Holder.INSTANCE;
    }

    private static String read() {
        return BundledModule.library("torch_nn_functional.py");
    }

    private void data(String name, Expr value) {
        if (value instanceof Expr.Name other && functions.containsKey(other.id())) {
            members.put(name, new Value.UserFunction(functions.get(other.id())));
        } else if (value instanceof Expr.Attribute) {
            String dotted = dotted(value);
            if (dotted != null) {
                members.put(name, PythonValues.qualified(dotted));
            }
        } else if (value instanceof Expr.Call c && c.func() instanceof Expr.Name f && f.id().equals("_boolean_dispatch")
                && c.args().size() == 4 && c.args().get(0) instanceof Expr.Constant arg && arg.value() instanceof Literal.Str s
                && c.args().get(1) instanceof Expr.Constant index && index.value() instanceof Literal.Int i
                && c.args().get(2) instanceof Expr.Name t && functions.containsKey(t.id())
                && c.args().get(3) instanceof Expr.Name e && functions.containsKey(e.id())) {
            dispatches.put(name, new Dispatch(s.value(), i.value().intValue(), functions.get(t.id()), functions.get(e.id())));
            members.put(name, new Value.Builtin(MODULE + "." + name));
        }
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

    /** What {@code torch.nn.functional.name} is: a library function, an operator, a dispatch; opaque when unknown. */
    Value member(String name) {
        return members.getOrDefault(name, Value.OPAQUE);
    }

    /** The boolean dispatch {@code torch.nn.functional.name} stands for, if it is one. */
    Optional<Dispatch> dispatch(String name) {
        return Optional.ofNullable(dispatches.get(name));
    }

    /** The library's module-level names, as its functions' bodies see them. */
    ModuleEnvironment environment() {
        return environment;
    }

    /** The library's parsed source. */
    ParseResult parsed() {
        return parsed;
    }

    /** Whether {@code def} is one of the library's functions (not the checked file's). */
    boolean owns(Stmt.FunctionDef def) {
        return def.range().file() == parsed.module().range().file();
    }

    /** Every function of the library, by name. */
    Map<String, Stmt.FunctionDef> functions() {
        return Map.copyOf(functions);
    }
}
