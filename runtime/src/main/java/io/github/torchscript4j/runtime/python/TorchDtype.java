package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.runtime.value.Dtypes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code torch.dtype} value of the Python side: libtorch's {@code ScalarType} code (as TorchScript
 * passes a dtype, {@code torch.float32} is 6) that prints as {@code torch.float32}. There is one
 * instance per code ({@link #of(long)}), so {@code x.dtype is torch.float32} holds as in PyTorch.
 * Operators receive the code ({@link #code()}), a {@code Long}.
 */
public final class TorchDtype {
    private static final TorchDtype[] ALL = new TorchDtype[Dtypes.count()];

    static {
        for (int i = 0; i < ALL.length; i++) {
            ALL[i] = new TorchDtype(i);
        }
    }

    /** The names {@code torch} binds to dtypes, with PyTorch's aliases ({@code torch.float}, {@code torch.long}). */
    static final Map<String, TorchDtype> NAMES = new LinkedHashMap<>();

    static {
        for (int i = 0; i < ALL.length; i++) {
            NAMES.put(Dtypes.name(i).orElseThrow(), ALL[i]);
        }
        NAMES.put("float", of(Dtypes.FLOAT32));
        NAMES.put("double", of(Dtypes.FLOAT64));
        NAMES.put("half", of(Dtypes.FLOAT16));
        NAMES.put("long", of(Dtypes.INT64));
        NAMES.put("int", of(Dtypes.INT32));
        NAMES.put("short", of(Dtypes.INT16));
        NAMES.put("cfloat", of(Dtypes.COMPLEX64));
        NAMES.put("cdouble", of(Dtypes.COMPLEX128));
        NAMES.put("chalf", of(Dtypes.COMPLEX32));
    }

    private final long code;

    private TorchDtype(long code) {
        this.code = code;
    }

    /** The dtype of a {@code ScalarType} code. */
    public static TorchDtype of(long code) {
        if (code < 0 || code >= ALL.length) {
            throw new PyException("RuntimeError", "unsupported ScalarType " + code);
        }
        return ALL[(int) code];
    }

    /** The dtype {@code torch.NAME} names ({@code float32}, {@code float}, {@code long}, ...). */
    public static Optional<TorchDtype> named(String name) {
        return Optional.ofNullable(NAMES.get(name));
    }

    /** libtorch's {@code ScalarType} code. */
    public long code() {
        return code;
    }

    /** {@code torch.float32}. */
    @Override
    public String toString() {
        return "torch." + Dtypes.name(code).orElseThrow();
    }

    /** The dtype's Python attributes ({@code is_floating_point}, {@code is_complex}, {@code is_signed}, {@code itemsize}). */
    Optional<Object> attribute(String name) {
        return switch (name) {
            case "is_floating_point" -> Optional.of(Dtypes.isFloating(code));
            case "is_complex" -> Optional.of(Dtypes.isComplex(code));
            case "is_signed" -> Optional.of(code != Dtypes.UINT8 && code != Dtypes.BOOL);
            case "itemsize" -> Optional.of(itemSize());
            default -> Optional.empty();
        };
    }

    private long itemSize() {
        int c = (int) code;
        return switch (c) {
            case 0, 1, 11, 12, 13, 16, 17 -> 1L;
            case 2, 5, 15 -> 2L;
            case 3, 6, 8, 14 -> 4L;
            case 10 -> 16L;
            default -> 8L;
        };
    }
}
