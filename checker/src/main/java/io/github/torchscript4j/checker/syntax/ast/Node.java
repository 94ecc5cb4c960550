package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;

/** Any node of the syntax tree. */
public interface Node {
    /** Where this node is in the source, as CPython would locate it. */
    SourceRange range();

    /** The name of the CPython {@code ast} class this node mirrors. */
    default String pythonName() {
        return getClass().getSimpleName();
    }
}
