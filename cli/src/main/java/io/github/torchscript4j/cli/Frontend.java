package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.Module;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the checker's front end on one file's bytes: decode, then parse.
 *
 * <p>The only place where the CLI calls into the checker, so that every subcommand sees the same
 * diagnostics.
 */
final class Frontend {
    private Frontend() {}

    /** One file after the front end: its text, its tree and every diagnostic, by position. */
    record Result(SourceFile file, Module module, List<Diagnostic> diagnostics) {
        Result {
            diagnostics = List.copyOf(diagnostics);
        }

        boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        /** The first error by position, or {@code null} when there is none. */
        Diagnostic firstError() {
            return diagnostics.stream().filter(Diagnostic::isError).findFirst().orElse(null);
        }
    }

    static Result run(String path, byte[] bytes) {
        SourceDecoder.Decoded decoded = SourceDecoder.decode(path, bytes);
        ParseResult parsed = Parser.parse(decoded.file());
        // The decoder's diagnostics may also be reported by the parser; keep each one once.
        Set<Diagnostic> all = new LinkedHashSet<>(decoded.diagnostics());
        all.addAll(parsed.diagnostics());
        List<Diagnostic> sorted = all.stream().sorted(Diagnostic.BY_POSITION).toList();
        return new Result(decoded.file(), parsed.module(), sorted);
    }
}
