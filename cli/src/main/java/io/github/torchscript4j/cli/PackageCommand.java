package io.github.torchscript4j.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.packaging.ModelPackager;
import io.github.torchscript4j.runtime.packaging.PackageException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code torchscript package}: turns a model's Python source (and optionally its trained weights)
 * into a verified TorchScript archive, with no Python on the machine ({@link ModelPackager}).
 *
 * <p>{@code package SOURCE --module Class [--args JSON] [--weights FILE] --example-inputs JSON -o
 * model.pt} builds {@code Class(**args)} with our Python interpreter, loads the weights through the
 * module's {@code load_state_dict}, compiles the module's classes against the instance, writes the
 * archive and runs the example inputs three ways (our IR interpreter, libtorch loading the archive,
 * eager Python). {@code --args} is a JSON object whose members are the constructor's keyword
 * arguments and {@code --example-inputs} a JSON array of the positional inputs of {@code forward},
 * each a VALUE of {@code ../shared/conformance/FORMAT.md}.
 *
 * <p>With {@code --trace}, {@code forward} is traced on the example inputs instead ({@code
 * torch.jit.trace}), and checked on each input list of {@code --check-inputs} (graphs alike,
 * outputs within {@code --rtol}); a failed check is the reference's {@code Tracing failed sanity
 * checks!} report.
 *
 * <p>Standard output gets one line per stage ({@code built:}, {@code weights:}, {@code compiled:} or {@code traced:},
 * {@code written:}, {@code verified:} and each way's output as a VALUE); the model's own {@code
 * print} and the reference's warnings go to standard error. A failed stage is printed as {@code
 * torchscript package: STAGE: LOCATED MESSAGE} on standard error ({@code torchscript package:
 * compiling the module: model.py:14:9: ...}) with exit status 1; bad usage, bad JSON and unreadable
 * files exit with 2 before anything runs.
 */
@Command(
        name = "package",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Package a model as a verified TorchScript archive: SOURCE --module CLASS [--args JSON]"
                    + " [--weights FILE] [--trace [--check-inputs JSON]] --example-inputs JSON -o MODEL.pt.",
            "Builds CLASS(**args) from the Python source, loads the weights, compiles, writes the archive, and runs the"
                    + " example inputs three ways (our interpreter, libtorch, eager Python), which must agree.",
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  the archive was written and verified",
            "  1  a stage failed (building, loading the weights, compiling or tracing, writing or verifying)",
            "  2  the command could not run (bad usage, bad JSON, unreadable file)",
        })
final class PackageCommand implements Callable<Integer> {
    private static final String NAME = "torchscript package: ";

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The Python file that defines the module class.")
    Path source;

    /** What to package: a module class or a function of the source; exactly one. */
    static final class Entry {
        @Option(names = "--module", required = true, paramLabel = "CLASS",
                description = "The nn.Module subclass to build, at the top level of SOURCE.")
        String module;

        @Option(names = "--function", required = true, paramLabel = "NAME",
                description = "A function to script (it needs @torch.jit.script) or, with --trace, to trace, at the"
                        + " top level of SOURCE; saved as torch.jit.save saves a function.")
        String function;

