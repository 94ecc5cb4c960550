package io.github.torchscript4j.runtime.value;

import org.bytedeco.pytorch.Tensor;

/**
 * A tensor held by the runtime: a handle on a libtorch {@code at::Tensor}. Identity is the
 * handle's identity (two references to one TensorRef are the same value, as in TorchScript).
 */
public final class TensorRef {
    private final Tensor tensor;

    public TensorRef(Tensor tensor) {
        this.tensor = tensor;
    }

    /** The libtorch tensor. */
    public Tensor tensor() {
        return tensor;
    }

    @Override
    public String toString() {
        return "Tensor";
    }
}
