package io.github.torchscript4j.runtime.archive;

import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Storage;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Tensors as serialization stores them: a storage, the raw little-endian bytes of its elements
 * (PyTorch's {@code data/N} records, a safetensors byte range), and views of it given by a shape,
 * strides and an offset in elements ({@code _rebuild_tensor_v2}).
 */
public final class RawTensors {
    /** The storage classes of {@code torch} that pickles name, by dtype code. */
    private static final Map<Long, String> STORAGE_CLASSES = Map.ofEntries(
            Map.entry(Dtypes.UINT8, "ByteStorage"), Map.entry(Dtypes.INT8, "CharStorage"),
            Map.entry(Dtypes.INT16, "ShortStorage"), Map.entry(Dtypes.INT32, "IntStorage"),
            Map.entry(Dtypes.INT64, "LongStorage"), Map.entry(Dtypes.FLOAT16, "HalfStorage"),
            Map.entry(Dtypes.FLOAT32, "FloatStorage"), Map.entry(Dtypes.FLOAT64, "DoubleStorage"),
            Map.entry(Dtypes.COMPLEX64, "ComplexFloatStorage"), Map.entry(Dtypes.COMPLEX128, "ComplexDoubleStorage"),
            Map.entry(Dtypes.BOOL, "BoolStorage"), Map.entry(Dtypes.BFLOAT16, "BFloat16Storage"));

    private RawTensors() {}

    /** The class of {@code torch} that pickles name for storages of a dtype ({@code FloatStorage}). */
    public static Optional<String> storageClass(long dtype) {
        return Optional.ofNullable(STORAGE_CLASSES.get(dtype));
    }

    /** The dtype code of a storage class of {@code torch} ({@code FloatStorage}: float32). */
    public static Optional<Long> storageDtype(String className) {
        return STORAGE_CLASSES.entrySet().stream().filter(e -> e.getValue().equals(className))
                .map(Map.Entry::getKey).findFirst();
    }

    /** Bytes per element of a dtype code ({@link Dtypes}); -1 for a code the reference does not have. */
    public static int elementSize(long dtype) {
        return switch ((int) dtype) {
            case 0, 1, 11, 12, 13, 16, 17 -> 1; // uint8, int8, bool, qint8, quint8, quint4x2, quint2x4
            case 2, 5, 15 -> 2; // int16, float16, bfloat16
            case 3, 6, 8, 14 -> 4; // int32, float32, complex32, qint32
            case 4, 7, 9 -> 8; // int64, float64, complex64
            case 10 -> 16; // complex128
            default -> -1;
        };
    }

    /**
     * A new 1-D CPU tensor (the caller owns it) holding {@code length} bytes of {@code bytes} from
     * {@code offset}, elements of dtype {@code dtype} in little-endian order.
     *
     * @throws IllegalArgumentException if the length is not a whole number of elements, or the
     *     dtype cannot be stored (quantized dtypes, unknown codes)
     */
    public static TensorRef storage(byte[] bytes, int offset, int length, long dtype) {
        int size = elementSize(dtype);
        if (size <= 0 || (dtype >= 12 && dtype <= 14) || dtype >= 16) {
            throw new IllegalArgumentException("tensors of dtype " + Dtypes.name(dtype).orElse("code " + dtype)
                    + " cannot be loaded");
        }
        if (length % size != 0) {
            throw new IllegalArgumentException(length + " bytes are not a whole number of "
                    + Dtypes.name(dtype).orElseThrow() + " elements");
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("only little-endian machines are supported");
        }
        Libtorch.ensureLoaded();
        try (PointerScope scope = new PointerScope()) {
            BytePointer native_ = new BytePointer(Math.max(1, length));
            native_.put(bytes, offset, length);
            Tensor blob = torch.from_blob(native_, new long[] {length / size},
                    new TensorOptions(TensorData.scalarType(dtype)));
            return new TensorRef(blob.clone());
        }
    }

    /**
     * A view of {@code storage} (a 1-D contiguous tensor) with {@code size}, {@code stride} and
     * {@code offset} counted in elements, sharing its memory, as PyTorch rebuilds a tensor from its
     * storage; the caller owns the view.
     *
     * @throws IllegalArgumentException if the view reaches outside the storage, or a size, stride
     *     or offset is negative
     */
    public static TensorRef view(TensorRef storage, long[] size, long[] stride, long offset) {
        if (size.length != stride.length) {
            throw new IllegalArgumentException("size " + Arrays.toString(size) + " and stride "
                    + Arrays.toString(stride) + " have different lengths");
        }
        long numel = storage.tensor().numel();
        if (offset < 0) {
            throw new IllegalArgumentException("negative storage offset " + offset);
        }
        long last = offset;
        boolean empty = false;
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0 || stride[i] < 0) {
                throw new IllegalArgumentException("negative size or stride in " + Arrays.toString(size) + ", "
                        + Arrays.toString(stride));
            }
            if (size[i] == 0) {
                empty = true;
            } else {
                last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
            }
        }
        if (!empty && last >= numel || empty && offset > numel) {
            throw new IllegalArgumentException("a tensor of size " + Arrays.toString(size) + ", stride "
                    + Arrays.toString(stride) + " and offset " + offset + " reaches outside its storage of "
                    + numel + " elements");
        }
        try (PointerScope scope = new PointerScope()) {
            return new TensorRef(storage.tensor().as_strided(size, stride, new LongOptional(offset)));
        }
    }

    /**
     * The little-endian bytes of a CPU tensor's whole storage, as {@code torch.save} writes its
     * {@code data/N} record (the tensor's offset and strides are written separately).
     */
    public static byte[] storageBytes(Tensor tensor) {
        if (!tensor.is_cpu()) {
            throw new IllegalArgumentException("only CPU tensors can be written");
        }
        try (PointerScope scope = new PointerScope()) {
            Storage storage = tensor.storage();
            long n = storage.nbytes();
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a storage of " + n + " bytes is too large to write");
            }
            byte[] out = new byte[(int) n];
            if (n > 0) {
                new BytePointer(storage.data()).capacity(n).get(out);
            }
            return out;
        }
    }
}
