package io.github.torchscript4j.runtime.value;

import java.util.List;
import java.util.Optional;

/**
 * {@code torch.dtype} values: at run time a dtype is an {@code int}, the number of libtorch's {@code
 * c10::ScalarType} ({@code torch.float32} is 6), as in TorchScript; people and the conformance JSON
 * name it without the {@code torch.} prefix ({@code float32}). The table holds the dtypes of the
 * reference (PyTorch 1.13.1), whose codes libtorch 2.10 keeps; later codes have no name here.
 */
public final class Dtypes {
    /** The dtype names by code, as {@code str(torch.float32)} prints them without {@code torch.}. */
    private static final List<String> NAMES = List.of(
            "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64",
            "complex32", "complex64", "complex128", "bool", "qint8", "quint8", "qint32", "bfloat16",
            "quint4x2", "quint2x4");

    public static final long UINT8 = 0;
    public static final long INT8 = 1;
    public static final long INT16 = 2;
    public static final long INT32 = 3;
    public static final long INT64 = 4;
    public static final long FLOAT16 = 5;
    public static final long FLOAT32 = 6;
    public static final long FLOAT64 = 7;
    public static final long COMPLEX32 = 8;
    public static final long COMPLEX64 = 9;
    public static final long COMPLEX128 = 10;
    public static final long BOOL = 11;
    public static final long BFLOAT16 = 15;

    private Dtypes() {}

    /** The name of a dtype code, {@code float32} for 6; empty for a code the reference does not have. */
    public static Optional<String> name(long code) {
        return code >= 0 && code < NAMES.size() ? Optional.of(NAMES.get((int) code)) : Optional.empty();
    }

    /** The code of a dtype name ({@code float32} or {@code torch.float32}); empty if unknown. */
    public static Optional<Long> code(String name) {
        String bare = name.startsWith("torch.") ? name.substring("torch.".length()) : name;
        int index = NAMES.indexOf(bare);
        return index < 0 ? Optional.empty() : Optional.of((long) index);
    }

    /** The number of named dtypes; codes run from 0 to this minus one. */
    public static int count() {
        return NAMES.size();
    }

    /** Whether values of the dtype are floating point numbers (real, not complex). */
    public static boolean isFloating(long code) {
        return code == FLOAT16 || code == FLOAT32 || code == FLOAT64 || code == BFLOAT16;
    }

    /** Whether values of the dtype are integers (not bool, not quantized). */
    public static boolean isIntegral(long code) {
        return code >= UINT8 && code <= INT64;
    }

    /** Whether values of the dtype are complex numbers. */
    public static boolean isComplex(long code) {
        return code == COMPLEX32 || code == COMPLEX64 || code == COMPLEX128;
    }
}
