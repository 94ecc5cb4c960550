package io.github.torchscript4j.lsp;

import java.util.function.Supplier;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * One work-done progress ({@code $/progress} begin, reports, end) on a token: one the server
 * created through {@code window/workDoneProgress/create}, or one the client gave with a request
 * ({@code workDoneToken}). {@link #none()} reports nothing, for a client without the capability or
 * a request without a token. Reports repeat only when the percentage changes.
 */
final class WorkDone {
    private final Supplier<LanguageClient> client;
    private final Either<String, Integer> token;
    private int lastPercentage = -1;

    private WorkDone(Supplier<LanguageClient> client, Either<String, Integer> token) {
        this.client = client;
        this.token = token;
    }

    /** Progress on {@code token}; {@link #none()} when it is null. */
    static WorkDone on(Supplier<LanguageClient> client, Either<String, Integer> token) {
        return new WorkDone(client, token);
    }

    static WorkDone none() {
        return new WorkDone(() -> null, null);
    }

    void begin(String title, String message, Integer percentage) {
        WorkDoneProgressBegin b = new WorkDoneProgressBegin();
        b.setTitle(title);
        b.setMessage(message);
        b.setPercentage(percentage);
        b.setCancellable(false);
        if (percentage != null) {
            lastPercentage = percentage;
        }
        send(b);
    }

    /** Reports {@code done} of {@code total} as a percentage and {@code "done/total files"}. */
    void files(int done, int total) {
        int percentage = total == 0 ? 100 : (int) (100L * done / total);
        if (percentage == lastPercentage && done != total) {
            return;
        }
        lastPercentage = percentage;
        WorkDoneProgressReport r = new WorkDoneProgressReport();
        r.setPercentage(percentage);
        r.setMessage(done + "/" + total + " files");
        send(r);
    }

    void end(String message) {
        WorkDoneProgressEnd e = new WorkDoneProgressEnd();
        e.setMessage(message);
        send(e);
    }

    private void send(WorkDoneProgressNotification n) {
        LanguageClient c = client.get();
        if (token != null && c != null) {
            c.notifyProgress(new ProgressParams(token, Either.forLeft(n)));
        }
    }
}
