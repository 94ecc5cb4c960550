package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The front end for tracing: a file checked as {@code torch.jit.script} sees it, plus the plain
 * functions that are about to be traced, each compiled with parameter types taken from its
 * example inputs rather than from annotations (what {@code torch.jit.trace} knows of them).
 *
 * <p>API Boundary: {@link #check(String, byte[], Map)} is what the runtime's tracer calls; the
 * result is a {@link CheckedFile} like {@link CheckedFile#check(String, byte[])}'s, whose {@link
 * CheckResult} also holds the traced functions, ready for {@code checker.emit}.
 */
public final class TracedFunctions {
    private TracedFunctions() {}

    /**
     * Decodes, parses and checks one file, compiling each module-level function named in {@code
     * parameterTypes} with those parameter types. Never throws on bad input.
     */
    public static CheckedFile check(String path, byte[] bytes, Map<String, List<Type>> parameterTypes) {
        SourceDecoder.Decoded decoded = SourceDecoder.decode(path, bytes);
        ParseResult parsed = Parser.parse(decoded);
        if (parsed.hasErrors()) {
            return new CheckedFile(decoded.file(), parsed.module(), parsed.diagnostics(), parsed.primaryError(),
                    Optional.empty());
        }
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        Optional<CheckResult> result;
        try {
            result = Optional.of(Checker.check(parsed, parameterTypes));
            all.addAll(result.get().diagnostics());
        } catch (StackOverflowError e) {
            result = Optional.empty();
            all.add(Diagnostic.error(Code.TOO_COMPLEX, decoded.file().range(0, decoded.file().lineEnd(1)),
                    "program too complex to check: its functions or classes use each other too deeply"));
        }
        all.sort(Diagnostic.BY_POSITION);
        return new CheckedFile(decoded.file(), parsed.module(), all, Optional.empty(), result);
    }

    /**
     * The names of the module-level functions decorated {@code @torch.jit.script}: what a trace
     * records as one call that keeps its control flow, rather than inlining.
     */
    public static Set<String> scriptedFunctions(Module module) {
        TypeAnnotations annotations = new TypeAnnotations(new ModuleEnvironment(module), new DiagnosticSink());
        Set<String> names = new LinkedHashSet<>();
        for (Stmt s : module.body()) {
            if (s instanceof Stmt.FunctionDef f && Decorators.isScript(f.decoratorList(), annotations)) {
                names.add(f.name());
            }
        }
        return names;
    }
}
