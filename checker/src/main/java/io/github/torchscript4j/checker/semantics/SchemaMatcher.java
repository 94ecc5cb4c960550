package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;

/**
 * Calls of libtorch operators: {@code torch.X(...)} and methods of tensors, lists, dicts and
 * strings, matched against the operator schemas of {@code OperatorTable}.
 *
 * <p>For now it only checks the arguments' expressions and types the result as unknown.
 */
final class SchemaMatcher {
    private SchemaMatcher() {}

    static Type function(ExpressionChecker exprs, String operator, Expr.Call c) {
        evalArguments(exprs, c);
        return Types.UNKNOWN;
    }

    static Type method(ExpressionChecker exprs, Value.BoundMethod m, Expr.Call c) {
        evalArguments(exprs, c);
        if (m.receiver() instanceof Type.ListType && m.name().equals("append") && c.args().size() == 1) {
            return Types.NONE;
        }
        return Types.UNKNOWN;
    }

    private static void evalArguments(ExpressionChecker exprs, Expr.Call c) {
        for (Expr a : c.args()) {
            exprs.eval(a);
        }
        for (Keyword k : c.keywords()) {
            exprs.eval(k.value());
        }
    }
}
