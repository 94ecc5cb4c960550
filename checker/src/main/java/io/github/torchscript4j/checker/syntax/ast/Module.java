package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.List;

/** A parsed file ({@code exec} mode). */
public record Module(List<Stmt> body, List<TypeIgnore> typeIgnores, SourceRange range) implements Mod {
    public Module {
        body = List.copyOf(body);
        typeIgnores = List.copyOf(typeIgnores);
    }
}
