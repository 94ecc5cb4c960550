package io.github.torchscript4j.lsp;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A language client for tests: it starts the server through {@link LanguageServerLauncher#serve}
 * on a pair of pipes and talks to it with LSP4J's client launcher, so every request is a real
 * JSON-RPC round trip (serialized, framed, parsed) as an editor's would be.
 */
final class LspClient implements LanguageClient, AutoCloseable {
    /** The most a test waits for the server; a hang fails instead of blocking the build. */
    static final long WAIT_SECONDS = 60;

    /** The server's interface as this client sees it: the protocol and the {@code torchscript/} requests. */
    interface RemoteServer extends LanguageServer, TorchScriptService {}

    final RemoteServer server;
    final InitializeResult initialized;
    private final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
    /** The error responses the server sent (seen before LSP4J matches them to requests, cancelled ones too). */
    final BlockingQueue<ResponseMessage> errors = new LinkedBlockingQueue<>();
    /** The progress tokens the server asked to create ({@code window/workDoneProgress/create}), in order. */
    final BlockingQueue<String> progressTokens = new LinkedBlockingQueue<>();
    /** The {@code $/progress} notifications, in order. */
    final BlockingQueue<ProgressParams> progress = new LinkedBlockingQueue<>();
    /** What the server registered dynamically ({@code client/registerCapability}), in order. */
    final BlockingQueue<Registration> registrations = new LinkedBlockingQueue<>();

    LspClient() {
        this("{\"diagnosticsDelayMs\": 0}");
    }

    LspClient(String initializationOptions) {
        this(initializationOptions, new ClientCapabilities());
    }

    LspClient(String initializationOptions, ClientCapabilities capabilities) {
        this(initializationOptions, capabilities, "file:///project");
    }

    LspClient(String initializationOptions, ClientCapabilities capabilities, String root) {
        try {
            PipedOutputStream toServer = new PipedOutputStream();
            PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
            PipedOutputStream toClient = new PipedOutputStream();
            PipedInputStream clientIn = new PipedInputStream(toClient, 1 << 16);
            Thread serverThread = new Thread(() -> exitStatus.complete(LanguageServerLauncher.serve(serverIn, toClient)),
                    "test-server");
            serverThread.setDaemon(true);
            serverThread.start();
            Launcher<RemoteServer> launcher = new LSPLauncher.Builder<RemoteServer>().setLocalService(this)
                    .setRemoteInterface(RemoteServer.class).setInput(clientIn).setOutput(toServer)
                    .wrapMessages(consumer -> message -> {
                        if (message instanceof ResponseMessage r && r.getError() != null) {
                            errors.add(r);
                        }
                        consumer.consume(message);
                    }).create();
            launcher.startListening();
            server = launcher.getRemoteProxy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InitializeParams params = new InitializeParams();
        params.setCapabilities(capabilities);
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(root, "project")));
        params.setInitializationOptions(com.google.gson.JsonParser.parseString(initializationOptions));
        initialized = get(server.initialize(params));
        server.initialized(new InitializedParams());
    }

    static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not answer: " + e, e);
        }
    }

    void open(String uri, String text) {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "python", 1, text)));
    }

    /** Replaces the range from (line, character) to (endLine, endCharacter) by {@code text}, as version {@code version}. */
    void edit(String uri, int version, int line, int character, int endLine, int endCharacter, String text) {
        TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(
                new Range(new Position(line, character), new Position(endLine, endCharacter)), text);
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), List.of(change)));
    }

    void close(String uri) {
        server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
    }

    /** The next published diagnostics of {@code uri} that satisfy {@code accept}; earlier ones are skipped. */
    PublishDiagnosticsParams diagnostics(String uri, Predicate<PublishDiagnosticsParams> accept) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            PublishDiagnosticsParams p;
            try {
                p = diagnostics.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (p == null) {
                throw new AssertionError("no matching diagnostics were published for " + uri);
            }
            if (p.getUri().equals(uri) && accept.test(p)) {
                return p;
            }
        }
    }

    /** Shuts the server down as a client does and returns its exit status. */
    int shutdown() {
        get(server.shutdown());
        server.exit();
        return get(exitStatus);
    }

    @Override
    public void close() {
        if (!exitStatus.isDone()) {
            try {
                shutdown();
            } catch (AssertionError ignored) {
                // already failing
            }
        }
    }

    @Override
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
        registrations.addAll(params.getRegistrations());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
        progressTokens.add(params.getToken().isLeft() ? params.getToken().getLeft() : String.valueOf(params.getToken().getRight()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyProgress(ProgressParams params) {
        progress.add(params);
    }

    /** The next {@code $/progress} notification; fails when none comes in time. */
    ProgressParams nextProgress() {
        try {
            ProgressParams p = progress.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (p == null) {
                throw new AssertionError("no progress was reported");
            }
            return p;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams params) {
        synchronized (latest) {
            latest.put(params.getUri(), params);
            latest.notifyAll();
        }
        diagnostics.add(params);
    }

    /** The last diagnostics published for each URI (whatever {@link #diagnostics} skipped). */
    private final java.util.Map<String, PublishDiagnosticsParams> latest = new java.util.HashMap<>();

    /**
     * The last diagnostics published for {@code uri} once they satisfy {@code accept}: for tests where
     * several documents are published in an order that is not fixed.
     */
    PublishDiagnosticsParams latest(String uri, Predicate<PublishDiagnosticsParams> accept) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (latest) {
            while (true) {
                PublishDiagnosticsParams p = latest.get(uri);
                if (p != null && accept.test(p)) {
                    return p;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the diagnostics of " + uri + " are not as expected: " + p);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(latest, left);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Override
    public void showMessage(MessageParams messageParams) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {}
}
