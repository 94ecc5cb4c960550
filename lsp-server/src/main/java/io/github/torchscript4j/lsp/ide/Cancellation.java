package io.github.torchscript4j.lsp.ide;

import java.util.concurrent.CancellationException;

/**
 * Whether the work in progress is still wanted: long operations (references and rename across the
 * workspace, workspace symbols, indexing) call {@link #check} between files and stop, by the
 * {@link CancellationException} it throws, once their request was cancelled. The protocol adapter
 * makes one per request from the request's future; {@link #NEVER} for work nobody cancels.
 */
@FunctionalInterface
public interface Cancellation {
    /** Work that is never cancelled. */
    Cancellation NEVER = () -> {};

    /**
     * Returns when the work should go on.
     *
     * @throws CancellationException when it was cancelled
     */
    void check();
}
