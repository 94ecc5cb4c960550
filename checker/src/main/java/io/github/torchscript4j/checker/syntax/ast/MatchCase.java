package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.List;
import java.util.Optional;

/** {@code case pattern if guard: body}. */
public record MatchCase(Pattern pattern, Optional<Expr> guard, List<Stmt> body, SourceRange range)
        implements Node {
    public MatchCase {
        body = List.copyOf(body);
    }

    @Override
    public String pythonName() {
        return "match_case";
    }
}
