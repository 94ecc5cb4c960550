package io.github.torchscript4j.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.lsp.LanguageServerLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The language server's speed as an editor sees it (issue 5, point 4): the server runs as a child
 * process ({@code java -cp <this class path> io.github.torchscript4j.lsp.LanguageServerLauncher})
 * and {@link LspBenchmarkClient} speaks JSON-RPC to it over its standard input and output, on a
 * generated TorchScript file of about 2,000 lines ({@link LspBenchmarkFile}: many functions, an
 * {@code nn.Module} class, one error in the module's {@code forward}).
 *
 * <ul>
 *   <li><b>start → first diagnostics</b>: from starting the server's process to the diagnostics of
 *       the file, opened right after {@code initialize}. Target: at most 1.5 s.
 *   <li><b>edit → diagnostics</b>: an incremental {@code didChange} that breaks a local's use in a
 *       random function (an undefined name), or mends the last one broken, to the {@code
 *       publishDiagnostics} of that version; each result is checked (one error more, or not). Target:
 *       p95 at most 50 ms.
 *   <li><b>completion</b>: {@code x.} typed on a new line of a random tensor function ({@code x} a
 *       {@code Tensor} parameter) and completion asked for at once, as an editor does, while the
 *       server also checks the new text for diagnostics; the items must contain {@code relu}. The
 *       line is then removed and its diagnostics awaited (not timed). Target: p95 at most 30 ms.
 *   <li><b>hover</b>: on a local of a random function of the checked file; the answer must show its
 *       type. Target: p95 at most 20 ms.
 * </ul>
 *
 * <p>With {@code --cross-file}, each server also opens a second file that imports the model ({@code
 * import lsp_benchmark_model as m}) and names each of its functions ({@code m.f}), and measures,
 * on it: hover on a random {@code m.f} (the answer must show {@code def f(}), go to definition of it
 * (the model's file), and completion after {@code m.} typed on a new line (the items must hold the
 * model's functions); with the server's {@code torchscript/statistics} (files checked and parsed)
 * before and after the hovers and definitions, which its cache must leave unchanged.
 *
 * <p>Edits and completions are {@code --pause-ms} apart (default 50 ms, quicker than anyone types),
 * so that each is an edit after a quiet spell, which the server checks at once; a burst of edits
 * within {@code diagnosticsDelayMs} of each other is debounced instead. Everything is measured twice, in two server processes: with {@code diagnosticsDelayMs} 0, and
 * with the server's default settings (diagnostics debounced by {@code diagnosticsDelayMs}). The first
 * {@code --warmup} samples of each kind are left out (the JIT). Then the reference: {@code
 * /usr/bin/python3} imports the same file as a module from a temporary folder, which runs {@code
 * torch.jit.script} on every function and on the module, until it raises the file's error; the
 * median of {@code --reference-runs} processes, whole process and the part after {@code import
 * torch}.
 *
 * <pre>
 * java -cp ... io.github.torchscript4j.benchmarks.LspBenchmark [--lines N] [--edits N] [--requests N]
 *     [--warmup N] [--seed N] [--pause-ms N] [--reference-runs N] [--python PATH] [--write FILE]
 *     [--cross-file]
 * </pre>
 *
 * <p>{@code --write FILE} only writes the generated file and exits.
 */
public final class LspBenchmark {
    private static final long WAIT_SECONDS = 60;
    private static final String MODULE_NAME = "lsp_benchmark_model";

    private int lines = 2000;
    private int edits = 400;
    private int requests = 200;
    private int warmup = 40;
    private long seed = 5;
    private int referenceRuns = 3;
    private int pauseMs = 50;
    private String python = "/usr/bin/python3";
    private boolean crossFile;

    private LspBenchmarkFile file;
    private Path dir;
    private String uri;

    public static void main(String[] args) throws Exception {
        LspBenchmark b = new LspBenchmark();
        Path write = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--lines" -> b.lines = Integer.parseInt(value);
                case "--edits" -> b.edits = Integer.parseInt(value);
                case "--requests" -> b.requests = Integer.parseInt(value);
                case "--warmup" -> b.warmup = Integer.parseInt(value);
                case "--seed" -> b.seed = Long.parseLong(value);
                case "--reference-runs" -> b.referenceRuns = Integer.parseInt(value);
                case "--pause-ms" -> b.pauseMs = Integer.parseInt(value);
                case "--python" -> b.python = value;
                case "--write" -> write = Path.of(value);
                case "--cross-file" -> {
                    b.crossFile = true;
                    i--;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see the class's Javadoc or benchmarks/README.md");
                    System.exit(2);
                }
            }
            i++;
        }
        b.file = LspBenchmarkFile.generate(b.lines, b.seed);
        if (write != null) {
            Files.writeString(write, b.file.text);
            System.out.println("wrote " + write + ": " + b.file.lines + " lines");
            return;
        }
        b.run();
    }

    private void run() throws Exception {
        dir = Files.createTempDirectory("lsp-benchmark");
        try {
            Path model = dir.resolve(MODULE_NAME + ".py");
            Files.writeString(model, file.text);
            uri = model.toUri().toString();
            System.out.printf(Locale.ROOT, "file: %d lines, %d functions and an nn.Module, one error (%s at %d:%d)%n",
                    file.lines, file.sites.size(), LspBenchmarkFile.ERROR_NAME, file.error.line() + 1, file.error.character() + 1);
            System.out.printf(Locale.ROOT, "machine: %d CPUs, load average %s; samples: %d edits, %d completions, %d hovers"
                    + " (after %d of each for warm-up), edits %d ms apart%n",
                    Runtime.getRuntime().availableProcessors(), loadAverage(), edits, requests, requests, warmup, pauseMs);
            Results noDelay = server("diagnosticsDelayMs 0", "{\"diagnosticsDelayMs\": 0}");
            Results defaults = server("default settings (diagnostics debounced)", "{}");
            Reference reference = reference();
            System.out.println();
            System.out.println("targets:");
            for (Results r : List.of(noDelay, defaults)) {
                System.out.printf(Locale.ROOT, "  [%s] first diagnostics %s, edit->diagnostics p95 %s, completion p95 %s, hover p95 %s%n",
                        r.name, verdict(r.firstMs, 1500), verdict(r.edits.p95(), 50), verdict(r.completions.p95(), 30),
                        verdict(r.hovers.p95(), 20));
            }
            if (reference != null) {
                System.out.printf(Locale.ROOT, "first error: ours %.0f ms from process start (%d:%d), reference %.0f ms"
                        + " (line %s); after start-up: ours %.1f ms per edit (p50), reference %.0f ms to compile up to the error%n",
                        noDelay.firstMs, noDelay.firstLine, noDelay.firstCharacter, reference.processMs, reference.line,
                        noDelay.edits.p50(), reference.scriptMs);
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String verdict(double value, double target) {
        return String.format(Locale.ROOT, "%.1f ms %s %.0f", value, value <= target ? "<=" : "> (MISSED)", target);
    }

    // ---- one server ---------------------------------------------------------------------------

    /** Percentiles of a sample, in milliseconds. */
    record Sample(double[] ms) {
        static Sample of(List<Double> values) {
            double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(a);
            return new Sample(a);
        }

        double at(double q) {
            return ms.length == 0 ? Double.NaN : ms[Math.min(ms.length - 1, (int) Math.ceil(q * ms.length) - 1)];
        }

        double p50() {
            return at(0.50);
        }

        double p95() {
            return at(0.95);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  (n=%d)", p50(), p95(),
                    ms.length == 0 ? Double.NaN : ms[ms.length - 1], ms.length);
        }
    }

    private record Results(String name, double firstMs, int firstLine, int firstCharacter, Sample edits,
            Sample completions, Sample hovers) {}

    private Results server(String name, String initializationOptions) throws Exception {
        System.out.println();
        System.out.println("[" + name + "] initializationOptions " + initializationOptions);
        Path log = dir.resolve("server-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", frozenClassPath(), LanguageServerLauncher.class.getName())
                .redirectError(log.toFile());
        long start = System.nanoTime();
        Process process = pb.start();
        try (LspBenchmarkClient client = new LspBenchmarkClient(process)) {
            JsonObject init = new JsonObject();
            init.addProperty("processId", ProcessHandle.current().pid());
            init.addProperty("rootUri", dir.toUri().toString());
            init.add("capabilities", new JsonObject());
            init.add("initializationOptions", JsonParser.parseString(initializationOptions));
            LspBenchmarkClient.await(client.request("initialize", init), WAIT_SECONDS);
            long initialized = System.nanoTime();
            client.notify("initialized", new JsonObject());
            JsonObject item = new JsonObject();
            item.addProperty("uri", uri);
            item.addProperty("languageId", "python");
            item.addProperty("version", 1);
            item.addProperty("text", file.text);
            JsonObject open = new JsonObject();
            open.add("textDocument", item);
            client.notify("textDocument/didOpen", open);
            LspBenchmarkClient.Published first = client.diagnostics(uri, 1, WAIT_SECONDS);
            double firstMs = (first.nanos() - start) / 1e6;
            JsonObject d = expectErrors(first, 1, LspBenchmarkFile.ERROR_NAME);
            JsonObject at = d.getAsJsonObject("range").getAsJsonObject("start");
            int line = at.get("line").getAsInt() + 1;
            int character = at.get("character").getAsInt() + 1;
            System.out.printf(Locale.ROOT, "  start -> first diagnostics  %7.0f ms  (initialize answered at %.0f ms; %d:%d %s)%n",
                    firstMs, (initialized - start) / 1e6, line, character, d.get("message").getAsString());

            Random random = new Random(seed);
            int[] version = {1};
            Sample editSample = edits(client, random, version);
            System.out.println("  edit -> diagnostics         " + editSample);
            Sample completionSample = completions(client, random, version);
            System.out.println("  completion after x.         " + completionSample);
            Sample hoverSample = hovers(client, random);
            System.out.println("  hover                       " + hoverSample);
            if (crossFile) {
                crossFile(client, random);
            }
            return new Results(name, firstMs, line, character, editSample, completionSample, hoverSample);
        } catch (Exception | AssertionError e) {
            System.err.println("the server's standard error:\n" + Files.readString(log));
            throw e;
        }
    }

    private Sample edits(LspBenchmarkClient client, Random random, int[] version) throws Exception {
        List<Double> ms = new ArrayList<>();
        LspBenchmarkFile.Site broken = null;
        for (int i = 0; i < warmup + edits; i++) {
            JsonObject change;
            int errors;
            String name;
            if (broken == null) {
                broken = file.sites.get(random.nextInt(file.sites.size()));
                LspBenchmarkFile.Spot s = broken.edit();
                change = change(s.line(), s.character(), s.line(), s.character() + s.name().length(), s.name() + "q");
                errors = 2;
                name = s.name() + "q";
            } else {
                LspBenchmarkFile.Spot s = broken.edit();
                change = change(s.line(), s.character(), s.line(), s.character() + s.name().length() + 1, s.name());
                errors = 1;
                name = LspBenchmarkFile.ERROR_NAME;
                broken = null;
            }
            int v = ++version[0];
            Thread.sleep(pauseMs);
            long start = System.nanoTime();
            client.notify("textDocument/didChange", didChange(v, change));
            LspBenchmarkClient.Published p = client.diagnostics(uri, v, WAIT_SECONDS);
            if (i >= warmup) {
                ms.add((p.nanos() - start) / 1e6);
            }
            expectErrors(p, errors, name);
        }
        if (broken != null) { // leave the file as it was
            LspBenchmarkFile.Spot s = broken.edit();
            int v = ++version[0];
            client.notify("textDocument/didChange", didChange(v,
                    change(s.line(), s.character(), s.line(), s.character() + s.name().length() + 1, s.name())));
            client.diagnostics(uri, v, WAIT_SECONDS);
        }
        return Sample.of(ms);
    }

    private Sample completions(LspBenchmarkClient client, Random random, int[] version) throws Exception {
        List<LspBenchmarkFile.Site> tensorSites = file.sites.stream().filter(LspBenchmarkFile.Site::tensorParameter).toList();
        List<Double> ms = new ArrayList<>();
        String typed = "    probe = x.";
        for (int i = 0; i < warmup + requests; i++) {
            int line = tensorSites.get(random.nextInt(tensorSites.size())).bodyLine();
            Thread.sleep(pauseMs);
            client.notify("textDocument/didChange", didChange(++version[0], change(line, 0, line, 0, typed + "\n")));
            long start = System.nanoTime();
            JsonElement result = LspBenchmarkClient.await(client.request("textDocument/completion",
                    positionParams(line, typed.length())), WAIT_SECONDS);
            long end = System.nanoTime();
            if (i >= warmup) {
                ms.add((end - start) / 1e6);
            }
            JsonArray items = result.isJsonObject() ? result.getAsJsonObject().getAsJsonArray("items") : result.getAsJsonArray();
            boolean relu = false;
            for (JsonElement e : items) {
                relu |= e.getAsJsonObject().get("label").getAsString().equals("relu");
            }
            if (!relu) {
                throw new AssertionError("no relu among the " + items.size() + " items completed after x. at line " + (line + 1));
            }
            int v = ++version[0];
            client.notify("textDocument/didChange", didChange(v, change(line, 0, line + 1, 0, "")));
            expectErrors(client.diagnostics(uri, v, WAIT_SECONDS), 1, LspBenchmarkFile.ERROR_NAME);
        }
        return Sample.of(ms);
    }

    private Sample hovers(LspBenchmarkClient client, Random random) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < warmup + requests; i++) {
            LspBenchmarkFile.Site site = file.sites.get(random.nextInt(file.sites.size()));
            LspBenchmarkFile.Spot s = site.hover();
            Thread.sleep(pauseMs / 5);
            long start = System.nanoTime();
            JsonElement result = LspBenchmarkClient.await(client.request("textDocument/hover",
                    positionParams(s.line(), s.character())), WAIT_SECONDS);
            long end = System.nanoTime();
            if (i >= warmup) {
                ms.add((end - start) / 1e6);
            }
            String expected = s.name() + ": " + site.hoverType();
            if (!result.isJsonObject() || !result.toString().contains(expected)) {
                throw new AssertionError("hover on " + s.name() + " in " + site.function() + " shows " + result
                        + ", not " + expected);
            }
        }
        return Sample.of(ms);
    }

    // ---- across files -----------------------------------------------------------------------------

    /** The {@code --cross-file} samples, printed: hover, definition and completion in a file importing the model. */
    private void crossFile(LspBenchmarkClient client, Random random) throws Exception {
        List<String> functions = file.sites.stream().map(LspBenchmarkFile.Site::function).distinct().toList();
        StringBuilder text = new StringBuilder("import torch\nimport " + MODULE_NAME + " as m\n\n\ndef use():\n");
        for (int i = 0; i < functions.size(); i++) {
            text.append("    r").append(i).append(" = m.").append(functions.get(i)).append('\n');
        }
        int firstLine = 5;
        Path user = dir.resolve("lsp_benchmark_user.py");
        Files.writeString(user, text.toString());
        String userUri = user.toUri().toString();
        JsonObject item = new JsonObject();
        item.addProperty("uri", userUri);
        item.addProperty("languageId", "python");
        item.addProperty("version", 1);
        item.addProperty("text", text.toString());
        JsonObject open = new JsonObject();
        open.add("textDocument", item);
        client.notify("textDocument/didOpen", open);
        client.diagnostics(userUri, 1, WAIT_SECONDS);
        JsonElement before = LspBenchmarkClient.await(client.request("torchscript/statistics", null), WAIT_SECONDS);
        List<Double> hoverMs = new ArrayList<>();
        List<Double> definitionMs = new ArrayList<>();
        for (int i = 0; i < warmup + requests; i++) {
            int k = random.nextInt(functions.size());
            String f = functions.get(k);
            JsonObject at = positionParams(userUri, firstLine + k, ("    r" + k + " = m.").length() + 1);
            long start = System.nanoTime();
            JsonElement hover = LspBenchmarkClient.await(client.request("textDocument/hover", at), WAIT_SECONDS);
            long mid = System.nanoTime();
            JsonElement definition = LspBenchmarkClient.await(client.request("textDocument/definition", at), WAIT_SECONDS);
            long end = System.nanoTime();
            if (i >= warmup) {
                hoverMs.add((mid - start) / 1e6);
                definitionMs.add((end - mid) / 1e6);
            }
            if (!hover.toString().contains("def " + f + "(") || !definition.toString().contains(uri)) {
                throw new AssertionError("on m." + f + ": hover " + hover + ", definition " + definition);
            }
        }
        JsonElement after = LspBenchmarkClient.await(client.request("torchscript/statistics", null), WAIT_SECONDS);
        System.out.println("  across files: hover m.f      " + Sample.of(hoverMs));
        System.out.println("  across files: definition     " + Sample.of(definitionMs));
        System.out.println("  statistics before the hovers " + before + ", after " + after);
        List<Double> completionMs = new ArrayList<>();
        String typed = "    probe = m.";
        int line = firstLine + functions.size();
        int version = 1;
        for (int i = 0; i < warmup + requests; i++) {
            Thread.sleep(pauseMs);
            client.notify("textDocument/didChange", didChange(userUri, ++version, change(line, 0, line, 0, typed + "\n")));
            long start = System.nanoTime();
            JsonElement result = LspBenchmarkClient.await(client.request("textDocument/completion",
                    positionParams(userUri, line, typed.length())), WAIT_SECONDS);
            long end = System.nanoTime();
            if (i >= warmup) {
                completionMs.add((end - start) / 1e6);
            }
            JsonArray items = result.isJsonObject() ? result.getAsJsonObject().getAsJsonArray("items") : result.getAsJsonArray();
            if (items.size() < functions.size()) {
                throw new AssertionError(items.size() + " items completed after m., fewer than the model's " + functions.size()
                        + " functions");
            }
            client.notify("textDocument/didChange", didChange(userUri, ++version, change(line, 0, line + 1, 0, "")));
        }
        System.out.println("  across files: completion m.  " + Sample.of(completionMs));
        JsonObject close = new JsonObject();
        JsonObject id = new JsonObject();
        id.addProperty("uri", userUri);
        close.add("textDocument", id);
        client.notify("textDocument/didClose", close);
    }

    /** The only diagnostic about {@code name} among exactly {@code count} diagnostics of {@code p}. */
    private static JsonObject expectErrors(LspBenchmarkClient.Published p, int count, String name) {
        JsonArray all = p.diagnostics();
        JsonObject found = null;
        for (JsonElement e : all) {
            if (e.getAsJsonObject().get("message").getAsString().startsWith("undefined value " + name)) {
                found = e.getAsJsonObject();
            }
        }
        if (all.size() != count || found == null) {
            throw new AssertionError("expected " + count + " diagnostic(s), one about undefined value " + name
                    + ", in version " + p.version() + ": " + all);
        }
        return found;
    }

    private JsonObject didChange(int version, JsonObject change) {
        return didChange(uri, version, change);
    }

    private static JsonObject didChange(String uri, int version, JsonObject change) {
        JsonObject id = new JsonObject();
        id.addProperty("uri", uri);
        id.addProperty("version", version);
        JsonObject params = new JsonObject();
        params.add("textDocument", id);
        JsonArray changes = new JsonArray();
        changes.add(change);
        params.add("contentChanges", changes);
        return params;
    }

    private static JsonObject change(int line, int character, int endLine, int endCharacter, String text) {
        JsonObject range = new JsonObject();
        range.add("start", position(line, character));
        range.add("end", position(endLine, endCharacter));
        JsonObject c = new JsonObject();
        c.add("range", range);
        c.addProperty("text", text);
        return c;
    }

    private JsonObject positionParams(int line, int character) {
        return positionParams(uri, line, character);
    }

    private static JsonObject positionParams(String uri, int line, int character) {
        JsonObject id = new JsonObject();
        id.addProperty("uri", uri);
        JsonObject params = new JsonObject();
        params.add("textDocument", id);
        params.add("position", position(line, character));
        return params;
    }

    private static JsonObject position(int line, int character) {
        JsonObject p = new JsonObject();
        p.addProperty("line", line);
        p.addProperty("character", character);
        return p;
    }

    // ---- the reference ----------------------------------------------------------------------------

    private record Reference(double processMs, double scriptMs, String line) {}

    private static final String REFERENCE_SCRIPT = """
            import json, sys, time
            t0 = time.perf_counter()
            import torch
            t1 = time.perf_counter()
            sys.path.insert(0, sys.argv[1])
            error = None
            try:
                import %s
            except Exception as e:
                error = str(e)
            t2 = time.perf_counter()
            print(json.dumps({"import_torch": t1 - t0, "script": t2 - t1, "error": error}))
            """.formatted(MODULE_NAME);

    /** The reference's time to the file's first error, the median of {@code referenceRuns} processes; null without it. */
    private Reference reference() throws Exception {
        System.out.println();
        if (referenceRuns <= 0 || !Files.isExecutable(Path.of(python))) {
            System.out.println("[reference] skipped (" + (referenceRuns <= 0 ? "--reference-runs 0" : python + " not found") + ")");
            return null;
        }
        Path script = dir.resolve("reference.py");
        Files.writeString(script, REFERENCE_SCRIPT);
        List<double[]> runs = new ArrayList<>();
        String error = null;
        for (int i = 0; i < referenceRuns; i++) {
            Path pycache = dir.resolve("__pycache__");
            if (Files.isDirectory(pycache)) { // no bytecode cache: each run compiles the file as the first does
                try (Stream<Path> all = Files.walk(pycache)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            long start = System.nanoTime();
            Process p = new ProcessBuilder(python, script.toString(), dir.toString()).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                System.out.println("[reference] failed: " + new String(output, StandardCharsets.UTF_8));
                return null;
            }
            double processMs = (System.nanoTime() - start) / 1e6;
            String out = new String(output, StandardCharsets.UTF_8).strip();
            JsonObject r = JsonParser.parseString(out.substring(out.lastIndexOf('\n') + 1)).getAsJsonObject();
            error = r.get("error").isJsonNull() ? null : r.get("error").getAsString();
            runs.add(new double[] {processMs, r.get("import_torch").getAsDouble() * 1e3, r.get("script").getAsDouble() * 1e3});
        }
        runs.sort(Comparator.comparingDouble(a -> a[0]));
        double[] median = runs.get(runs.size() / 2);
        String line = "?";
        if (error != null) {
            Matcher m = Pattern.compile("line (\\d+)").matcher(error);
            if (m.find()) {
                line = m.group(1);
            }
        }
        System.out.printf(Locale.ROOT, "[reference] %s, torch.jit.script through importing the file (median of %d processes)%n",
                python, runs.size());
        System.out.printf(Locale.ROOT, "  start -> first error        %7.0f ms  (import torch %.0f ms, then compiling up to the error %.0f ms)%n",
                median[0], median[1], median[2]);
        System.out.println("  its error: " + (error == null ? "none (the file compiled)" : error.strip().lines().findFirst().orElse("")
                + " (line " + line + ")"));
        return new Reference(median[0], median[2], line);
    }

    private String frozenClassPath;

    /**
     * This process's class path copied into the temporary folder, once: the server runs from the
     * copies, so that a build that replaces a jar meanwhile cannot break it mid-run.
     */
    private String frozenClassPath() throws IOException {
        if (frozenClassPath == null) {
            Path copies = Files.createDirectories(dir.resolve("classpath"));
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path from = Path.of(entry);
                if (!Files.exists(from)) {
                    continue;
                }
                Path to = copies.resolve((n++) + "-" + from.getFileName());
                try (Stream<Path> all = Files.walk(from)) {
                    for (Path p : all.toList()) {
                        Files.copy(p, to.resolve(from.relativize(p).toString()));
                    }
                }
                entries.add(to.toString());
            }
            frozenClassPath = String.join(java.io.File.pathSeparator, entries);
        }
        return frozenClassPath;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
