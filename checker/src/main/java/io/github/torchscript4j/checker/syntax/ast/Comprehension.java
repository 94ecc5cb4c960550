package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.List;

/** {@code [async] for target in iter if ...} of a comprehension; {@code isAsync} is 0 or 1. */
public record Comprehension(Expr target, Expr iter, List<Expr> ifs, int isAsync, SourceRange range)
        implements Node {
    public Comprehension {
        ifs = List.copyOf(ifs);
    }

    @Override
    public String pythonName() {
        return "comprehension";
    }
}
