package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.Optional;

/** {@code name as asname} in an import; {@code name} may be dotted or {@code *}. */
public record Alias(String name, Optional<String> asname, SourceRange range) implements Node {
    @Override
    public String pythonName() {
        return "alias";
    }
}
