package io.github.torchscript4j.checker.types;

/**
 * What a nominal type ({@link Type.ClassType}, {@link Type.ModuleType}, {@link Type.EnumType},
 * {@link Type.FunctionType}) stands for: implemented by the layers that know declarations (a
 * class's fields and methods, a function's signature). Opaque here and never part of a type's
 * equality, which is by qualified name.
 */
public interface TypeDeclaration {
    /**
     * For a nominal type whose declaration the checker does not hold: a custom C++ class named in
     * an operator schema, or a test.
     */
    TypeDeclaration NONE = new TypeDeclaration() {
        @Override
        public String toString() {
            return "TypeDeclaration.NONE";
        }
    };
}
