package io.github.torchscript4j.benchmarks;

import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.ReferenceScript;
import io.github.torchscript4j.runtime.TorchScriptRuntime;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.bytedeco.pytorch.global.torch;

/**
 * Our interpreter against libtorch's own TorchScript interpreter, in one process (issue 6, point
 * 4): the same source is compiled by our toolchain ({@link TorchScriptRuntime}) and by {@code
 * torch::jit::compile} ({@link ReferenceScript}), and the same function is called through each
 * with the same inputs, from Java, conversions of arguments and results included on both sides.
 *
 * <ul>
 *   <li>{@code loop}: a small-tensor, op-heavy loop (4 elements, 100 iterations of a few tensor
 *       operators and an {@code if}), where the interpreter's own overhead dominates. Target: at
 *       most 1.5x libtorch's time.
 *   <li>{@code conv}: a convolutional forward pass (three conv2d + relu + max_pool2d layers on
 *       1x3x64x64, then a linear layer, {@code addmm}), where the kernels dominate. Target: at most 1.05x.
 * </ul>
 *
 * <p>Each side is warmed up, then its calls are timed one by one, a call of each side in turn; the
 * figure is each side's median call. Both sides run on the calling thread with libtorch's intra-op
 * thread pool ({@code --threads N} sets its size, {@code at::set_num_threads}). Then the long run: {@code --long-run N} calls (default 100,000) of a small
 * function through our interpreter, with the process's resident memory ({@code VmRSS}) before and
 * after. Results are checked to agree before anything is timed.
 *
 * <pre>
 * java -cp ... io.github.torchscript4j.benchmarks.RuntimeBenchmark [--rounds N] [--long-run N] [--threads N]
 * </pre>
 *
 * <p>It prints one line per benchmark, {@code loop: ours X us/call, libtorch Y us/call, ours/libtorch
 * = R (target <= 1.5)}, and {@code long run: N calls, RSS before A MiB, after B MiB}.
 */
public final class RuntimeBenchmark {
    static final String SOURCE = """
            def loop(x: Tensor, n: int) -> Tensor:
                y = x
                for i in range(n):
                    y = torch.relu(y * 0.5 + x) - 0.1
                    if i % 3 == 0:
                        y = torch.sigmoid(y)
                return y

            def conv(x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor, w3: Tensor, b3: Tensor,
                     w4: Tensor, b4: Tensor) -> Tensor:
                y = torch.max_pool2d(torch.relu(torch.conv2d(x, w1, b1, [1, 1], [1, 1])), [2, 2], [2, 2])
                y = torch.max_pool2d(torch.relu(torch.conv2d(y, w2, b2, [1, 1], [1, 1])), [2, 2], [2, 2])
                y = torch.max_pool2d(torch.relu(torch.conv2d(y, w3, b3, [1, 1], [1, 1])), [2, 2], [2, 2])
                return torch.addmm(b4, torch.flatten(y, 1), w4.t())

            def step(x: Tensor, y: Tensor) -> Tensor:
                return torch.relu(x * y + 1.0).sum()
            """;

    private RuntimeBenchmark() {}

