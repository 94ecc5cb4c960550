/**
 * PyTorch's serialization formats: the zip container that {@code torch.save} and {@code
 * torch.jit.save} write ({@link io.github.torchscript4j.runtime.archive.ZipArchive}, read with
 * limits against hostile files; {@link io.github.torchscript4j.runtime.archive.ZipArchiveWriter},
 * which aligns stored records as PyTorch does), pickles ({@link
 * io.github.torchscript4j.runtime.archive.Unpickler}, restricted by a policy that names every
 * global it allows; {@link io.github.torchscript4j.runtime.archive.Pickler}, the subset PyTorch's
 * own pickler writes; {@link io.github.torchscript4j.runtime.archive.TensorPolicy}, the tensor
 * globals), and TorchScript archives ({@link
 * io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter}, {@link
 * io.github.torchscript4j.runtime.archive.TorchScriptArchiveReader}).
 *
 * <p>Nothing here executes code from a file: a pickle can only build the values its policy
 * constructs.
 */
package io.github.torchscript4j.runtime.archive;
