package io.github.torchscript4j.checker.syntax.ast;

/** Comparison operators (CPython's {@code cmpop}). */
public enum CmpOperator {
    EQ("Eq", "=="),
    NOT_EQ("NotEq", "!="),
    LT("Lt", "<"),
    LT_E("LtE", "<="),
    GT("Gt", ">"),
    GT_E("GtE", ">="),
    IS("Is", "is"),
    IS_NOT("IsNot", "is not"),
    IN("In", "in"),
    NOT_IN("NotIn", "not in");

    private final String pythonName;
    private final String symbol;

    CmpOperator(String pythonName, String symbol) {
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
