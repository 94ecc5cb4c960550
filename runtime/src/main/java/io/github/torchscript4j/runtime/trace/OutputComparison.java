package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.runtime.json.PythonFloats;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the trace checker compares an output of the traced function with the same output of the
 * function itself: as {@code torch.testing.assert_close} on both converted to {@code float64},
 * with the relative tolerance {@code check_tolerance} and the absolute tolerance of the two dtypes
 * ({@code 1e-05} for 32- and 16-bit floats, {@code 1e-07} for 64-bit, 0 for the rest), NaN equal
 * to NaN; the failure is described in {@code assert_close}'s words ({@code Tensor-likes are not
 * close!}, the mismatched elements, the greatest differences and where).
 */
public final class OutputComparison {
    private OutputComparison() {}

    /** Why {@code actual} is not close to {@code expected}; empty when it is. */
    public static Optional<String> mismatch(TensorRef actual, TensorRef expected, double rtol) {
        TensorData a = TensorData.read(actual);
        TensorData b = TensorData.read(expected);
        if (!Arrays.equals(a.shape(), b.shape())) {
            return Optional.of("The values for attribute 'shape' do not match: " + size(a.shape()) + " != "
                    + size(b.shape()) + ".");
        }
        double atol = Math.max(atol(a.dtype()), atol(b.dtype()));
        double[] x = doubles(a);
        double[] y = doubles(b);
        int mismatched = 0;
        double maxAbs = -1;
        int maxAbsAt = 0;
        double maxRel = -1;
        int maxRelAt = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) && Double.isNaN(y[i])) {
                continue;
            }
            double diff = Math.abs(x[i] - y[i]);
            boolean close = x[i] == y[i] || diff <= atol + rtol * Math.abs(y[i]);
            if (!close) {
                mismatched++;
            }
            double d = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
            double rel = d / Math.abs(y[i]);
            if (Double.isNaN(rel)) {
                rel = 0;
            }
            if (d > maxAbs) {
                maxAbs = d;
                maxAbsAt = i;
            }
            if (rel > maxRel) {
                maxRel = rel;
                maxRelAt = i;
            }
        }
        if (mismatched == 0) {
            return Optional.empty();
        }
        String percent = String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * mismatched / x.length);
        return Optional.of("Tensor-likes are not close!\n\n"
                + "Mismatched elements: " + mismatched + " / " + x.length + " (" + percent + ")\n"
                + "Greatest absolute difference: " + PythonFloats.repr(maxAbs) + " at index " + index(a.shape(), maxAbsAt)
                + " (up to " + PythonFloats.repr(atol) + " allowed)\n"
                + "Greatest relative difference: " + PythonFloats.repr(maxRel) + " at index " + index(a.shape(), maxRelAt)
                + " (up to " + PythonFloats.repr(rtol) + " allowed)");
    }

    private static double atol(long dtype) {
        if (dtype == Dtypes.FLOAT64 || dtype == Dtypes.COMPLEX128) {
            return 1e-7;
        }
        return Dtypes.isFloating(dtype) || Dtypes.isComplex(dtype) ? 1e-5 : 0;
    }

    private static double[] doubles(TensorData t) {
        if (t.floats() != null) {
            return t.floats();
        }
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.ints() != null ? t.ints()[i] : t.bools()[i] ? 1 : 0;
        }
        return out;
    }

    private static String size(long[] shape) {
        List<String> dims = new ArrayList<>();
        for (long d : shape) {
            dims.add(Long.toString(d));
        }
        return "torch.Size([" + String.join(", ", dims) + "])";
    }

    /** A flat index as the tuple of indices Python prints: {@code (0, 1)}, {@code (2,)}. */
    private static String index(long[] shape, int flat) {
        long[] at = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }
        List<String> parts = new ArrayList<>();
        for (long i : at) {
            parts.add(Long.toString(i));
        }
        return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
    }
}
