/**
 * The server's model of the client's workspace: root folders, configured source roots and the
 * open {@link io.github.torchscript4j.lsp.workspace.Document}s with incremental edits applied.
 * No protocol types.
 */
package io.github.torchscript4j.lsp.workspace;
