package io.github.torchscript4j.benchmarks;

import io.github.torchscript4j.checker.semantics.Checker;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Checking one TorchScript model file of about 2,000 lines: {@code benchmark_model.py}, a resource
 * of this module (functions and {@code @torch.jit.script} classes doing tensor math, attention,
 * recurrent cells, detection post-processing, decoding, losses and optimizer steps, with loops,
 * {@code Optional} refinement, lists and dicts). PyTorch 1.13's {@code torch.jit.script} compiles
 * every function of it, and our checker must report nothing for it: the set-up fails otherwise,
 * since a benchmark of the error path would measure something else.
 *
 * <p>One operation is one file. The primary score is files per second; the secondary result
 * {@code lines} is source lines per second.
 *
 * <ul>
 *   <li>{@link #parseAndCheck}: {@code Parser.parse} of the decoded file, then {@code Checker.check};
 *   <li>{@link #check}: {@code Checker.check} alone, of a tree parsed once in the set-up;
 *   <li>{@link #pipeline}: decode + parse + check from the raw bytes, exactly as
 *       {@code ./torchscript check} runs a file ({@link Pipeline}).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class CheckBenchmark {
    /** The model file's resource name, next to this class. */
    public static final String MODEL = "benchmark_model.py";

    /** The model file, read, decoded and parsed once per fork; checked once to make sure it is clean. */
    @State(Scope.Benchmark)
    public static class Model {
        byte[] bytes;
        SourceDecoder.Decoded decoded;
        ParseResult parsed;
        int lines;

        @Setup(Level.Trial)
        public void load() {
            bytes = read();
            decoded = SourceDecoder.decode(MODEL, bytes);
            parsed = Parser.parse(decoded);
            lines = countLines(bytes);
            List<Diagnostic> diagnostics = Pipeline.run(MODEL, bytes);
            if (!diagnostics.isEmpty()) {
                StringBuilder sb = new StringBuilder(MODEL + " must check clean, but the checker reports "
                        + diagnostics.size() + " diagnostic(s):");
                SourceFile file = decoded.file();
                for (Diagnostic d : diagnostics.subList(0, Math.min(10, diagnostics.size()))) {
                    int start = d.range().start();
                    sb.append(String.format("%n  %d:%d: %s %s", file.lineOf(start), file.columnOf(start),
                            d.code().id(), d.message().lines().findFirst().orElse("")));
                }
                throw new IllegalStateException(sb.toString());
            }
            System.out.printf("%n%s: %d lines, %d bytes, no diagnostics%n", MODEL, lines, bytes.length);
        }

        /** Lines as {@code wc -l} counts them (a last line without a newline counts too). */
        static int countLines(byte[] bytes) {
            int n = 0;
            for (byte b : bytes) {
                if (b == '\n') {
                    n++;
                }
            }
            return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? n + 1 : n;
        }

        static byte[] read() {
            try (InputStream in = CheckBenchmark.class.getResourceAsStream(MODEL)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + MODEL + " not found next to "
                            + CheckBenchmark.class.getName());
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Counts source lines processed; JMH reports it per second, i.e. as lines/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Lines {
        public long lines;

        @Setup(Level.Iteration)
        public void reset() {
            lines = 0;
        }
    }

    @Benchmark
    public void parseAndCheck(Model model, Lines lines, Blackhole bh) {
        ParseResult parsed = Parser.parse(model.decoded);
        bh.consume(Checker.check(parsed));
        lines.lines += model.lines;
    }

    @Benchmark
    public void check(Model model, Lines lines, Blackhole bh) {
        bh.consume(Checker.check(model.parsed));
        lines.lines += model.lines;
    }

    @Benchmark
    public void pipeline(Model model, Lines lines, Blackhole bh) {
        bh.consume(Pipeline.run(MODEL, model.bytes));
        lines.lines += model.lines;
    }
}
