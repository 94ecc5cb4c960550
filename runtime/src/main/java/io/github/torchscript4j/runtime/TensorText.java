package io.github.torchscript4j.runtime;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.Locale;
import java.util.Map;

/**
 * A tensor as TorchScript's {@code print} shows it (libtorch's {@code operator<<}): the elements,
 * one row of the last dimension a line, right-aligned in a common width, then {@code [
 * CPUFloatType{2,2} ]}; slices of tensors above two dimensions under {@code (i,.,.) = } headers.
 * Floating elements print as integers when every element is integral, else with four decimals.
 *
 * <p>Not reproduced yet: libtorch's common scale factor ({@code 1.0e+05 *}) and scientific
 * notation for elements of very different magnitudes, and the type names of non-CPU tensors.
 */
final class TensorText {
    private static final Map<Long, String> TYPE_NAMES = Map.of(
            Dtypes.UINT8, "Byte", Dtypes.INT8, "Char", Dtypes.INT16, "Short", Dtypes.INT32, "Int",
            Dtypes.INT64, "Long", Dtypes.FLOAT16, "Half", Dtypes.FLOAT32, "Float", Dtypes.FLOAT64, "Double",
            Dtypes.BOOL, "Bool", Dtypes.BFLOAT16, "BFloat16");

    private TensorText() {}

    static String of(TensorRef tensor) {
        TensorData data;
        try {
            data = TensorData.read(tensor);
        } catch (RuntimeException e) {
            return "[ Tensor (unprintable: " + e.getMessage() + ") ]";
        }
        String[] cells = new String[data.size()];
        boolean integral = true;
        if (data.floats() != null) {
            for (double d : data.floats()) {
                integral &= !Double.isFinite(d) || d == Math.rint(d);
            }
        }
        int width = 0;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cell(data, i, integral);
            width = Math.max(width, cells[i].length());
        }
        long[] shape = data.shape();
        StringBuilder out = new StringBuilder();
        if (shape.length == 0) {
            out.append(cells[0]).append('\n');
        } else if (cells.length > 0) {
            int cols = (int) shape[shape.length - 1];
            int rows = shape.length == 1 ? cells.length : (int) shape[shape.length - 2];
            int matrix = shape.length == 1 ? cells.length : rows * cols;
            for (int start = 0; start < cells.length; start += matrix) {
                if (shape.length > 2) {
                    out.append(header(shape, start / matrix)).append('\n');
                }
                for (int i = start; i < start + matrix; i++) {
                    boolean rowEnd = shape.length == 1 || (i - start) % cols == cols - 1;
                    out.append(" ".repeat(width + 1 - cells[i].length())).append(cells[i]);
                    if (rowEnd) {
                        out.append('\n');
                    } else {
                        out.append(' ');
                    }
                }
                if (shape.length > 2) {
                    out.append('\n');
                }
            }
        }
        out.append("[ CPU").append(TYPE_NAMES.getOrDefault(data.dtype(), "Unknown")).append("Type{");
        for (int i = 0; i < shape.length; i++) {
            out.append(i > 0 ? "," : "").append(shape[i]);
        }
        return out.append("} ]").toString();
    }

    private static String cell(TensorData data, int i, boolean integral) {
        if (data.bools() != null) {
            return data.bools()[i] ? "1" : "0";
        }
        if (data.ints() != null) {
            return Long.toString(data.ints()[i]);
        }
        double d = data.floats()[i];
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return integral ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4f", d);
    }

    /** {@code (i,j,.,.) = } for the matrix with index {@code index} in row-major order. */
    private static String header(long[] shape, int index) {
        long[] position = new long[shape.length - 2];
        for (int d = position.length - 1; d >= 0; d--) {
            position[d] = index % shape[d];
            index /= (int) shape[d];
        }
        StringBuilder out = new StringBuilder("(");
        for (long p : position) {
            out.append(p + 1).append(',');
        }
        return out.append(".,.) = ").toString();
    }
}