    public static void main(String[] args) throws IOException {
        int rounds = 15;
        int longRun = 100_000;
        int threads = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--long-run" -> longRun = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: RuntimeBenchmark [--rounds N] [--long-run N] [--threads N]");
                    System.exit(2);
                }
            }
        }
        Libtorch.ensureLoaded();
        if (threads > 0) {
            torch.set_num_threads(threads);
        }
        // Both sides run on this thread and share libtorch's one intra-op pool (at::parallel_for).
        System.out.printf(Locale.ROOT, "libtorch intra-op threads: %d, inter-op threads: %d, CPUs: %d%n",
                torch.get_num_threads(), torch.get_num_interop_threads(), Runtime.getRuntime().availableProcessors());
        TorchScriptRuntime ours = TorchScriptRuntime.compile("bench.py", "import torch\nfrom torch import Tensor\n\n"
                + SOURCE.replace("def ", "@torch.jit.script\ndef "));
        try (ReferenceScript libtorch = ReferenceScript.compile(SOURCE)) {
            Random random = new Random(42);
            List<Object> loopArgs = List.of(tensor(random, 4), 100L);
            compare("loop", ours, libtorch, loopArgs, 200, rounds, 50, 1.5);

            List<Object> convArgs = List.of(tensor(random, 1, 3, 64, 64),
                    tensor(random, 16, 3, 3, 3), tensor(random, 16),
                    tensor(random, 32, 16, 3, 3), tensor(random, 32),
                    tensor(random, 64, 32, 3, 3), tensor(random, 64),
                    tensor(random, 10, 64 * 8 * 8), tensor(random, 10));
            compare("conv", ours, libtorch, convArgs, 20, rounds, 10, 1.05);
        }
        longRun(ours, longRun);
    }

    /**
     * Times {@code function} on both sides and prints the line with the ratio: {@code rounds} x
     * {@code callsPerRound} calls on each side, one call of each in turn (which goes first
     * alternates), each call timed; the figure is each side's median call.
     */
    private static void compare(String function, TorchScriptRuntime ours, ReferenceScript libtorch, List<Object> args,
            int warmup, int rounds, int callsPerRound, double target) {
        Object expected = libtorch.call(function, args);
        Object actual = ours.call(function, args.toArray());
        if (!JsonValues.agree(expected, actual)) {
            throw new IllegalStateException(function + ": our result is not libtorch's");
        }
        release(expected);
        release(actual);
        Supplier<Object> mine = () -> ours.call(function, args.toArray());
        Supplier<Object> theirs = () -> libtorch.call(function, args);
        for (int i = 0; i < warmup; i++) {
            release(mine.get());
            release(theirs.get());
        }
        int calls = rounds * callsPerRound;
        double[] ourTimes = new double[calls];
        double[] theirTimes = new double[calls];
        for (int i = 0; i < calls; i++) {
            if (i % 2 == 0) {
                theirTimes[i] = time(theirs);
                ourTimes[i] = time(mine);
            } else {
                ourTimes[i] = time(mine);
                theirTimes[i] = time(theirs);
            }
        }
        double o = median(ourTimes);
        double t = median(theirTimes);
        System.out.printf(Locale.ROOT, "%s: ours %.1f us/call, libtorch %.1f us/call, ours/libtorch = %.2f (target <= %.2f)"
                        + " [%d calls each; quartiles ours %.1f-%.1f, libtorch %.1f-%.1f]%n",
                function, o, t, o / t, target, calls, quantile(ourTimes, 0.25), quantile(ourTimes, 0.75),
                quantile(theirTimes, 0.25), quantile(theirTimes, 0.75));
    }

    /** Microseconds taken by one call (its result released). */
    private static double time(Supplier<Object> call) {
        long start = System.nanoTime();
        Object result = call.get();
        long end = System.nanoTime();
        release(result);
        return (end - start) / 1e3;
    }

    private static void longRun(TorchScriptRuntime ours, int calls) throws IOException {
        Random random = new Random(7);
        TensorRef x = tensor(random, 16);
        TensorRef y = tensor(random, 16);
        for (int i = 0; i < 2_000; i++) {
            release(ours.call("step", x, y));
        }
        System.gc();
        long before = rssKiB();
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            release(ours.call("step", x, y));
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        System.gc();
        long after = rssKiB();
        System.out.printf(Locale.ROOT, "long run: %d calls in %d s, RSS before %.1f MiB, after %.1f MiB (%+.1f MiB)%n",
                calls, seconds, before / 1024.0, after / 1024.0, (after - before) / 1024.0);
    }

    /** The process's resident set ({@code VmRSS} of {@code /proc/self/status}), in KiB; -1 where there is none. */
    static long rssKiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static TensorRef tensor(Random random, long... shape) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian() * 0.1;
        }
        return new TensorData(Dtypes.FLOAT32, shape, values, null, null).toTensor();
    }

    private static double median(double[] values) {
        return quantile(values, 0.5);
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static void release(Object value) {
        if (value instanceof TensorRef t) {
            t.release();
        }
    }
}
