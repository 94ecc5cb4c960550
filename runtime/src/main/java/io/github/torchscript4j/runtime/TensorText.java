package io.github.torchscript4j.runtime;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.Locale;
import java.util.Map;

/**
 * A tensor as TorchScript's {@code print} shows it (libtorch's {@code operator<<}), as recorded from
 * PyTorch 1.13.1: the elements right-aligned in one width, one per line for a vector, one row a line
 * (separated by a space) for a matrix, matrices of higher-dimensional tensors under {@code (i,.,.) =}
 * headers and indented by one space, then {@code [ CPUFloatType{2,2} ]}; a 0-dimensional tensor as
 * its value.
 *
 * <p>The format follows the values' magnitudes: integral values (all of them, in any dtype) print
 * as integers in a width one more than the digits of the largest value ({@code  1  20}); other
 * values with four decimals in a width of six plus the largest value's digits ({@code -1.5000}
 * {@code  2.2500}); values whose magnitudes span more than four orders ({@code 1.0000e-05}), or
 * integers above 10^9, in scientific notation in width 11. Not reproduced: libtorch's common scale
 * factor ({@code 1.0e+05 *}) for non-integral values of large but similar magnitudes, which print
 * in scientific notation here, and the type names of non-CPU tensors.
 */
public final class TensorText {
    private static final Map<Long, String> TYPE_NAMES = Map.of(
            Dtypes.UINT8, "Byte", Dtypes.INT8, "Char", Dtypes.INT16, "Short", Dtypes.INT32, "Int",
            Dtypes.INT64, "Long", Dtypes.FLOAT16, "Half", Dtypes.FLOAT32, "Float", Dtypes.FLOAT64, "Double",
            Dtypes.BOOL, "Bool", Dtypes.BFLOAT16, "BFloat16");

    private TensorText() {}

    /** The text {@code print} and {@code str} show for {@code tensor}, without a final newline. */
    public static String of(TensorRef tensor) {
        TensorData data;
        try {
            data = TensorData.read(tensor);
        } catch (RuntimeException e) {
            return "[ Tensor (unprintable: " + e.getMessage() + ") ]";
        }
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.floats() != null ? data.floats()[i]
                    : data.ints() != null ? data.ints()[i] : data.bools()[i] ? 1 : 0;
        }
        long[] shape = data.shape();
        StringBuilder out = new StringBuilder();
        if (shape.length == 0) {
            out.append(scalar(values[0])).append('\n');
        } else if (values.length > 0) {
            Format format = Format.of(values);
            int cols = (int) shape[shape.length - 1];
            int matrix = shape.length == 1 ? values.length : (int) shape[shape.length - 2] * cols;
            String indent = shape.length > 2 ? " " : "";
            for (int start = 0; start < values.length; start += matrix) {
                if (shape.length > 2) {
                    if (start > 0) {
                        out.append('\n');
                    }
                    out.append(header(shape, start / matrix)).append('\n');
                }
                for (int i = start; i < start + matrix; i++) {
                    boolean rowStart = shape.length == 1 || (i - start) % cols == 0;
                    boolean rowEnd = shape.length == 1 || (i - start) % cols == cols - 1;
                    out.append(rowStart ? indent : " ").append(format.cell(values[i]));
                    if (rowEnd) {
                        out.append('\n');
                    }
                }
            }
        }
        out.append("[ CPU").append(TYPE_NAMES.getOrDefault(data.dtype(), "Unknown")).append("Type{");
        for (int i = 0; i < shape.length; i++) {
            out.append(i > 0 ? "," : "").append(shape[i]);
        }
        return out.append("} ]").toString();
    }

    /** How the elements of one tensor print: integer, fixed or scientific, in one width. */
    private record Format(Kind kind, int width) {
        enum Kind { INTEGER, FIXED, SCIENTIFIC }

        static Format of(double[] values) {
            boolean integral = true;
            double max = Double.NaN;
            double min = Double.NaN;
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    continue;
                }
                integral &= v == Math.rint(v);
                max = Double.isNaN(max) ? v : Math.max(max, v);
                min = Double.isNaN(min) ? v : Math.min(min, v);
            }
            int digitsMax = Double.isNaN(max) ? 1 : digits(max);
            int digitsMin = Double.isNaN(min) ? 1 : digits(min);
            if (integral) {
                return digitsMax > 10 ? new Format(Kind.SCIENTIFIC, 11) : new Format(Kind.INTEGER, digitsMax + 1);
            }
            if (digitsMax - digitsMin > 4 || digitsMax > 6 || digitsMax < -3) {
                return new Format(Kind.SCIENTIFIC, 11);
            }
            return new Format(Kind.FIXED, Math.max(digitsMax, 1) + 6);
        }

        /** 1 + floor(log10(|v|)): the digits before the point; 1 for zero. */
        private static int digits(double v) {
            double a = Math.abs(v);
            return a == 0 ? 1 : 1 + (int) Math.floor(Math.log10(a));
        }

        String cell(double v) {
            String text;
            if (Double.isNaN(v)) {
                text = "nan";
            } else if (Double.isInfinite(v)) {
                text = v > 0 ? "inf" : "-inf";
            } else {
                text = switch (kind) {
                    case INTEGER -> Long.toString((long) v);
                    case FIXED -> String.format(Locale.ROOT, "%.4f", v);
                    case SCIENTIFIC -> String.format(Locale.ROOT, "%.4e", v);
                };
            }
            return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
        }
    }

    /** A 0-dimensional tensor's value, as C++'s default stream formatting writes a double. */
    private static String scalar(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        String g = String.format(Locale.ROOT, "%.6g", v);
        if (g.contains("e")) {
            String mantissa = g.substring(0, g.indexOf('e'));
            String exp = g.substring(g.indexOf('e'));
            return stripZeros(mantissa) + exp;
        }
        return stripZeros(g);
    }

    private static String stripZeros(String s) {
        if (!s.contains(".")) {
            return s;
        }
        String t = s.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
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
