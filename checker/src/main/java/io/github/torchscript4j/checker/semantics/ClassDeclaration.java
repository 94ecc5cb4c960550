package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.TypeDeclaration;

/** The declaration behind a user class's {@code ClassType}: its {@code class} statement. */
record ClassDeclaration(Stmt.ClassDef def) implements TypeDeclaration {}
