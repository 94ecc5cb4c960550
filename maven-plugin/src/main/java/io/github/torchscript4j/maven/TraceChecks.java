package io.github.torchscript4j.maven;

import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.maven.ModelDeclarations.Declared;
import io.github.torchscript4j.maven.ModelDeclarations.EntryKind;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.trace.Trace;
import io.github.torchscript4j.runtime.trace.TraceException;
import io.github.torchscript4j.runtime.trace.Tracer;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The trace checks of declared models: each model is traced with {@link Tracer} on its example
 * inputs, then checked on each of its check inputs as {@code torch.jit.trace(..., check_inputs=[c])}
 * does, one check input at a time so that every check has its own verdict.
 *
 * <p>A check <em>fails</em> when the tracer's sanity checks fail ({@code Tracing failed sanity
 * checks!}, in the reference's words), or when the outputs differ beyond the tolerance and {@code
 * failOnMismatch} is set (the reference only warns of that); the failure names the source location
 * of the cause: for graphs that differ, the first diverging operator in the example inputs' trace
 * and, as a note, in the check input's. A check is in <em>error</em> when the model cannot be
 * traced at all (types the tracer cannot infer, code that needs Python, an operator's error).
 */
final class TraceChecks {
    /** How a check ended. */
    enum Status {
        PASSED, FAILED, ERROR
    }

    /**
     * One check: the trace on the example inputs ({@code trace}) or a check input ({@code
     * check_inputs[k]}).
     *
     * @param name the check's name in reports
     * @param inputs the inputs' shorthand as declared
     * @param status how it ended
     * @param message why it failed (the reference's text), or null
     * @param location {@code path:[line,column]} of the cause, or null when unknown
     * @param note a second location and what it is ({@code path:[line,column] note: ...}), or null
     * @param warnings the tracer's warnings
     * @param seconds how long it took
     */
    record Check(String name, String inputs, Status status, String message, String location, String note,
            List<String> warnings, double seconds) {}

    /** The checks of one model, and what its program printed. */
    record ModelResult(Declared model, List<Check> checks, String printed) {
        long count(Status s) {
            return checks.stream().filter(c -> c.status() == s).count();
        }
    }

    private final boolean failOnMismatch;

    TraceChecks(boolean failOnMismatch) {
        this.failOnMismatch = failOnMismatch;
    }

    /**
     * Checks each model in turn on one worker thread with a large stack (deep programs recurse
     * deeply in the checker and the interpreter).
     */
    List<ModelResult> run(List<Declared> models) throws InterruptedException {
        FutureTask<List<ModelResult>> task = new FutureTask<>(() -> {
            List<ModelResult> results = new ArrayList<>();
            for (Declared d : models) {
                results.add(check(d));
            }
            return results;
        });
        Thread worker = new Thread(null, task, "torchscript-trace-check", 512L << 20);
        worker.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Traces and checks one model; never throws for a problem of the model. */
    ModelResult check(Declared d) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Check> checks = new ArrayList<>();
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            run(d, out, checks);
        }
        return new ModelResult(d, checks, printed.toString(StandardCharsets.UTF_8));
    }

    private void run(Declared d, PrintStream out, List<Check> checks) {
        String why = null;
        if (d.entryKind() == EntryKind.CLASS) {
            why = "cannot trace " + d.entry() + ": it is a class, and trace-check traces module-level functions for"
                    + " now (trace a function that builds and calls the module, or declare it with mode script)";
        }
        if (why == null && !d.device().equals("cpu")) {
            // The runtime's tracer runs each check on copies of the check input that it makes on the
            // CPU, so a check on a GPU would compare a GPU trace with CPU runs: refused until it keeps
            // the device.
            why = "cannot trace on device " + d.device() + " yet: trace-check traces on the cpu (the tracer checks on CPU"
                    + " copies of the check inputs); declare <device>cpu</device> or leave it out";
        }
        if (why != null) {
            checks.add(new Check("trace", inputText(d.inputs()), Status.ERROR, why, null, null, List.of(), 0));
            for (int k = 0; k < d.checkInputs().size(); k++) {
                checks.add(new Check(checkName(k), d.checkTexts().get(k), Status.ERROR, "not checked: " + why, null,
                        null, List.of(), 0));
            }
            return;
        }
        Tracer tracer = Tracer.of(d.file().toString(), d.source(), d.entry(), out);
        List<Object> inputs = tensors(InputSpec.draw(d.inputs(), d.seed(), 0));
        try {
            long start = System.nanoTime();
            Check traced;
            try {
                Trace t = tracer.trace(inputs);
                traced = new Check("trace", inputText(d.inputs()), Status.PASSED, null, null, null, t.warnings(),
                        seconds(start));
            } catch (TraceException | TorchScriptException e) {
                traced = new Check("trace", inputText(d.inputs()), Status.ERROR, e.getMessage(), location(e), null,
                        List.of(), seconds(start));
            }
            checks.add(traced);
            for (int k = 0; k < d.checkInputs().size(); k++) {
                if (traced.status() != Status.PASSED) {
                    checks.add(new Check(checkName(k), d.checkTexts().get(k), Status.ERROR,
                            "not checked: the trace on the example inputs failed", null, null, List.of(), 0));
                    continue;
                }
                List<Object> check = tensors(InputSpec.draw(d.checkInputs().get(k), d.seed(), k + 1));
                try {
                    checks.add(check(d, tracer, inputs, check, k));
                } finally {
                    release(check);
                }
            }
        } finally {
            release(inputs);
        }
    }

    private Check check(Declared d, Tracer tracer, List<Object> inputs, List<Object> check, int k) {
        long start = System.nanoTime();
        String name = checkName(k);
        String text = d.checkTexts().get(k);
        try {
            Trace t = tracer.trace(inputs, List.of(check), d.tolerance());
            List<String> mismatches = t.warnings().stream().filter(w -> w.startsWith("Output nr ")).toList();
            if (failOnMismatch && !mismatches.isEmpty()) {
                return new Check(name, text, Status.FAILED, String.join("\n", t.warnings()), d.file().toString(), null,
                        t.warnings(), seconds(start));
            }
            return new Check(name, text, Status.PASSED, null, null, null, t.warnings(), seconds(start));
        } catch (TraceException e) {
            if (!"TracingCheckError".equals(e.pythonType())) {
                return new Check(name, text, Status.ERROR, e.getMessage(), location(e), null, List.of(), seconds(start));
            }
            Optional<SourceRange[]> diverging = divergence(tracer, inputs, check);
            String location = diverging.map(r -> r[0] == null ? null : MavenMessages.location(r[0])).orElse(null);
            String note = diverging.map(r -> r[1] == null ? null : MavenMessages.location(r[1])
                    + " note: the trace of check input " + (k + 1) + " took this operator instead").orElse(null);
            if (location == null) {
                location = location(e);
            }
            return new Check(name, text, Status.FAILED, e.getMessage(), location, note, List.of(), seconds(start));
        } catch (TorchScriptException e) {
            return new Check(name, text, Status.ERROR, e.getMessage(), location(e), null, List.of(), seconds(start));
        }
    }

    /**
     * Where the traces of the example inputs and of a check input first differ: the source ranges
     * of their first diverging operators (either may be null), or empty when the graphs agree.
     */
    private static Optional<SourceRange[]> divergence(Tracer tracer, List<Object> inputs, List<Object> check) {
        Trace a;
        Trace b;
        try {
            a = tracer.trace(inputs);
            b = tracer.trace(check);
        } catch (TraceException | TorchScriptException e) {
            return Optional.empty();
        }
        List<String> al = nodeLines(a.graphText());
        List<String> bl = nodeLines(b.graphText());
        List<Node> an = a.function().graph().block().nodes();
        List<Node> bn = b.function().graph().block().nodes();
        int n = Math.max(al.size(), bl.size());
        for (int i = 0; i < n; i++) {
            String x = i < al.size() ? al.get(i) : null;
            String y = i < bl.size() ? bl.get(i) : null;
            if (x == null || !x.equals(y)) {
                SourceRange[] ranges = {range(an, i), range(bn, i)};
                return Optional.of(ranges);
            }
        }
        return Optional.empty();
    }

    private static SourceRange range(List<Node> nodes, int i) {
        return i < nodes.size() ? nodes.get(i).range().orElse(null) : null;
    }

    /** The printed lines of a flat graph's nodes, in order: without the header and the return. */
    private static List<String> nodeLines(String graphText) {
        String[] lines = graphText.split("\n");
        int start = 0;
        while (start < lines.length && !lines[start].endsWith("):")) {
            start++;
        }
        List<String> out = new ArrayList<>();
        for (int i = start + 1; i < lines.length; i++) {
            String l = lines[i].strip();
            if (!l.startsWith("return (")) {
                out.add(l);
            }
        }
        return out;
    }

    /** The location of the first located TorchScript error among an exception's causes, or null. */
    private static String location(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TorchScriptException s && s.location().isPresent()) {
                return MavenMessages.location(s.location().get());
            }
        }
        return null;
    }

    /** New CPU tensors of the drawn values; the caller releases them. */
    private static List<Object> tensors(List<TensorData> data) {
        List<Object> out = new ArrayList<>();
        for (TensorData t : data) {
            out.add(t.toTensor());
        }
        return out;
    }

    private static void release(List<Object> values) {
        for (Object v : values) {
            if (v instanceof TensorRef r && !r.isFreed()) {
                r.release();
            }
        }
    }

    static String checkName(int k) {
        return "check_inputs[" + k + "]";
    }

    private static String inputText(List<InputSpec> inputs) {
        return String.join("; ", inputs.stream().map(InputSpec::text).toList());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
