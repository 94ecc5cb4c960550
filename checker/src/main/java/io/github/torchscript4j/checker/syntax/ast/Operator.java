package io.github.torchscript4j.checker.syntax.ast;

/** Binary and augmented-assignment operators (CPython's {@code operator}). */
public enum Operator {
    ADD("Add", "+"),
    SUB("Sub", "-"),
    MULT("Mult", "*"),
    MAT_MULT("MatMult", "@"),
    DIV("Div", "/"),
    MOD("Mod", "%"),
    POW("Pow", "**"),
    LSHIFT("LShift", "<<"),
    RSHIFT("RShift", ">>"),
    BIT_OR("BitOr", "|"),
    BIT_XOR("BitXor", "^"),
    BIT_AND("BitAnd", "&"),
    FLOOR_DIV("FloorDiv", "//");

    private final String pythonName;
    private final String symbol;

    Operator(String pythonName, String symbol) {
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
