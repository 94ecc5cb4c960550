package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.TypeDeclaration;

/**
 * The declaration behind the {@code ModuleType} of a concrete module type ({@link
 * ConcreteModules}): the class statement, the concrete type, and the compilation it belongs to.
 */
record ConcreteDeclaration(Stmt.ClassDef def, ConcreteModuleType concrete, ConcreteModules modules)
        implements TypeDeclaration {
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "ConcreteDeclaration[" + def.name() + "]";
    }
}
