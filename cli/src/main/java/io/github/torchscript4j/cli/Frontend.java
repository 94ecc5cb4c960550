package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.Module;
import java.util.List;

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
        ParseResult parsed = Parser.parse(decoded);
        return new Result(decoded.file(), parsed.module(), parsed.diagnostics());
    }
}
