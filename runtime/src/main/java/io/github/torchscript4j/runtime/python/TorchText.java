package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Node;
import org.bytedeco.pytorch.Tensor;

/**
 * A tensor as Python's {@code repr}/{@code str} prints it in PyTorch 1.13 ({@code
 * torch._tensor_str}): {@code tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64,
 * requires_grad=True)}. Floating values print as integers with a point when all finite non-zero
 * values are integral ({@code 1.}), else with four decimals ({@code 0.1235}), in scientific
 * notation ({@code 1.0000e-05}) when the largest and smallest magnitudes are more than 1000 apart,
 * the largest exceeds 1e8 or (with decimals) the smallest is below 1e-4; every element right-aligned
 * in one width, rows wrapped at 80 columns; over 1000 elements, only the three first and last
 * entries of each dimension, around {@code ...}. A {@code Parameter} is {@code Parameter
 * containing:} and its tensor; a tensor on a GPU ends with {@code device='cuda:0'}. Not reproduced:
 * complex values.
 */
final class TorchText {
    private static final int LINE_WIDTH = 80;
    /** Tensors with more elements print summarized: {@link #EDGE_ITEMS} at each end of each dimension. */
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TorchText() {}

    static String of(TorchHost host, TensorRef t) {
        String text = tensor(t);
        return host.isParameter(t) ? "Parameter containing:\n" + text : text;
    }

    private static String tensor(TensorRef t) {
        Tensor n = t.tensor();
        long dtype = n.scalar_type().value;
        long[] shape = n.sizes().vec().get();
        int indent = "tensor(".length();
        List<String> suffixes = new ArrayList<>();
        String body;
        long numel = n.numel();
        if (numel == 0) {
            body = "[]";
            if (shape.length != 1) {
                StringBuilder size = new StringBuilder("size=(");
                for (int i = 0; i < shape.length; i++) {
                    size.append(i > 0 ? ", " : "").append(shape[i]);
                }
                suffixes.add(size.append(shape.length == 1 ? ",)" : ")").toString());
            }
        } else if (Dtypes.isComplex(dtype)) {
            body = "<complex>";
        } else {
            TensorData all = TensorData.read(t);
            boolean summarize = numel > THRESHOLD;
            List<Integer> shown = new ArrayList<>();
            shownElements(shape, 0, 0, summarize, shown);
            TensorData data = subset(all, shown);
            String[] values = format(data);
            int width = 1;
            for (int i = 0; i < values.length; i++) {
                // PyTorch's width: every value of an integral or bool tensor, only the finite
                // non-zero ones of a floating one (a nan or -0. may stick out)
                if (data.floats() == null || Double.isFinite(data.floats()[i]) && data.floats()[i] != 0) {
                    width = Math.max(width, values[i].length());
                }
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = " ".repeat(Math.max(0, width - values[i].length())) + values[i];
            }
            int[] next = {0};
            body = shape.length == 0 ? values[0] : block(values, next, shape, 0, indent, width, summarize);
        }
        String device = n.device().str().getString();
        if (!device.equals("cpu")) {
            suffixes.add(0, "device='" + device + "'");
        }
        if (numel == 0 ? dtype != TorchHost.defaultDtype()
                : dtype != TorchHost.defaultDtype() && dtype != Dtypes.INT64 && dtype != Dtypes.BOOL && dtype != Dtypes.COMPLEX128) {
            // an empty tensor shows any dtype but the default: no element says it
            suffixes.add("dtype=" + TorchDtype.of(dtype));
        }
        Node gradFn = n.requires_grad() ? n.grad_fn() : null;
        if (gradFn != null && !gradFn.isNull()) {
            suffixes.add("grad_fn=<" + gradFn.name().getString() + ">");
        } else if (n.requires_grad()) {
            suffixes.add("requires_grad=True");
        }
        StringBuilder out = new StringBuilder("tensor(").append(body);
        int lastLine = out.length() - out.lastIndexOf("\n") - 1;
        for (String suffix : suffixes) {
            if (lastLine + suffix.length() + 2 > LINE_WIDTH) {
                out.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLine = indent + suffix.length();
            } else {
                out.append(", ").append(suffix);
                lastLine += suffix.length() + 2;
            }
        }
        return out.append(')').toString();
    }

