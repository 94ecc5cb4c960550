/**
 * The TorchScript runtime: executes the checker's IR on libtorch's native kernels through
 * Bytedeco's PyTorch presets, runs module {@code __init__} code, traces functions and writes and
 * verifies TorchScript archives.
 *
 * <p><b>Architecture Invariant:</b> this is the only package tree of the project that depends on
 * {@code org.bytedeco} or loads native code. Nothing in {@code checker}, {@code lsp-server} or
 * {@code cli check} may pull it onto the class path.
 */
package io.github.torchscript4j.runtime;
