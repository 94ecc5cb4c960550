package io.github.torchscript4j.maven;

import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.maven.ModelDeclarations.Declared;
import io.github.torchscript4j.maven.ModelDeclarations.EntryKind;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.packaging.ModelPackager;
import io.github.torchscript4j.runtime.packaging.PackageException;
import io.github.torchscript4j.runtime.trace.Trace;
import io.github.torchscript4j.runtime.trace.TraceDiagnostic;
import io.github.torchscript4j.runtime.trace.TraceException;
import io.github.torchscript4j.runtime.trace.Traceable;
import io.github.torchscript4j.runtime.trace.Tracer;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The trace checks of declared models: each model is traced on its example inputs — a function
 * with {@link Tracer}, an {@code nn.Module} class built (after {@code torch.manual_seed(seed)},
 * with its {@code args} and {@code weights}) as the {@code package} goal builds it and its {@code
 * forward} traced with {@code ModuleTracer} — then checked on each of its check inputs as {@code torch.jit.trace(..., check_inputs=[c])}
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
     * @param warnings the tracer's warnings (a check input's: those its check added to the trace's)
     * @param diagnostics the warnings at the source lines that caused them, then the failure's, if any
     *     ({@link TraceDiagnostic}: {@code path:[line,column] TS07xx: message} and a suggestion)
     * @param seconds how long it took
     */
    record Check(String name, String inputs, Status status, String message, String location, String note,
            List<String> warnings, List<TraceDiagnostic> diagnostics, double seconds) {
        /** The failure's diagnostic: an error among the diagnostics, if any. */
        Optional<TraceDiagnostic> failure() {
            return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).reduce((a, b) -> b);
        }

        /** The diagnostics of the warnings. */
        List<TraceDiagnostic> warningDiagnostics() {
            return diagnostics.stream().filter(d -> d.severity() != Severity.ERROR).toList();
        }
    }

    /** The checks of one model, and what its program printed. */
    record ModelResult(Declared model, List<Check> checks, String printed) {
        long count(Status s) {
            return checks.stream().filter(c -> c.status() == s).count();
        }
    }

    private final boolean failOnMismatch;
    private final Path basedir;
    private final List<Path> roots;

    /**
     * @param failOnMismatch whether an output mismatch (a warning of the reference) fails the check
     * @param basedir what a module's {@code weights} are relative to
     * @param roots the source directories, where a module's imports of project files are found
     */
    TraceChecks(boolean failOnMismatch, Path basedir, List<Path> roots) {
        this.failOnMismatch = failOnMismatch;
        this.basedir = basedir;
        this.roots = List.copyOf(roots);
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
        if (!d.device().equals("cpu")) {
            // The runtime's tracer runs each check on copies of the check input that it makes on the
            // CPU, so a check on a GPU would compare a GPU trace with CPU runs: refused until it keeps
            // the device.
            why = "cannot trace on device " + d.device() + " yet: trace-check traces on the cpu (the tracer checks on CPU"
                    + " copies of the check inputs); declare <device>cpu</device> or leave it out";
        }
        if (why != null) {
            notTraced(d, why, checks);
            return;
        }
        if (d.entryKind() != EntryKind.CLASS) {
            run(d, Tracer.of(d.file().toString(), d.source(), d.entry(), out), checks);
            return;
        }
        // a module class: built (and its weights loaded) as the package goal builds it, then forward traced
        ModelPackager.Request request;
        try {
            request = new ModelPackager.Request(d.file(), d.entry(), PackageMojo.arguments(d.args()),
                    d.weights() == null ? null : basedir.resolve(d.weights()).normalize(), List.of(), Path.of("unused.pt"),
                    d.seed(), roots, d.tolerance(), false, out);
        } catch (IllegalArgumentException e) {
            notTraced(d, "args: " + e.getMessage(), checks);
            return;
        }
        try (ModelPackager.BuiltModule module = ModelPackager.build(request)) {
            run(d, module.tracer("forward"), checks);
        } catch (PackageException e) {
            notTraced(d, e.stage().doing() + ": " + e.getMessage(), checks);
        }
    }

    /** Reports the trace and every check as errors that {@code why} kept from running. */
    private static void notTraced(Declared d, String why, List<Check> checks) {
        checks.add(new Check("trace", inputText(d.inputs()), Status.ERROR, why, null, null, List.of(), List.of(), 0));
        for (int k = 0; k < d.checkInputs().size(); k++) {
            checks.add(new Check(checkName(k), d.checkTexts().get(k), Status.ERROR, "not checked: " + why, null,
                    null, List.of(), List.of(), 0));
        }
    }

    private void run(Declared d, Traceable tracer, List<Check> checks) {
        List<Object> inputs = tensors(InputSpec.draw(d.inputs(), d.seed(), 0));
        try {
            long start = System.nanoTime();
            Check traced;
            try {
                Trace t = tracer.trace(inputs);
                traced = new Check("trace", inputText(d.inputs()), Status.PASSED, null, null, null, t.warnings(),
                        t.diagnostics(), seconds(start));
            } catch (TraceException | TorchScriptException e) {
                traced = new Check("trace", inputText(d.inputs()), Status.ERROR, e.getMessage(), location(e), null,
                        List.of(), List.of(), seconds(start));
            }
            checks.add(traced);
            for (int k = 0; k < d.checkInputs().size(); k++) {
                if (traced.status() != Status.PASSED) {
                    checks.add(new Check(checkName(k), d.checkTexts().get(k), Status.ERROR,
                            "not checked: the trace on the example inputs failed", null, null, List.of(), List.of(), 0));
                    continue;
                }
                List<Object> check = tensors(InputSpec.draw(d.checkInputs().get(k), d.seed(), k + 1));
                try {
                    checks.add(check(d, tracer, inputs, check, k, traced));
                } finally {
                    release(check);
                }
            }
        } finally {
            release(inputs);
        }
    }

    /**
     * Checks the trace on one check input; the warnings that the trace on the example inputs
     * ({@code traced}) already gave are left out of the check's.
     */
    private Check check(Declared d, Traceable tracer, List<Object> inputs, List<Object> check, int k, Check traced) {
        long start = System.nanoTime();
        String name = checkName(k);
        String text = d.checkTexts().get(k);
        try {
            Trace t = tracer.trace(inputs, List.of(check), d.tolerance());
            List<String> warnings = new ArrayList<>();
            List<TraceDiagnostic> diagnostics = new ArrayList<>();
            newWarnings(t.warnings(), t.diagnostics(), traced, warnings, diagnostics);
            List<String> mismatches = warnings.stream().filter(w -> w.startsWith("Output nr ")).toList();
            if (failOnMismatch && !mismatches.isEmpty()) {
                String location = diagnostics.stream().filter(x -> x.kind() == TraceDiagnostic.Kind.OUTPUT_MISMATCH)
                        .findFirst().flatMap(TraceDiagnostic::range).map(MavenMessages::location)
                        .orElse(d.file().toString());
                return new Check(name, text, Status.FAILED, String.join("\n", warnings), location, null, warnings,
                        diagnostics, seconds(start));
            }
            return new Check(name, text, Status.PASSED, null, null, null, warnings, diagnostics, seconds(start));
        } catch (TraceException e) {
            List<String> warnings = new ArrayList<>();
            List<TraceDiagnostic> diagnostics = new ArrayList<>();
            newWarnings(e.warnings(), e.diagnostics(), traced, warnings, diagnostics);
            e.diagnostics().stream().filter(x -> x.severity() == Severity.ERROR).forEach(diagnostics::add);
            if (!"TracingCheckError".equals(e.pythonType())) {
                return new Check(name, text, Status.ERROR, e.getMessage(), location(e), null, warnings, diagnostics,
                        seconds(start));
            }
            Optional<SourceRange> cause = diagnostics.stream().filter(x -> x.severity() == Severity.ERROR)
                    .reduce((a, b) -> b).flatMap(TraceDiagnostic::range);
            Optional<SourceRange[]> diverging = divergence(tracer, inputs, check);
            String location = cause.map(MavenMessages::location).orElse(
                    diverging.map(r -> r[0] == null ? null : MavenMessages.location(r[0])).orElse(null));
            List<String> notes = new ArrayList<>();
            diverging.ifPresent(r -> {
                if (cause.isPresent() && r[0] != null) {
                    notes.add(MavenMessages.location(r[0]) + " note: the trace of the example inputs took this operator");
                }
                if (r[1] != null) {
                    notes.add(MavenMessages.location(r[1]) + " note: the trace of check input " + (k + 1)
                            + " took this operator instead");
                }
            });
            if (location == null) {
                location = location(e);
            }
            return new Check(name, text, Status.FAILED, e.getMessage(), location,
                    notes.isEmpty() ? null : String.join("\n  ", notes), warnings, diagnostics, seconds(start));
        } catch (TorchScriptException e) {
            return new Check(name, text, Status.ERROR, e.getMessage(), location(e), null, List.of(), List.of(),
                    seconds(start));
        }
    }

    /**
     * The warnings (texts, and their diagnostics, one each and in the same order) that the trace on
     * the example inputs ({@code traced}) did not give already.
     */
    private static void newWarnings(List<String> texts, List<TraceDiagnostic> all, Check traced, List<String> warnings,
            List<TraceDiagnostic> diagnostics) {
        List<TraceDiagnostic> warningDiagnostics = all.stream().filter(x -> x.severity() != Severity.ERROR).toList();
        for (int i = 0; i < texts.size(); i++) {
            TraceDiagnostic diagnostic = i < warningDiagnostics.size() ? warningDiagnostics.get(i) : null;
            int known = traced.warnings().indexOf(texts.get(i));
            if (known >= 0 && diagnostic != null && known < traced.diagnostics().size()
                    && traced.diagnostics().get(known).equals(diagnostic)) {
                continue;
            }
            warnings.add(texts.get(i));
            if (diagnostic != null) {
                diagnostics.add(diagnostic);
            }
        }
    }

    /**
     * Where the traces of the example inputs and of a check input first differ: the source ranges
     * of their first diverging operators (either may be null), or empty when the graphs agree.
     */
    private static Optional<SourceRange[]> divergence(Traceable tracer, List<Object> inputs, List<Object> check) {
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
