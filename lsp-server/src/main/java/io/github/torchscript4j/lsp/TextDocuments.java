package io.github.torchscript4j.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.lsp.ide.Analysis;
import io.github.torchscript4j.lsp.ide.Cancellation;
import io.github.torchscript4j.lsp.ide.Completions;
import io.github.torchscript4j.lsp.ide.CrossReferences;
import io.github.torchscript4j.lsp.ide.Hovers;
import io.github.torchscript4j.lsp.ide.IncrementalDiagnostics;
import io.github.torchscript4j.lsp.ide.InlayHints;
import io.github.torchscript4j.lsp.ide.IrViews;
import io.github.torchscript4j.lsp.ide.Names;
import io.github.torchscript4j.lsp.ide.Operators;
import io.github.torchscript4j.lsp.ide.Project;
import io.github.torchscript4j.lsp.ide.QuickFixes;
import io.github.torchscript4j.lsp.ide.Renames;
import io.github.torchscript4j.lsp.ide.SignatureHelps;
import io.github.torchscript4j.lsp.ide.Symbols;
import io.github.torchscript4j.lsp.ide.WorkspaceIndex;
import io.github.torchscript4j.lsp.ide.WorkspaceSymbols;
import io.github.torchscript4j.lsp.workspace.Document;
import io.github.torchscript4j.lsp.workspace.PythonFiles;
import io.github.torchscript4j.lsp.workspace.Workspace;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.DocumentHighlight;
import org.eclipse.lsp4j.DocumentHighlightKind;
import org.eclipse.lsp4j.DocumentHighlightParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.ParameterInformation;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.RelatedFullDocumentDiagnosticReport;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.SignatureInformation;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The text document service: keeps the workspace's documents in sync (incremental edits), pushes
 * diagnostics after edits, and answers requests by adapting the plain-Java features of {@code
 * lsp.ide} to protocol types — each handler converts positions in, calls one feature, converts
 * results out.
 *
 * <p>Threads: notifications arrive on the protocol's reader thread and only update the workspace
 * and schedule work. Diagnostics of an edit that follows a quiet spell are computed at once; during
 * a burst of edits (each within {@link Settings#diagnosticsDelayMs} of the last) they wait until the
 * document has been quiet that long. They are computed on the scheduler thread by rechecking only
 * the edited function against the last version's results ({@link IncrementalDiagnostics}) where that
 * is exact, else by a whole-file analysis on the checker thread, which also runs in the background
 * after an incremental result and replaces it should they differ. They are published only if the
 * document still has the version they were computed for (stale results are dropped);
 * a change to a document (or to a file on disk) also rechecks the open documents that import it
 * ({@link Analyses#dependents}), and what a document's check finds inside another open file is
 * published on that file;
 * closing a document clears its diagnostics on that same thread, so a late result cannot bring them
 * back. Requests run on a small pool and return futures, so the reader thread never waits.
 */
final class TextDocuments implements TextDocumentService {
    private static final Logger LOG = Logger.getLogger(TextDocuments.class.getName());

    private final Workspace workspace;
    private final Analyses analyses;
    private final Supplier<Settings> settings;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Analyses.threads("torchscript-diagnostics"));
    private final ExecutorService requests = Executors.newFixedThreadPool(2, Analyses.threads("torchscript-request"));
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    /** When each document was last edited ({@link System#nanoTime()}), for the debounce. */
    private final Map<String, Long> lastEdit = new ConcurrentHashMap<>();
    /** Each document's last version that parsed, with its checker diagnostics: what the next edit is rechecked against. */
    private final Map<String, IncrementalDiagnostics.Base> bases = new ConcurrentHashMap<>();
    /** What was last published for each open document (written on the scheduler thread). */
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    /** Documents whose incremental diagnostics a whole-file check is confirming now. */
    private final java.util.Set<String> confirming = ConcurrentHashMap.newKeySet();
    private final WorkspaceIndex index;
    private final WorkspaceSymbols symbolIndex;
    /** How many requests stopped (or never started) their work because they were cancelled. */
    private final AtomicLong cancelled = new AtomicLong();
    private volatile LanguageClient client;

    TextDocuments(Workspace workspace, Analyses analyses, Supplier<Settings> settings, WorkspaceIndex index) {
        this.workspace = workspace;
        this.analyses = analyses;
        this.settings = settings;
        this.index = index;
        this.symbolIndex = new WorkspaceSymbols(index);
    }

    /** How many requests stopped their work because they were cancelled ({@code torchscript/statistics}). */
    long cancelled() {
        return cancelled.get();
    }

    void connect(LanguageClient client) {
        this.client = client;
    }

    void shutdown() {
        scheduler.shutdownNow();
        requests.shutdownNow();
    }

    // ---- synchronization --------------------------------------------------------------------

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        var item = params.getTextDocument();
        workspace.open(new Document(item.getUri(), item.getVersion(), item.getText()));
        scheduleDiagnostics(item.getUri());
        recheckDependents(item.getUri());
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        List<Document.Change> changes = new ArrayList<>();
        for (TextDocumentContentChangeEvent e : params.getContentChanges()) {
            if (e.getRange() == null) {
                changes.add(Document.Change.wholeText(e.getText()));
            } else {
                Position s = e.getRange().getStart();
                Position t = e.getRange().getEnd();
                changes.add(new Document.Change(false, s.getLine(), s.getCharacter(), t.getLine(), t.getCharacter(), e.getText()));
            }
        }
        Integer version = params.getTextDocument().getVersion();
        if (workspace.change(uri, version == null ? 0 : version, changes).isPresent()) {
            scheduleDiagnostics(uri);
            recheckDependents(uri);
        }
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        workspace.close(uri);
        analyses.forget(uri);
        ScheduledFuture<?> p = pending.remove(uri);
        if (p != null) {
            p.cancel(false);
        }
        lastEdit.remove(uri);
        bases.remove(uri);
        runOnScheduler(() -> {
            published.remove(uri);
            publish(uri, List.of(), null);
            Map<Path, List<io.github.torchscript4j.checker.source.Diagnostic>> before = imported.remove(uri);
            if (before != null) {
                republishImported(before, Map.of(), uri);
            }
        });
        recheckDependents(uri); // they read the disk's text of it now
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // The editor's text is already current: nothing to do.
    }

    /**
     * Checks every open document again and publishes its diagnostics: a file they may import
     * changed on disk, or the source roots changed.
     */
    void recheckOpenDocuments() {
        analyses.invalidateAll();
        bases.clear();
        published.clear();
        for (Document d : workspace.documents()) {
            scheduleDiagnostics(d.uri());
        }
    }

    /** Open documents whose recheck after a change of a file they import is queued and not started. */
    private final java.util.Set<String> dependentsQueued = ConcurrentHashMap.newKeySet();

    /**
     * The document {@code uri} changed (or opened, or closed): every other open document whose
     * last check read its file — it imports it, directly or through other project files — is
     * checked again as a whole on the checker thread, after the change, and its diagnostics
     * republished. A recheck already queued for a document serves later changes too.
     */
    private void recheckDependents(String uri) {
        Workspace.path(uri).ifPresent(p -> recheckDependents(List.of(p), uri));
    }

    private void recheckDependents(java.util.Collection<Path> files, String except) {
        for (String uri : analyses.dependents(files, except)) {
            if (!dependentsQueued.add(uri)) {
                continue;
            }
            analyses.ofCurrent(() -> {
                dependentsQueued.remove(uri);
                analyses.invalidate(uri);
                return workspace.document(uri);
            }).whenComplete((analysis, error) -> runOnScheduler(() -> {
                if (error != null) {
                    LOG.log(Level.SEVERE, "checking " + uri + " failed", error);
                    return;
                }
                if (analysis.isEmpty() || workspace.document(uri).isEmpty()) {
                    return;
                }
                Analysis a = analysis.get();
                IncrementalDiagnostics.Base.of(a).ifPresent(b -> bases.put(uri, b));
                recordImported(uri, a);
                publishIfCurrent(uri, new Document(uri, a.version(), a.text()), a.diagnostics(), true);
            }));
        }
    }

    // ---- diagnostics ------------------------------------------------------------------------

    private void scheduleDiagnostics(String uri) {
        long now = System.nanoTime();
        Long previousEdit = lastEdit.put(uri, now);
        long delayMs = settings.get().diagnosticsDelayMs();
        // An edit after a quiet spell is checked at once; one that follows the last within the delay waits for it.
        long delay = previousEdit != null && now - previousEdit < TimeUnit.MILLISECONDS.toNanos(delayMs) ? delayMs : 0;
        ScheduledFuture<?> next;
        try {
            next = scheduler.schedule(() -> computeAndPublish(uri), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // shut down
        }
        ScheduledFuture<?> previous = pending.put(uri, next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** What was last published for a document, and whether a whole-file check has confirmed it yet. */
    private record Published(int version, String text, List<io.github.torchscript4j.checker.source.Diagnostic> diagnostics,
            boolean confirmed) {}

    /**
     * On the scheduler thread: the diagnostics of the document's current version, rechecking only
     * the edited function when {@link IncrementalDiagnostics} can, else through a whole-file analysis.
     */
    private void computeAndPublish(String uri) {
        Optional<Document> doc = workspace.document(uri);
        if (doc.isEmpty()) {
            return;
        }
        Document d = doc.get();
        Published last = published.get(uri);
        if (last != null && last.version() == d.version() && last.text().equals(d.text())) {
            return; // already published (coalesced edits)
        }
        IncrementalDiagnostics.Base base = bases.get(uri);
        if (base != null) {
            Optional<IncrementalDiagnostics.Result> r;
            try {
                r = IncrementalDiagnostics.recheck(base, uri, d.text());
            } catch (RuntimeException | StackOverflowError e) {
                LOG.log(Level.WARNING, "incremental check of " + uri + " failed; checking the whole file", e);
                r = Optional.empty();
            }
            if (r.isPresent()) {
                bases.put(uri, r.get().base());
                boolean confirmed = r.get().rechecked().isEmpty(); // syntax errors only, or the same text: exact
                publishIfCurrent(uri, d, r.get().diagnostics(), confirmed);
                if (!confirmed) {
                    confirm(uri);
                }
                return;
            }
        }
        analyses.of(d).whenComplete((a, error) -> {
            if (error != null) {
                LOG.log(Level.SEVERE, "checking " + uri + " failed", error);
                return;
            }
            runOnScheduler(() -> {
                if (workspace.document(uri).isPresent()) { // not closed meanwhile
                    IncrementalDiagnostics.Base.of(a).ifPresent(b -> bases.put(uri, b));
                    recordImported(uri, a);
                }
                publishIfCurrent(uri, d, a.diagnostics(), true);
            });
        });
    }

    /** On the scheduler thread: publishes {@code diagnostics} of {@code d} if it is still the document's version. */
    private void publishIfCurrent(String uri, Document d, List<io.github.torchscript4j.checker.source.Diagnostic> diagnostics,
            boolean confirmed) {
        Optional<Document> now = workspace.document(uri);
        if (now.isPresent() && now.get().version() == d.version() && now.get().text().equals(d.text())) {
            published.put(uri, new Published(d.version(), d.text(), diagnostics, confirmed));
            publish(uri, Protocol.diagnostics(uri, withImported(uri, d.text(), diagnostics)), d.version());
        }
    }

    /**
     * The diagnostics inside other project files that each open document's last whole-file check
     * reached, by the document's URI ({@link Analysis#importedDiagnostics()}; written on the
     * scheduler thread): they are published on their own file when it is open, never on the importer.
     */
    private final Map<String, Map<Path, List<io.github.torchscript4j.checker.source.Diagnostic>>> imported =
            new ConcurrentHashMap<>();

    /**
     * On the scheduler thread: keeps what {@code a}, the analysis of {@code uri}, found inside other
     * files, and publishes again each open one whose share of it changed.
     */
    private void recordImported(String uri, Analysis a) {
        Map<Path, List<io.github.torchscript4j.checker.source.Diagnostic>> now = a.importedDiagnostics();
        Map<Path, List<io.github.torchscript4j.checker.source.Diagnostic>> before =
                now.isEmpty() ? imported.remove(uri) : imported.put(uri, now);
        republishImported(before == null ? Map.of() : before, now, uri);
    }

    private void republishImported(Map<Path, List<io.github.torchscript4j.checker.source.Diagnostic>> before,
            Map<Path, List<io.github.torchscript4j.checker.source.Diagnostic>> now, String importer) {
        java.util.Set<Path> files = new java.util.HashSet<>(before.keySet());
        files.addAll(now.keySet());
        for (Path f : files) {
            if (!sameDiagnostics(before.getOrDefault(f, List.of()), now.getOrDefault(f, List.of()))) {
                workspace.documentAt(f).filter(doc -> !doc.uri().equals(importer)).ifPresent(doc -> republish(doc.uri()));
            }
        }
    }

    /** On the scheduler thread: publishes the current version's diagnostics again, if they are known. */
    private void republish(String uri) {
        Published p = published.get(uri);
        Optional<Document> now = workspace.document(uri);
        if (p != null && now.isPresent() && now.get().version() == p.version() && now.get().text().equals(p.text())) {
            publish(uri, Protocol.diagnostics(uri, withImported(uri, p.text(), p.diagnostics())), p.version());
        }
    }

    /**
     * {@code own}, the diagnostics of the document {@code uri} with text {@code text}, and those
     * that other open documents' checks found inside it (against this very text), each once.
     */
    private List<io.github.torchscript4j.checker.source.Diagnostic> withImported(String uri, String text,
            List<io.github.torchscript4j.checker.source.Diagnostic> own) {
        Optional<Path> path = Workspace.path(uri);
        if (path.isEmpty() || imported.isEmpty()) {
            return own;
        }
        List<io.github.torchscript4j.checker.source.Diagnostic> out = new ArrayList<>(own);
        java.util.Set<String> seen = new java.util.HashSet<>(keys(own));
        for (Map.Entry<String, Map<Path, List<io.github.torchscript4j.checker.source.Diagnostic>>> e : imported.entrySet()) {
            if (e.getKey().equals(uri)) {
                continue;
            }
            for (io.github.torchscript4j.checker.source.Diagnostic d : e.getValue().getOrDefault(path.get(), List.of())) {
                if (d.range().file().text().equals(text) && seen.addAll(keys(List.of(d)))) {
                    out.add(d);
                }
            }
        }
        out.sort(io.github.torchscript4j.checker.source.Diagnostic.BY_POSITION);
        return out;
    }

    /**
     * Checks the whole current version in the background (the analysis requests use anyway) and,
     * should it disagree with the incremental diagnostics published for that version, publishes its
     * own instead. One such check per document at a time; versions superseded meanwhile are skipped.
     */
    private void confirm(String uri) {
        if (!confirming.add(uri)) {
            return;
        }
        analyses.ofCurrent(() -> workspace.document(uri)).whenComplete((analysis, error) -> runOnScheduler(() -> {
            confirming.remove(uri);
            if (error != null || analysis.isEmpty()) {
                return;
            }
            Analysis a = analysis.get();
            Published p = published.get(uri);
            if (p == null) {
                return;
            }
            recordImported(uri, a);
            if (p.version() == a.version() && p.text().equals(a.text())) {
                if (!sameDiagnostics(p.diagnostics(), a.diagnostics())) {
                    LOG.warning("the incremental diagnostics of " + uri + " version " + a.version()
                            + " differ from a whole-file check; publishing the whole-file ones");
                    IncrementalDiagnostics.Base.of(a).ifPresent(b -> bases.put(uri, b));
                    publishIfCurrent(uri, new Document(uri, a.version(), a.text()), a.diagnostics(), true);
                } else {
                    published.put(uri, new Published(p.version(), p.text(), p.diagnostics(), true));
                }
            } else if (!p.confirmed()) {
                confirm(uri); // a later version was published meanwhile
            }
        }));
    }

    /** The same diagnostics, in any order. */
    static boolean sameDiagnostics(List<io.github.torchscript4j.checker.source.Diagnostic> a,
            List<io.github.torchscript4j.checker.source.Diagnostic> b) {
        return a.size() == b.size() && keys(a).equals(keys(b));
    }

    private static List<String> keys(List<io.github.torchscript4j.checker.source.Diagnostic> ds) {
        List<String> out = new ArrayList<>();
        for (io.github.torchscript4j.checker.source.Diagnostic d : ds) {
            StringBuilder k = new StringBuilder();
            k.append(d.range().start()).append(':').append(d.range().end()).append(':').append(d.code().id())
                    .append(':').append(d.severity()).append(':').append(d.message());
            for (io.github.torchscript4j.checker.source.Diagnostic.Related r : d.related()) {
                k.append('|').append(r.range().start()).append(':').append(r.range().end()).append(':').append(r.message());
            }
            out.add(k.toString());
        }
        java.util.Collections.sort(out);
        return out;
    }

    private void runOnScheduler(Runnable r) {
        try {
            scheduler.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shut down: nothing more is published
        }
    }

    private void publish(String uri, List<org.eclipse.lsp4j.Diagnostic> diagnostics, Integer version) {
        LanguageClient c = client;
        if (c != null) {
            c.publishDiagnostics(new PublishDiagnosticsParams(uri, diagnostics, version));
        }
    }

    @Override
    public CompletableFuture<DocumentDiagnosticReport> diagnostic(DocumentDiagnosticParams params) {
        String uri = params.getTextDocument().getUri();
        return analysis(uri).thenApply(a -> new DocumentDiagnosticReport(
                new RelatedFullDocumentDiagnosticReport(Protocol.diagnostics(uri, a.diagnostics()))));
    }

    // ---- requests ---------------------------------------------------------------------------

    /**
     * The analysis of an open document's current version; of a closed one's file on disk (a
     * {@code file:} URI), for pull diagnostics; otherwise a request error.
     */
    private CompletableFuture<Analysis> analysis(String uri) {
        Optional<Document> doc = workspace.document(uri);
        if (doc.isPresent()) {
            return analyses.of(doc.get());
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                Path path = Path.of(URI.create(uri));
                return analyses.analyzeClosed(uri, Files.readString(path));
            } catch (IOException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams,
                        "not an open document or a readable file: " + uri, null));
            }
        }, requests);
    }

    /** Runs {@code feature} on the analysis of the document at a position, on the request pool; cancellable. */
    private <T> CompletableFuture<T> at(TextDocumentIdentifier id, Position p, Function<Located, T> feature) {
        String uri = id.getUri();
        return cancellable(analysis(uri), (a, cancel) -> feature.apply(new Located(uri, a, Protocol.offset(a.text(), p), cancel)));
    }

    /** A document's analysis, the cursor's offset in it, and whether the request is still wanted. */
    private record Located(String uri, Analysis analysis, int offset, Cancellation cancel) {}

    /**
     * Runs {@code work} on the request pool once {@code input} is done, and answers its result. The
     * answer is the future LSP4J cancels on {@code $/cancelRequest} (it then answers the
     * RequestCancelled error): the work sees that through the {@link Cancellation} it is given and
     * stops at its next check; work not started yet never starts.
     */
    private <A, T> CompletableFuture<T> cancellable(CompletableFuture<A> input, BiFunction<A, Cancellation, T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Cancellation cancel = () -> {
            if (result.isCancelled()) {
                throw new CancellationException("the request was cancelled");
            }
        };
        input.whenComplete((a, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            try {
                requests.execute(() -> {
                    if (result.isCancelled()) {
                        cancelled.incrementAndGet();
                        return;
                    }
                    try {
                        result.complete(work.apply(a, cancel));
                    } catch (CancellationException e) {
                        if (result.isCancelled()) {
                            cancelled.incrementAndGet();
                        } else {
                            result.completeExceptionally(e);
                        }
                    } catch (RuntimeException | StackOverflowError e) {
                        result.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(e); // shut down
            }
        });
        return result;
    }

    /**
     * Runs {@code work} as work-done progress on the client's {@code token} (begin, then end), when
     * the request carried one.
     */
    private <T> T reporting(Either<String, Integer> token, String title, Supplier<T> work) {
        WorkDone progress = WorkDone.on(() -> client, token);
        progress.begin(title, null, null);
        try {
            return work.get();
        } finally {
            progress.end(null);
        }
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return at(params.getTextDocument(), params.getPosition(), l -> Hovers.at(l.analysis(), l.offset())
                .map(h -> new Hover(new MarkupContent(MarkupKind.MARKDOWN, h.markdown()), Protocol.range(h.range())))
                .orElse(null));
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        return at(params.getTextDocument(), params.getPosition(), l -> {
            Optional<Document> doc = workspace.document(l.uri());
            Function<String, Analysis> reanalyze = text -> doc.map(d -> analyses.analyzeText(d, text))
                    .orElseGet(() -> Analysis.of(l.uri(), 0, text));
            List<CompletionItem> items = new ArrayList<>();
            for (Completions.Item i : Completions.at(l.analysis(), analyses.lastChecked(l.uri()), l.offset(), reanalyze)) {
                CompletionItem item = new CompletionItem(i.label());
                item.setKind(kind(i.kind()));
                item.setDetail(i.detail());
                if (!i.operator().isEmpty()) {
                    item.setData(i.operator());
                }
                items.add(item);
            }
            return Either.forRight(new CompletionList(false, items));
        });
    }

    /** Documents an operator's item with all its overloads. */
    @Override
    public CompletableFuture<CompletionItem> resolveCompletionItem(CompletionItem item) {
        Object data = item.getData();
        String operator = data instanceof JsonPrimitive p && p.isString() ? p.getAsString()
                : data instanceof String s ? s : null;
        if (operator != null) {
            item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, Operators.markdown(Operators.overloads(operator), 20)));
        }
        return CompletableFuture.completedFuture(item);
    }

    private static CompletionItemKind kind(Completions.Kind k) {
        return switch (k) {
            case FUNCTION -> CompletionItemKind.Function;
            case METHOD -> CompletionItemKind.Method;
            case PROPERTY -> CompletionItemKind.Property;
            case FIELD -> CompletionItemKind.Field;
            case VARIABLE -> CompletionItemKind.Variable;
            case MODULE -> CompletionItemKind.Module;
            case CLASS -> CompletionItemKind.Class;
            case KEYWORD -> CompletionItemKind.Keyword;
            case TYPE -> CompletionItemKind.TypeParameter;
        };
    }

    @Override
    public CompletableFuture<SignatureHelp> signatureHelp(SignatureHelpParams params) {
        return at(params.getTextDocument(), params.getPosition(), l -> SignatureHelps
                .at(l.analysis(), analyses.lastChecked(l.uri()), l.offset())
                .map(h -> {
                    List<SignatureInformation> sigs = new ArrayList<>();
                    for (SignatureHelps.Signature s : h.signatures()) {
                        List<ParameterInformation> ps = new ArrayList<>();
                        for (String p : s.parameters()) {
                            ps.add(new ParameterInformation(p));
                        }
                        sigs.add(new SignatureInformation(s.label(), (String) null, ps));
                    }
                    return new SignatureHelp(sigs, h.activeSignature(), h.activeParameter());
                })
                .orElse(null));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        return at(params.getTextDocument(), params.getPosition(), l -> {
            List<Location> out = new ArrayList<>();
            Optional<Project.Target> imported = l.analysis().importedDefinition(l.offset());
            if (imported.isPresent()) {
                Project.Target t = imported.get();
                String target = workspace.documentAt(t.file()).map(Document::uri).orElse(t.file().toUri().toString());
                out.add(new Location(target, Protocol.range(t.range())));
                return Either.forLeft(out);
            }
            Names names = l.analysis().names();
            names.symbolAt(l.offset()).ifPresent(s -> {
                List<Names.Binding> bindings = names.bindings(s);
                if (!bindings.isEmpty()) {
                    out.add(new Location(l.uri(), Protocol.range(bindings.get(0).range())));
                }
            });
            return Either.forLeft(out);
        });
    }

    /**
     * Every use of the name at the position: across the project's files for a module-level name
     * ({@link CrossReferences}), else within the document.
     */
    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        boolean withDeclaration = params.getContext() == null || params.getContext().isIncludeDeclaration();
        return at(params.getTextDocument(), params.getPosition(), l -> reporting(params.getWorkDoneToken(), "Finding references", () -> {
            List<Location> out = new ArrayList<>();
            Optional<CrossReferences.Found> across = CrossReferences.at(l.analysis(), l.offset(), sources(l.cancel()));
            if (across.isPresent()) {
                for (CrossReferences.Reference r : across.get().references()) {
                    if (withDeclaration || !across.get().declarations().contains(r)) {
                        out.add(new Location(uriOf(r.file()), Protocol.range(r.range())));
                    }
                }
                return out;
            }
            Names names = l.analysis().names();
            names.symbolAt(l.offset()).ifPresent(s -> {
                List<SourceRange> declarations = names.bindings(s).stream().map(Names.Binding::range).toList();
                for (SourceRange r : names.references(s)) {
                    if (withDeclaration || !declarations.contains(r)) {
                        out.add(new Location(l.uri(), Protocol.range(r)));
                    }
                }
            });
            return out;
        }));
    }

    /**
     * Where {@link CrossReferences} looks: the workspace's files and the open documents, with their
     * current analyses, and the index's words of the files that are not open.
     */
    private CrossReferences.Sources sources(Cancellation cancel) {
        return new CrossReferences.Sources(() -> {
            List<Path> all = new ArrayList<>(PythonFiles.of(workspace));
            for (Document d : workspace.documents()) {
                Workspace.path(d.uri()).ifPresent(all::add);
            }
            return all;
        }, p -> workspace.documentAt(p).flatMap(d -> analyses.lastChecked(d.uri())),
                p -> workspace.documentAt(p).isPresent() ? Optional.empty() : index.words(p), cancel);
    }

    /** The URI of a project file: the open document's own when it is open, else the file's. */
    private String uriOf(Path file) {
        return workspace.documentAt(file).map(Document::uri).orElse(file.toUri().toString());
    }

    @Override
    public CompletableFuture<List<? extends DocumentHighlight>> documentHighlight(DocumentHighlightParams params) {
        return at(params.getTextDocument(), params.getPosition(), l -> {
            Names names = l.analysis().names();
            List<DocumentHighlight> out = new ArrayList<>();
            names.symbolAt(l.offset()).ifPresent(s -> {
                List<SourceRange> declarations = names.bindings(s).stream().map(Names.Binding::range).toList();
                for (SourceRange r : names.references(s)) {
                    out.add(new DocumentHighlight(Protocol.range(r),
                            declarations.contains(r) ? DocumentHighlightKind.Write : DocumentHighlightKind.Read));
                }
            });
            return out;
        });
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
        String uri = params.getTextDocument().getUri();
        return cancellable(analysis(uri), (a, cancel) -> {
            List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
            for (Symbols.Symbol s : Symbols.of(a)) {
                out.add(Either.forRight(symbol(s)));
            }
            return out;
        });
    }

    // ---- workspace symbols ----------------------------------------------------------------------

    /**
     * {@code workspace/symbol}: the open documents' symbols and those of the workspace's files on
     * disk (from the index); cancellable, with work-done progress on the client's {@code token}.
     */
    CompletableFuture<List<WorkspaceSymbol>> workspaceSymbols(String query, Either<String, Integer> token) {
        List<Document> open = workspace.documents();
        List<CompletableFuture<Analysis>> pending = new ArrayList<>();
        for (Document d : open) {
            pending.add(analyses.of(d));
        }
        return cancellable(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)),
                (ignored, cancel) -> reporting(token, "Searching symbols", () -> {
            Map<String, Analysis> byUri = new java.util.LinkedHashMap<>();
            for (int i = 0; i < open.size(); i++) {
                byUri.put(open.get(i).uri(), pending.get(i).join());
            }
            List<WorkspaceSymbol> out = new ArrayList<>();
            for (WorkspaceSymbols.Found f : symbolIndex.search(query == null ? "" : query, byUri, PythonFiles.of(workspace), cancel)) {
                WorkspaceSymbol w = new WorkspaceSymbol(f.name(), symbolKind(f.kind()),
                        Either.forLeft(new Location(f.uri(), Protocol.range(f.range()))));
                if (!f.container().isEmpty()) {
                    w.setContainerName(f.container());
                }
                out.add(w);
            }
            return out;
        }));
    }

    // ---- inlay hints ----------------------------------------------------------------------------

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        String uri = params.getTextDocument().getUri();
        InlayHints.Options options = settings.get().inlayHints();
        return cancellable(analysis(uri), (a, cancel) -> {
            int start = Protocol.offset(a.text(), params.getRange().getStart());
            int end = Protocol.offset(a.text(), params.getRange().getEnd());
            List<InlayHint> out = new ArrayList<>();
            for (InlayHints.Hint h : InlayHints.in(a, start, end, options)) {
                InlayHint hint = new InlayHint(Protocol.position(a.file(), h.offset()), Either.forLeft(h.label()));
                hint.setKind(InlayHintKind.Type);
                out.add(hint);
            }
            return out;
        });
    }

    // ---- code actions -----------------------------------------------------------------------------

    /** Quick fixes for the diagnostics in the range, each with the edit that applies it. */
    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        String uri = params.getTextDocument().getUri();
        return cancellable(analysis(uri), (a, cancel) -> {
            int start = Protocol.offset(a.text(), params.getRange().getStart());
            int end = Protocol.offset(a.text(), params.getRange().getEnd());
            List<Either<Command, CodeAction>> out = new ArrayList<>();
            for (QuickFixes.Fix f : QuickFixes.at(a, start, end)) {
                List<TextEdit> edits = new ArrayList<>();
                for (QuickFixes.Edit e : f.edits()) {
                    edits.add(new TextEdit(new Range(Protocol.position(a.file(), e.start()),
                            Protocol.position(a.file(), e.end())), e.text()));
                }
                CodeAction action = new CodeAction(f.title());
                action.setKind(CodeActionKind.QuickFix);
                action.setDiagnostics(List.of(Protocol.diagnostic(uri, f.fixes())));
                action.setIsPreferred(true);
                action.setEdit(new WorkspaceEdit(Map.of(uri, edits)));
                out.add(Either.forRight(action));
            }
            return out;
        });
    }

    // ---- rename -------------------------------------------------------------------------------

    /**
     * The name under the cursor and its range when it can be renamed: a module-level name of a
     * project file (also where another file imports or uses it), an import's alias, or what {@link
     * Renames} renames within the document.
     */
    @Override
    public CompletableFuture<Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior>> prepareRename(
            PrepareRenameParams params) {
        return at(params.getTextDocument(), params.getPosition(), l -> {
            Optional<Renames.Target> target = Renames.prepare(l.analysis(), l.offset());
            if (target.isEmpty() && !CrossReferences.isAlias(l.analysis(), l.offset())) {
                target = CrossReferences.at(l.analysis(), l.offset(), sources(l.cancel())).flatMap(f -> f.references().stream()
                        .filter(r -> Workspace.path(l.uri()).map(r.file()::equals).orElse(false) && r.range().start() <= l.offset()
                                && l.offset() <= r.range().end())
                        .findFirst()
                        .map(r -> new Renames.Target(f.target().name(), r.range())));
            }
            return target.map(t -> Either3.<Range, PrepareRenameResult, PrepareRenameDefaultBehavior>forSecond(
                    new PrepareRenameResult(Protocol.range(t.range()), t.range().text()))).orElse(null);
        });
    }

    /**
     * The edits of a rename — in every project file that uses a module-level name ({@link
     * CrossReferences}), within the document for anything else ({@link Renames}) — or an
     * InvalidParams error saying why it is refused.
     */
    @Override
    public CompletableFuture<WorkspaceEdit> rename(RenameParams params) {
        return at(params.getTextDocument(), params.getPosition(), l -> reporting(params.getWorkDoneToken(), "Renaming", () -> {
            String newName = params.getNewName();
            if (!CrossReferences.isAlias(l.analysis(), l.offset())) {
                Optional<CrossReferences.Rename> across = CrossReferences.rename(l.analysis(), l.offset(), newName, sources(l.cancel()));
                if (across.isPresent()) {
                    if (across.get().refusal().isPresent()) {
                        throw new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams,
                                across.get().refusal().get(), null));
                    }
                    Map<String, List<TextEdit>> changes = new java.util.LinkedHashMap<>();
                    across.get().edits().forEach((file, ranges) -> changes.put(uriOf(file),
                            ranges.stream().map(r -> new TextEdit(Protocol.range(r), newName)).toList()));
                    return new WorkspaceEdit(changes);
                }
            }
            Renames.Edits edits = Renames.rename(l.analysis(), l.offset(), newName);
            if (edits.refusal().isPresent()) {
                throw new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams,
                        edits.refusal().get(), null));
            }
            List<TextEdit> out = new ArrayList<>();
            for (SourceRange r : edits.ranges()) {
                out.add(new TextEdit(Protocol.range(r), newName));
            }
            return new WorkspaceEdit(Map.of(l.uri(), out));
        }));
    }

    // ---- torchscript/graph and torchscript/code ---------------------------------------------

    /** The IR of the function at a position, or a RequestFailed error saying why there is none. */
    CompletableFuture<TorchScriptService.IrText> irText(TextDocumentPositionParams params, IrViews.Form form) {
        return at(params.getTextDocument(), params.getPosition(), l -> {
            IrViews.Outcome o = IrViews.at(l.analysis(), l.offset(), form, displayPath(l.uri()));
            if (o instanceof IrViews.View v) {
                return new TorchScriptService.IrText(v.function(), v.text(), Protocol.range(v.range()));
            }
            IrViews.Problem p = (IrViews.Problem) o;
            JsonObject data = new JsonObject();
            data.addProperty("reason", switch (p.reason()) {
                case FILE_HAS_ERRORS -> "fileHasErrors";
                case NO_FUNCTION -> "noFunction";
                case NOT_COMPILED -> "notCompiled";
                case NOT_LOWERED -> "notLowered";
            });
            p.range().ifPresent(r -> data.add("range", new Gson().toJsonTree(Protocol.range(r))));
            throw new ResponseErrorException(new ResponseError(ResponseErrorCode.RequestFailed, p.message(), data));
        });
    }

    /** How a graph names the file in its source locations: the file's path for a {@code file:} URI. */
    static String displayPath(String uri) {
        try {
            return Path.of(URI.create(uri)).toString();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return uri;
        }
    }

    private static SymbolKind symbolKind(Symbols.Kind k) {
        return switch (k) {
            case CLASS -> SymbolKind.Class;
            case METHOD -> SymbolKind.Method;
            case FUNCTION -> SymbolKind.Function;
            case FIELD -> SymbolKind.Field;
            case VARIABLE -> SymbolKind.Variable;
        };
    }

    private static DocumentSymbol symbol(Symbols.Symbol s) {
        DocumentSymbol d = new DocumentSymbol(s.name(), symbolKind(s.kind()), Protocol.range(s.range()),
                Protocol.range(s.nameRange()));
        if (!s.detail().isEmpty()) {
            d.setDetail(s.detail());
        }
        List<DocumentSymbol> children = new ArrayList<>();
        for (Symbols.Symbol c : s.children()) {
            children.add(symbol(c));
        }
        d.setChildren(children);
        return d;
    }
}
