package io.github.torchscript4j.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The workspace service: folders added and removed, configuration changes. Files changed on disk
 * need no action yet: every check is of one file, and open files are the editor's version.
 */
final class WorkspaceFolders implements WorkspaceService {
    private final TorchScriptLanguageServer server;

    WorkspaceFolders(TorchScriptLanguageServer server) {
        this.server = server;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        server.configure(params.getSettings());
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        // Nothing depends on files that are not open yet (no imports between files).
    }

    @Override
    public void didChangeWorkspaceFolders(DidChangeWorkspaceFoldersParams params) {
        if (params.getEvent() == null) {
            return;
        }
        if (params.getEvent().getRemoved() != null) {
            for (WorkspaceFolder f : params.getEvent().getRemoved()) {
                server.workspace().removeRoot(f.getUri());
            }
        }
        if (params.getEvent().getAdded() != null) {
            for (WorkspaceFolder f : params.getEvent().getAdded()) {
                server.workspace().addRoot(f.getUri());
            }
        }
    }
}
