package io.github.torchscript4j.maven;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.github.torchscript4j.maven.ModelDeclarations.Declared;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.packaging.ModelPackager;
import io.github.torchscript4j.runtime.packaging.PackageException;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Packages the declared models as verified TorchScript archives and attaches them to the project
 * ({@code mvn torchscript:package}, bound to the {@code package} phase), so that {@code install}
 * and {@code deploy} publish them.
 *
 * <p>Models are declared in the plugin's {@code <configuration>} as for {@code trace-check} (see
 * {@link Model}); a model is packaged when its {@code entry} is an {@code nn.Module} class and its
 * mode is {@code script}:
 *
 * <pre>{@code
 * <models>
 *   <model>
 *     <name>classifier</name>               <!-- required; names messages and the archive NAME.pt -->
 *     <source>models/net.py</source>        <!-- required; relative to a source directory -->
 *     <entry>Net</entry>                    <!-- required; an nn.Module subclass of the source -->
 *     <args>{"classes": 10}</args>          <!-- the constructor's keyword arguments, a JSON object -->
 *     <weights>weights/net.pt</weights>     <!-- a state dict (torch.save or safetensors), relative to the project -->
 *     <inputs>float32[1,3,32,32]</inputs>   <!-- the example inputs of forward; tensors separated by ; -->
 *     <seed>0</seed>                        <!-- torch.manual_seed and the inputs' values; default 0 -->
 *     <tolerance>1e-5</tolerance>           <!-- relative tolerance of the verification, default 1e-5 -->
 *     <classifier>net</classifier>          <!-- the attached artifact's classifier; default the name -->
 *   </model>
 * </models>
 * }</pre>
 *
 * <p>For each such model the source runs in the runtime's Python interpreter, {@code
 * Entry(**args)} is built after {@code torch.manual_seed(seed)} and put in eval mode, the weights
 * are loaded through its {@code load_state_dict}, its classes are compiled against the instance as
 * {@code torch.jit.script} does, and the archive is written to {@code
 * ${project.build.directory}/torchscript-models/NAME.pt}; then the example inputs (drawn as {@code
 * trace-check} draws them) run three ways — our interpreter on the archive read back, libtorch
 * loading the archive, and the Python source eagerly — which must agree within the tolerance
 * ({@link ModelPackager}). A verified archive is attached with type {@code pt} and the model's
 * classifier. A failure is an error naming the model, the stage and the location of the cause
 * ({@code model 'net': compiling the module: net.py:14:9: ...}); every model is tried, and the build
 * fails at the end if one failed. A model declared with mode {@code trace} is traced instead of
 * compiled, and the trace checked on its check inputs. A model whose archive exists and whose
 * inputs did not change since ({@link PackageFingerprint}) is up to date: attached, not packaged
 * again. A module-level function is packaged as {@code torch.jit.save} saves a scripted or traced
 * function (a {@code PlaceholderModule} whose {@code forward} it is).
 */
