package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.List;

/** A whole parse: CPython's {@code mod} (only the kinds this toolchain parses). */
public sealed interface Mod extends Node permits Module, Mod.Expression, Mod.FunctionType {

    /** {@code eval} mode: one expression. */
    record Expression(Expr body, SourceRange range) implements Mod {}

    /** A function type comment, {@code (int, Tensor) -> Tensor}: CPython's {@code func_type} mode. */
    record FunctionType(List<Expr> argtypes, Expr returns, SourceRange range) implements Mod {
        public FunctionType {
            argtypes = List.copyOf(argtypes);
        }
    }
}
