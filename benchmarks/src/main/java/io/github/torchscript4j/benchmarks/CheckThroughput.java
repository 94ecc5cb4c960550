package io.github.torchscript4j.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.checker.source.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks every script case of the conformance corpus in one JVM and compares the time with the
 * reference's compile time ({@code torch.jit.script} in PyTorch 1.13.1) recorded in the corpus's
 * {@code timings.jsonl}.
 *
 * <pre>
 * java -cp ... io.github.torchscript4j.benchmarks.CheckThroughput [--corpus DIR] [--warmup N] [--passes N]
 *                                                                 [--slowest N] [--cold-only]
 * </pre>
 *
 * <p>{@code DIR} is the folder holding {@code cases.jsonl}, {@code cases/} and {@code timings.jsonl};
 * by default {@code ../shared/conformance/public} beside the project root (found from the working
 * directory upwards). Every file's bytes are read first; then each pass runs {@link Pipeline} (decode
 * + parse + check, as {@code ./torchscript check}) on every script case. The first pass in the fresh
 * JVM is timed and reported on its own as the cold pass (class loading, the operator table read on
 * first use, interpreted code); then {@code --warmup} passes (default 100) let the JIT compile, and
 * {@code --passes} passes (default 20) are timed, each case separately too.
 *
 * <p>The reference's figure is, per case, the median of three compiles in a warm Python process
 * (fresh source each time, so no cache), summed over the same cases; it leaves out starting Python
 * and {@code import torch}. Ours is a warm pass, which leaves out starting the JVM; the two are
 * comparable. The cold pass is not comparable with the reference's warm figure and is labelled so.
 * With {@code --cold-only} only the cold pass runs (for {@code scripts/check-benchmark}, which runs
 * it in several fresh JVMs); its last line is {@code COLD_MS <pass ms> <JVM uptime ms at the end> <checksum>}.
 */
public final class CheckThroughput {
    private CheckThroughput() {}

    /** One script case: its id, its file (as given in {@code cases.jsonl}), its bytes and the reference's outcome. */
    record Case(String id, String file, byte[] bytes, boolean referenceRejects) {}

