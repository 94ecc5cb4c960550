package io.github.torchscript4j.runtime.ops;

import static io.github.torchscript4j.runtime.ops.TensorJitOps.dtype;
import static io.github.torchscript4j.runtime.ops.TensorJitOps.error;
import static io.github.torchscript4j.runtime.ops.TensorJitOps.ref;
import static io.github.torchscript4j.runtime.ops.TensorJitOps.tensor;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Tensors as numbers and lists: {@code bool(x)}, {@code int(x)}, {@code float(x)}, the implicit
 * conversions the compiler inserts where a number is expected ({@code aten::IntImplicit}, {@code
 * aten::FloatImplicit}, {@code aten::ScalarImplicit}) and {@code x.tolist()} ({@code prim::tolist});
 * also {@code erf}, {@code erfc} and {@code lgamma} of a number, computed by libtorch's kernels in
 * {@code float64}.
 *
 * <p>As the reference: {@code bool(x)} is libtorch's {@code is_nonzero} (an error for more than one
 * or no element), {@code int} and {@code float} convert the single element ({@code int} truncates a
 * float towards zero, and fails when it does not fit an {@code int64}); the implicit conversions
 * first refuse a tensor that requires grad, then one of more than 0 dimensions, then (for {@code
 * int}) one whose dtype is not an integer type.
 */
final class JitTensorScalars {
    private JitTensorScalars() {}

    /** {@code prim::tolist}'s element kinds, as its third argument numbers them. */
    private static final long INT_ELEMENTS = 0;
    private static final long FLOAT_ELEMENTS = 1;
    private static final long BOOL_ELEMENTS = 2;

    static void register(TensorJitOps.Registry r) {
        r.one("aten::Bool.Tensor", args -> Dispatch.bool("aten::is_nonzero", args.get(0)));
        r.one("aten::Int.Tensor", args -> toInt(item(args.get(0))));
        r.one("aten::Float.Tensor", args -> toFloat(item(args.get(0))));
        r.one("aten::IntImplicit", args -> {
            checkImplicit(args.get(0), true);
            return toInt(item(args.get(0)));
        });
        r.one("aten::FloatImplicit", args -> {
            checkImplicit(args.get(0), false);
            return toFloat(item(args.get(0)));
        });
        r.one("aten::ScalarImplicit", args -> {
            checkImplicit(args.get(0), false);
            return item(args.get(0));
        });
        for (String function : List.of("erf", "erfc", "lgamma")) {
            r.one("aten::" + function + ".Scalar", args -> {
                TensorRef x = JitTensorCreation.scalarTensor(toFloat(args.get(0)));
                try {
                    TensorRef y = Dispatch.tensor("aten::" + function, x);
                    try {
                        return item(y);
                    } finally {
                        y.release();
                    }
                } finally {
                    x.release();
                }
            });
        }
        r.add("prim::tolist", args -> TensorJitOps.out(toList(args.get(0), (Long) args.get(1), (Long) args.get(2))));
        r.one("aten::_tensor_to_list", args -> {
            if (dtype(args.get(0)) != Dtypes.INT32) {
                throw error("expected scalar type Int but found "
                        + TensorData.scalarType(dtype(args.get(0))).name());
            }
            TensorData data = TensorData.read(ref(args.get(0)));
            List<Object> list = new ArrayList<>(data.size());
            for (int i = 0; i < data.size(); i++) {
                list.add(toInt(element(data, i)));
            }
            return list;
        });
    }

    /** The single element as a number of its kind ({@code Long}, {@code Double}, {@code Boolean}): {@code x.item()}. */
    static Object item(Object tensor) {
        return Dispatch.one("aten::item", tensor);
    }

    /** A number as {@code int(...)} of a tensor's element converts it. */
    static long toInt(Object number) {
        if (number instanceof Long n) {
            return n;
        } else if (number instanceof Boolean b) {
            return b ? 1 : 0;
        }
        double d = (Double) number;
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            throw error("value cannot be converted to type int64_t without overflow");
        }
        return (long) d;
    }

    /** A number as {@code float(...)} of a tensor's element converts it. */
    static double toFloat(Object number) {
        if (number instanceof Double d) {
            return d;
        } else if (number instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return (double) (Long) number;
    }

    private static void checkImplicit(Object value, boolean integral) {
        Tensor t = tensor(value);
        if (t.requires_grad()) {
            throw error("Cannot input a tensor that requires grad as a scalar argument");
        }
        if (t.dim() != 0) {
            throw error("Cannot input a tensor of dimension other than 0 as a scalar argument");
        }
        long dtype = dtype(value);
        if (integral && !Dtypes.isIntegral(dtype)) {
            throw error("Cannot input a tensor of type " + TensorData.scalarType(dtype).name()
                    + " as an integral argument");
        }
    }

    /**
     * {@code x.tolist()} annotated as a list of {@code dims} dimensions of {@code kind} elements:
     * the element kind must be its dtype's, then the dimensions the tensor's ({@code int}: {@code
     * int64}; {@code float}: {@code float32} or {@code float64}; {@code bool}: {@code bool}).
     */
    private static Object toList(Object value, long dims, long kind) {
        Tensor t = tensor(value);
        long dtype = dtype(value);
        boolean fits = kind == INT_ELEMENTS ? dtype == Dtypes.INT64
                : kind == FLOAT_ELEMENTS ? Dtypes.isFloating(dtype)
                : kind == BOOL_ELEMENTS && dtype == Dtypes.BOOL;
        if (!fits) {
            throw error("Output annotation element type and runtime tensor element type must match for tolist()");
        }
        if (t.dim() != dims) {
            throw error("Output annotation list dimension and runtime tensor dimension must match for tolist()");
        }
        if (kind == FLOAT_ELEMENTS && dtype != Dtypes.FLOAT32 && dtype != Dtypes.FLOAT64) {
            // the reference's interpreter asserts here (PyTorch 1.13.1)
            throw error("scalar_ty == at::ScalarType::Float || scalar_ty == at::ScalarType::Double INTERNAL ASSERT "
                    + "FAILED at \"./torch/csrc/jit/mobile/register_ops_common_utils.cpp\":35, please report a bug "
                    + "to PyTorch. Unexpected scalar type for Tensor");
        }
        TensorData data = TensorData.read(ref(value));
        int[] next = {0};
        return nest(data, 0, next);
    }

    private static Object nest(TensorData data, int dim, int[] next) {
        long[] shape = data.shape();
        if (dim == shape.length) {
            return element(data, next[0]++);
        }
        List<Object> list = new ArrayList<>((int) shape[dim]);
        for (long i = 0; i < shape[dim]; i++) {
            list.add(nest(data, dim + 1, next));
        }
        return list;
    }

    private static Object element(TensorData data, int i) {
        if (data.floats() != null) {
            return data.floats()[i];
        } else if (data.ints() != null) {
            return data.ints()[i];
        }
        return data.bools()[i];
    }
}
