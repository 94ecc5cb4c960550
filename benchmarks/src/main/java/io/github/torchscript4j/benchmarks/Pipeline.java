package io.github.torchscript4j.benchmarks;

import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.Diagnostic;
import java.util.List;

/**
 * The front end exactly as {@code ./torchscript check} runs it on one file: {@link
 * CheckedFile#check(String, byte[])}, the checker's shared entry point (decode, parse, then check
 * when the file parses).
 */
public final class Pipeline {
    private Pipeline() {}

    /** Every diagnostic of one file's bytes, by position. */
    public static List<Diagnostic> run(String path, byte[] bytes) {
        return CheckedFile.check(path, bytes).diagnostics();
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