// The Mojo only adapts: ModelDeclarations checks the declarations, runtime.packaging.ModelPackager
// does the work, MavenProjectHelper attaches the archives.
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class PackageMojo extends ModelMojo {
    /**
     * Packages only models whose archive is missing or whose inputs changed since it was packaged
     * (the declaration, the {@code .py} files of the source directories, the weights, the plugin;
     * see {@link PackageFingerprint}). {@code -Dtorchscript.incremental=false} packages every model.
     */
    @Parameter(property = "torchscript.incremental", defaultValue = "true")
    private boolean incremental;

    /** The build directory, where the fingerprints of packaged models are kept ({@code maven-status/torchscript/package}). */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    /** Where the archives go, {@code NAME.pt} per model. */
    @Parameter(property = "torchscript.modelsDirectory",
            defaultValue = "${project.build.directory}/torchscript-models")
    private File modelsDirectory;

    /** Attaches each archive to the project (type {@code pt}, the model's classifier), so install and deploy publish it. */
    @Parameter(property = "torchscript.attach", defaultValue = "true")
    private boolean attach;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    String goal() {
        return "package";
    }

    @Override
    void executeGoal() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip) {
            log.info("TorchScript package: skipped (torchscript.skip=true)");
            return;
        }
        List<Declared> packaged = declarations();
        if (packaged.isEmpty()) {
            log.info("TorchScript package: no models declared");
            return;
        }
        List<String> failures = new ArrayList<>();
        int upToDate = 0;
        for (Declared d : packaged) {
            Outcome outcome = packageOne(d, log);
            if (outcome.failure() != null) {
                log.error(outcome.failure());
                failures.add(outcome.failure());
            } else if (outcome.upToDate()) {
                upToDate++;
            }
        }
        log.info("TorchScript package: " + plural(packaged.size(), "model") + ", "
                + (packaged.size() - failures.size() - upToDate) + " packaged and verified, "
                + (upToDate == 0 ? "" : upToDate + " up to date, ") + failures.size() + " failed");
        if (!failures.isEmpty()) {
            throw new MojoFailureException("TorchScript package: " + plural(failures.size(), "model")
                    + " failed (listed above); the first: " + failures.get(0));
        }
    }

    /** How packaging one model ended: failed (the message), or packaged, or found up to date. */
    private record Outcome(String failure, boolean upToDate) {
        static final Outcome PACKAGED = new Outcome(null, false);
        static final Outcome UP_TO_DATE = new Outcome(null, true);

        static Outcome failed(String message) {
            return new Outcome(message, false);
        }
    }

    /** Packages, verifies and attaches one model, unless it is up to date (then attaches it). */
    private Outcome packageOne(Declared d, Log log) throws MojoExecutionException {
        String label = "TorchScript package: model '" + d.name() + "': ";
        Map<String, Object> arguments;
        try {
            arguments = arguments(d.args());
        } catch (IllegalArgumentException e) {
            return Outcome.failed(label + "args: " + e.getMessage());
        }
        Path weights = null;
        if (d.weights() != null) {
            weights = basedir.toPath().resolve(d.weights()).normalize();
            if (!Files.isRegularFile(weights) || !Files.isReadable(weights)) {
                return Outcome.failed(label + "weights '" + d.weights() + "' cannot be read (" + weights + ")");
            }
        }
        Path archive = modelsDirectory.toPath().resolve(d.name() + ".pt");
        Path state = buildDirectory.toPath().resolve("maven-status/torchscript/package");
        String fingerprint;
        try {
            fingerprint = PackageFingerprint.of(d, weights, importRoots());
            if (incremental && Files.isRegularFile(archive)
                    && PackageFingerprint.stored(state, d.name()).filter(fingerprint::equals).isPresent()) {
                log.info("TorchScript package: " + d.name() + ": up to date (" + archive + ")");
                attach(d, archive, log);
                return Outcome.UP_TO_DATE;
            }
            PackageFingerprint.forget(state, d.name());
        } catch (java.io.IOException e) {
            throw new MojoExecutionException(label + "cannot read what the model is made from: " + e, e);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Object> inputs = new ArrayList<>();
        List<List<Object>> checks = new ArrayList<>();
        boolean traced = d.mode() == ModelDeclarations.Mode.TRACE;
        ModelPackager.Report report;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            for (TensorData t : InputSpec.draw(d.inputs(), d.seed(), 0)) {
                inputs.add(t.toTensor());
            }
            for (int k = 0; traced && k < d.checkInputs().size(); k++) {
                List<Object> check = new ArrayList<>();
                for (TensorData t : InputSpec.draw(d.checkInputs().get(k), d.seed(), k + 1)) {
                    check.add(t.toTensor());
                }
                checks.add(check);
            }
            ModelPackager.Request request = new ModelPackager.Request(d.file(), d.entry(), arguments, weights,
                    inputs, archive, d.seed(), importRoots(), d.tolerance(), false, out);
            report = ModelPackager.packageModel(traced ? request.traced(checks) : request);
        } catch (PackageException e) {
            return Outcome.failed(label + e.stage().doing() + ": " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            throw new MojoExecutionException(label + e
                    + " (a bug of torchscript-maven-plugin, or libtorch could not be loaded)", e);
        } finally {
            printed.toString(StandardCharsets.UTF_8).lines().forEach(line -> log.info("[" + d.name() + "] " + line));
            release(inputs);
            checks.forEach(PackageMojo::release);
        }
        report.warnings().forEach(w -> log.warn(d.file() + ": " + d.name() + ": " + w));
        String checked = checks.isEmpty() ? "" : " (checked on " + plural(checks.size(), "check input") + ")";
        String made = report.function()
                ? (traced ? "traced " + d.entry() + checked + " into " : "compiled ")
                : "built (" + plural(report.parameters(), "parameter") + ", " + plural(report.buffers(), "buffer") + ", "
                        + plural(report.submodules(), "submodule") + ")" + (weights == null ? "" : ", weights loaded from "
                        + d.weights()) + (traced ? ", traced forward" + checked + " into " : ", compiled ");
        log.info("TorchScript package: " + d.name() + " (" + d.entry() + " of " + d.file().getFileName() + "): " + made
                + String.join(", ", report.classes()) + ", written " + archive + " (" + report.archiveBytes() + " bytes)");
        log.info("TorchScript package: " + d.name() + ": verified: " + String.join(", ", report.outputs().keySet())
                + " agree (rtol " + new java.math.BigDecimal(Double.toString(d.tolerance())).stripTrailingZeros().toPlainString()
                + "); output " + abbreviated(report.outputs().get(ModelPackager.LIBTORCH)));
        try {
            PackageFingerprint.store(state, d.name(), fingerprint);
        } catch (java.io.IOException e) {
            log.warn("TorchScript package: " + d.name() + ": cannot store its fingerprint (it will be packaged again): " + e);
        }
        attach(d, archive, log);
        return Outcome.PACKAGED;
    }

    /** The first values of each tensor's {@code "data"} in a printed VALUE, then how many there are: a log line, not a record. */
    static String abbreviated(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"data\": \\[([^\\]]*)\\]").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String[] items = m.group(1).split(", ");
            String shown = items.length <= 4 ? m.group(1)
                    : String.join(", ", java.util.Arrays.copyOf(items, 4)) + ", ... (" + items.length + " values)";
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement("\"data\": [" + shown + "]"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void attach(Declared d, Path archive, Log log) {
        if (attach) {
            projectHelper.attachArtifact(project, "pt", d.classifier(), archive.toFile());
            log.info("TorchScript package: " + d.name() + ": attached as " + project.getArtifactId() + "-"
                    + project.getVersion() + "-" + d.classifier() + ".pt");
        }
    }

    private static void release(List<Object> values) {
        for (Object v : values) {
            if (v instanceof TensorRef t) {
                t.release();
            }
        }
    }

    /** The constructor's keyword arguments: a JSON object (checked by {@link ModelDeclarations}) of VALUEs. */
    static Map<String, Object> arguments(String json) {
        JsonElement e = JsonParser.parseString(json);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
            try {
                out.put(m.getKey(), JsonValues.fromJson(m.getValue()));
            } catch (IllegalArgumentException | IllegalStateException bad) {
                throw new IllegalArgumentException("\"" + m.getKey() + "\" is not a VALUE: " + bad.getMessage());
            }
        }
        return out;
    }
}
