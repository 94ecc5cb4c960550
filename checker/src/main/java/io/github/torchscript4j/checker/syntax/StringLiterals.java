package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import java.util.List;
import java.util.Optional;

/** String literal decoding (work in progress). */
public final class StringLiterals {
    private StringLiterals() {}

    /**
     * Concatenates adjacent STRING tokens (implicit concatenation) into one Constant (str or bytes,
     * kind "u" when the first token has a u prefix) or a JoinedStr when any is an f-string; reports
     * "cannot mix bytes and nonbytes literals", bad escapes etc. in CPython's words; never throws.
     */
    public static Expr parse(SourceFile file, List<Token> strings, List<Diagnostic> sink) {
        int start = strings.get(0).start();
        int end = strings.get(strings.size() - 1).end();
        return new Expr.Constant(new Literal.Str(""), Optional.empty(), file.range(start, end));
    }
}
