package io.github.torchscript4j.checker.syntax.ast;

/** Python's repr of constants (work in progress). */
public final class PyRepr {
    private PyRepr() {}

    public static String str(String s) {
        return "'" + s + "'";
    }
}