        String name() {
            return module != null ? module : function;
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Entry entry;

    @Option(names = "--args", paramLabel = "JSON",
            description = "The constructor's keyword arguments: a JSON object of VALUEs (default {}).")
    String args = "{}";

    @Option(names = "--weights", paramLabel = "FILE",
            description = "A state dict to load: torch.save(model.state_dict()) or safetensors.")
    Path weights;

    @Option(names = "--example-inputs", required = true, paramLabel = "JSON",
            description = "The positional inputs of forward: a JSON array of VALUEs.")
    String exampleInputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.pt", description = "Where the archive goes.")
    Path output;

    @Option(names = "--seed", paramLabel = "N",
            description = "torch.manual_seed(N) before the constructor (default: libtorch's default generator state).")
    Long seed;

    @Option(names = "--rtol", paramLabel = "X",
            description = "Relative tolerance of the comparison of the three outputs (default 1e-5).")
    double rtol = 1e-5;

    @Option(names = "--train", description = "Keep the module in training mode (default: eval() before packaging).")
    boolean train;

    @Option(names = "--trace", description = "Trace forward on the example inputs (torch.jit.trace) instead of compiling"
            + " the module's source (torch.jit.script).")
    boolean trace;

    @Option(names = "--check-inputs", paramLabel = "JSON",
            description = "With --trace: a JSON array of input lists (each like --example-inputs) that every trace is"
                    + " checked on, as torch.jit.trace's check_inputs; --rtol is the check's tolerance.")
    String checkInputs;

    @Option(names = "--source-root", paramLabel = "DIR",
            description = "A folder the source's imports of project modules are found under, searched before the"
                    + " source's folder; repeatable.")
    List<Path> sourceRoots = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> arguments;
        List<Object> inputs;
        List<List<Object>> checks = new ArrayList<>();
        try {
            arguments = arguments(args);
            inputs = inputs(exampleInputs);
            if (checkInputs != null) {
                if (!trace) {
                    throw new IllegalArgumentException("--check-inputs needs --trace: a scripted module is not traced");
                }
                JsonElement e = json("--check-inputs", checkInputs);
                if (!e.isJsonArray()) {
                    throw new IllegalArgumentException("--check-inputs must be a JSON array of input lists, such as"
                            + " [[VALUE, ...], ...], not " + e);
                }
                for (int i = 0; i < e.getAsJsonArray().size(); i++) {
                    JsonElement one = e.getAsJsonArray().get(i);
                    if (!one.isJsonArray()) {
                        throw new IllegalArgumentException("--check-inputs[" + i + "] must be a JSON array of VALUEs,"
                                + " not " + one);
                    }
                    checks.add(inputs(one.toString()));
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(NAME + e.getMessage());
            return Main.CANNOT_RUN;
        }
        if (!(rtol >= 0) || Double.isInfinite(rtol)) {
            err.println(NAME + "--rtol " + rtol + ": a tolerance is a number >= 0, such as 1e-5");
            return Main.CANNOT_RUN;
        }
        if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
            err.println(NAME + source + ": cannot read");
            return Main.CANNOT_RUN;
        }
        if (weights != null && (!Files.isRegularFile(weights) || !Files.isReadable(weights))) {
            err.println(NAME + "--weights " + weights + ": cannot read");
            return Main.CANNOT_RUN;
        }
        for (Path root : sourceRoots) {
            if (!Files.isDirectory(root)) {
                err.println(NAME + "--source-root " + root + ": not a folder");
                return Main.CANNOT_RUN;
            }
        }
        ModelPackager.Report report;
        try {
            ModelPackager.Request request = new ModelPackager.Request(source, entry.name(), arguments, weights, inputs,
                    output, seed, sourceRoots, rtol, train, System.err);
            report = ModelPackager.packageModel(trace ? request.traced(checks) : request);
        } catch (PackageException e) {
            out.flush();
            err.println(NAME + e.stage().doing() + ": " + e.getMessage());
            return Main.PROBLEMS;
        }
        report.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        print(report, out);
        out.flush();
        return Main.OK;
    }

    private void print(ModelPackager.Report r, PrintWriter out) {
        if (r.function()) {
            out.println("function: " + entry.name() + " of " + source);
        } else {
            out.println("built: " + entry.name() + " of " + source + " (" + plural(r.parameters(), "parameter") + ", "
                    + plural(r.buffers(), "buffer") + ", " + plural(r.submodules(), "submodule") + ")"
                    + (seed == null ? "" : " after torch.manual_seed(" + seed + ")") + (train ? ", in training mode" : ""));
        }
        if (weights != null) {
            out.println("weights: loaded " + weights);
        }
        if (trace) {
            out.println("traced: " + (r.function() ? entry.name() : "forward") + " on the example inputs" + (checkInputs == null ? ""
                    : ", checked on " + plural(checkCount(), "input list")) + "; classes " + String.join(", ", r.classes()));
        } else {
            out.println("compiled: " + String.join(", ", r.classes()));
        }
        out.println("written: " + r.archive() + " (" + r.archiveBytes() + " bytes)");
        out.println("verified: " + String.join(", ", r.outputs().keySet()) + " agree (rtol "
                + new java.math.BigDecimal(Double.toString(rtol)).stripTrailingZeros().toPlainString() + ")");
        r.outputs().forEach((way, value) -> out.println("  " + way + ": " + value));
    }

    private int checkCount() {
        return checkInputs == null ? 0 : json("--check-inputs", checkInputs).getAsJsonArray().size();
    }

    /** The constructor's keyword arguments: a JSON object whose members are VALUEs. */
    static Map<String, Object> arguments(String json) {
        JsonElement e = json("--args", json);
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("--args must be a JSON object of keyword arguments, such as"
                    + " {\"N\": 3, \"M\": 4}, not " + e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
            try {
                out.put(m.getKey(), JsonValues.fromJson(m.getValue()));
            } catch (IllegalArgumentException | IllegalStateException bad) {
                throw new IllegalArgumentException("--args: \"" + m.getKey() + "\": not a VALUE: " + bad.getMessage());
            }
        }
        return out;
    }

    /** The positional inputs: a JSON array of VALUEs. */
    static List<Object> inputs(String json) {
        JsonElement e = json("--example-inputs", json);
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException("--example-inputs must be a JSON array of VALUEs, not " + e);
        }
        List<Object> out = new ArrayList<>();
        int i = 0;
        for (JsonElement item : e.getAsJsonArray()) {
            try {
                out.add(JsonValues.fromJson(item));
            } catch (IllegalArgumentException | IllegalStateException bad) {
                throw new IllegalArgumentException("--example-inputs[" + i + "]: not a VALUE: " + bad.getMessage());
            }
            i++;
        }
        return out;
    }

    private static JsonElement json(String option, String text) {
        try {
            JsonElement e = JsonParser.parseString(text);
            if (e.isJsonNull() && !text.strip().equals("null")) {
                throw new IllegalArgumentException(option + " is empty: give JSON");
            }
            return e;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(option + " is not JSON: " + e.getMessage());
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
