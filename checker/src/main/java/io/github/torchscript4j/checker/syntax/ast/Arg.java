package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.Optional;

/** One parameter: CPython's {@code arg}. */
public record Arg(String arg, Optional<Expr> annotation, Optional<TypeComment> typeComment, SourceRange range)
        implements Node {
    @Override
    public String pythonName() {
        return "arg";
    }
}
