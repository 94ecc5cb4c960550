package io.github.torchscript4j.runtime.python;

/**
 * A value of one of libtorch's small enums that {@code torch} names: a layout ({@code torch.strided})
 * or a memory format ({@code torch.contiguous_format}, {@code torch.channels_last}, {@code
 * torch.preserve_format}). Operators receive its code, as TorchScript passes it (an {@code int}).
 * One instance per value, so {@code is} compares them.
 *
 * @param kind {@code layout} or {@code memory_format}, the Python type's name without {@code torch.}
 * @param name the name {@code torch} binds it to
 * @param code libtorch's number for it
 */
public record TorchEnum(String kind, String name, long code) {
    static final TorchEnum STRIDED = new TorchEnum("layout", "strided", 0);
    static final TorchEnum SPARSE_COO = new TorchEnum("layout", "sparse_coo", 1);
    static final TorchEnum CONTIGUOUS_FORMAT = new TorchEnum("memory_format", "contiguous_format", 0);
    static final TorchEnum PRESERVE_FORMAT = new TorchEnum("memory_format", "preserve_format", 1);
    static final TorchEnum CHANNELS_LAST = new TorchEnum("memory_format", "channels_last", 2);
    static final TorchEnum CHANNELS_LAST_3D = new TorchEnum("memory_format", "channels_last_3d", 3);

    static final java.util.List<TorchEnum> ALL = java.util.List.of(
            STRIDED, SPARSE_COO, CONTIGUOUS_FORMAT, PRESERVE_FORMAT, CHANNELS_LAST, CHANNELS_LAST_3D);

    /** {@code torch.strided}. */
    @Override
    public String toString() {
        return "torch." + name;
    }
}
