package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.semantics.Checker;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the checker's front end on one file's bytes: decode, parse, then check TorchScript's
 * semantics (only for a file without syntax errors: the reference never gets that far).
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
        if (parsed.hasErrors()) {
            return new Result(decoded.file(), parsed.module(), parsed.diagnostics());
        }
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        all.addAll(Checker.check(parsed).diagnostics());
        all.sort(Diagnostic.BY_POSITION);
        return new Result(decoded.file(), parsed.module(), all);
    }
}
