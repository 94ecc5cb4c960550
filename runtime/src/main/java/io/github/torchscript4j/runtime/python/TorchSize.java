package io.github.torchscript4j.runtime.python;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code torch.Size}: the shape of a tensor, a tuple of ints that prints as {@code torch.Size([2,
 * 3])}. The host answers its length, iteration, indexing (an int gives a {@code Long}, a slice a
 * {@code torch.Size}), {@code ==} with tuples and sizes and {@code +}; passed to an operator it is
 * the {@code int[]} of its dimensions.
 *
 * @param dims the dimensions
 */
public record TorchSize(List<Long> dims) {
    public TorchSize {
        dims = List.copyOf(dims);
    }

    /** A size of the dimensions {@code dims}. */
    public static TorchSize of(long[] dims) {
        return new TorchSize(java.util.Arrays.stream(dims).boxed().toList());
    }

    /** The number of elements a tensor of this size has ({@code Size.numel()}). */
    public long numel() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** {@code torch.Size([2, 3])}. */
    @Override
    public String toString() {
        return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "torch.Size([", "])"));
    }
}