    /** The indices along a dimension of size {@code n} that are shown: all, or the edges around {@code -1} (...). */
    private static long[] shownIndices(long n, boolean summarize) {
        if (summarize && n > 2 * EDGE_ITEMS) {
            return new long[] {0, 1, 2, -1, n - 3, n - 2, n - 1};
        }
        long[] all = new long[(int) n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The flat positions of the shown elements, in printing order. */
    private static void shownElements(long[] shape, int dim, long offset, boolean summarize, List<Integer> out) {
        if (dim == shape.length) {
            out.add((int) offset);
            return;
        }
        long stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        for (long i : shownIndices(shape[dim], summarize)) {
            if (i >= 0) {
                shownElements(shape, dim + 1, offset + i * stride, summarize, out);
            }
        }
    }

    private static TensorData subset(TensorData data, List<Integer> shown) {
        int n = shown.size();
        double[] floats = data.floats() == null ? null : new double[n];
        long[] ints = data.ints() == null ? null : new long[n];
        boolean[] bools = data.bools() == null ? null : new boolean[n];
        for (int i = 0; i < n; i++) {
            int k = shown.get(i);
            if (floats != null) {
                floats[i] = data.floats()[k];
            } else if (ints != null) {
                ints[i] = data.ints()[k];
            } else {
                bools[i] = data.bools()[k];
            }
        }
        return new TensorData(data.dtype(), new long[] {n}, floats, ints, bools);
    }

    /** The text of the sub-tensor at {@code dim}, taking its shown values from {@code next} on. */
    private static String block(String[] values, int[] next, long[] shape, int dim, int indent, int width, boolean summarize) {
        long[] shown = shownIndices(shape[dim], summarize);
        StringBuilder b = new StringBuilder("[");
        if (dim == shape.length - 1) {
            int perLine = Math.max(1, (LINE_WIDTH - indent) / (width + 2));
            for (int i = 0; i < shown.length; i++) {
                if (i > 0) {
                    b.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                }
                b.append(shown[i] < 0 ? " ..." : values[next[0]++]);
            }
            return b.append(']').toString();
        }
        String separator = "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(indent + 1);
        for (int i = 0; i < shown.length; i++) {
            if (i > 0) {
                b.append(separator);
            }
            b.append(shown[i] < 0 ? "..." : block(values, next, shape, dim + 1, indent + 1, width, summarize));
        }
        return b.append(']').toString();
    }

    private static String[] format(TensorData data) {
        int n = data.size();
        String[] out = new String[n];
        if (data.bools() != null) {
            for (int i = 0; i < n; i++) {
                out[i] = data.bools()[i] ? "True" : "False";
            }
            return out;
        }
        if (data.ints() != null) {
            for (int i = 0; i < n; i++) {
                out[i] = Long.toString(data.ints()[i]);
            }
            return out;
        }
        double[] v = data.floats();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        boolean integral = true;
        boolean any = false;
        for (double x : v) {
            if (Double.isFinite(x) && x != 0) {
                double a = Math.abs(x);
                min = Math.min(min, a);
                max = Math.max(max, a);
                integral &= Math.ceil(x) == x;
                any = true;
            }
        }
        boolean sci;
        if (!any) {
            sci = false;
        } else if (integral) {
            sci = max / min > 1000 || max > 1e8;
        } else {
            sci = max / min > 1000 || max > 1e8 || min < 1e-4;
        }
        for (int i = 0; i < n; i++) {
            double x = v[i];
            if (Double.isNaN(x)) {
                out[i] = "nan";
            } else if (Double.isInfinite(x)) {
                out[i] = x > 0 ? "inf" : "-inf";
            } else if (sci) {
                out[i] = scientific(x);
            } else if (integral) {
                out[i] = fixed(x, 0) + ".";
            } else {
                out[i] = fixed(x, 4);
            }
        }
        return out;
    }

    /** Python's {@code f"{x:.{digits}f}"} (correctly rounded from the binary value). */
    static String fixed(double x, int digits) {
        String s = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        if (x < 0 || x == 0 && 1 / x < 0) {
            return s.startsWith("-") ? s : "-" + s;
        }
        return s;
    }

    /** Python's {@code f"{x:.4e}"}: {@code 1.0000e-05}. */
    static String scientific(double x) {
        if (x == 0) {
            return (1 / x < 0 ? "-" : "") + "0.0000e+00";
        }
        BigDecimal d = new BigDecimal(x).round(new MathContext(5, RoundingMode.HALF_EVEN));
        int exponent = d.precision() - d.scale() - 1;
        BigDecimal mantissa = d.movePointLeft(exponent).setScale(4, RoundingMode.HALF_EVEN);
        String e = String.valueOf(Math.abs(exponent));
        return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
}
