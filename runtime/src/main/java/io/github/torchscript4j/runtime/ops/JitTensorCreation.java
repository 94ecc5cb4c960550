package io.github.torchscript4j.runtime.ops;

import static io.github.torchscript4j.runtime.ops.TensorJitOps.error;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensors made from numbers and (nested) lists: {@code torch.tensor}, {@code torch.as_tensor},
 * {@code prim::NumToTensor}, {@code aten::_list_to_tensor} (an {@code int32} tensor).
 *
 * <p>As the reference does: a number becomes a 0-d tensor of its own kind — an {@code int} of
 * {@code int64}, a {@code bool} of {@code bool}, a {@code float} of the default dtype {@code
 * float32} (so {@code torch.tensor(0.1, dtype=torch.float64)} is {@code 0.1} rounded to {@code
 * float32} and widened; a finite float beyond {@code float32}'s range is an error) — which is then
 * converted to the requested dtype, moved to the requested device and made to require grad. A
 * list's elements are read as {@code int64}, {@code float32} (the default dtype, also when another
 * is requested) or {@code bool}; its shape is
 * read along the first elements, and every other sequence must match it ("Expected sequence of
 * length 2 at dim 1 (got 1)").
 *
 * <p>Known difference: the reference picks an empty list's dtype from the list's static type
 * ({@code List[float]} gives {@code float32}); runtime lists carry no type, so a list without any
 * element makes {@code int64}, as the reference does for the {@code List[int]} of its tests.
 */
final class JitTensorCreation {
    private JitTensorCreation() {}

    static void register(TensorJitOps.Registry r) {
        for (String kind : List.of("int", "float", "bool")) {
            r.one("aten::tensor." + kind, args ->
                    finish(fromNumber(args.get(0)), args.get(1), args.get(2), (Boolean) args.get(3)));
            r.one("aten::as_tensor." + kind, args ->
                    finish(fromNumber(args.get(0)), args.get(1), args.get(2), false));
        }
        r.one("aten::tensor", args -> finish(fromList(args.get(0)), args.get(1), args.get(2), (Boolean) args.get(3)));
        r.one("aten::as_tensor.list", args -> finish(fromList(args.get(0)), args.get(1), args.get(2), false));
        r.one("aten::as_tensor", args -> JitTensorInfo.convert(args.get(0), args.get(2), args.get(1), false, false));
        r.one("prim::NumToTensor.Scalar", args -> scalarTensor(args.get(0)));
        r.one("prim::NumToTensor.bool", args -> scalarTensor(args.get(0)));
        r.one("aten::_list_to_tensor", args -> {
            List<?> list = (List<?>) args.get(0);
            long[] data = new long[list.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (Long) list.get(i);
            }
            return new TensorData(Dtypes.INT32, new long[] {data.length}, null, data, null).toTensor();
        });
    }

    /** A 0-d tensor of a number's own kind ({@code int64}, {@code float64}, {@code bool}), as {@code scalar_to_tensor}. */
    static TensorRef scalarTensor(Object number) {
        if (number instanceof Long n) {
            return new TensorData(Dtypes.INT64, new long[0], null, new long[] {n}, null).toTensor();
        } else if (number instanceof Double d) {
            return new TensorData(Dtypes.FLOAT64, new long[0], new double[] {d}, null, null).toTensor();
        } else if (number instanceof Boolean b) {
            return new TensorData(Dtypes.BOOL, new long[0], null, null, new boolean[] {b}).toTensor();
        }
        throw error("expected a number but found " + IValues.typeName(number));
    }

    /** {@code torch.tensor(number)} before its dtype: a float becomes the default dtype. */
    private static TensorRef fromNumber(Object number) {
        if (number instanceof Double d && Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
            throw error("value cannot be converted to type float without overflow");
        }
        TensorRef made = scalarTensor(number);
        return number instanceof Double ? toDtype(made, Dtypes.FLOAT32) : made;
    }

    /** Converts, moves and marks a fresh tensor; consumes {@code made}. */
    private static TensorRef finish(TensorRef made, Object dtype, Object device, boolean requiresGrad) {
        TensorRef result = made;
        try {
            if (dtype != null) {
                result = toDtype(result, (Long) dtype);
            }
            if (device != null) {
                TensorRef moved = JitTensorInfo.convert(result, device, null, false, false);
                result.release();
                result = moved;
            }
            if (requiresGrad) {
                Dispatch.tensor("aten::requires_grad_", result, true).release(); // returns result itself, retained
            }
            TensorRef done = result;
            result = null;
            return done;
        } finally {
            if (result != null) {
                result.release();
            }
        }
    }

    /** {@code made} converted to {@code dtype}; consumes {@code made}. */
    private static TensorRef toDtype(TensorRef made, long dtype) {
        try {
            return Dispatch.tensor("aten::to.dtype", made, dtype, false, false, null);
        } finally {
            made.release();
        }
    }

    // ---------------------------------------------------------------- lists

    /** The kinds of list leaves torch.tensor accepts. */
    private enum Leaf { INT, FLOAT, BOOL }

    /** {@code torch.tensor(list)} before its dtype: ints {@code int64}, floats {@code float32}, bools {@code bool}. */
    private static TensorRef fromList(Object data) {
        List<Long> shape = new ArrayList<>();
        Object seq = data;
        while (seq instanceof List<?> list) {
            shape.add((long) list.size());
            if (list.isEmpty()) {
                break;
            }
            seq = list.get(0);
        }
        Leaf leaf = leafKind(data);
        List<Object> flat = new ArrayList<>();
        flatten(data, 0, shape, flat);
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        int n = flat.size();
        switch (leaf) {
            case INT -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    Object v = flat.get(i);
                    values[i] = v instanceof Long l ? l : v instanceof Boolean b ? (b ? 1 : 0) : (long) (double) (Double) v;
                }
                return new TensorData(Dtypes.INT64, dims, null, values, null).toTensor();
            }
            case BOOL -> {
                boolean[] values = new boolean[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (Boolean) flat.get(i);
                }
                return new TensorData(Dtypes.BOOL, dims, null, null, values).toTensor();
            }
            default -> {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    Object v = flat.get(i);
                    values[i] = v instanceof Double d ? d : v instanceof Long l ? (double) l : ((Boolean) v ? 1 : 0);
                }
                return toDtype(new TensorData(Dtypes.FLOAT64, dims, values, null, null).toTensor(), Dtypes.FLOAT32);
            }
        }
    }

    /** The kind of the first leaf; an error naming the element type for anything but numbers. */
    private static Leaf leafKind(Object data) {
        Object first = firstLeaf(data);
        if (first instanceof Double) {
            return Leaf.FLOAT;
        } else if (first == null || first instanceof Long) {
            return Leaf.INT;
        } else if (first instanceof Boolean) {
            return Leaf.BOOL;
        }
        String type = first instanceof TensorRef ? "Tensor" : IValues.typeName(first);
        throw error("Input must be of ints, floats, or bools, got " + type);
    }

    private static Object firstLeaf(Object data) {
        if (data instanceof List<?> list) {
            for (Object element : list) {
                Object leaf = firstLeaf(element);
                if (leaf != null) {
                    return leaf;
                }
            }
            return null;
        }
        return data;
    }

    private static void flatten(Object seq, int dim, List<Long> shape, List<Object> flat) {
        if (dim == shape.size()) {
            if (seq instanceof List<?>) {
                throw error("Expected a number at dim " + dim + " but found a list");
            }
            flat.add(seq);
            return;
        }
        if (!(seq instanceof List<?> list)) {
            throw error("Expected sequence of length " + shape.get(dim) + " at dim " + dim + " (got a number)");
        }
        if (list.size() != shape.get(dim)) {
            throw error("Expected sequence of length " + shape.get(dim) + " at dim " + dim + " (got " + list.size() + ")");
        }
        for (Object element : list) {
            flatten(element, dim + 1, shape, flat);
        }
    }

}
