package io.github.torchscript4j.lsp;

import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/**
 * The server's requests beyond the protocol, under the method prefix {@code torchscript/}, and
 * {@code torchscript/statistics}, the project's work counters. The IR views take {@code {textDocument, position}} and answer an {@link IrText} for the function or method
 * at the position; when there is none they answer a JSON-RPC error {@code -32803}
 * (RequestFailed) whose message says why and whose {@code data} is {@code {"reason": ...,
 * "range": ...}} (reason {@code fileHasErrors}, {@code noFunction}, {@code notCompiled} or {@code
 * notLowered}; the range where the cause is, when there is one).
 */
@JsonSegment("torchscript")
public interface TorchScriptService {

    /** {@code torchscript/graph}: the function's IR as the reference prints {@code fn.graph}. */
    @JsonRequest
    CompletableFuture<IrText> graph(TextDocumentPositionParams params);

    /** {@code torchscript/code}: the function's IR as the reference prints {@code fn.code}. */
    @JsonRequest
    CompletableFuture<IrText> code(TextDocumentPositionParams params);

    /**
     * {@code torchscript/statistics} (no parameters): how much work the server's project has done
     * so far, for tests and benchmarks of its caching.
     */
    @JsonRequest
    CompletableFuture<Statistics> statistics();

    /**
     * The answer of {@code torchscript/statistics}.
     *
     * @param checks how many times a file was checked (requests answered from the cache do not count)
     * @param parses how many times another file was parsed for navigation (definitions, members, references)
     * @param indexed how many of the workspace's files are indexed now (symbols and words)
     * @param cancelled how many requests stopped their work because they were cancelled
     */
    record Statistics(long checks, long parses, long indexed, long cancelled) {}

    /**
     * The answer of {@code torchscript/graph} and {@code torchscript/code}.
     *
     * @param function the qualified name, {@code __torch__.f} or {@code __torch__.M.forward}
     * @param text the printed graph or code
     * @param range the function's name in its {@code def}
     */
    record IrText(String function, String text, Range range) {}
}
