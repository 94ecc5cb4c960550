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
     * The parameter types a trace gives a function of {@code parameters} positional parameters
     * from its example inputs as written ({@code torch.jit.trace(f, (torch.rand(3), [a, b]))}),
     * as far as the source tells them without running it: a tuple display holds one input per
     * element, anything else is the only input (as {@code torch.jit.trace} wraps a non-tuple),
     * unless the function takes another number of parameters (a name bound to a tuple), when each
     * parameter is a tensor. Each input is typed as the tracer would type its value ({@code
     * TraceInputs} in the runtime): a list or dict display by its first element, a tuple display
     * element by element, a literal number, string or bool by its type, {@code None} as {@code
     * NoneType}, and any other expression ({@code torch.rand(3)}, a global) as a tensor, which is
     * what traced code is given almost always.
     */
    public static List<Type> exampleTypes(io.github.torchscript4j.checker.syntax.ast.Expr inputs, int parameters) {
        List<Type> types = new ArrayList<>();
        if (inputs instanceof io.github.torchscript4j.checker.syntax.ast.Expr.Tuple t
                && t.elts().stream().noneMatch(e -> e instanceof io.github.torchscript4j.checker.syntax.ast.Expr.Starred)) {
            t.elts().forEach(e -> types.add(exampleType(e)));
        } else if (parameters == 1) {
            types.add(exampleType(inputs));
        } else {
            for (int i = 0; i < parameters; i++) {
                types.add(io.github.torchscript4j.checker.types.Types.TENSOR);
            }
        }
        return types;
    }

    private static Type exampleType(io.github.torchscript4j.checker.syntax.ast.Expr e) {
        if (e instanceof io.github.torchscript4j.checker.syntax.ast.Expr.Tuple t) {
            List<Type> elements = new ArrayList<>();
            t.elts().forEach(x -> elements.add(exampleType(x)));
            return new Type.TupleType(elements);
        }
        if (e instanceof io.github.torchscript4j.checker.syntax.ast.Expr.List l && !l.elts().isEmpty()) {
            return new Type.ListType(exampleType(l.elts().get(0)));
        }
        if (e instanceof io.github.torchscript4j.checker.syntax.ast.Expr.Dict d && !d.keys().isEmpty()
                && d.keys().get(0).isPresent()) {
            return new Type.DictType(exampleType(d.keys().get(0).get()), exampleType(d.values().get(0)));
        }
        if (e instanceof io.github.torchscript4j.checker.syntax.ast.Expr.Constant c) {
            io.github.torchscript4j.checker.syntax.ast.Literal v = c.value();
            if (v instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Bool) {
                return io.github.torchscript4j.checker.types.Types.BOOL;
            }
            if (v instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Int) {
                return io.github.torchscript4j.checker.types.Types.INT;
            }
            if (v instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Float) {
                return io.github.torchscript4j.checker.types.Types.FLOAT;
            }
            if (v instanceof io.github.torchscript4j.checker.syntax.ast.Literal.Str) {
                return io.github.torchscript4j.checker.types.Types.STR;
            }
            if (v instanceof io.github.torchscript4j.checker.syntax.ast.Literal.None) {
                return io.github.torchscript4j.checker.types.Types.NONE;
            }
        }
        return io.github.torchscript4j.checker.types.Types.TENSOR;
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
