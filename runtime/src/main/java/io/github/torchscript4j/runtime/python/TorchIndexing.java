package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Subscripts of tensors as PyTorch's Python indexing does them ({@code applySlicing}), through the
 * operators the checker's emitter lowers subscripts to: from left to right, an int selects ({@code
 * aten::select}, with PyTorch's {@code IndexError} when out of range), a slice narrows ({@code
 * aten::slice}), {@code None} inserts a dimension ({@code aten::unsqueeze}), {@code ...} skips the
 * dimensions no other index names, and tensors (or lists of ints, or bool masks) are advanced
 * indices applied together at the end ({@code aten::index}). Assignment narrows the same way
 * without the advanced indices, then copies or fills into that view ({@code aten::copy_}, {@code
 * aten::fill_}) or puts through them ({@code aten::index_put_}).
 */
final class TorchIndexing {
    private final TorchHost host;

    TorchIndexing(TorchHost host) {
        this.host = host;
    }

    /** The view of {@code t} the basic indices give, and the advanced indices still to apply. */
    private record Sliced(TensorRef view, List<Object> indices) {}

    Object get(TensorRef t, Object index) {
        Sliced s = slice(t, index);
        if (s.indices.isEmpty()) {
            return s.view == t ? host.calls().callExact("aten::alias", t) : s.view;
        }
        return host.calls().callExact("aten::index.Tensor", s.view, s.indices);
    }

    void set(TensorRef t, Object index, Object value) {
        if (!(value instanceof TensorRef || value instanceof Long || value instanceof Double || value instanceof Boolean)) {
            throw new PyException("TypeError", "can't assign a " + host.pythonType(value) + " to a " + host.typeName(t));
        }
        Sliced s = slice(t, index);
        if (s.indices.isEmpty()) {
            if (value instanceof TensorRef v) {
                host.calls().callExact("aten::copy_", s.view, v, false);
            } else {
                host.calls().callExact("aten::fill_.Scalar", s.view, value);
            }
            return;
        }
        TensorRef values = value instanceof TensorRef v ? v : TorchHost.tensorResult(host.calls().callExact(
                "aten::scalar_tensor", value, (long) s.view.tensor().scalar_type().value, null, null, null));
        host.calls().callExact("aten::index_put_", s.view, s.indices, values, false);
    }

    private Sliced slice(TensorRef t, Object index) {
        List<Object> items = index instanceof Tuple tuple ? tuple.elements() : List.of(index == null ? NULL : index);
        List<Object> converted = new ArrayList<>(items.size());
        int specified = 0;
        for (Object item : items) {
            Object i = item == NULL ? null : item;
            if (i instanceof List<?> list) {
                i = host.function("tensor", list);
            }
            if (i instanceof TensorRef ti) {
                long dtype = ti.tensor().scalar_type().value; // a byte
                specified += dtype == Dtypes.BOOL || dtype == Dtypes.UINT8 ? (int) ti.tensor().dim() : 1;
            } else if (i instanceof Long || i instanceof PySlice) {
                specified++;
            } else if (i != null && i != PySlice.ELLIPSIS) {
                throw new PyException("IndexError", "only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                        + "Variables are valid indices (got " + host.pythonType(i) + ")");
            }
            converted.add(i);
        }
        long ndim = t.tensor().dim();
        if (ndim == 0 && specified > 0) {
            throw new PyException("IndexError", "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                    + "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
        }
        if (specified > ndim) {
            throw new PyException("IndexError", "too many indices for tensor of dimension " + ndim);
        }
        TensorRef view = t;
        List<Object> advanced = new ArrayList<>();
        long dim = 0;
        boolean ellipsis = false;
        for (Object i : converted) {
            if (i instanceof Long k) {
                long size = view.tensor().sizes().vec().get()[(int) dim];
                if (k < -size || k >= size) {
                    throw new PyException("IndexError", "index " + k + " is out of bounds for dimension " + dim + " with size " + size);
                }
                view = TorchHost.tensorResult(host.calls().callExact("aten::select.int", view, dim, k));
            } else if (i instanceof PySlice p) {
                Object step = p.step() == null ? 1L : p.step();
                if (!bound(p.start()) || !bound(p.stop()) || !(step instanceof Long st)) {
                    throw new PyException("TypeError", "slice indices must be integers or None or have an __index__ method");
                }
                if (st <= 0) {
                    throw new PyException("ValueError", "step must be greater than zero");
                }
                view = TorchHost.tensorResult(host.calls().callExact("aten::slice.Tensor", view, dim, p.start(), p.stop(), step));
                dim++;
            } else if (i == null) {
                view = TorchHost.tensorResult(host.calls().callExact("aten::unsqueeze", view, dim));
                dim++;
            } else if (i == PySlice.ELLIPSIS) {
                if (ellipsis) {
                    throw new PyException("IndexError", "an index can only have a single ellipsis ('...')");
                }
                ellipsis = true;
                dim += ndim - specified;
            } else {
                while (advanced.size() < dim) {
                    advanced.add(null);
                }
                advanced.add(i);
                dim++;
            }
        }
        return new Sliced(view, advanced);
    }

    private static boolean bound(Object value) {
        return value == null || value instanceof Long;
    }

    /** Stands for an index that is {@code None} itself ({@code t[None]}), since List.of refuses null. */
    private static final Object NULL = new Object();

    /** {@code dim} wrapped into {@code [0, n)}, or PyTorch's {@code IndexError}. */
    static long wrapDim(long dim, int n) {
        int range = Math.max(n, 1);
        if (dim < -range || dim >= range) {
            throw new PyException("IndexError", "Dimension out of range (expected to be in range of [" + -range + ", "
                    + (range - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + range : dim;
    }

    /** Python's {@code slice.indices(n)} start and stop for a non-zero step. */
    static long[] sliceBounds(PySlice slice, long n, long step) {
        long start;
        long stop;
        if (step > 0) {
            start = clamp(slice.start(), 0, n, 0, n);
            stop = clamp(slice.stop(), n, n, 0, n);
        } else {
            start = clamp(slice.start(), n - 1, n, -1, n - 1);
            stop = clamp(slice.stop(), -1, n, -1, n - 1);
        }
        return new long[] {start, stop};
    }

    private static long clamp(Object bound, long absent, long n, long low, long high) {
        if (bound == null) {
            return absent;
        }
        if (!(bound instanceof Long b)) {
            throw new PyException("TypeError", "slice indices must be integers or None or have an __index__ method");
        }
        long v = b < 0 ? b + n : b;
        return Math.max(low, Math.min(high, v));
    }
}
