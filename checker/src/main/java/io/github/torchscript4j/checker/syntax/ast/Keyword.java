package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.Optional;

/** {@code name=value} in a call or class header; an empty name is {@code **mapping}. */
public record Keyword(Optional<String> arg, Expr value, SourceRange range) implements Node {
    @Override
    public String pythonName() {
        return "keyword";
    }
}
