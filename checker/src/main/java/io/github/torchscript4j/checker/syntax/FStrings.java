package io.github.torchscript4j.checker.syntax;

/** F-string parsing (work in progress). */
final class FStrings {
    private FStrings() {}
}
