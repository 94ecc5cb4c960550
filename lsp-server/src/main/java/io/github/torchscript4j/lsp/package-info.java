/**
 * The TorchScript language server, on Eclipse LSP4J: {@link
 * io.github.torchscript4j.lsp.LanguageServerLauncher} (stdio or a loopback socket), {@link
 * io.github.torchscript4j.lsp.TorchScriptLanguageServer} (lifecycle and capabilities) and its
 * services, which adapt the features of {@code lsp.ide} to protocol types.
 *
 * <p><b>Architecture Invariant:</b> this is the only module that knows the Language Server
 * Protocol, and inside it only this package does: {@code lsp.ide} (analyses, hover, completion,
 * navigation, in offsets and plain records) and {@code lsp.workspace} (documents and roots) never
 * name LSP4J or JSON types. Positions are converted in one class, {@code Protocol}. The server
 * never loads libtorch.
 */
package io.github.torchscript4j.lsp;
