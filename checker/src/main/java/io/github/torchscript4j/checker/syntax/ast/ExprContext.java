package io.github.torchscript4j.checker.syntax.ast;

/** Whether an expression is read, assigned or deleted (CPython's {@code expr_context}). */
public enum ExprContext {
    LOAD("Load"),
    STORE("Store"),
    DEL("Del");

    private final String pythonName;

    ExprContext(String pythonName) {
        this.pythonName = pythonName;
    }

    public String pythonName() {
        return pythonName;
    }
}
