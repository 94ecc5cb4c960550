package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ast.Module;
import java.util.List;
import java.util.Optional;

/**
 * A parsed file: always a complete tree (with error nodes where the source is broken) and every
 * diagnostic of decoding, lexing and parsing, sorted by position.
 *
 * <p>{@code primaryError} is the one error CPython 3.11 would raise for the file (its
 * {@code SyntaxError}), chosen among {@code diagnostics} by CPython's precedence rules (see
 * {@link ParserErrorPrecedence}); empty when the file has no error. It is usually the first error
 * by position, but not always: CPython lets a tokenizer error anywhere after a parser error take
 * its place, while the diagnostics keep both, as they are independent problems. Tools that print
 * one error per file as CPython does ({@code torchscript ast}) print this one; tools that show
 * every problem (the language server, {@code torchscript check}) show {@code diagnostics}.
 */
public record ParseResult(Module module, List<Diagnostic> diagnostics, Optional<Diagnostic> primaryError) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** A result whose primary error is its first error by position. */
    public ParseResult(Module module, List<Diagnostic> diagnostics) {
        this(module, diagnostics, diagnostics.stream().filter(Diagnostic::isError).findFirst());
    }

    public boolean hasErrors() {
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                return true;
            }
        }
        return false;
    }
}
