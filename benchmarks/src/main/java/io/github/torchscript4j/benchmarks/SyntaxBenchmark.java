package io.github.torchscript4j.benchmarks;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.Lexer;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import java.util.ArrayList;
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
 * Throughput of the syntax layer over a whole corpus of Python files ({@link Corpus}; choose it
 * with {@code -Dtorchscript4j.corpus=...}, passed to the forked JVM with {@code -jvmArgsAppend}).
 * One operation is one pass over every file of the corpus; the secondary result {@code megabytes}
 * is the throughput in MB/s (10^6 bytes of source per second), so it is comparable across
 * corpora.
 *
 * <ul>
 *   <li>{@link #decode}: {@code SourceDecoder.decode} of every file's bytes;
 *   <li>{@link #lex}: {@code Lexer.lex} of every file (already decoded);
 *   <li>{@link #parse}: {@code Parser.parse} of every file (already decoded; includes lexing);
 *   <li>{@link #decodeAndParse}: {@code SourceDecoder.decode} then {@code Parser.parse} from the
 *       raw bytes: what CPython's {@code ast.parse(bytes)} does.
 * </ul>
 *
 * <p>It measures; it checks nothing (see the checker's tests for correctness).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class SyntaxBenchmark {

    /** The corpus, read and decoded once per fork. */
    @State(Scope.Benchmark)
    public static class Files {
        Corpus corpus;
        List<SourceFile> decoded;

        @Setup(Level.Trial)
        public void load() {
            corpus = Corpus.fromSystemProperty();
            decoded = new ArrayList<>(corpus.size());
            for (int i = 0; i < corpus.size(); i++) {
                decoded.add(SourceDecoder.decode(corpus.paths().get(i).toString(), corpus.contents().get(i)).file());
            }
            System.out.printf("%ncorpus: %s: %d files, %.2f MB%n", corpus.description(), corpus.size(), corpus.megabytes());
        }
    }

    /** Counts megabytes processed; JMH reports it per second, i.e. as MB/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public double megabytes;

        @Setup(Level.Iteration)
        public void reset() {
            megabytes = 0;
        }
    }

    @Benchmark
    public void decode(Files files, Bytes bytes, Blackhole bh) {
        for (byte[] content : files.corpus.contents()) {
            bh.consume(SourceDecoder.decode("f.py", content));
        }
        bytes.megabytes += files.corpus.megabytes();
    }

    @Benchmark
    public void lex(Files files, Bytes bytes, Blackhole bh) {
        for (SourceFile f : files.decoded) {
            bh.consume(Lexer.lex(f));
        }
        bytes.megabytes += files.corpus.megabytes();
    }

    @Benchmark
    public void parse(Files files, Bytes bytes, Blackhole bh) {
        for (SourceFile f : files.decoded) {
            bh.consume(Parser.parse(f));
        }
        bytes.megabytes += files.corpus.megabytes();
    }

    @Benchmark
    public void decodeAndParse(Files files, Bytes bytes, Blackhole bh) {
        List<byte[]> contents = files.corpus.contents();
        for (int i = 0; i < contents.size(); i++) {
            SourceDecoder.Decoded d = SourceDecoder.decode("f.py", contents.get(i));
            bh.consume(Parser.parse(d.file()));
        }
        bytes.megabytes += files.corpus.megabytes();
    }
}
