package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ast.Module;
import java.util.List;

/**
 * A parsed file: always a complete tree (with error nodes where the source is broken) and every
 * diagnostic of decoding, lexing and parsing, sorted by position.
 */
public record ParseResult(Module module, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
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
