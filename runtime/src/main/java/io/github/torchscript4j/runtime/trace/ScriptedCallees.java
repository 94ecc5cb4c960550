package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.semantics.TracedFunctions;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.types.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * The compiled {@code @torch.jit.script} functions that a trace recorded from Python calls ({@code
 * prim::CallFunction}, as the reference's tracer records a call of a scripted function): the
 * traced file is compiled by the checker and the IR emitter, and each called function — and what
 * it calls in turn — joins the trace's unit, so that the trace runs the callee's own control flow.
 */
final class ScriptedCallees {
    private ScriptedCallees() {}

    /**
     * Adds to {@code unit} the compiled functions that {@code graph} calls, from {@code source}.
     *
     * @throws TraceException when a called function cannot be compiled
     */
    static void addTo(CompilationUnit unit, Graph graph, SourceFile source) {
        Deque<String> wanted = new ArrayDeque<>();
        calls(graph, wanted);
        if (wanted.isEmpty()) {
            return;
        }
        CheckedFile file = TracedFunctions.check(source.path(), source.text().getBytes(StandardCharsets.UTF_8), Map.of());
        Emitter.Result emitted = Emitter.emit(file);
        while (!wanted.isEmpty()) {
            String name = wanted.pop();
            if (unit.function(name).isPresent()) {
                continue;
            }
            Optional<Function> f = emitted.unit().function(name);
            if (f.isEmpty()) {
                String why = file.firstError().map(d -> ": " + d.range().file().path() + ":" + d.range().startLine() + ":"
                        + d.range().startColumn() + ": " + d.message()).orElse("");
                throw new TraceException("RuntimeError", "cannot trace the call of the scripted function "
                        + name.substring(name.lastIndexOf('.') + 1) + ": it could not be compiled" + why);
            }
            unit.addFunction(f.get());
            calls(f.get().graph(), wanted);
        }
    }

    private static void calls(Graph graph, Deque<String> wanted) {
        calls(graph.block(), wanted);
    }

    private static void calls(Block block, Deque<String> wanted) {
        for (Node n : block.nodes()) {
            if (n.is("prim::CallFunction") && n.input(0).type() instanceof Type.FunctionType t) {
                wanted.add(t.qualifiedName());
            }
            n.blocks().forEach(b -> calls(b, wanted));
        }
    }
}
