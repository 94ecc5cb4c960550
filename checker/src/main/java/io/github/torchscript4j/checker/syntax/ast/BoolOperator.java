package io.github.torchscript4j.checker.syntax.ast;

/** {@code and} / {@code or} (CPython's {@code boolop}). */
public enum BoolOperator {
    AND("And", "and"),
    OR("Or", "or");

    private final String pythonName;
    private final String symbol;

    BoolOperator(String pythonName, String symbol) {
        this.pythonName = pythonName;
        this.symbol = symbol;
    }

    public String pythonName() {
        return pythonName;
    }

    public String symbol() {
        return symbol;
    }
}
