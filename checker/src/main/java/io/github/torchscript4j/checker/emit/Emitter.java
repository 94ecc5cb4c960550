package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers every function and method the checker compiled in one file to the IR.
 *
 * <p>API Boundary: {@link #emit(CheckedFile)} is what the runtime, the {@code graph} and {@code
 * code} commands, the language server and the Maven plugin call, on a file without errors.
 */
public final class Emitter {
    private final CheckResult check;
    private final CompilationUnit unit = new CompilationUnit();
    /** The qualified name of each compiled function or method. */
    private final Map<Stmt.FunctionDef, String> names = new IdentityHashMap<>();
    private final List<EmitException> failures = new ArrayList<>();

    private Emitter(CheckResult check) {
        this.check = check;
    }

    /** What emission produced: the compiled unit, and the functions it could not lower. */
    public record Result(CompilationUnit unit, List<EmitException> failures) {
        public Result {
            failures = List.copyOf(failures);
        }
    }

    /**
     * Lowers a checked file. A file with errors yields an empty unit and no failures; each
     * function the emitter cannot lower is left out and described in {@link Result#failures()}.
     */
    public static Result emit(CheckedFile file) {
        if (file.hasErrors() || file.result().isEmpty()) {
            return new Result(new CompilationUnit(), List.of());
        }
        return emit(file.result().orElseThrow());
    }

    /** Lowers the functions of a check result (of a file without errors). */
    public static Result emit(CheckResult check) {
        Emitter e = new Emitter(check);
        e.run();
        return new Result(e.unit, e.failures);
    }

    private void run() {
        for (CheckResult.CheckedFunction f : check.functions().values()) {
            names.put(f.def(), qualifiedName(f));
        }
        for (CheckResult.CheckedFunction f : check.functions().values()) {
            try {
                Function fn = new FunctionEmitter(this, f).emit();
                if (f.self().isPresent()) {
                    String owner = ownerName(f.self().get());
                    CompilationUnit.ClassInfo info = unit.classInfo(owner).orElseGet(() -> unit.addClass(
                            new CompilationUnit.ClassInfo(owner, f.self().get() instanceof Type.ModuleType)));
                    info.methods().put(f.def().name(), fn);
                } else {
                    unit.addFunction(fn);
                }
            } catch (EmitException x) {
                failures.add(x);
            } catch (RuntimeException x) {
                failures.add(new EmitException("internal error while emitting " + f.def().name() + ": " + x,
                        f.def().range(), x));
            }
        }
    }

    CheckResult check() {
        return check;
    }

    CompilationUnit unit() {
        return unit;
    }

    /** The qualified name of a compiled function or method, if the checker compiled it. */
    Optional<String> nameOf(Stmt.FunctionDef def) {
        return Optional.ofNullable(names.get(def));
    }

    static String ownerName(Type self) {
        if (self instanceof Type.ClassType c) {
            return c.qualifiedName();
        }
        if (self instanceof Type.ModuleType m) {
            return m.qualifiedName();
        }
        return self.annotationStr();
    }

    private static String qualifiedName(CheckResult.CheckedFunction f) {
        if (f.self().isPresent()) {
            return ownerName(f.self().get()) + "." + f.def().name();
        }
        return "__torch__." + (f.pythonModule().isEmpty() ? "" : f.pythonModule() + ".") + f.def().name();
    }
}
