package io.github.torchscript4j.benchmarks;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.LexResult;
import io.github.torchscript4j.checker.syntax.Lexer;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Warm throughput of {@code SourceDecoder.decode} + {@code Parser.parse} over a corpus, in MB/s
 * (10^6 bytes of source per second): reads every file once, runs some warm-up passes over all of
 * them, then times several passes and prints the best and the median. A quick stand-in for the
 * JMH benchmark, used by {@code scripts/parse-throughput} to compare with CPython's
 * {@code ast.parse}.
 *
 * <pre>
 * java -cp ... io.github.torchscript4j.benchmarks.ParseThroughput [--corpus SPEC] [--warmup N] [--passes N] [--lex]
 * </pre>
 *
 * <p>{@code SPEC} is as for {@link Corpus} (directories, files, {@code @listfile}); {@code --lex}
 * also times the lexer alone. The last line is {@code MBPS <best decode+parse MB/s>} for scripts.
 * It measures; it does not check the trees.
 */
public final class ParseThroughput {
    private ParseThroughput() {}

    public static void main(String[] args) {
        String spec = System.getProperty(Corpus.PROPERTY, "");
        int warmup = 5;
        int passes = 5;
        boolean lex = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--corpus" -> spec = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--lex" -> lex = true;
                default -> {
                    System.err.println("usage: ParseThroughput [--corpus SPEC] [--warmup N] [--passes N] [--lex]");
                    System.exit(2);
                }
            }
        }
        Corpus corpus = Corpus.load(spec);
        List<byte[]> files = corpus.contents();
        System.out.printf(Locale.ROOT, "corpus: %s%nfiles: %d, %.2f MB%n", corpus.description(), corpus.size(),
                corpus.megabytes());

        int[] errors = new int[1];
        if (lex) {
            List<SourceFile> decoded = new ArrayList<>(files.size());
            for (byte[] bytes : files) {
                decoded.add(SourceDecoder.decode("f.py", bytes).file());
            }
            double[] lexTimes = time("lex", warmup, passes, corpus, () -> lexAll(decoded));
            report("ours (Lexer.lex, already decoded)", corpus, lexTimes);
        }
        double[] times = time("parse", warmup, passes, corpus, () -> errors[0] = parseAll(files));
        System.out.printf(Locale.ROOT, "files with error diagnostics: %d%n", errors[0]);
        double best = report("ours (decode + parse)", corpus, times);
        System.out.printf(Locale.ROOT, "MBPS %.3f%n", best);
    }

    private static double[] time(String what, int warmup, int passes, Corpus corpus, Runnable pass) {
        for (int i = 0; i < warmup; i++) {
            long t0 = System.nanoTime();
            pass.run();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "  warm-up %s pass %d: %.3f s (%.2f MB/s)%n", what, i + 1, s,
                    corpus.megabytes() / s);
        }
        double[] seconds = new double[passes];
        for (int i = 0; i < passes; i++) {
            long t0 = System.nanoTime();
            pass.run();
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "  timed %s pass %d: %.3f s (%.2f MB/s)%n", what, i + 1, seconds[i],
                    corpus.megabytes() / seconds[i]);
        }
        return seconds;
    }

    private static double report(String label, Corpus corpus, double[] seconds) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double best = corpus.megabytes() / sorted[0];
        double median = corpus.megabytes() / sorted[sorted.length / 2];
        System.out.printf(Locale.ROOT, "%s: best %.2f MB/s, median %.2f MB/s%n", label, best, median);
        return best;
    }

    /** Decodes and parses every file; returns how many had an error diagnostic. */
    private static int parseAll(List<byte[]> files) {
        int withErrors = 0;
        for (byte[] bytes : files) {
            SourceDecoder.Decoded decoded = SourceDecoder.decode("f.py", bytes);
            ParseResult result = Parser.parse(decoded.file());
            if (result.hasErrors() || decoded.diagnostics().stream().anyMatch(Diagnostic::isError)) {
                withErrors++;
            }
        }
        return withErrors;
    }

    private static int lexAll(List<SourceFile> files) {
        int tokens = 0;
        for (SourceFile file : files) {
            LexResult result = Lexer.lex(file);
            tokens += result.tokens().size();
        }
        return tokens;
    }
}
