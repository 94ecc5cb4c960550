package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensor indexing as the reference lowers it: an integer index is {@code aten::select} on the
 * current dimension, a slice {@code aten::slice}, {@code None} {@code aten::unsqueeze}, and
 * tensors (or lists) as indices gather into one {@code aten::index} call; assignment through an
 * index writes with {@code aten::copy_} into the view, or {@code aten::index_put_} for tensor
 * indices (a number written becomes a tensor of the target's dtype and device first).
 */
final class TensorIndexing {
    private TensorIndexing() {}

    static Value read(ExpressionEmitter exprs, Value tensor, Expr.Subscript s) {
        return view(exprs, tensor, s, false, null, null);
    }

    static void write(ExpressionEmitter exprs, Value tensor, Expr.Subscript s, Value v) {
        view(exprs, tensor, s, true, v, null);
    }

    /**
     * {@code x[i] op= v}: {@code update} (the in-place operator) applied to the view; with tensor
     * indices, to {@code aten::index} of them, written back with {@code aten::index_put_}.
     */
    static void augment(ExpressionEmitter exprs, Value tensor, Expr.Subscript s,
            java.util.function.UnaryOperator<Value> update) {
        view(exprs, tensor, s, false, null, update);
    }

    private static Value view(ExpressionEmitter exprs, Value tensor, Expr.Subscript s, boolean write, Value rhs,
            java.util.function.UnaryOperator<Value> update) {
        List<Expr> parts = s.slice() instanceof Expr.Tuple t ? t.elts() : List.of(s.slice());
        Value current = tensor;
        long dim = 0;
        List<Value> tensorIndices = new ArrayList<>();
        boolean hasTensorIndex = false;
        boolean fromEnd = false;
        // The reference evaluates the index expressions (other than slices) before it indexes.
        java.util.Map<Expr, Value> evaluated = new java.util.IdentityHashMap<>();
        for (Expr p : parts) {
            if (!(p instanceof Expr.Slice) && !(p instanceof Expr.Constant c
                    && (c.value() instanceof Literal.None || c.value() instanceof Literal.Ellipsis))) {
                Value index = exprs.emit(p);
                if (index.type() instanceof Type.ListType) {
                    // a list index becomes a long tensor: torch.tensor(l, dtype=torch.long)
                    index = exprs.operatorCall(exprs.single("aten::tensor", index.type()), List.of(index),
                            java.util.Map.of("dtype", exprs.constant(4L, Types.INT, null)), Types.TENSOR, s.range());
                }
                evaluated.put(p, index);
            }
        }
        for (int k = 0; k < parts.size(); k++) {
            Expr p = parts.get(k);
            if (p instanceof Expr.Constant c && c.value() instanceof Literal.Ellipsis) {
                fromEnd = true;
                continue;
            }
            if (fromEnd) {
                // After an ellipsis an index counts from the last dimension: past it are the
                // dimensions the later indices (other than None) take.
                long later = 0;
                for (int j = k + 1; j < parts.size(); j++) {
                    if (!(parts.get(j) instanceof Expr.Constant lc && lc.value() instanceof Literal.None)) {
                        later++;
                    }
                }
                dim = -(1 + later);
            }
            if (p instanceof Expr.Constant c && c.value() instanceof Literal.None) {
                current = exprs.call("aten::unsqueeze", List.of(current, exprs.constant(dim, Types.INT, null)),
                        Types.TENSOR, s.range());
                dim++;
                tensorIndices.add(null);
                continue;
            }
            if (p instanceof Expr.Slice sl) {
                List<Value> args = new ArrayList<>();
                args.add(current);
                args.add(exprs.constant(dim, Types.INT, null));
                args.add(sl.lower().isPresent() ? exprs.emit(sl.lower().get()) : exprs.constant(null, Types.NONE, null));
                args.add(sl.upper().isPresent() ? exprs.emit(sl.upper().get()) : exprs.constant(null, Types.NONE, null));
                args.add(sl.step().isPresent() ? exprs.emit(sl.step().get()) : exprs.constant(1L, Types.INT, null));
                current = exprs.call("aten::slice", args, Types.TENSOR, s.range());
                dim++;
                tensorIndices.add(null);
                continue;
            }
            Value index = evaluated.get(p);
            if (index.type() instanceof Type.IntType) {
                current = exprs.call("aten::select", List.of(current, exprs.constant(dim, Types.INT, null), index),
                        Types.TENSOR, s.range());
                continue;
            }
            if (index.type() instanceof Type.TensorType) {
                hasTensorIndex = true;
                tensorIndices.add(index);
                dim++;
                continue;
            }
            throw new EmitException("the emitter does not lower this index yet", p.range());
        }
        if (hasTensorIndex) {
            while (!tensorIndices.isEmpty() && tensorIndices.get(tensorIndices.size() - 1) == null) {
                tensorIndices.remove(tensorIndices.size() - 1);
            }
            List<Value> opt = new ArrayList<>();
            for (Value v : tensorIndices) {
                opt.add(v == null ? exprs.constant(null, Types.NONE, null) : v);
            }
            // (a number written is made a tensor before the index list is built)
            Value r = write ? asTensorLike(exprs, rhs, current, s) : null;
            Value list = exprs.node("prim::ListConstruct", opt, new Type.ListType(Types.optional(Types.TENSOR)), null);
            if (write) {
                return exprs.call("aten::index_put_", List.of(current, list, r), Types.TENSOR, s.range());
            }
            Value read = exprs.call("aten::index", List.of(current, list), Types.TENSOR, s.range());
            if (update != null) {
                return exprs.call("aten::index_put_", List.of(current, list, update.apply(read)), Types.TENSOR,
                        s.range());
            }
            return read;
        }
        if (update != null) {
            return update.apply(current);
        }
        if (write) {
            return exprs.call("aten::copy_", List.of(current, asTensorLike(exprs, rhs, current, s)), Types.TENSOR,
                    s.range());
        }
        return current;
    }

    /** A number written into a tensor becomes a tensor of the target's dtype, on its device. */
    private static Value asTensorLike(ExpressionEmitter exprs, Value rhs, Value target, Expr.Subscript s) {
        if (rhs.type() instanceof Type.TensorType) {
            return rhs;
        }
        Value dtype = exprs.node("prim::dtype", List.of(target), Types.INT, s.range());
        Value device = exprs.node("prim::device", List.of(target), Types.DEVICE, s.range());
        return exprs.operatorCall(exprs.single("aten::tensor", rhs.type()), List.of(rhs),
                java.util.Map.of("dtype", dtype, "device", device), Types.TENSOR, s.range());
    }
}
