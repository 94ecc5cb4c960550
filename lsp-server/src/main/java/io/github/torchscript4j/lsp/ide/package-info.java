/**
 * The editor features, in plain Java: an {@link io.github.torchscript4j.lsp.ide.Analysis} of one
 * document version (tree, diagnostics, the checker's types), name binding ({@link
 * io.github.torchscript4j.lsp.ide.Names}), and hover, completion, signature help and the outline
 * computed from it, all in offsets of the checker's {@code SourceFile}. No protocol types: the
 * server's adapter converts at its boundary, so these features can be tested, reused and
 * benchmarked without JSON-RPC.
 */
package io.github.torchscript4j.lsp.ide;
