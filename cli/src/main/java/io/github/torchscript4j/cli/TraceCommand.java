package io.github.torchscript4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.packaging.ModelPackager;
import io.github.torchscript4j.runtime.packaging.PackageException;
import io.github.torchscript4j.runtime.trace.Trace;
import io.github.torchscript4j.runtime.trace.TraceDiagnostic;
import io.github.torchscript4j.runtime.trace.TraceException;
import io.github.torchscript4j.runtime.trace.Tracer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code torchscript trace}: traces a function as {@code torch.jit.trace} does, with the automatic
 * trace checks of {@code check_inputs} ({@link Tracer}).
 *
 * <p>{@code trace --cases FILE.jsonl} reads lines {@code {"id", "path", "function", "inputs",
 * "check_inputs"}} and answers each with one line, flushed at once, as {@code
 * ../shared/conformance/FORMAT.md} specifies: {@code {"id": ID, "ok": true}}, or {@code {"id": ID,
 * "ok": false, "error": M}} where {@code M} starts with the reference's first line ({@code Tracing
 * failed sanity checks!}, {@code Tracer cannot infer type of ...}). One bad case never stops the
 * others; a case still running after {@code --timeout} seconds is answered with an error.
 *
 * <p>{@code trace FILE --function NAME --inputs JSON [--check-inputs JSON]} traces once and prints
 * the graph, or the failure; {@code --module CLASS [--args JSON] [--weights FILE] [--seed N]}
 * instead builds the module as {@code package} does and traces its {@code forward}
 * ({@code torch.jit.trace(CLASS(**args), inputs)}). Tracer warnings go to standard error, prefixed {@code TracerWarning: }
 * (the reference's words), then every warning and failed check again at the source line that caused
 * it ({@link TraceDiagnostic}), as {@code check} prints diagnostics: {@code path:line:col:
 * warning[TS0701]: message}, and the suggestion as {@code path:line:col: note: ...}. The {@code
 * --cases} answers have no place for them (the conformance format), so there they go to standard
 * error only.
 */
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Trace a function or a module's forward as torch.jit.trace does: FILE (--function NAME | --module CLASS"
                    + " [--args JSON] [--weights FILE] [--seed N]) --inputs JSON [--check-inputs JSON],",
            "or every case of --cases FILE.jsonl (one JSON answer per line, as ../shared/conformance/FORMAT.md says).",
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  the trace succeeded (or, with --cases, every case was answered)",
            "  1  tracing or a trace check failed",
            "  2  the command could not run (bad usage, unreadable file)",
        })
