package io.github.torchscript4j.checker.syntax.ast;

/** CPython's ast.dump (work in progress). */
public final class AstDump {
    private AstDump() {}

    public static String dump(Node node) {
        return node.pythonName() + "()";
    }
}