    public static void main(String[] args) {
        String corpusArg = null;
        int warmup = 100;
        int passes = 20;
        int slowest = 5;
        boolean coldOnly = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--corpus" -> corpusArg = args[++i];
                    case "--warmup" -> warmup = nonNegative(args[++i]);
                    case "--passes" -> passes = Math.max(1, nonNegative(args[++i]));
                    case "--slowest" -> slowest = nonNegative(args[++i]);
                    case "--cold-only" -> coldOnly = true;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("CheckThroughput: " + e.getMessage());
            System.err.println(
                    "usage: CheckThroughput [--corpus DIR] [--warmup N] [--passes N] [--slowest N] [--cold-only]");
            System.exit(2);
        }
        Path dir = corpusArg != null ? Paths.get(corpusArg) : defaultCorpus();
        if (dir == null || !Files.isRegularFile(dir.resolve("cases.jsonl"))) {
            System.err.println("CheckThroughput: no conformance corpus at "
                    + (dir == null ? "../shared/conformance/public beside the project" : dir)
                    + " (no cases.jsonl there); pass --corpus DIR, the folder holding cases.jsonl, cases/ and"
                    + " timings.jsonl");
            System.exit(2);
        }
        List<Case> cases;
        Map<String, Double> timings;
        double recordedTotal;
        int otherKinds;
        try {
            int[] skipped = new int[1];
            cases = readCases(dir, skipped);
            otherKinds = skipped[0];
            timings = new HashMap<>();
            recordedTotal = readTimings(dir.resolve("timings.jsonl"), timings);
        } catch (UncheckedIOException | IllegalStateException e) {
            System.err.println("CheckThroughput: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (cases.isEmpty()) {
            System.err.println("CheckThroughput: no script cases in " + dir.resolve("cases.jsonl"));
            System.exit(2);
        }

        if (coldOnly) {
            long t0 = System.nanoTime();
            long sink = pass(cases, null, null);
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "cold pass (first pass in a fresh JVM): %.1f ms over %d script cases%n", ms,
                    cases.size());
            System.out.printf(Locale.ROOT, "COLD_MS %.3f %d %d%n", ms, ManagementFactory.getRuntimeMXBean().getUptime(),
                    sink & 1);
            return;
        }
        run(dir, cases, otherKinds, timings, recordedTotal, warmup, passes, slowest);
    }

    private static void run(Path dir, List<Case> cases, int otherKinds, Map<String, Double> timings,
            double recordedTotal, int warmup, int passes, int slowest) {
        int n = cases.size();
        long bytes = 0;
        long lines = 0;
        for (Case c : cases) {
            bytes += c.bytes().length;
            for (byte b : c.bytes()) {
                if (b == '\n') {
                    lines++;
                }
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "corpus: %s%n", dir);
        System.out.printf(Locale.ROOT, "script cases: %d (%d lines, %.2f MB; %d cases of other kinds skipped)%n", n,
                lines, bytes / 1e6, otherKinds);
        System.out.printf(Locale.ROOT, "JVM: %s %s, %d available processors, max heap %d MB%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"), rt.availableProcessors(),
                rt.maxMemory() >> 20);

        // Cold: the very first pass in this JVM, with the outcome of every case.
        long uptimeBefore = ManagementFactory.getRuntimeMXBean().getUptime();
        boolean[] rejects = new boolean[n];
        String[] crashes = new String[n];
        long t0 = System.nanoTime();
        long sink = pass(cases, rejects, crashes);
        double coldMs = (System.nanoTime() - t0) / 1e6;

        int weReject = 0;
        int agree = 0;
        int falseRejections = 0;
        int missed = 0;
        List<String> crashed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Case c = cases.get(i);
            if (crashes[i] != null) {
                crashed.add(c.id() + ": " + crashes[i]);
            }
            weReject += rejects[i] ? 1 : 0;
            if (rejects[i] == c.referenceRejects()) {
                agree++;
            } else if (rejects[i]) {
                falseRejections++;
            } else {
                missed++;
            }
        }
        System.out.printf(Locale.ROOT,
                "outcomes: we report errors in %d cases; same verdict as the reference in %d/%d"
                        + " (%d false rejections, %d missed errors)%n",
                weReject, agree, n, falseRejections, missed);
        if (!crashed.isEmpty()) {
            System.out.printf(Locale.ROOT, "internal errors (exceptions out of the checker, still timed): %d%n",
                    crashed.size());
            crashed.stream().limit(5).forEach(s -> System.out.println("  " + s));
        }

        System.out.printf(Locale.ROOT, "%n== cold: the first pass in this fresh JVM ==%n");
        System.out.printf(Locale.ROOT,
                "cold pass: %.1f ms (class loading, the operator table read on first use, code not yet JIT-compiled;"
                        + " JVM start to the pass: %d ms, not included)%n",
                coldMs, uptimeBefore);

        // Warm-up, then timed passes with each case timed too.
        for (int i = 0; i < warmup; i++) {
            long w0 = System.nanoTime();
            sink += pass(cases, null, null);
            double ms = (System.nanoTime() - w0) / 1e6;
            if (i < 3 || i == warmup - 1) {
                System.out.printf(Locale.ROOT, "  warm-up pass %d: %.1f ms%n", i + 1, ms);
            }
        }
        long[][] perCase = new long[n][passes];
        double[] passMs = new double[passes];
        // The process's CPU time is counted in coarse ticks (often 10 ms), so it is taken over all
        // the timed passes together, not pass by pass.
        long cpu0 = processCpuNanos();
        for (int p = 0; p < passes; p++) {
            long[] caseNanos = new long[n];
            long p0 = System.nanoTime();
            sink += timedPass(cases, caseNanos);
            passMs[p] = (System.nanoTime() - p0) / 1e6;
            for (int i = 0; i < n; i++) {
                perCase[i][p] = caseNanos[i];
            }
        }
        double[] sortedPass = passMs.clone();
        Arrays.sort(sortedPass);
        double best = sortedPass[0];
        double median = median(sortedPass);
        long cpu1 = processCpuNanos();
        double cpuMean = cpu0 >= 0 && cpu1 >= 0 ? (cpu1 - cpu0) / 1e6 / passes : -1;
        double[] oursPerCase = new double[n]; // ms, median over the timed passes
        for (int i = 0; i < n; i++) {
            long[] t = perCase[i].clone();
            Arrays.sort(t);
            oursPerCase[i] = (t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2.0)
                    / 1e6;
        }

        System.out.printf(Locale.ROOT, "%n== warm: %d warm-up passes, then %d timed passes ==%n", warmup, passes);
        StringBuilder all = new StringBuilder();
        for (double ms : passMs) {
            all.append(all.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", ms));
        }
        System.out.printf(Locale.ROOT, "timed passes (ms): %s%n", all);
        System.out.printf(Locale.ROOT,
                "ours (decode + parse + check, %d cases): best %.1f ms, median %.1f ms per pass (%.0f lines/s)%n", n,
                best, median, lines / (median / 1e3));
        if (cpuMean >= 0) {
            System.out.printf(Locale.ROOT, "CPU time of this process per timed pass (all its threads, GC and JIT"
                    + " included): mean %.1f ms%n", cpuMean);
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load > rt.availableProcessors() * 0.75) {
            System.out.printf(Locale.ROOT, "warning: system load average %.2f on %d processors: other processes compete"
                    + " for the CPU, so wall-clock passes are inflated; the CPU-time and per-case-median figures below"
                    + " are less affected%n", load, rt.availableProcessors());
        }

        // The reference, restricted to the same cases.
        List<Integer> timed = new ArrayList<>();
        double referenceTotal = 0;
        for (int i = 0; i < n; i++) {
            Double ms = timings.get(cases.get(i).id());
            if (ms != null) {
                timed.add(i);
                referenceTotal += ms;
            }
        }
        System.out.printf(Locale.ROOT, "%n== against the reference (torch.jit.script, PyTorch 1.13.1) ==%n");
        if (timed.isEmpty()) {
            System.out.printf(Locale.ROOT, "no reference timings for these cases (timings.jsonl missing or empty):"
                    + " no ratio%n");
            System.out.printf(Locale.ROOT, "ours per case, median over cases: %.4f ms%n", median(oursPerCase.clone()));
            System.out.printf("(checksum %d)%n", sink & 0xff);
            return;
        }
        double[] refCases = new double[timed.size()];
        double[] ourCases = new double[timed.size()];
        double[] caseRatios = new double[timed.size()];
        double oursTimedSum = 0;
        double oursAllSum = 0;
        for (double v : oursPerCase) {
            oursAllSum += v;
        }
        for (int k = 0; k < timed.size(); k++) {
            int i = timed.get(k);
            refCases[k] = timings.get(cases.get(i).id());
            ourCases[k] = oursPerCase[i];
            oursTimedSum += oursPerCase[i];
            caseRatios[k] = refCases[k] / Math.max(ourCases[k], 1e-6);
        }
        System.out.printf(Locale.ROOT,
                "reference timings: %d of %d cases have one; their sum %.1f ms (timings.jsonl __total__: %s)%n",
                timed.size(), n, referenceTotal,
                Double.isNaN(recordedTotal) ? "absent" : String.format(Locale.ROOT, "%.1f ms", recordedTotal));
        // Compare like with like: when some cases have no timing, scale our pass to the timed cases
        // by their share of our per-case medians.
        double share = oursAllSum > 0 ? oursTimedSum / oursAllSum : 1.0;
        double oursMedian = median * share;
        double oursBest = best * share;
        if (timed.size() < n) {
            System.out.printf(Locale.ROOT,
                    "ours over those %d cases only: median %.1f ms, best %.1f ms per pass (%.1f%% of our time)%n",
                    timed.size(), oursMedian, oursBest, 100 * share);
        }
        System.out.printf(Locale.ROOT, "total:    reference %.1f ms, ours %.1f ms per warm pass (median; best %.1f ms)%n",
                referenceTotal, oursMedian, oursBest);
        if (cpuMean > 0) {
            System.out.printf(Locale.ROOT, "by CPU time:  ours %.1f ms of process CPU time per pass (mean),"
                    + " reference/ours = %.1fx%n", cpuMean * share, referenceTotal / (cpuMean * share));
        }
        System.out.printf(Locale.ROOT, "summed as the reference's total is (each case's median over the timed passes):"
                + " ours %.1f ms, reference/ours = %.1fx%n", oursTimedSum, referenceTotal / oursTimedSum);
        System.out.printf(Locale.ROOT, "per case: reference median %.3f ms, ours median %.4f ms (each case: median over"
                + " the timed passes; then the median over cases)%n", median(refCases.clone()), median(ourCases.clone()));
        System.out.printf(Locale.ROOT, "per case ratio reference/ours: median %.1fx, lowest %.1fx%n",
                median(caseRatios.clone()), Arrays.stream(caseRatios).min().orElse(0));
        if (slowest > 0) {
            System.out.printf(Locale.ROOT, "our slowest cases (warm median):%n");
            Integer[] order = timed.toArray(new Integer[0]);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -oursPerCase[i]));
            for (int k = 0; k < Math.min(slowest, order.length); k++) {
                Case c = cases.get(order[k]);
                System.out.printf(Locale.ROOT, "  %.3f ms (reference %.3f ms, %d bytes)  %s%n", oursPerCase[order[k]],
                        timings.get(c.id()), c.bytes().length, c.id());
            }
        }
        System.out.printf(Locale.ROOT,
                "cold (not comparable: the reference's figure is warm): first pass %.1f ms, reference/cold = %.1fx%n",
                coldMs * share, referenceTotal / (coldMs * share));
        System.out.printf(Locale.ROOT,
                "reference/ours = %.1fx (warm, median wall-clock pass; best pass %.1fx; summed per-case medians %.1fx)%n",
                referenceTotal / oursMedian, referenceTotal / oursBest, referenceTotal / oursTimedSum);
        System.out.printf("(checksum %d)%n", sink & 0xff);
    }

    /** One pass over every case; fills the verdicts and exceptions when asked. Returns a checksum. */
    private static long pass(List<Case> cases, boolean[] rejects, String[] crashes) {
        long sink = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            try {
                List<Diagnostic> d = Pipeline.run(c.file(), c.bytes());
                sink += d.size();
                if (rejects != null) {
                    rejects[i] = Pipeline.hasErrors(d);
                }
            } catch (RuntimeException | StackOverflowError e) {
                sink++;
                if (crashes != null) {
                    crashes[i] = e.toString();
                    rejects[i] = true; // the cli reports an internal error as a failure of the file
                }
            }
        }
        return sink;
    }

    /** One pass that also times every case. */
    private static long timedPass(List<Case> cases, long[] nanos) {
        long sink = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            long t0 = System.nanoTime();
            try {
                sink += Pipeline.run(c.file(), c.bytes()).size();
            } catch (RuntimeException | StackOverflowError e) {
                sink++;
            }
            nanos[i] = System.nanoTime() - t0;
        }
        return sink;
    }

    /** CPU time of the whole process so far (every thread), or -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int m = values.length / 2;
        return values.length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }

    private static int nonNegative(String s) {
        int v = Integer.parseInt(s);
        if (v < 0) {
            throw new IllegalArgumentException("expected a count, got " + s);
        }
        return v;
    }

    /** {@code ../shared/conformance/public} beside the project root, searched from the working directory up. */
    private static Path defaultCorpus() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("benchmarks/pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                Path parent = dir.getParent();
                return parent == null ? null : parent.resolve("shared/conformance/public");
            }
            dir = dir.getParent();
        }
        return null;
    }

    /** The script cases of {@code cases.jsonl}, in file order, with their bytes. */
    private static List<Case> readCases(Path dir, int[] otherKinds) {
        Path jsonl = dir.resolve("cases.jsonl");
        List<Case> cases = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jsonl + ": " + e.getMessage(), e);
        }
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonObject o;
            try {
                o = JsonParser.parseString(line).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IllegalStateException(jsonl + ":" + lineNo + ": not a JSON object: " + e.getMessage());
            }
            if (!"script".equals(string(o, "kind"))) {
                otherKinds[0]++;
                continue;
            }
            String id = string(o, "id");
            String file = string(o, "file");
            if (id == null || file == null) {
                throw new IllegalStateException(jsonl + ":" + lineNo + ": a script case without id or file");
            }
            Path path = dir.resolve(file);
            try {
                cases.add(new Case(id, file, Files.readAllBytes(path), "error".equals(string(o, "expect"))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read case " + id + " (" + path + "): " + e.getMessage(), e);
            }
        }
        return cases;
    }

    /** Fills {@code into} with each case's {@code script_ms}; returns the {@code __total__} line's, or NaN. */
    private static double readTimings(Path jsonl, Map<String, Double> into) {
        if (!Files.isRegularFile(jsonl)) {
            return Double.NaN;
        }
        double total = Double.NaN;
        List<String> lines;
        try {
            lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jsonl + ": " + e.getMessage(), e);
        }
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonObject o;
            try {
                o = JsonParser.parseString(line).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IllegalStateException(jsonl + ":" + lineNo + ": not a JSON object: " + e.getMessage());
            }
            String id = string(o, "id");
            JsonElement ms = o.get("script_ms");
            if (id == null || ms == null || !ms.isJsonPrimitive() || !ms.getAsJsonPrimitive().isNumber()) {
                continue;
            }
            if (id.equals("__total__")) {
                total = ms.getAsDouble();
            } else {
                into.put(id, ms.getAsDouble());
            }
        }
        return total;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }
}
