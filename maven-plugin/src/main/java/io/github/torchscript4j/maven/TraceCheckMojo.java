package io.github.torchscript4j.maven;

import io.github.torchscript4j.maven.ModelDeclarations.Declared;
import io.github.torchscript4j.maven.TraceChecks.Check;
import io.github.torchscript4j.maven.TraceChecks.ModelResult;
import io.github.torchscript4j.maven.TraceChecks.Status;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import io.github.torchscript4j.runtime.trace.TraceDiagnostic;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Traces the declared models and checks each trace on its check inputs, as {@code
 * torch.jit.trace(f, inputs, check_inputs=...)} does ({@code mvn torchscript:trace-check}, bound to
 * the {@code test} phase).
 *
 * <p>Models are declared in the plugin's {@code <configuration>}:
 *
 * <pre>{@code
 * <models>
 *   <model>
 *     <name>choose</name>                   <!-- required; names messages and TEST-choose.xml -->
 *     <source>models/branchy.py</source>    <!-- required; relative to a source directory -->
 *     <entry>choose</entry>                 <!-- required; a module-level function of the source -->
 *     <mode>trace</mode>                    <!-- script (default) or trace -->
 *     <inputs>float32[3](-1,1)</inputs>     <!-- example inputs; tensors separated by ; -->
 *     <checkInputs>                         <!-- check_inputs: one list of tensors each -->
 *       <checkInput>float32[3]=1</checkInput>
 *       <checkInput>float32[3]=-1</checkInput>
 *     </checkInputs>
 *     <seed>0</seed>                        <!-- default 0 -->
 *     <tolerance>1e-5</tolerance>           <!-- check_tolerance (relative), default 1e-5 -->
 *     <device>cpu</device>                  <!-- cpu (default), cuda or cuda:N -->
 *   </model>
 * </models>
 * }</pre>
 *
 * <p>A tensor is {@code DTYPE[DIMS]} ({@code float32[1,3,32,32]}, {@code int64[4]}, {@code
 * float64[]} for a 0-dim tensor; dtypes float16, bfloat16, float32, float64, uint8, int8, int16,
 * int32, int64, bool), optionally followed by {@code (LOW,HIGH)}, values drawn uniformly from
 * {@code [LOW, HIGH)}, or {@code =VALUE}, every element that value. Input set {@code i} (0 for
 * {@code inputs}, {@code k} for the {@code k}-th {@code checkInput}) is drawn from {@code
 * java.util.SplittableRandom(seed + i)}, element after element in row-major order: floats {@code
 * LOW + (HIGH - LOW) * nextDouble()} (default {@code [0, 1)}, as {@code torch.rand}) rounded to the
 * dtype, integers {@code LOW + nextLong(HIGH - LOW)} (default {@code [0, 10)}), bools {@code
 * nextBoolean()}; so the same declaration gives the same inputs on every machine.
 *
 * <p>{@code trace-check} traces on the CPU for now: a model declared on {@code cuda} is an error of
 * that model.
 *
 * <p>Every model with {@code <mode>trace</mode>} or with {@code <checkInputs>} is traced on its
 * example inputs; then, for each check input, traced again and its graph and outputs compared with
 * the first trace's, in the reference's words ({@code Tracing failed sanity checks!}, {@code ERROR:
 * Graphs differed across invocations!} and the diff). A failed check is printed as {@code [ERROR]
 * path:[line,column] model: check_inputs[k] (inputs): message}, at the statement that caused it —
 * the loop or {@code if} around the first operator where the traces diverge, which an input's shape
 * or a tensor's values decided — with what happened there and a suggestion ({@code TS0706: ...},
 * {@code note: ... script this function}), then the diverging operators of both traces as notes,
 * and fails the build. Every tracer warning is logged at {@code [WARNING]} in the reference's words
 * and again at the line that caused it ({@code path:[line,column] TS0701: ...} and a note). Outputs
 * that differ beyond the tolerance (relative; the absolute tolerance is the reference's for the
 * dtype) fail it too, unless {@code failOnMismatch} is false (the reference only warns of them).
 * Scripted models without check inputs are left to {@code compile}.
 *
 * <p>Each model's checks are written as a JUnit XML report, {@code
 * target/torchscript-reports/TEST-<model>.xml} (one test case per check: {@code trace} and {@code
 * check_inputs[k]}), which CI servers list as they list Surefire's. An error in a declaration
 * (unknown dtype, bad shape, missing entry) fails the build before anything is traced, naming the
 * model and the bad value.
 */
