package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code $/cancelRequest} over JSON-RPC: a references request across a workspace of {@value
 * #FILES} files that all import and use {@code pkg.util.helper} (each must be parsed) is cancelled
 * right after it is sent, and again once the server has begun parsing the files; each time the
 * server answers the JSON-RPC RequestCancelled error and its work stops before it has parsed every
 * file (counted through {@code torchscript/statistics}); the same request, not cancelled, then
 * answers every use.
 */
class CancellationTest {
    private static final int FILES = 300;
    private static final int USES = 12;
    private static final String UTIL = "def helper(x: int) -> int:\n    return x + 1\n";

    private static void generate(Path root) throws IOException {
        Files.createDirectories(root.resolve("pkg"));
        Files.writeString(root.resolve("pkg/__init__.py"), "");
        Files.writeString(root.resolve("pkg/util.py"), UTIL);
        for (int i = 0; i < FILES; i++) {
            StringBuilder text = new StringBuilder("from pkg.util import helper\n");
            for (int k = 0; k < USES; k++) {
                text.append("\n\ndef f").append(k).append("(x: int) -> int:\n    y = helper(x) + ").append(k)
                        .append("\n    return y * 2\n");
            }
            Files.writeString(root.resolve("user" + i + ".py"), text.toString());
        }
    }

    @Test
    void aCancelledReferencesRequestAnswersRequestCancelledAndStopsItsWork(@TempDir Path root)
            throws IOException, InterruptedException {
        generate(root);
        String util = root.resolve("pkg/util.py").toUri().toString();
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 0}", new ClientCapabilities(), root.toUri().toString())) {
            client.open(util, UTIL);
            client.latest(util, p -> true);
            ReferenceParams params = new ReferenceParams(new TextDocumentIdentifier(util), new Position(0, 6),
                    new ReferenceContext(true));

            // cancelled at once: the work stops before it parses every file, or never starts
            CompletableFuture<List<? extends Location>> first = client.server.getTextDocumentService().references(params);
            first.cancel(true); // LSP4J's client sends $/cancelRequest
            assertCancelled(client);
            TorchScriptService.Statistics s = awaitCancelled(client, 1);
            assertTrue(s.parses() < FILES, "the work stopped early: " + s.parses() + " files parsed");

            // cancelled once the server is parsing the workspace's files: the work stops at its next file
            CompletableFuture<List<? extends Location>> second = client.server.getTextDocumentService().references(params);
            long before = s.parses();
            while (get(client.server.statistics()).parses() == before && !second.isDone()) {
                Thread.onSpinWait();
            }
            second.cancel(true);
            assertCancelled(client);
            s = awaitCancelled(client, 2);
            assertTrue(s.parses() < FILES, "the work stopped early: " + s.parses() + " files parsed");

            List<? extends Location> all = get(client.server.getTextDocumentService().references(params));
            assertEquals(1 + FILES * (1 + USES), all.size());
            assertEquals(2, get(client.server.statistics()).cancelled());
        }
    }

    /** The next error response is RequestCancelled. */
    private static void assertCancelled(LspClient client) throws InterruptedException {
        ResponseMessage error = client.errors.poll(LspClient.WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(error, "no answer to the cancelled request");
        assertEquals(ResponseErrorCode.RequestCancelled.getValue(), error.getError().getCode(), error.toString());
    }

    /** The server's statistics once {@code n} requests stopped their work on a cancellation. */
    private static TorchScriptService.Statistics awaitCancelled(LspClient client, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LspClient.WAIT_SECONDS);
        TorchScriptService.Statistics s = get(client.server.statistics());
        while (s.cancelled() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
            s = get(client.server.statistics());
        }
        assertEquals(n, s.cancelled(), "the request's work saw the cancellation");
        return s;
    }
}
