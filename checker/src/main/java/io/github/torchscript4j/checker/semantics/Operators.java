package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.CmpOperator;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Operator;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayDeque;

/**
 * Types of unary, binary and comparison operators on the types whose result the checker is sure
 * of: tensors with tensors or numbers, {@code int} and {@code float} arithmetic, string and list
 * concatenation. Everything else is unknown (schema matching of operators comes later).
 */
final class Operators {
    private final ExpressionChecker exprs;

    Operators(ExpressionChecker exprs, Checker checker) {
        this.exprs = exprs;
    }

    private static boolean isNumber(Type t) {
        return t instanceof Type.IntType || t instanceof Type.FloatType;
    }

    /**
     * The type of {@code b}. A left-nested chain ({@code a + b + c + ...}, up to the parser's limit
     * of about a thousand operators) is walked iteratively, in the recursive order (leftmost operand,
     * then each right operand), recording each inner operation's type as {@link
     * ExpressionChecker#evalWithHint} would, so that a long chain cannot overflow the stack.
     */
    Type binary(Expr.BinOp b) {
        ArrayDeque<Expr.BinOp> spine = new ArrayDeque<>();
        Expr e = b;
        while (e instanceof Expr.BinOp op) {
            spine.push(op);
            e = op.left();
        }
        Type l = exprs.type(e);
        while (true) {
            Expr.BinOp op = spine.pop();
            Type t = binary(op, l, exprs.type(op.right()));
            if (spine.isEmpty()) {
                return t;
            }
            exprs.checker().record(op, t);
            l = t;
        }
    }

    private Type binary(Expr.BinOp b, Type l, Type r) {
        Type t = binary(b.op(), l, r);
        if (t instanceof Type.UnknownType && Environment.known(l) && Environment.known(r) && operatorName(b.op()) != null
                && !(l instanceof Type.ClassType) && !(r instanceof Type.ClassType)) {
            return SchemaMatcher.operator(exprs, operatorName(b.op()), l, r, b.range());
        }
        return t;
    }

    /** The operator TorchScript emits for a binary operator on builtin types. */
    private static String operatorName(Operator op) {
        switch (op) {
            case ADD:
                return "aten::add";
            case SUB:
                return "aten::sub";
            case MULT:
                return "aten::mul";
            case DIV:
                return "aten::div";
            case POW:
                return "aten::pow";
            default:
                return null;
        }
    }

    static Type binary(Operator op, Type l, Type r) {
        if (!Environment.known(l) || !Environment.known(r)) {
            return Types.UNKNOWN;
        }
        boolean lt = l instanceof Type.TensorType;
        boolean rt = r instanceof Type.TensorType;
        if (lt && (rt || isNumber(r) || r instanceof Type.BoolType) || rt && (isNumber(l) || l instanceof Type.BoolType)) {
            return Types.TENSOR;
        }
        if (isNumber(l) && isNumber(r)) {
            boolean bothInt = l instanceof Type.IntType && r instanceof Type.IntType;
            switch (op) {
                case ADD:
                case SUB:
                case MULT:
                case MOD:
                case FLOOR_DIV:
                    return bothInt ? Types.INT : Types.FLOAT;
                case DIV:
                    return Types.FLOAT;
                case LSHIFT:
                case RSHIFT:
                case BIT_AND:
                case BIT_OR:
                case BIT_XOR:
                    return bothInt ? Types.INT : Types.UNKNOWN;
                default:
                    return Types.UNKNOWN;
            }
        }
        if (op == Operator.ADD && l instanceof Type.StrType && r instanceof Type.StrType) {
            return Types.STR;
        }
        if (op == Operator.ADD && l instanceof Type.ListType && TypeRelations.sameType(l, r)) {
            return l;
        }
        return Types.UNKNOWN;
    }

    Type unary(Expr.UnaryOp u) {
        Type t = exprs.type(u.operand());
        switch (u.op()) {
            case NOT:
                return Types.BOOL;
            case USUB:
            case UADD:
                return isNumber(t) || t instanceof Type.TensorType ? t : Types.UNKNOWN;
            case INVERT:
                return t instanceof Type.IntType || t instanceof Type.TensorType ? t : Types.UNKNOWN;
            default:
                return Types.UNKNOWN;
        }
    }

    private static final java.util.Map<CmpOperator, String> ORDERING = java.util.Map.of(
            CmpOperator.LT, "aten::lt", CmpOperator.LT_E, "aten::le", CmpOperator.GT, "aten::gt", CmpOperator.GT_E, "aten::ge");

    /** Operand types whose ordering comparisons the schema table decides (no tensors, classes, unions). */
    private static boolean ordered(Type t) {
        return t instanceof Type.IntType || t instanceof Type.FloatType || t instanceof Type.StrType
                || t instanceof Type.BoolType;
    }

    Type compare(Expr.Compare c) {
        Type left = exprs.type(c.left());
        boolean tensor = false;
        boolean unknown = !Environment.known(left);
        Type prev = left;
        for (int i = 0; i < c.ops().size(); i++) {
            Type right = exprs.type(c.comparators().get(i));
            unknown |= !Environment.known(right);
            CmpOperator op = c.ops().get(i);
            if (op != CmpOperator.IN && op != CmpOperator.NOT_IN && op != CmpOperator.IS && op != CmpOperator.IS_NOT
                    && (prev instanceof Type.TensorType || right instanceof Type.TensorType)) {
                tensor = true;
            }
            prev = right;
        }
        if (c.ops().size() == 1 && tensor) {
            return Types.TENSOR;
        }
        if (c.ops().size() == 1 && !unknown && ORDERING.containsKey(c.ops().get(0)) && ordered(left) && ordered(prev)) {
            // int < str and the like: matched against aten::lt & co., which report it
            Type t = SchemaMatcher.operator(exprs, ORDERING.get(c.ops().get(0)), left, prev, c.range());
            return Environment.known(t) ? t : Types.BOOL;
        }
        return unknown || tensor ? Types.UNKNOWN : Types.BOOL;
    }
}
