/**
 * TorchScript's intermediate representation, as PyTorch 1.13.1 shapes it ({@code
 * torch/csrc/jit/ir/ir.h}): a {@link io.github.torchscript4j.checker.ir.Graph} of {@link
 * io.github.torchscript4j.checker.ir.Node}s in nested {@link io.github.torchscript4j.checker.ir.Block}s,
 * each node consuming and producing typed SSA {@link io.github.torchscript4j.checker.ir.Value}s.
 * Node kinds are the reference's symbols ({@code aten::add}, {@code prim::If}); an {@code aten::}
 * node carries the operator schema it was matched to, so that a runtime can dispatch it directly.
 *
 * <p>{@link io.github.torchscript4j.checker.ir.GraphPrinter} prints {@code fn.graph}'s text.
 *
 * <p>Architecture Invariant: the IR is mutable while it is built and cleaned up, and is never
 * shared between threads before that ends; it depends on {@code types}, {@code builtins} and
 * {@code source} only, never on the syntax tree.
 */
package io.github.torchscript4j.checker.ir;
