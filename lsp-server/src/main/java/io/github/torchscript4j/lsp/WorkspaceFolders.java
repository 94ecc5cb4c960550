package io.github.torchscript4j.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The workspace service: folders added and removed, configuration changes, workspace symbols, and
 * {@code .py} files changed on disk (the open documents are checked again; the editor's text of an
 * open file wins over the disk's).
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
        if (params.getChanges() == null) {
            return;
        }
        List<String> python = new ArrayList<>();
        for (FileEvent e : params.getChanges()) {
            if (e != null && e.getUri() != null && e.getUri().endsWith(".py")) {
                python.add(e.getUri());
            }
        }
        if (!python.isEmpty()) {
            server.pythonFilesChanged(python);
        }
    }

    @Override
    public CompletableFuture<Either<List<? extends SymbolInformation>, List<? extends WorkspaceSymbol>>> symbol(
            WorkspaceSymbolParams params) {
        return server.documents().workspaceSymbols(params.getQuery(), params.getWorkDoneToken()).thenApply(Either::forRight);
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
        server.rootsChanged();
    }
}
