package io.github.torchscript4j.checker.syntax.ast;

/** Unary operators (CPython's {@code unaryop}). */
public enum UnaryOperator {
    INVERT("Invert", "~"),
    NOT("Not", "not"),
    UADD("UAdd", "+"),
    USUB("USub", "-");

    private final String pythonName;
    private final String symbol;

    UnaryOperator(String pythonName, String symbol) {
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
