package io.github.torchscript4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What {@code run --cases} and {@code trace --cases} share: the cases file read line by line (blank
 * lines skipped, lines numbered from 1), and each case worked on a fresh worker thread with a large
 * stack, given up after a timeout so that a case that runs away never stops the others.
 */
final class CaseLines {
    private CaseLines() {}

    /** What a command does with one non-blank line of the cases file. */
    interface Handler {
        void line(String text, int lineNumber);
    }

    /**
     * Hands each non-blank line of {@code cases} to {@code handler}; {@link Main#OK}, or {@link
     * Main#CANNOT_RUN} (with a message naming {@code command}) when the file cannot be read.
     */
    static int forEach(Path cases, String command, PrintWriter err, Handler handler) {
        try (BufferedReader reader = Files.newBufferedReader(cases, StandardCharsets.UTF_8)) {
            String text;
            int lineNumber = 0;
            while ((text = reader.readLine()) != null) {
                lineNumber++;
                if (!text.isBlank()) {
                    handler.line(text, lineNumber);
                }
            }
        } catch (IOException e) {
            err.println("torchscript " + command + ": " + cases + ": cannot read: " + e.getMessage());
            return Main.CANNOT_RUN;
        }
        return Main.OK;
    }

    private static final long WORKER_STACK_BYTES = 256L << 20;

    /**
     * {@code work}'s result, computed on a daemon worker named {@code threadName}; after {@code
     * seconds} the worker is interrupted and the answer is {@code failed} of "no answer within N s"
     * ({@code failed} also turns an interruption or an exception into an answer).
     */
    static <T> T withTimeout(String threadName, long seconds, Callable<T> work, Function<String, T> failed) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread worker = new Thread(null, task, threadName, WORKER_STACK_BYTES);
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return failed.apply("no answer within " + seconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return failed.apply("interrupted");
        } catch (ExecutionException e) {
            return failed.apply(String.valueOf(e.getCause()));
        }
    }
}
