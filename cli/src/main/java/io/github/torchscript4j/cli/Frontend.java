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
import java.util.Optional;

/**
 * Runs the checker's front end on one file's bytes: decode, parse, then check TorchScript's
 * semantics (only for a file without syntax errors: the reference never gets that far).
 *
 * <p>The only place where the CLI calls into the checker, so that every subcommand sees the same
 * diagnostics.
 */
final class Frontend {
    private Frontend() {}

    /**
     * One file after the front end: its text, its tree, every diagnostic, by position, and the
     * syntax error CPython would raise for it ({@link ParseResult#primaryError()}), if any.
     */
    record Result(SourceFile file, Module module, List<Diagnostic> diagnostics, Optional<Diagnostic> syntaxError) {
        Result {
            diagnostics = List.copyOf(diagnostics);
        }

        boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        /**
         * The error to print when one is printed per file: CPython's syntax error when the file has
         * one, else the first error by position; {@code null} when there is none.
         */
        Diagnostic firstError() {
            return syntaxError.orElseGet(() -> diagnostics.stream().filter(Diagnostic::isError).findFirst().orElse(null));
        }
    }

    static Result run(String path, byte[] bytes) {
        SourceDecoder.Decoded decoded = SourceDecoder.decode(path, bytes);
        ParseResult parsed = Parser.parse(decoded);
        if (parsed.hasErrors()) {
            return new Result(decoded.file(), parsed.module(), parsed.diagnostics(), parsed.primaryError());
        }
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        all.addAll(Checker.check(parsed).diagnostics());
        all.sort(Diagnostic.BY_POSITION);
        return new Result(decoded.file(), parsed.module(), all, Optional.empty());
    }
}
