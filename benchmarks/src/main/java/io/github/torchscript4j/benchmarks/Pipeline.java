package io.github.torchscript4j.benchmarks;

import io.github.torchscript4j.checker.semantics.Checker;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The front end exactly as {@code ./torchscript check} runs it on one file (the cli's package-private
 * {@code Frontend.run}, repeated here because the benchmarks depend on the checker only):
 * {@code SourceDecoder.decode}, {@code Parser.parse(Decoded)}, then {@code Checker.check} only when
 * there is no syntax error (the reference never gets that far), and the diagnostics sorted by
 * position. Keep it in step with {@code cli/.../Frontend.java}.
 */
public final class Pipeline {
    private Pipeline() {}

    /** Every diagnostic of one file's bytes, by position. */
    public static List<Diagnostic> run(String path, byte[] bytes) {
        SourceDecoder.Decoded decoded = SourceDecoder.decode(path, bytes);
        ParseResult parsed = Parser.parse(decoded);
        if (parsed.hasErrors()) {
            return parsed.diagnostics();
        }
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        all.addAll(Checker.check(parsed).diagnostics());
        all.sort(Diagnostic.BY_POSITION);
        return all;
    }

    /** Whether any diagnostic is an error. */
    public static boolean hasErrors(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                return true;
            }
        }
        return false;
    }
}
