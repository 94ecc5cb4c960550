package io.github.torchscript4j.lsp;

import io.github.torchscript4j.lsp.ide.Analysis;
import io.github.torchscript4j.lsp.ide.Project;
import io.github.torchscript4j.lsp.workspace.Document;
import io.github.torchscript4j.lsp.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The analysis of each open document's latest version, computed once on the checker thread and
 * shared by every request and by the diagnostics publisher; and the last analysis of each document
 * that got as far as the checker (the text parsed), which completion falls back on while the user
 * types half-written code.
 *
 * <p>Checks run on one background thread with a large stack (deeply nested code recurses deeply in
 * the checker), never on the protocol's reader thread. A version that is superseded before its
 * check starts is still checked once when asked for, but nothing keeps it alive.
 *
 * <p>A document with a {@code file:} URI is checked in the workspace's {@link Project} (its imports
 * of other project files resolved, the open documents' texts in front of the disk); any other one
 * on its own. The files each document's last check read are kept, so that a change to one of them
 * finds the documents to check again ({@link #dependents}).
 */
final class Analyses {
    /** Stack of the checker and request threads: deep but legal nesting recurses deeply. */
    static final long STACK_BYTES = 256L << 20;

    private record Entry(Document document, long generation, CompletableFuture<Analysis> analysis) {}

    private final ExecutorService checker = Executors.newSingleThreadExecutor(threads("torchscript-check"));
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Analysis> lastChecked = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    /** The files each open document's last check read or looked for. */
    private final Map<String, java.util.Set<Path>> reads = new ConcurrentHashMap<>();
    private final Project project;
    private final Workspace workspace;

    /** The analyses of {@code workspace}'s documents, in a project over its source roots and open texts. */
    Analyses(Workspace workspace) {
        this.workspace = workspace;
        this.project = new Project(workspace::sourceRootPaths,
                p -> workspace.documentAt(p).map(Document::text));
    }

    /** The project the documents with {@code file:} URIs are checked in. */
    Project project() {
        return project;
    }

    /** A small file that exercises the front end's common paths: what {@link #warmUp} checks. */
    private static final String WARM_UP = """
            import math
            from typing import Dict, List, Optional, Tuple
            import torch
            import torch.nn.functional as F
            from torch import Tensor


            @torch.jit.script
            def f(x: Tensor, w: Optional[Tensor], xs: List[Tensor], d: Dict[str, int], k: int = 2) -> Tuple[Tensor, float]:
                y = x * 0.5 + 1.0
                if w is not None:
                    y = y + w
                for j in range(k):
                    y = F.relu(y) - torch.tanh(y).sum(dim=-1, keepdim=True) + x.abs().clamp(min=0.1)
                for t in xs:
                    y = y + t.flatten().mean()
                best = 0
                for key, v in d.items():
                    if v > best and key != "":
                        best = v // 2
                return y, math.sqrt(float(best)) + undefined_name


            class M(torch.nn.Module):
                def __init__(self, dim: int):
                    super().__init__()
                    self.scale = 0.5
                    self.weight = torch.nn.Parameter(torch.randn(dim, dim))

                def forward(self, x: Tensor) -> Tensor:
                    return torch.matmul(x, self.weight) * self.scale
            """;

    /**
     * Checks a small file on the checker thread, as the first thing it does: the checker's classes,
     * the operator table and the bundled libraries load while the protocol is still being set up, and
     * the first document's check (queued behind it) starts warm.
     */
    void warmUp() {
        try {
            checker.execute(() -> Analysis.of("warm-up.py", 0, WARM_UP).names());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shut down already
        }
    }

    /** The analysis of {@code d}, computed on the checker thread the first time it is asked for. */
    CompletableFuture<Analysis> of(Document d) {
        long g = generation.get();
        return entries.compute(d.uri(), (uri, old) -> old != null && old.document() == d && old.generation() == g ? old
                : new Entry(d, g, CompletableFuture.supplyAsync(() -> analyze(d), checker))).analysis();
    }

    /**
     * The analysis of whichever version {@code current} gives when the checker thread gets to it:
     * versions superseded while the task waited are never checked. Empty when the document is closed.
     */
    CompletableFuture<Optional<Analysis>> ofCurrent(Supplier<Optional<Document>> current) {
        return CompletableFuture.supplyAsync(() -> current.get().map(this::ofHere), checker)
                .thenCompose(f -> f.isEmpty() ? CompletableFuture.completedFuture(Optional.<Analysis>empty())
                        : f.get().thenApply(Optional::of));
    }

    /** {@link #of} on the checker thread itself: computes the analysis here unless it is already there or queued. */
    private CompletableFuture<Analysis> ofHere(Document d) {
        long g = generation.get();
        CompletableFuture<Analysis> mine = new CompletableFuture<>();
        Entry e = entries.compute(d.uri(), (uri, old) -> old != null && old.document() == d && old.generation() == g ? old
                : new Entry(d, g, mine));
        if (e.analysis() == mine) {
            try {
                mine.complete(analyze(d));
            } catch (RuntimeException | Error t) {
                mine.completeExceptionally(t);
            }
        }
        return e.analysis();
    }

    /**
     * Forgets every analysis computed so far, so that each document is checked again when next
     * asked for: something outside the documents (a file on disk) may have changed what they mean.
     */
    void invalidateAll() {
        generation.incrementAndGet();
    }

    /** Forgets the analysis of the document {@code uri}, so that it is checked again when next asked for. */
    void invalidate(String uri) {
        entries.remove(uri);
    }

    /**
     * The open documents other than {@code except} whose last check read or looked for one of
     * {@code files} (absolute, normalized): an import of them, direct or through other files.
     */
    List<String> dependents(java.util.Collection<Path> files, String except) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, java.util.Set<Path>> e : reads.entrySet()) {
            if (!e.getKey().equals(except) && files.stream().anyMatch(e.getValue()::contains)) {
                out.add(e.getKey());
            }
        }
        String now = checking;
        if (now != null && !now.equals(except) && !out.contains(now)) {
            out.add(now); // it may have read the file before the change
        }
        return out;
    }

    /** Analyzes another text of {@code d}'s document on the calling thread (completion's what-if checks). */
    Analysis analyzeText(Document d, String text) {
        return check(d.uri(), d.version(), text);
    }

    private Analysis check(String uri, int version, String text) {
        Optional<Path> path = Workspace.path(uri);
        return path.isPresent() ? project.analyze(path.get(), version, text) : Analysis.of(uri, version, text);
    }

    /** The document the checker thread is checking now (its reads are not known yet), or null. */
    private volatile String checking;

    private Analysis analyze(Document d) {
        checking = d.uri();
        Analysis a;
        try {
            a = check(d.uri(), d.version(), d.text());
        } finally {
            checking = null;
        }
        // (the entry of a check started by of() may not be in the map yet: openness decides)
        if (workspace.document(d.uri()).isPresent()) {
            reads.put(d.uri(), a.reads());
        }
        if (a.checked() && entries.containsKey(d.uri())) {
            lastChecked.put(d.uri(), a);
        }
        return a;
    }

    /** The analysis of a closed file's text (pull diagnostics, requests on files not open), in the project. */
    Analysis analyzeClosed(String uri, String text) {
        return check(uri, 0, text);
    }

    /** The latest analysis of the document that reached the checker, if any. */
    Optional<Analysis> lastChecked(String uri) {
        return Optional.ofNullable(lastChecked.get(uri));
    }

    void forget(String uri) {
        entries.remove(uri);
        lastChecked.remove(uri);
        reads.remove(uri);
    }

    void shutdown() {
        checker.shutdownNow();
    }

    /** Daemon threads with a large stack, named {@code prefix-N}. */
    static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, prefix + "-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }
}
