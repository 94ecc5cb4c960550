package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.syntax.ast.Literal;
import java.math.BigInteger;

/** Number literal values (work in progress). */
public final class NumberLiterals {
    private NumberLiterals() {}

    public static Literal parse(String tokenText) {
        return new Literal.Int(BigInteger.ZERO);
    }
}
