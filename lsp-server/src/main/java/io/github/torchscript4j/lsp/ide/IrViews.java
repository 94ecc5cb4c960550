package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.GraphPrinter;
import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.List;
import java.util.Optional;

/**
 * The IR of the function or method at a position, as the reference prints it: {@code fn.graph}
 * ({@link GraphPrinter}, with {@code # path:line:col} source locations) or {@code fn.code} ({@link
 * CodePrinter}). When there is nothing to show the answer says why, in a sentence and at a range
 * where one helps: the file has errors (nothing is lowered then), the position is in no function
 * or in one TorchScript does not compile, or the emitter cannot lower that function yet.
 */
public final class IrViews {
    private IrViews() {}

    /** Which printing of the function. */
    public enum Form { GRAPH, CODE }

    /** Why there is no view. */
    public enum Reason { FILE_HAS_ERRORS, NO_FUNCTION, NOT_COMPILED, NOT_LOWERED }

    /** What the request answers: a {@link View} or a {@link Problem}. */
    public sealed interface Outcome permits View, Problem {}

    /**
     * The printed function.
     *
     * @param function its qualified name ({@code __torch__.f}, {@code __torch__.M.forward})
     * @param range the name in its {@code def}
     */
    public record View(String function, String text, SourceRange range) implements Outcome {}

    /** Why nothing is shown, and where the cause is when there is one place. */
    public record Problem(Reason reason, String message, Optional<SourceRange> range) implements Outcome {}

    /**
     * The view of the function around {@code offset} in {@code a}; {@code displayPath} names the
     * file in the graph's source locations.
     */
    public static Outcome at(Analysis a, int offset, Form form, String displayPath) {
        Optional<Diagnostic> error = a.diagnostics().stream().filter(Diagnostic::isError).findFirst();
        if (error.isPresent() || a.result().isEmpty()) {
            String first = error.map(d -> ": the first is at line " + d.range().startLine() + ": "
                    + d.message().lines().findFirst().orElse("")).orElse("");
            return new Problem(Reason.FILE_HAS_ERRORS, "the file has errors, so nothing is lowered to TorchScript IR"
                    + first, error.map(Diagnostic::range));
        }
        List<Node> path = Syntax.pathAt(a.module(), offset);
        Optional<Stmt.FunctionDef> def = Syntax.innermost(path, Stmt.FunctionDef.class);
        if (def.isEmpty()) {
            return new Problem(Reason.NO_FUNCTION, "no function or method at this position", Optional.empty());
        }
        Stmt.FunctionDef f = def.get();
        SourceRange name = Syntax.nameRange(f, "def", f.name());
        CheckResult result = a.result().get();
        CheckResult.CheckedFunction checked = result.functions().get(f);
        if (checked == null || checked.def() != f) {
            return new Problem(Reason.NOT_COMPILED, "'" + f.name() + "' is not compiled to TorchScript: only functions"
                    + " decorated with @torch.jit.script, methods of modules and classes, and what they call are",
                    Optional.of(name));
        }
        Emitter.Result emitted;
        try {
            emitted = a.emitted();
        } catch (StackOverflowError e) {
            return new Problem(Reason.NOT_LOWERED, "the file is too deeply nested to lower", Optional.of(name));
        }
        Optional<Function> fn = lookup(emitted.unit(), checked);
        if (fn.isEmpty()) {
            SourceRange extent = Syntax.extent(f);
            for (EmitException x : emitted.failures()) {
                SourceRange r = x.range();
                if (r != null && r.file() == a.file() && extent.start() <= r.start() && r.end() <= extent.end()) {
                    return new Problem(Reason.NOT_LOWERED, "'" + f.name() + "' is not lowered to TorchScript IR yet: "
                            + x.getMessage() + " (line " + r.startLine() + ")", Optional.of(r));
                }
            }
            String why = emitted.failures().isEmpty() ? "" : ": " + emitted.failures().get(0).getMessage();
            return new Problem(Reason.NOT_LOWERED, "'" + f.name() + "' is not lowered to TorchScript IR yet" + why,
                    Optional.of(name));
        }
        String text = form == Form.GRAPH
                ? GraphPrinter.print(fn.get().graph(), a.file(), displayPath)
                : CodePrinter.print(fn.get());
        return new View(fn.get().qualifiedName(), text, name);
    }

    /** The compiled form of a checked function of this file: a function or a method of its class. */
    private static Optional<Function> lookup(CompilationUnit unit, CheckResult.CheckedFunction f) {
        if (f.self().isPresent()) {
            Type self = f.self().get();
            String owner = self instanceof Type.ClassType c ? c.qualifiedName()
                    : self instanceof Type.ModuleType m ? m.qualifiedName() : self.annotationStr();
            return unit.classInfo(owner).flatMap(c -> c.method(f.def().name()));
        }
        String module = f.pythonModule().isEmpty() ? "" : f.pythonModule() + ".";
        return unit.function("__torch__." + module + f.def().name());
    }
}
