package io.github.torchscript4j.lsp;

import io.github.torchscript4j.lsp.ide.Cancellation;
import io.github.torchscript4j.lsp.ide.WorkspaceIndex;
import io.github.torchscript4j.lsp.workspace.PythonFiles;
import io.github.torchscript4j.lsp.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Fills the {@link WorkspaceIndex} in the background: every {@code .py} file of the workspace
 * ({@link PythonFiles}) after {@code initialized} and again after the roots or source roots
 * change (a run still going is cancelled), and the files a client reports changed on disk. A
 * client that advertises {@code window.workDoneProgress} sees a full run as work-done progress on
 * a token the server creates: begin, reports of the percentage and {@code "N/M files"}, end.
 *
 * <p>Runs on its own thread, one task at a time, never on the protocol's reader thread (it waits
 * there for the client's answer to {@code window/workDoneProgress/create}).
 */
final class Indexing {
    private static final Logger LOG = Logger.getLogger(Indexing.class.getName());
    /** How long a run waits for the client to accept its progress token before it goes on without one. */
    private static final long CREATE_TIMEOUT_SECONDS = 10;

    private final Workspace workspace;
    private final WorkspaceIndex index;
    private final Supplier<LanguageClient> client;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Analyses.threads("torchscript-index"));
    /** The number of the latest full run; an older run stops at its next file. */
    private final AtomicInteger generation = new AtomicInteger();
    private volatile boolean progressSupported;
    private volatile boolean shutDown;

    Indexing(Workspace workspace, WorkspaceIndex index, Supplier<LanguageClient> client) {
        this.workspace = workspace;
        this.index = index;
        this.client = client;
    }

    /** Whether the client advertised {@code window.workDoneProgress}. */
    void setProgressSupported(boolean supported) {
        progressSupported = supported;
    }

    /** Indexes the whole workspace again in the background, cancelling a run still going. */
    void start() {
        int run = generation.incrementAndGet();
        submit(() -> indexAll(run));
    }

    /** Files changed, appeared or went away on disk: each is indexed again (or forgotten) in the background. */
    void filesChanged(List<Path> files) {
        submit(() -> {
            for (Path p : files) {
                if (shutDown) {
                    return;
                }
                index.refresh(p);
            }
        });
    }

    void shutdown() {
        shutDown = true;
        thread.shutdownNow();
    }

    private void submit(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // shut down
        }
    }

    private void indexAll(int run) {
        Cancellation cancel = () -> {
            if (shutDown || generation.get() != run) {
                throw new CancellationException("indexing superseded");
            }
        };
        WorkDone progress = WorkDone.none();
        try {
            cancel.check();
            List<Path> files = PythonFiles.of(workspace);
            progress = createProgress(run);
            progress.begin("Indexing TorchScript files", "0/" + files.size() + " files", 0);
            long start = System.nanoTime();
            WorkDone p = progress;
            index.index(files, p::files, cancel);
            progress.end("Indexed " + files.size() + " files");
            LOG.fine(() -> "indexed " + files.size() + " files in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        } catch (CancellationException e) {
            progress.end("Indexing cancelled");
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.SEVERE, "indexing the workspace failed", e);
            progress.end("Indexing failed");
        }
    }

    /** A progress token the client accepted, or none (no capability, an error, no answer in time). */
    private WorkDone createProgress(int run) {
        LanguageClient c = client.get();
        if (!progressSupported || c == null) {
            return WorkDone.none();
        }
        Either<String, Integer> token = Either.forLeft("torchscript-indexing-" + run);
        try {
            c.createProgress(new WorkDoneProgressCreateParams(token)).get(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return WorkDone.on(client, token);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WorkDone.none();
        } catch (Exception e) {
            LOG.log(Level.FINE, "the client refused a progress token", e);
            return WorkDone.none();
        }
    }
}
