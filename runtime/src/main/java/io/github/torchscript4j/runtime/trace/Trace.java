package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.GraphPrinter;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.runtime.TensorText;
import io.github.torchscript4j.runtime.interp.Interpreter;
import io.github.torchscript4j.runtime.interp.Operators;
import io.github.torchscript4j.runtime.interp.ValueText;
import io.github.torchscript4j.runtime.value.ScriptObject;
import java.io.PrintStream;
import java.util.List;

/**
 * A traced function: the flat graph the trace recorded (in the unit of the file's compiled
 * functions, which its calls of scripted functions name), runnable like any compiled function,
 * and the tracer warnings that tracing and its checks gave, each also as a {@link TraceDiagnostic} at
 * the line that caused it.
 *
 * @param function the traced graph as a function, {@code __torch__.NAME}
 * @param unit the unit it runs in
 * @param source the traced file
 * @param path how graphs name the file in source locations
 * @param warnings the tracer warnings, in the reference's words, in the order they were given (a
 *     warning the reference gives once per line is given once per line)
 * @param diagnostics the warnings at the lines that caused them, with what to do instead: one per
 *     warning, in the same order
 * @param self for a traced module's method, the module as our interpreter holds it (its first
 *     argument, which {@link #call} passes); null for a traced function
 */
public record Trace(Function function, CompilationUnit unit, SourceFile source, String path, List<String> warnings,
        List<TraceDiagnostic> diagnostics, ScriptObject self) {
    public Trace {
        warnings = List.copyOf(warnings);
        diagnostics = List.copyOf(diagnostics);
    }

    /** A traced function. */
    public Trace(Function function, CompilationUnit unit, SourceFile source, String path, List<String> warnings,
            List<TraceDiagnostic> diagnostics) {
        this(function, unit, source, path, warnings, diagnostics, null);
    }

    /** The graph as the reference prints it, with {@code # path:line:0} source locations. */
    public String graphText() {
        return GraphPrinter.print(function.graph(), source, path);
    }

    /** Calls the traced graph (a module's with {@link #self} first); a tensor result belongs to the caller. */
    public Object call(List<?> arguments, PrintStream out) {
        List<Object> all = new java.util.ArrayList<>();
        if (self != null) {
            all.add(self);
        }
        all.addAll(arguments);
        return new Interpreter(unit, Operators.standard(), out, new ValueText(TensorText::of)).call(function, all);
    }

    /** This trace with {@code more} warnings after its own, those already given at the same line left out. */
    Trace withWarnings(TraceWarnings more) {
        TraceWarnings all = new TraceWarnings();
        all.addAll(this);
        all.addAll(more);
        return new Trace(function, unit, source, path, all.texts(), all.diagnostics(), self);
    }
}
