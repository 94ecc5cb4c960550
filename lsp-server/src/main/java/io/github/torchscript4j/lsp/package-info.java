/**
 * The TorchScript language server, on Eclipse LSP4J.
 *
 * <p><b>Architecture Invariant:</b> this is the only module that knows the Language Server
 * Protocol: LSP4J types never appear below it, and it converts the checker's plain Java results
 * (diagnostics with 1-based positions, symbols, types) to protocol types at its boundary. It never
 * loads libtorch.
 *
 * <p>A later issue fills it; today it holds only {@link io.github.torchscript4j.lsp.ServerInfo}.
 */
package io.github.torchscript4j.lsp;
