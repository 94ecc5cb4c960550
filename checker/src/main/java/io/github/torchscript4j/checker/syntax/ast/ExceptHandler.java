package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.List;
import java.util.Optional;

/** {@code except type as name: body} (also the handlers of {@code except*}). */
public record ExceptHandler(Optional<Expr> type, Optional<String> name, List<Stmt> body, SourceRange range)
        implements Node {
    public ExceptHandler {
        body = List.copyOf(body);
    }
}
