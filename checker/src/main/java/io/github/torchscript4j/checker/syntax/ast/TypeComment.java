package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;

/**
 * The text after {@code # type:} of a type comment, with the range of that text (without the
 * {@code # type:} prefix and surrounding blanks), so that errors inside it can be pointed at.
 */
public record TypeComment(String text, SourceRange range) {}
