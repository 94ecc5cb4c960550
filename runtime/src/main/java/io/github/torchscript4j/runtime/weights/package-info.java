/**
 * Trained weights for {@code load_state_dict}: state dicts written by {@code
 * torch.save(model.state_dict(), path)} ({@link io.github.torchscript4j.runtime.weights.TorchSaveFile},
 * through the restricted unpickler of {@code runtime.archive}) and safetensors files ({@link
 * io.github.torchscript4j.runtime.weights.SafeTensors}), read into tensors with the stored dtype,
 * shape, strides and offset. {@link io.github.torchscript4j.runtime.weights.StateDicts} tells the
 * formats apart.
 */
package io.github.torchscript4j.runtime.weights;