// The Mojo only adapts: ModelDeclarations checks the declarations, TraceChecks runs the tracer
// (runtime.trace.Tracer), JUnitReport writes the reports; the results go to Maven's log and a
// MojoFailureException when a check failed or a declaration is wrong.
@Mojo(name = "trace-check", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public final class TraceCheckMojo extends ModelMojo {
    /** Skips the trace checks, as {@code -DskipTests} skips Surefire's tests. */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /** Where the JUnit XML reports go: {@code TEST-<model>.xml}, one per traced model. */
    @Parameter(property = "torchscript.reportsDirectory", defaultValue = "${project.build.directory}/torchscript-reports")
    private File reportsDirectory;

    /**
     * Fails a check whose outputs differ from the function's beyond the tolerance. The reference
     * ({@code torch.jit.trace}) only warns of such differences; false makes them warnings here too.
     */
    @Parameter(property = "torchscript.failOnMismatch", defaultValue = "true")
    private boolean failOnMismatch;

    /** Reports failed checks (log and reports) without failing the build, as Surefire's {@code testFailureIgnore}. */
    @Parameter(property = "torchscript.testFailureIgnore", defaultValue = "false")
    private boolean testFailureIgnore;

    @Override
    String goal() {
        return "trace-check";
    }

    @Override
    void executeGoal() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip || skipTests) {
            log.info("TorchScript trace-check: skipped (" + (skip ? "torchscript.skip" : "skipTests") + "=true)");
            return;
        }
        List<Declared> traced = declarations().stream().filter(Declared::traced).toList();
        if (traced.isEmpty()) {
            log.info("TorchScript trace-check: no traced models (none has <mode>trace</mode> or <checkInputs>)");
            return;
        }
        List<ModelResult> results;
        try {
            results = new TraceChecks(failOnMismatch, basedir.toPath(), importRoots()).run(traced);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("TorchScript trace-check: interrupted", e);
        } catch (RuntimeException | LinkageError e) {
            throw new MojoExecutionException("TorchScript trace-check: " + e
                    + " (a bug of torchscript-maven-plugin, or libtorch could not be loaded)", e);
        }
        report(results);
    }

    private void report(List<ModelResult> results) throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        List<String> failedModels = new ArrayList<>();
        long checks = 0;
        long failed = 0;
        for (ModelResult r : results) {
            Declared d = r.model();
            for (String line : r.printed().lines().toList()) {
                log.info("[" + d.name() + "] " + line);
            }
            for (Check c : r.checks()) {
                for (String w : c.warnings()) {
                    log.warn(d.file() + ": " + d.name() + ": " + c.name() + ": TracerWarning: " + w);
                }
                for (TraceDiagnostic w : c.warningDiagnostics()) {
                    log.warn(MavenMessages.traceDiagnostic(w, d.file().toString()));
                }
                if (c.status() != Status.PASSED) {
                    log.error(message(d, c));
                }
            }
            long bad = r.count(Status.FAILED) + r.count(Status.ERROR);
            checks += r.checks().size();
            failed += bad;
            if (bad > 0) {
                failedModels.add(d.name());
            }
            log.info("TorchScript trace-check: " + d.name() + " (" + d.entry() + " of " + d.file().getFileName() + "): "
                    + (r.checks().get(0).status() == Status.PASSED ? "traced" : "not traced") + "; "
                    + plural(r.checks().size() - 1, "check input") + ": " + passed(r) + " passed"
                    + (bad > 0 ? ", " + bad + " failed" : ""));
            try {
                JUnitReport.write(reportsDirectory.toPath(), r);
            } catch (IOException e) {
                throw new MojoExecutionException("TorchScript trace-check: cannot write the report of " + d.name()
                        + " into " + reportsDirectory + ": " + e, e);
            }
        }
        log.info("TorchScript trace-check: " + plural(results.size(), "model") + ", " + plural(checks, "check") + ", "
                + failed + " failed; reports in " + reportsDirectory);
        if (failed > 0) {
            String text = "TorchScript trace-check: " + plural(failed, "check") + " failed in "
                    + String.join(", ", failedModels) + " (listed above; reports in " + reportsDirectory + ")";
            if (testFailureIgnore) {
                log.error(text);
            } else {
                throw new MojoFailureException(text);
            }
        }
    }

    private static long passed(ModelResult r) {
        return r.checks().stream().skip(1).filter(c -> c.status() == Status.PASSED).count();
    }

    /**
     * A failed check as Maven users read errors: {@code path:[line,column] model: check (inputs):
     * first line of the message}, the failure's diagnostic and its suggestion, the notes' locations
     * on the next lines, then the rest of the reference's text.
     */
    static String message(Declared d, Check c) {
        String where = c.location() != null ? c.location() : d.file().toString();
        StringBuilder b = new StringBuilder(where).append(' ').append(d.name()).append(": ").append(c.name());
        if (!c.inputs().isEmpty()) {
            b.append(" (").append(c.inputs()).append(')');
        }
        String text = c.message() == null ? "" : c.message().stripTrailing();
        b.append(": ").append(JUnitReport.firstLine(text));
        c.failure().ifPresent(f -> b.append("\n  ").append(f.range().map(MavenMessages::location).orElse(where))
                .append(' ').append(f.kind().id()).append(": ").append(f.message())
                .append(f.suggestion().map(s -> "\n  " + f.range().map(MavenMessages::location).orElse(where)
                        + " note: " + s).orElse("")));
        if (c.note() != null) {
            b.append("\n  ").append(c.note());
        }
        int nl = text.indexOf('\n');
        if (nl >= 0) {
            b.append('\n').append(text.substring(nl + 1));
        }
        return b.toString();
    }
}