final class TraceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cases", paramLabel = "FILE.jsonl", description = "Trace every case of this file.")
    Path cases;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A Python source file.")
    String path;

    @Option(names = "--function", paramLabel = "NAME", description = "The function to trace.")
    String function;

    @Option(names = "--module", paramLabel = "CLASS",
            description = "An nn.Module class to build (with --args, --weights, --seed) and whose forward to trace,"
                    + " as torch.jit.trace(CLASS(**args), inputs).")
    String module;

    @Option(names = "--args", paramLabel = "JSON",
            description = "With --module: the constructor's keyword arguments, a JSON object of VALUEs (default {}).")
    String args = "{}";

    @Option(names = "--weights", paramLabel = "FILE",
            description = "With --module: a state dict to load (torch.save(model.state_dict()) or safetensors).")
    Path weights;

    @Option(names = "--seed", paramLabel = "N", description = "With --module: torch.manual_seed(N) before the constructor.")
    Long seed;

    @Option(names = "--inputs", paramLabel = "JSON", description = "The example inputs: a JSON array of VALUEs.")
    String inputs = "[]";

    @Option(names = "--check-inputs", paramLabel = "JSON",
            description = "Inputs to check the trace on: a JSON array of arrays of VALUEs (default none).")
    String checkInputs = "[]";

    @Option(names = "--check-tolerance", paramLabel = "RTOL",
            description = "Relative tolerance of the output comparison (default 1e-5, as torch.jit.trace's).")
    double checkTolerance = 1e-5;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Give up on a trace after this many seconds (default 60).")
    long timeoutSeconds = 60;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (cases != null) {
            if (path != null || function != null) {
                err.println("torchscript trace: --cases takes no FILE or --function");
                return Main.CANNOT_RUN;
            }
            return traceCases(out, err);
        }
        if (path == null || (function == null) == (module == null)) {
            err.println("torchscript trace: give FILE (--function NAME | --module CLASS) --inputs JSON [--check-inputs JSON],"
                    + " or --cases FILE.jsonl");
            return Main.CANNOT_RUN;
        }
        Map<String, Object> arguments = Map.of();
        if (module != null) {
            try {
                arguments = PackageCommand.arguments(args);
            } catch (IllegalArgumentException e) {
                err.println("torchscript trace: " + e.getMessage());
                return Main.CANNOT_RUN;
            }
        } else if (!args.equals("{}") || weights != null || seed != null) {
            err.println("torchscript trace: --args, --weights and --seed go with --module");
            return Main.CANNOT_RUN;
        }
        JsonElement in;
        JsonElement checks;
        try {
            in = JsonParser.parseString(inputs);
            checks = JsonParser.parseString(checkInputs);
        } catch (RuntimeException e) {
            err.println("torchscript trace: --inputs or --check-inputs is not JSON: " + e.getMessage());
            return Main.CANNOT_RUN;
        }
        if (!in.isJsonArray() || !checks.isJsonArray()) {
            err.println("torchscript trace: --inputs must be a JSON array of VALUEs, --check-inputs an array of such arrays");
            return Main.CANNOT_RUN;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            err.println("torchscript trace: " + path + ": cannot read");
            return Main.CANNOT_RUN;
        }
        Outcome outcome = module != null
                ? traceModuleWithTimeout(arguments, in.getAsJsonArray(), checks.getAsJsonArray())
                : traceWithTimeout(bytes, path, function, in.getAsJsonArray(), checks.getAsJsonArray());
        outcome.warnings().forEach(w -> err.println("TracerWarning: " + w));
        printDiagnostics(err, path, outcome.diagnostics());
        err.flush();
        if (outcome.error() != null) {
            out.println(outcome.error());
            out.flush();
            return Main.PROBLEMS;
        }
        out.print(outcome.graph());
        out.flush();
        return Main.OK;
    }

    private int traceCases(PrintWriter out, PrintWriter err) {
        return CaseLines.forEach(cases, "trace", err, (text, lineNumber) -> {
            JsonObject answer = new JsonObject();
            Outcome outcome = traceCase(text, lineNumber, answer);
            outcome.warnings().forEach(w -> err.println("TracerWarning: " + w));
            printDiagnostics(err, String.valueOf(answer.get("id")), outcome.diagnostics());
            err.flush();
            answer.addProperty("ok", outcome.error() == null);
            if (outcome.error() != null) {
                answer.addProperty("error", outcome.error());
            }
            out.println(answer);
            out.flush();
        });
    }

    /**
     * Prints diagnostics as {@code check} does: {@code path:line:col: severity[TS07xx]: message}, then
     * {@code path:line:col: note: suggestion}; {@code path} names the file of one without a location.
     */
    static void printDiagnostics(PrintWriter err, String path, List<TraceDiagnostic> diagnostics) {
        for (TraceDiagnostic d : diagnostics) {
            err.println(d.render(path));
            d.renderNote(path).ifPresent(err::println);
        }
    }

    /** What one trace gave: its graph, or the error; and the warnings, and the diagnostics of both. */
    private record Outcome(String graph, String error, List<String> warnings, List<TraceDiagnostic> diagnostics) {
        static Outcome failed(String error) {
            return new Outcome(null, error, List.of(), List.of());
        }
    }

    /** One case line: fills in {@code answer}'s id and traces; never throws. */
    private Outcome traceCase(String text, int lineNumber, JsonObject answer) {
        JsonObject c;
        try {
            c = JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            answer.add("id", null);
            return Outcome.failed("line " + lineNumber + " is not a JSON object: " + e.getMessage());
        }
        answer.add("id", c.has("id") ? c.get("id") : null);
        JsonElement p = c.get("path");
        JsonElement f = c.get("function");
        JsonElement in = c.has("inputs") ? c.get("inputs") : new JsonArray();
        JsonElement checks = c.has("check_inputs") ? c.get("check_inputs") : new JsonArray();
        if (p == null || !p.isJsonPrimitive() || f == null || !f.isJsonPrimitive() || !in.isJsonArray()
                || !checks.isJsonArray()) {
            return Outcome.failed("a case needs \"path\" and \"function\" strings, an \"inputs\" array and a"
                    + " \"check_inputs\" array of arrays");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(p.getAsString()));
        } catch (IOException | RuntimeException e) {
            return Outcome.failed(p.getAsString() + ": cannot read: " + e.getMessage());
        }
        return traceWithTimeout(bytes, p.getAsString(), f.getAsString(), in.getAsJsonArray(), checks.getAsJsonArray());
    }

    /** Traces on a worker thread with a large stack, given up after the timeout. */
    private Outcome traceWithTimeout(byte[] bytes, String file, String name, JsonArray in, JsonArray checks) {
        return CaseLines.withTimeout("torchscript-trace", timeoutSeconds, () -> trace(bytes, file, name, in, checks),
                why -> Outcome.failed("could not trace: " + why));
    }

    private Outcome trace(byte[] bytes, String file, String name, JsonArray in, JsonArray checks) {
        try {
            List<Object> inputs = values(in);
            List<List<Object>> checkLists = checkLists(checks);
            if (checkLists == null) {
                return Outcome.failed(BAD_CHECK_INPUT);
            }
            Trace t = Tracer.of(file, bytes, name, programOutput()).trace(inputs, checkLists, checkTolerance);
            return new Outcome(t.graphText(), null, t.warnings(), t.diagnostics());
        } catch (TraceException e) {
            return new Outcome(null, e.getMessage(), e.warnings(), e.diagnostics());
        } catch (StackOverflowError e) {
            return Outcome.failed("could not trace: stack overflow");
        } catch (RuntimeException e) {
            return Outcome.failed("could not trace: " + e);
        }
    }

    private Outcome traceModuleWithTimeout(Map<String, Object> arguments, JsonArray in, JsonArray checks) {
        return CaseLines.withTimeout("torchscript-trace", timeoutSeconds, () -> traceModule(arguments, in, checks),
                why -> Outcome.failed("could not trace: " + why));
    }

    /** Builds the module as packaging builds it, then traces its forward with the checks. */
    private Outcome traceModule(Map<String, Object> arguments, JsonArray in, JsonArray checks) {
        List<Object> inputs = values(in);
        List<List<Object>> checkLists = checkLists(checks);
        if (checkLists == null) {
            return Outcome.failed(BAD_CHECK_INPUT);
        }
        ModelPackager.Request request = new ModelPackager.Request(Path.of(path), module, arguments, weights, inputs,
                Path.of("unused.pt"), seed, List.of(), checkTolerance, false, programOutput());
        try (ModelPackager.BuiltModule built = ModelPackager.build(request)) {
            Trace t = built.tracer("forward").trace(inputs, checkLists, checkTolerance);
            return new Outcome(t.graphText(), null, t.warnings(), t.diagnostics());
        } catch (PackageException e) {
            return Outcome.failed(e.stage().doing() + ": " + e.getMessage());
        } catch (TraceException e) {
            return new Outcome(null, e.getMessage(), e.warnings(), e.diagnostics());
        } catch (StackOverflowError e) {
            return Outcome.failed("could not trace: stack overflow");
        }
    }

    private static final String BAD_CHECK_INPUT = "each check input must be a JSON array of VALUEs";

    /** The check inputs' values, one list per check; null when one is not a JSON array. */
    private static List<List<Object>> checkLists(JsonArray checks) {
        List<List<Object>> out = new ArrayList<>();
        for (JsonElement e : checks) {
            if (!e.isJsonArray()) {
                return null;
            }
            out.add(values(e.getAsJsonArray()));
        }
        return out;
    }

    private static List<Object> values(JsonArray array) {
        List<Object> out = new ArrayList<>();
        for (JsonElement e : array) {
            out.add(JsonValues.fromJson(e));
        }
        return out;
    }

    /** Where the traced programs' {@code print} goes: standard error, so that standard output stays JSON. */
    private static PrintStream programOutput() {
        return System.err;
    }
}
