package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.Optional;

/** {@code context_expr as optional_vars} of a {@code with}. */
public record WithItem(Expr contextExpr, Optional<Expr> optionalVars, SourceRange range) implements Node {
    @Override
    public String pythonName() {
        return "withitem";
    }
}
