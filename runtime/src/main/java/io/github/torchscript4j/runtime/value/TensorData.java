package io.github.torchscript4j.runtime.value;

import io.github.torchscript4j.runtime.Libtorch;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A tensor's contents in Java: its dtype code (see {@link Dtypes}), its shape and its elements in
 * row-major order, read from or written to libtorch. Floating tensors hold their elements as {@code
 * double}s ({@code float32} values widened exactly), integer tensors as {@code long}s, bool tensors
 * as {@code boolean}s; exactly one of the three arrays is non-null. Complex and quantized tensors
 * have no {@code TensorData}.
 *
 * <p>The arrays are the record's own: do not modify them. Equality is by contents.
 */
public record TensorData(long dtype, long[] shape, double[] floats, long[] ints, boolean[] bools) {

    public TensorData {
        Objects.requireNonNull(shape);
        int present = (floats != null ? 1 : 0) + (ints != null ? 1 : 0) + (bools != null ? 1 : 0);
        if (present != 1) {
            throw new IllegalArgumentException("exactly one element array must be given");
        }
        long expected = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            expected = Math.multiplyExact(expected, dimension);
        }
        long actual = floats != null ? floats.length : ints != null ? ints.length : bools.length;
        if (actual != expected) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + expected
                    + " elements, got " + actual);
        }
        String problem = floats != null && !Dtypes.isFloating(dtype) ? "floating"
                : ints != null && !Dtypes.isIntegral(dtype) ? "integer"
                : bools != null && dtype != Dtypes.BOOL ? "bool" : null;
        if (problem != null) {
            throw new IllegalArgumentException(problem + " elements do not fit dtype "
                    + Dtypes.name(dtype).orElse(Long.toString(dtype)));
        }
    }

    /** The number of elements. */
    public int size() {
        return floats != null ? floats.length : ints != null ? ints.length : bools.length;
    }

    /**
     * Reads a tensor (from any device) into Java.
     *
     * @throws IllegalArgumentException for a complex, quantized or otherwise unnamed dtype
     */
    public static TensorData read(TensorRef ref) {
        Tensor tensor = ref.tensor();
        try (PointerScope scope = new PointerScope()) {
            long dtype = tensor.scalar_type().value;
            long[] shape = tensor.shape();
            int numel = Math.toIntExact(tensor.numel());
            Tensor cpu = tensor.cpu();
            if (Dtypes.isFloating(dtype)) {
                double[] data = new double[numel];
                if (numel > 0) {
                    Tensor wide = cpu.to(ScalarType.Double).contiguous();
                    new DoublePointer(wide.data_ptr()).get(data);
                }
                return new TensorData(dtype, shape, data, null, null);
            }
            if (Dtypes.isIntegral(dtype)) {
                long[] data = new long[numel];
                if (numel > 0) {
                    Tensor wide = cpu.to(ScalarType.Long).contiguous();
                    new LongPointer(wide.data_ptr()).get(data);
                }
                return new TensorData(dtype, shape, null, data, null);
            }
            if (dtype == Dtypes.BOOL) {
                boolean[] data = new boolean[numel];
                if (numel > 0) {
                    Tensor bytes = cpu.to(ScalarType.Byte).contiguous();
                    byte[] raw = new byte[numel];
                    new BytePointer(bytes.data_ptr()).get(raw);
                    for (int i = 0; i < numel; i++) {
                        data[i] = raw[i] != 0;
                    }
                }
                return new TensorData(dtype, shape, null, null, data);
            }
            throw new IllegalArgumentException("cannot read a tensor of dtype "
                    + Dtypes.name(dtype).orElse("code " + dtype));
        }
    }

    /** A new CPU tensor with these contents; the caller owns the TensorRef. */
    public TensorRef toTensor() {
        Libtorch.ensureLoaded();
        try (PointerScope scope = new PointerScope()) {
            Tensor made;
            if (floats != null) {
                made = AbstractTensor.create(floats, shape);
            } else if (ints != null) {
                made = AbstractTensor.create(ints, shape);
            } else {
                made = AbstractTensor.create(bools, shape);
            }
            ScalarType target = scalarType(dtype);
            if (made.scalar_type() != target) {
                made = made.to(target);
            }
            return new TensorRef(made);
        }
    }

    /** libtorch's {@code ScalarType} for a dtype code. */
    public static ScalarType scalarType(long code) {
        for (ScalarType type : ScalarType.values()) {
            if (type.value == code && type != ScalarType.NumOptions) {
                return type;
            }
        }
        throw new IllegalArgumentException("no ScalarType has code " + code);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorData that && dtype == that.dtype && Arrays.equals(shape, that.shape)
                && Arrays.equals(floats, that.floats) && Arrays.equals(ints, that.ints)
                && Arrays.equals(bools, that.bools);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(floats), Arrays.hashCode(ints),
                Arrays.hashCode(bools));
    }

    @Override
    public String toString() {
        String data = floats != null ? Arrays.toString(floats) : ints != null ? Arrays.toString(ints)
                : Arrays.toString(bools);
        return "TensorData[" + Dtypes.name(dtype).orElse(Long.toString(dtype)) + ", " + Arrays.toString(shape)
                + ", " + data + "]";
    }
}
