package io.github.torchscript4j.checker.ir;

/**
 * The value of a {@code prim::Constant} of type {@code Tensor}: the tensor {@code CONSTANTS.cN} of
 * a TorchScript archive's code ({@code constants.pkl}), which only the archive's code can name. The
 * checker does not know tensors: {@code tensor} is the runtime's object, held opaquely and handed
 * back to it unchanged. It prints as the reference's code prints it, {@code CONSTANTS.c0}.
 *
 * @param index the constant's position in the archive's {@code constants.pkl}
 * @param tensor the runtime's tensor (owned by whoever loaded the archive)
 */
public record TensorConstant(int index, Object tensor) {
    /** The constant as code names it ({@code CONSTANTS.c0}). */
    @Override
    public String toString() {
        return "CONSTANTS.c" + index;
    }
}
