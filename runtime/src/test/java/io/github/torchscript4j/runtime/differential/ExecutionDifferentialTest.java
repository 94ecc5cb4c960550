package io.github.torchscript4j.runtime.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.runtime.ReferenceScript;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.TorchScriptRuntime;
import io.github.torchscript4j.runtime.interp.Interpreter;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The execution differential test of issue 6 (point 2): programs run through our interpreter
 * ({@link TorchScriptRuntime}: our checker, emitter and interpreter on libtorch's kernels) and
 * through libtorch's own TorchScript compiler and interpreter ({@link ReferenceScript}: {@code
 * torch::jit::compile}, then the function called through libtorch's graph executor) on the same
 * inputs must give the same results — values that agree by the conformance rule ({@link
 * JsonValues#agree}), or both an exception with the same message.
 *
 * <p>The programs are the accepted programs of the differential corpus ({@code differential/},
 * see its README) and the seeded programs of {@link ExecutionPrograms}; every top-level function of
 * a program is called {@value #TRIALS} times with deterministic arguments made for the types
 * libtorch declares ({@link ExecutionInputs}), a fresh copy for each side, after {@code
 * torch.manual_seed} of the same seed (so {@code torch.rand} agrees). Results of {@code
 * torch.empty} and friends are compared by dtype and shape only (the memory is uninitialised).
 * Generated programs that libtorch rejects are left out and counted.
 *
 * <p>Programs where we do not agree yet are listed, with the first reason, in {@code
 * execution-disagreements.txt}; the test fails for an unlisted disagreement and for a listed
 * program that now agrees, so the list only shrinks. After a change, regenerate it and review the
 * diff:
 *
 * <pre>
 * mvn -o -q -pl runtime -am test -Dtest=ExecutionDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false -Dexecution.update=true
 * </pre>
 *
 * <p>It prints {@code execution differential: N programs run (...); agreement K/N programs, C/M
 * calls; ...} and the causes of the disagreements; {@code -Dexecution.trace=true} also prints
 * each program's name as it runs and why libtorch rejected a generated one. Tagged {@code native}.
 *
 * <p>Our side is called first, on a worker interrupted after {@value #CALL_SECONDS} s: libtorch's
 * interpreter cannot be stopped, so a call that runs away is never given to it (and is reported).
 */
@Tag("native")
class ExecutionDifferentialTest {
    static final String KNOWN_DISAGREEMENTS = "execution-disagreements.txt";
    private static final String UPDATE = "execution.update";
    static final int TRIALS = 3;

    private static final Pattern DEF = Pattern.compile("^def (\\w+)\\(", Pattern.MULTILINE);
    private static final Pattern EXCERPT_LINE = Pattern.compile("File \"<string>\", line (\\d+)");

    /** One program's outcome: the first disagreement, or empty when every call agreed. */
    record Outcome(Program program, Optional<String> disagreement, int calls, int agreeingCalls, int raisesAgreeing,
            int raisesOnTheSameLine) {}

    private static final List<Outcome> outcomes = new ArrayList<>();
    private static int leftOut;
    /** Calls that ran past the time limit on our side (and were not given to libtorch): program:function. */
    private static final List<String> runaways = new ArrayList<>();
    private static final List<String> leftOutNames = new ArrayList<>();

    @BeforeAll
    static void runEveryProgram() {
        List<Program> programs = new ArrayList<>();
        for (Program p : Corpus.load()) {
            if (p.intent() == Program.Intent.ACCEPTED) {
                programs.add(p);
            }
        }
        programs.addAll(ExecutionPrograms.all());
        long start = System.nanoTime();
        boolean trace = Boolean.getBoolean("execution.trace");
        for (Program program : programs) {
            if (trace) {
                System.out.println("execution differential: running " + program.name());
            }
            ReferenceScript reference;
            try {
                reference = ReferenceScript.compile(program.source());
            } catch (ReferenceScript.RejectedException e) {
                leftOut++;
                leftOutNames.add(program.name());
                if (trace) {
                    System.out.println("execution differential: libtorch rejects " + program.name() + ": "
                            + e.rejection().message());
                }
                continue;
            }
            try (reference) {
                outcomes.add(run(program, reference));
            }
        }
        System.out.printf("execution differential: %d programs in %d ms%n", programs.size(), (System.nanoTime() - start) / 1_000_000);
        System.out.println("execution differential: " + figures());
        if (!runaways.isEmpty()) {
            System.out.println("execution differential: calls that ran past " + CALL_SECONDS + " s, not run by libtorch: " + runaways);
        }
        Map<String, Integer> causes = new TreeMap<>();
        for (Outcome o : outcomes) {
            o.disagreement().ifPresent(d -> causes.merge(cause(d), 1, Integer::sum));
        }
        causes.forEach((cause, n) -> System.out.println("execution differential: " + n + " x " + cause));
    }

    private static Outcome run(Program program, ReferenceScript reference) {
        ScriptFile file = ScriptFile.of(program.source());
        TorchScriptRuntime ours;
        try {
            ours = TorchScriptRuntime.compile(program.name() + ".py", file.text().getBytes(StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } catch (TorchScriptRuntime.CompilationException e) {
            return new Outcome(program, Optional.of("we do not compile: " + shorten(e.getMessage())), 0, 0, 0, 0);
        }
        boolean modulo = program.source().contains("%");
        boolean uninitialised = program.source().matches("(?s).*\\b(empty|empty_like|new_empty|empty_strided)\\(.*");
        Optional<String> disagreement = Optional.empty();
        int calls = 0;
        int agreeing = 0;
        int raises = 0;
        int sameLine = 0;
        Matcher def = DEF.matcher(program.source());
        while (def.find()) {
            String function = def.group(1);
            List<SchemaType> parameters = reference.parameterTypes(function);
            for (int trial = 0; trial < TRIALS; trial++) {
                long seed = 31L * (program.name() + ":" + function).hashCode() + trial;
                Optional<List<Object>> theirInputs = ExecutionInputs.of(parameters, seed, trial, modulo);
                if (theirInputs.isEmpty()) {
                    break; // a parameter type without a generator: the function is not called
                }
                List<Object> theirArguments = ExecutionInputs.unwrap(theirInputs.get());
                List<Object> ourArguments = ExecutionInputs.unwrap(ExecutionInputs.of(parameters, seed, trial, modulo).orElseThrow());
                // Ours first, on a worker that is interrupted after a while: libtorch's interpreter
                // cannot be stopped, so a call that runs away (an input that makes a loop endless)
                // is never given to it.
                Result mine = callWithTimeout(seed, () -> ours.call(function, ourArguments.toArray()));
                if (mine.failed() instanceof CancellationException) {
                    runaways.add(program.name() + ":" + function);
                    release(theirArguments);
                    release(ourArguments);
                    continue;
                }
                calls++;
                Result theirs = call(seed, () -> reference.call(function, theirArguments));
                try {
                    Optional<String> difference = compare(theirs, mine, uninitialised);
                    if (difference.isEmpty()) {
                        agreeing++;
                        if (theirs.raised() != null) {
                            raises++;
                            if (mine.raised().location().map(r -> file.programLine(r.startLine())).orElse(-1)
                                    == innermostLine(theirs.raised().detail())) {
                                sameLine++;
                            }
                        }
                    } else if (disagreement.isEmpty()) {
                        disagreement = Optional.of(function + ": " + difference.get() + " (args "
                                + shorten(describe(theirArguments)) + ")");
                    }
                } finally {
                    release(theirArguments);
                    release(ourArguments);
                    theirs.release();
                    mine.release();
                }
            }
        }
        return new Outcome(program, disagreement, calls, agreeing, raises, sameLine);
    }

    /** What one side did: returned a value, raised a TorchScript exception, or failed otherwise. */
    private record Result(Object value, TorchScriptException raised, RuntimeException failed) {
        void release() {
            ExecutionDifferentialTest.release(value == null ? List.of() : List.of(value));
        }
    }

    private interface Call {
        Object run();
    }

    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(null, task, "execution-differential", 256L << 20);
        thread.setDaemon(true);
        return thread;
    });

    /** {@link #call} on the worker, interrupted after {@value #CALL_SECONDS} s (a CancellationException failure). */
    private static Result callWithTimeout(long seed, Call call) {
        Future<Result> result = WORKER.submit(() -> call(seed, call));
        try {
            return result.get(CALL_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            try {
                result.get();
            } catch (CancellationException | InterruptedException | ExecutionException ignored) {
                // it stops at its next loop iteration
            }
            return new Result(null, null, new CancellationException("ran past " + CALL_SECONDS + " s"));
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final int CALL_SECONDS = 10;

    private static Result call(long seed, Call call) {
        torch.manual_seed(seed);
        try {
            return new Result(call.run(), null, null);
        } catch (TorchScriptException e) {
            return new Result(null, e, null);
        } catch (RuntimeException e) {
            return new Result(null, null, e);
        } catch (StackOverflowError e) {
            return new Result(null, null, new IllegalStateException("stack overflow"));
        }
    }

    /** Empty when the two results agree; otherwise why not, in one line. */
    private static Optional<String> compare(Result theirs, Result mine, boolean uninitialised) {
        if (mine.failed() != null) {
            String kind = mine.failed() instanceof Interpreter.InterpreterError ? "interpreter error"
                    : mine.failed() instanceof TorchScriptRuntime.CompilationException ? "we do not emit" : "we throw";
            return Optional.of(kind + ": " + shorten(String.valueOf(mine.failed().getMessage())));
        }
        if (theirs.failed() != null) {
            return Optional.of("libtorch's side failed: " + shorten(String.valueOf(theirs.failed())));
        }
        if (theirs.raised() != null) {
            String expected = finalMessage(theirs.raised().detail());
            if (mine.raised() == null) {
                return Optional.of("we return " + shorten(describe(mine.value())) + ", libtorch raises " + shorten(expected));
            }
            String ours = ourMessage(mine.raised());
            return theirs.raised().detail().strip().endsWith(ours.strip())
                    ? Optional.empty()
                    : Optional.of("message: we raise " + shorten(ours) + ", libtorch " + shorten(expected));
        }
        if (mine.raised() != null) {
            return Optional.of("we raise " + shorten(ourMessage(mine.raised())) + ", libtorch returns "
                    + shorten(describe(theirs.value())));
        }
        boolean agree = uninitialised ? sameMetadata(theirs.value(), mine.value()) : JsonValues.agree(theirs.value(), mine.value());
        return agree ? Optional.empty()
                : Optional.of("value: we return " + shorten(describe(mine.value())) + ", libtorch " + shorten(describe(theirs.value())));
    }

    /** Our exception as libtorch's report ends: {@code RuntimeError: division by 0}. */
    private static String ourMessage(TorchScriptException e) {
        return e.pythonType().equals(Interpreter.RAISED_TYPE) ? e.detail() : e.pythonType() + ": " + e.detail();
    }

    /** The last line of libtorch's report: the exception's type and message. */
    private static String finalMessage(String report) {
        List<String> lines = report.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** The program line of libtorch's innermost traceback excerpt, -1 without one. */
    private static int innermostLine(String report) {
        Matcher m = EXCERPT_LINE.matcher(report);
        int line = -1;
        while (m.find()) {
            line = Integer.parseInt(m.group(1));
        }
        return line;
    }

    private static boolean sameMetadata(Object expected, Object actual) {
        if (expected instanceof TensorRef a && actual instanceof TensorRef b) {
            TensorData x = TensorData.read(a);
            TensorData y = TensorData.read(b);
            return x.dtype() == y.dtype() && Arrays.equals(x.shape(), y.shape());
        }
        return JsonValues.agree(expected, actual);
    }

    private static String describe(Object value) {
        try {
            return JsonValues.print(value);
        } catch (RuntimeException e) {
            return String.valueOf(value);
        }
    }

    private static void release(List<?> values) {
        for (Object v : values) {
            if (v instanceof TensorRef t) {
                t.release();
            }
        }
    }

    /** A disagreement's cause, for the summary: its text up to the first detail. */
    private static String cause(String disagreement) {
        String text = disagreement.substring(disagreement.indexOf(": ") + 2);
        int colon = text.indexOf(": ");
        int comma = text.indexOf(", ");
        int cut = colon < 0 ? comma : comma < 0 ? colon : Math.min(colon, comma);
        return cut < 0 ? text : text.substring(0, cut);
    }

    static String figures() {
        int agreed = 0;
        int calls = 0;
        int agreeingCalls = 0;
        int raises = 0;
        int sameLine = 0;
        for (Outcome o : outcomes) {
            agreed += o.disagreement().isEmpty() ? 1 : 0;
            calls += o.calls();
            agreeingCalls += o.agreeingCalls();
            raises += o.raisesAgreeing();
            sameLine += o.raisesOnTheSameLine();
        }
        return String.format("%d programs run (%d generated ones left out: libtorch rejects them); agreement %d/%d programs,"
                        + " %d/%d calls (both raised in %d of them, on the same line in %d)",
                outcomes.size(), leftOut, agreed, outcomes.size(), agreeingCalls, calls, raises, sameLine);
    }

    @Test
    void ourResultsAreLibtorchsExceptForTheKnownDisagreements() throws IOException {
        Map<String, String> disagreements = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            o.disagreement().ifPresent(d -> disagreements.put(o.program().name(), d));
        }
        if (Boolean.getBoolean(UPDATE)) {
            System.out.println("execution differential: wrote " + disagreements.size() + " known disagreements to "
                    + write(disagreements));
            return;
        }
        Map<String, String> known = NameList.read(KNOWN_DISAGREEMENTS);
        List<String> problems = new ArrayList<>();
        for (Outcome o : outcomes) {
            String name = o.program().name();
            if (o.disagreement().isPresent() && !known.containsKey(name)) {
                problems.add("new disagreement: " + name + ": " + o.disagreement().get() + "\n" + o.program().source());
            } else if (o.disagreement().isEmpty() && known.containsKey(name)) {
                problems.add("now agrees, remove it from the list: " + name);
            }
        }
        List<String> names = outcomes.stream().map(o -> o.program().name()).toList();
        for (String name : known.keySet()) {
            if (!names.contains(name)) {
                problems.add("listed but not run: " + name);
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " differences from " + KNOWN_DISAGREEMENTS + " (" + figures() + "); regenerate it with -D"
                    + UPDATE + "=true and review the diff:\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    void aFewHundredProgramsRunAndFewGeneratedOnesAreLeftOut() {
        int run = (int) outcomes.stream().filter(o -> o.calls() > 0).count();
        assertTrue(run >= 300, "only " + run + " programs were called");
        assertTrue(leftOut <= ExecutionPrograms.PER_FAMILY * 2,
                leftOut + " generated programs are rejected by libtorch: " + leftOutNames);
    }

    private static Path write(Map<String, String> disagreements) throws IOException {
        Path folder = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "resources", Corpus.FOLDER);
        if (!Files.isDirectory(folder)) {
            throw new IOException("not the runtime module's source tree: " + folder);
        }
        int width = disagreements.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        out.append("# Programs on which our interpreter's results are not libtorch's TorchScript interpreter's\n");
        out.append("# (ExecutionDifferentialTest), with the first reason. Generated: run the test with -D").append(UPDATE)
                .append("=true,\n# never edited by hand. The list may only shrink.\n");
        for (Map.Entry<String, String> entry : disagreements.entrySet()) {
            out.append(entry.getKey()).append(" ".repeat(width - entry.getKey().length() + 2))
                    .append(entry.getValue().replace('\n', ' ')).append('\n');
        }
        Path file = folder.resolve(KNOWN_DISAGREEMENTS);
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static String shorten(String text) {
        String line = text.replace('\n', ' ').strip();
        return line.length() <= 140 ? line : line.substring(0, 137) + "...";
    }
}
