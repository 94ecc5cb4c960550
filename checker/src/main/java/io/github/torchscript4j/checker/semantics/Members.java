package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;

/**
 * Attributes of first-class values: a tensor's properties ({@code shape}, {@code dtype}, ...) and
 * methods, methods of lists, dicts and strings (bound for {@link CallChecker}).
 *
 * Attributes a value of a builtin type certainly lacks are reported ({@link ValueAttributes}).
 *
 * <p>Not done: attributes of user classes and modules, named tuples' fields; those are opaque.
 */
final class Members {
    private Members() {}

    static Value attribute(ExpressionChecker exprs, Type type, Expr.Attribute a) {
        String attr = a.attr();
        if (type instanceof Type.ClassType || type instanceof Type.ModuleType || type instanceof Type.EnumType
                || type instanceof Type.InterfaceType
                || type instanceof Type.TupleType t && t.named().isPresent()) {
            return exprs.checker().classes().attribute(exprs, type, a);
        }
        if (type instanceof Type.TensorType) {
            switch (attr) {
                case "shape":
                    return Value.typed(new Type.ListType(Types.INT));
                case "dtype":
                case "ndim":
                case "layout":
                    return Value.typed(Types.INT);
                case "device":
                    return Value.typed(Types.DEVICE);
                case "T":
                case "mT":
                case "H":
                case "mH":
                case "data":
                case "real":
                case "imag":
                    return Value.typed(Types.TENSOR);
                case "grad":
                    return Value.typed(Types.optional(Types.TENSOR));
                case "name":
                    return Value.typed(Types.optional(Types.STR));
                case "requires_grad":
                case "is_cuda":
                case "is_cpu":
                case "is_xpu":
                case "is_ipu":
                case "is_mps":
                case "is_sparse_csr":
                case "is_leaf":
                case "is_sparse":
                case "is_quantized":
                case "is_meta":
                case "is_mkldnn":
                case "is_vulkan":
                case "is_nested":
                    return Value.typed(Types.BOOL);
                default:
                    break;
            }
        }
        if (ValueAttributes.certainlyMissing(type, attr)) {
            // The reference's range starts at the receiver itself, inside any parentheses.
            exprs.sink().error(Code.NO_ATTRIBUTE, new SourceRange(a.range().file(), a.value().range().start(), a.range().end()),
                    ValueAttributes.message(type, attr));
            return Value.UNKNOWN;
        }
        if (type instanceof Type.TensorType || type instanceof Type.ListType || type instanceof Type.DictType
                || type instanceof Type.StrType) {
            return new Value.BoundMethod(type, attr);
        }
        return Value.OPAQUE;
    }
}
