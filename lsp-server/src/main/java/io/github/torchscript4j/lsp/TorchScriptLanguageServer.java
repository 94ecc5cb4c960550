package io.github.torchscript4j.lsp;

import io.github.torchscript4j.lsp.ide.IrViews;
import io.github.torchscript4j.lsp.ide.WorkspaceIndex;
import io.github.torchscript4j.lsp.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.DiagnosticRegistrationOptions;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.PositionEncodingKind;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersOptions;
import org.eclipse.lsp4j.WorkspaceServerCapabilities;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The TorchScript language server: the protocol's lifecycle ({@code initialize}, {@code shutdown},
 * {@code exit}) and the two services that do the work, {@link TextDocuments} and {@link
 * WorkspaceFolders}, and the requests of {@link TorchScriptService}. All state lives in this
 * object and what it creates; nothing is static, so a process (or a test) may run several servers.
 */
public final class TorchScriptLanguageServer implements LanguageServer, LanguageClientAware, TorchScriptService {
    private final Workspace workspace = new Workspace();
    private final Analyses analyses = new Analyses(workspace);
    private final WorkspaceIndex index = new WorkspaceIndex();
    private final Indexing indexing;
    private final TextDocuments documents;
    private final WorkspaceFolders folders;
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();
    private final CompletableFuture<Boolean> exited = new CompletableFuture<>();
    private volatile Settings settings = Settings.defaults();
    private volatile LanguageClient client;
    private volatile boolean watchFilesDynamically;
    /** Whether {@code initialized} came: root changes before it are indexed by its first run. */
    private volatile boolean initializedReceived;

    public TorchScriptLanguageServer() {
        this.documents = new TextDocuments(workspace, analyses, () -> settings, index);
        this.indexing = new Indexing(workspace, index, () -> client);
        this.folders = new WorkspaceFolders(this);
        analyses.warmUp();
    }

    @Override
    public void connect(LanguageClient client) {
        this.client = client;
        documents.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        List<String> roots = new ArrayList<>();
        if (params.getWorkspaceFolders() != null) {
            for (WorkspaceFolder f : params.getWorkspaceFolders()) {
                roots.add(f.getUri());
            }
        } else if (params.getRootUri() != null) {
            roots.add(params.getRootUri());
        }
        workspace.setRoots(roots);
        configure(params.getInitializationOptions());
        watchFilesDynamically = params.getCapabilities() != null && params.getCapabilities().getWorkspace() != null
                && params.getCapabilities().getWorkspace().getDidChangeWatchedFiles() != null
                && Boolean.TRUE.equals(params.getCapabilities().getWorkspace().getDidChangeWatchedFiles()
                        .getDynamicRegistration());
        indexing.setProgressSupported(params.getCapabilities() != null && params.getCapabilities().getWindow() != null
                && Boolean.TRUE.equals(params.getCapabilities().getWindow().getWorkDoneProgress()));

        ServerCapabilities caps = new ServerCapabilities();
        caps.setPositionEncoding(PositionEncodingKind.UTF16);
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Incremental);
        caps.setTextDocumentSync(sync);
        caps.setHoverProvider(true);
        CompletionOptions completion = new CompletionOptions(true, List.of("."));
        caps.setCompletionProvider(completion);
        caps.setSignatureHelpProvider(new SignatureHelpOptions(List.of("(", ",")));
        caps.setDefinitionProvider(true);
        caps.setReferencesProvider(true);
        caps.setDocumentHighlightProvider(true);
        caps.setDocumentSymbolProvider(true);
        caps.setRenameProvider(new RenameOptions(true));
        caps.setWorkspaceSymbolProvider(true);
        caps.setInlayHintProvider(true);
        caps.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        caps.setDiagnosticProvider(new DiagnosticRegistrationOptions(false, false));
        WorkspaceFoldersOptions wf = new WorkspaceFoldersOptions();
        wf.setSupported(true);
        wf.setChangeNotifications(true);
        caps.setWorkspace(new WorkspaceServerCapabilities(wf));
        InitializeResult result = new InitializeResult(caps);
        result.setServerInfo(new org.eclipse.lsp4j.ServerInfo(ServerInfo.NAME, ServerInfo.version()));
        return CompletableFuture.completedFuture(result);
    }

    /**
     * Asks a client that can watch files for us to report changes of {@code .py} files, and starts
     * indexing the workspace in the background ({@link Indexing}).
     */
    @Override
    public void initialized(InitializedParams params) {
        initializedReceived = true;
        indexing.start();
        LanguageClient c = client;
        if (watchFilesDynamically && c != null) {
            DidChangeWatchedFilesRegistrationOptions options = new DidChangeWatchedFilesRegistrationOptions(
                    List.of(new FileSystemWatcher(Either.forLeft("**/*.py"))));
            c.registerCapability(new RegistrationParams(List.of(
                    new Registration("torchscript-watch-python", "workspace/didChangeWatchedFiles", options))));
        }
    }

    /**
     * Files changed on disk (URIs of {@code .py} files): they are indexed again in the background,
     * and every open document is checked again.
     */
    void pythonFilesChanged(List<String> uris) {
        List<java.nio.file.Path> files = new ArrayList<>();
        for (String uri : uris) {
            Workspace.path(uri).ifPresent(files::add);
        }
        indexing.filesChanged(files);
        documents.recheckOpenDocuments();
    }

    TextDocuments documents() {
        return documents;
    }

    /** Applies {@code initializationOptions} or a configuration change. */
    void configure(Object options) {
        Settings s = settings.with(options);
        settings = s;
        if (s.sourceRoots().isPresent() && !s.sourceRoots().get().equals(workspace.sourceRoots())) {
            workspace.setSourceRoots(s.sourceRoots().get());
            rootsChanged();
        }
    }

    /**
     * The workspace folders or source roots changed: imports may resolve elsewhere now, and the
     * workspace is indexed again (after {@code initialized}; before it, its first run covers them).
     */
    void rootsChanged() {
        if (initializedReceived) {
            indexing.start();
        }
        documents.recheckOpenDocuments();
    }

    Workspace workspace() {
        return workspace;
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested.set(true);
        indexing.shutdown();
        documents.shutdown();
        analyses.shutdown();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        indexing.shutdown();
        documents.shutdown();
        analyses.shutdown();
        exited.complete(shutdownRequested.get());
    }

    /** Completes on {@code exit} with whether {@code shutdown} came first (the protocol's exit status 0). */
    public CompletableFuture<Boolean> exited() {
        return exited;
    }

    @Override
    public CompletableFuture<IrText> graph(TextDocumentPositionParams params) {
        return documents.irText(params, IrViews.Form.GRAPH);
    }

    @Override
    public CompletableFuture<IrText> code(TextDocumentPositionParams params) {
        return documents.irText(params, IrViews.Form.CODE);
    }

    @Override
    public CompletableFuture<Statistics> statistics() {
        return CompletableFuture.completedFuture(new Statistics(analyses.project().checks(), analyses.project().parses(),
                index.size(), documents.cancelled()));
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return folders;
    }
}
