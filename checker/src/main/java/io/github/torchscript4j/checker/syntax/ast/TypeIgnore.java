package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;

/** A {@code # type: ignore[tag]} comment (CPython's {@code TypeIgnore}). */
public record TypeIgnore(int lineno, String tag, SourceRange range) implements Node {}
