package io.github.torchscript4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.runtime.Devices;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.TorchScriptModule;
import io.github.torchscript4j.runtime.archive.ArchiveException;
import io.github.torchscript4j.runtime.TorchScriptRuntime;
import io.github.torchscript4j.runtime.interp.Interpreter;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code torchscript run}: compiles TorchScript files and calls their functions on libtorch, with
 * inputs and outputs in the conformance corpus's VALUE JSON ({@code ../shared/conformance/FORMAT.md}).
 *
 * <p>{@code run --cases FILE.jsonl} reads lines {@code {"id", "path", "function", "inputs"}} and
 * answers each with exactly one line, flushed at once (a call still running after {@code
 * --timeout} seconds is interrupted and answered with an error): {@code {"id": ID, "output": VALUE}}, {@code
 * {"id": ID, "raises": TYPE, "message": M}} when the program raised ({@code TYPE} is the Python
 * type the reference reports: {@code torch.jit.Error} for {@code raise} and {@code assert}, {@code
 * RuntimeError} for operator errors; {@code M} is the exception's message), or {@code {"id": ID,
 * "error": M}} when the file could not be compiled or the case could not be run. One bad case never
 * stops the others. Each file is compiled once.
 *
 * <p>{@code run FILE --function NAME --inputs JSON} makes one call and prints the same object
 * without the id. {@code --device cuda[:N]} moves tensor inputs to that GPU (results are read back
 * to print them); a device that cannot be used here is an error before anything runs (status 2). Standard output carries only these lines; what the programs {@code print} goes
 * to standard error.
 *
 * <p>Each file is compiled with its imports of the project's other files followed, as {@code check}
 * follows them ({@link SourceRoots}: {@code --source-root DIR}, then the file's package root and
 * folder), so a function that calls into another module runs; files with the same roots share one
 * workspace, so a module imported by many cases is parsed once.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Run a TorchScript function on libtorch: FILE --function NAME --inputs JSON,",
            "or every case of --cases FILE.jsonl (one JSON answer per line, as ../shared/conformance/FORMAT.md says),",
            "or a method of a TorchScript archive: --archive MODEL.pt [--function NAME (default forward)] --inputs JSON.",
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  every call returned (or, with --cases, every case was answered)",
            "  1  the call raised or the file does not compile",
            "  2  the command could not run (bad usage, unreadable file)",
        })
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cases", paramLabel = "FILE.jsonl", description = "Run every case of this file.")
    Path cases;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A TorchScript source file.")
    String path;

    @Option(names = "--archive", paramLabel = "MODEL.pt",
            description = "Load this TorchScript archive (torch.jit.save's, PyTorch's or ours) and call its module's method.")
    Path archive;

    @Option(names = "--function", paramLabel = "NAME", description = "The function to call.")
    String function;

    @Option(names = "--inputs", paramLabel = "JSON", description = "The arguments: a JSON array of VALUEs (default []).")
    String inputs = "[]";

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Where tensor inputs go: cpu (default), cuda or cuda:N (needs the -Pcuda build and a GPU).")
    String device = "cpu";

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Give up on a call after this many seconds (default 60); with --cases it is answered with an error.")
    long timeoutSeconds = 60;

    @picocli.CommandLine.Mixin SourceRoots sourceRoots = new SourceRoots();

    /** Compiled files by path, or why they did not compile. */
    private final Map<String, Object> compiled = new ConcurrentHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Devices.require(Devices.parse(device));
        } catch (IllegalArgumentException | Devices.DeviceUnavailableException e) {
            err.println("torchscript run: --device " + device + ": " + e.getMessage());
            return Main.CANNOT_RUN;
        }
        if (cases != null) {
            if (path != null || function != null) {
                err.println("torchscript run: --cases takes no FILE or --function");
                return Main.CANNOT_RUN;
            }
            return runCases(out, err);
        }
        if (archive != null) {
            return runArchive(out, err);
        }
        if (path == null || function == null) {
            err.println("torchscript run: give FILE --function NAME [--inputs JSON], or --cases FILE.jsonl");
            return Main.CANNOT_RUN;
        }
        if (!Files.isReadable(Path.of(path))) {
            err.println("torchscript run: " + path + ": cannot read");
            return Main.CANNOT_RUN;
        }
        JsonArray args = inputArray(err);
        if (args == null) {
            return Main.CANNOT_RUN;
        }
        Answer answer = answer(new JsonObject(), path, function, args);
        out.println(answer.line());
        out.flush();
        return answer.returned() ? Main.OK : Main.PROBLEMS;
    }

    /** {@code --inputs} as a JSON array, or null after saying on {@code err} what is wrong with it. */
    private JsonArray inputArray(PrintWriter err) {
        JsonElement args;
        try {
            args = JsonParser.parseString(inputs);
        } catch (RuntimeException e) {
            err.println("torchscript run: --inputs is not JSON: " + e.getMessage());
            return null;
        }
        if (!args.isJsonArray()) {
            err.println("torchscript run: --inputs must be a JSON array of VALUEs");
            return null;
        }
        return args.getAsJsonArray();
    }

    /** {@code --archive}: the module's method (forward by default) on the inputs, answered as a single call is. */
    private int runArchive(PrintWriter out, PrintWriter err) {
        if (path != null || !"cpu".equals(device)) {
            err.println("torchscript run: --archive takes no FILE and runs on the cpu");
            return Main.CANNOT_RUN;
        }
        if (!Files.isReadable(archive)) {
            err.println("torchscript run: " + archive + ": cannot read");
            return Main.CANNOT_RUN;
        }
        JsonArray args = inputArray(err);
        if (args == null) {
            return Main.CANNOT_RUN;
        }
        JsonObject answer = new JsonObject();
        List<Object> arguments = new ArrayList<>();
        Object result = null;
        try (TorchScriptModule module = TorchScriptModule.load(archive, programOutput())) {
            for (JsonElement e : args) {
                arguments.add(JsonValues.fromJson(e));
            }
            result = module.call(function == null ? "forward" : function, arguments);
            out.println("{\"output\": " + JsonValues.print(result) + "}");
            out.flush();
            return Main.OK;
        } catch (TorchScriptException e) {
            answer.addProperty("raises", e.pythonType());
            answer.addProperty("message", e.detail());
        } catch (ArchiveException e) {
            answer.addProperty("error", e.getMessage());
        } catch (RuntimeException e) {
            answer.addProperty("error", "could not run: " + e.getMessage());
        } finally {
            release(arguments);
            release(result == null ? List.of() : List.of(result));
        }
        out.println(answer);
        out.flush();
        return Main.PROBLEMS;
    }

    private int runCases(PrintWriter out, PrintWriter err) {
        return CaseLines.forEach(cases, "run", err, (text, lineNumber) -> {
            out.println(runCaseWithTimeout(text, lineNumber).line());
            out.flush();
        });
    }

    /** One answer line, and whether the call returned. */
    private record Answer(String line, boolean returned) {
        static Answer failed(JsonObject answer) {
            return new Answer(answer.toString(), false);
        }
    }

    /**
     * The answer to one case line, computed on a worker thread with a large stack so that a case
     * that runs away (a loop that never ends) is interrupted after the timeout and answered with
     * an error, and the next case gets a fresh worker.
     */
    private Answer runCaseWithTimeout(String text, int lineNumber) {
        return CaseLines.withTimeout("torchscript-run", timeoutSeconds, () -> runCase(text, lineNumber),
                why -> Answer.failed(idOnly(text, "could not run: " + why)));
    }

    /** {@code {"id": ID, "error": message}} for a case line (the id null if the line has none). */
    private static JsonObject idOnly(String text, String message) {
        JsonObject answer = new JsonObject();
        JsonElement id = null;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            id = parsed.isJsonObject() ? parsed.getAsJsonObject().get("id") : null;
        } catch (RuntimeException e) {
            // no id to repeat
        }
        answer.add("id", id);
        answer.addProperty("error", message);
        return answer;
    }

    /** The answer to one case line; never throws. */
    private Answer runCase(String text, int lineNumber) {
        JsonObject answer = new JsonObject();
        JsonObject c;
        try {
            c = JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            answer.add("id", null);
            answer.addProperty("error", "line " + lineNumber + " is not a JSON object: " + e.getMessage());
            return Answer.failed(answer);
        }
        answer.add("id", c.has("id") ? c.get("id") : null);
        JsonElement p = c.get("path");
        JsonElement f = c.get("function");
        JsonElement in = c.has("inputs") ? c.get("inputs") : new JsonArray();
        if (p == null || !p.isJsonPrimitive() || f == null || !f.isJsonPrimitive() || !in.isJsonArray()) {
            answer.addProperty("error", "a case needs \"path\" and \"function\" strings and an \"inputs\" array");
            return Answer.failed(answer);
        }
        return answer(answer, p.getAsString(), f.getAsString(), in.getAsJsonArray());
    }

    /**
     * Compiles (once per path) and calls; returns {@code answer} completed with the output, the
     * exception or the error. Catches everything, so that one case never ends the run.
     */
    private Answer answer(JsonObject answer, String file, String name, JsonArray jsonInputs) {
        List<Object> arguments = new ArrayList<>();
        Object result = null;
        try {
            TorchScriptRuntime script = compiled(file);
            io.github.torchscript4j.checker.ir.Function fn = script.function(name);
            for (JsonElement e : jsonInputs) {
                arguments.add(JsonValues.fromJson(e));
            }
            result = script.call(fn, arguments);
            String printed = JsonValues.print(onCpu(result));
            // The id comes first; the VALUE is JSON text already, so the line is put together here.
            String head = answer.size() == 0 ? "{" : answer.toString().replaceFirst("}$", ", ");
            return new Answer(head + "\"output\": " + printed + "}", true);
        } catch (TorchScriptException e) {
            answer.addProperty("raises", e.pythonType());
            answer.addProperty("message", e.detail());
        } catch (TorchScriptRuntime.CompilationException e) {
            answer.addProperty("error", e.getMessage());
        } catch (Interpreter.InterpreterError e) {
            answer.addProperty("error", "could not run: " + e.getMessage());
        } catch (CancellationException e) {
            answer.addProperty("error", "could not run: interrupted");
        } catch (StackOverflowError e) {
            answer.addProperty("error", "could not run: stack overflow");
        } catch (RuntimeException e) {
            answer.addProperty("error", "could not run: " + e);
        } finally {
            release(arguments);
            release(result == null ? List.of() : List.of(result));
        }
        return Answer.failed(answer);
    }

    private TorchScriptRuntime compiled(String file) {
        Object known = compiled.computeIfAbsent(file, p -> {
            try {
                Path source = Path.of(p);
                byte[] bytes = Files.readAllBytes(source);
                return TorchScriptRuntime.compile(sourceRoots.workspaceFor(source), source, bytes, programOutput())
                        .onDevice(device);
            } catch (IOException e) {
                return new TorchScriptRuntime.CompilationException(p + ": cannot read: " + e.getMessage(), null);
            } catch (TorchScriptRuntime.CompilationException e) {
                return e;
            }
        });
        if (known instanceof TorchScriptRuntime.CompilationException e) {
            throw e;
        }
        return (TorchScriptRuntime) known;
    }

    /** {@code result} with its tensors on the CPU, where they can be printed (itself on the CPU). */
    private Object onCpu(Object result) {
        return "cpu".equals(device) ? result : Devices.moveTo(result, DeviceValue.CPU);
    }

    /** Where the programs' {@code print} goes: standard error, so that standard output stays JSON. */
    private static PrintStream programOutput() {
        return System.err;
    }

    /** Lets go of the tensors among {@code values} (the caller's; tensors inside containers are left to the GC). */
    private static void release(List<?> values) {
        for (Object v : values) {
            if (v instanceof TensorRef t) {
                t.release();
            }
        }
    }
}
