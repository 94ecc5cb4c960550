package io.github.torchscript4j.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace index over JSON-RPC: after {@code initialized} the server indexes every {@code
 * .py} file of the workspace in the background, as work-done progress on a token it creates when
 * the client advertises {@code window.workDoneProgress}; workspace symbols then cover files never
 * opened; files changed on disk and added folders are indexed again; a {@code workDoneToken} of a
 * request gets its own begin and end.
 */
class IndexingTest {
    /** A module of the generated workspace: a class with a method and a function, named by {@code i}. */
    private static String module(int i) {
        return """
                import torch


                class Layer%d(torch.nn.Module):
                    def forward(self, x: torch.Tensor) -> torch.Tensor:
                        return x


                def helper%d(n: int) -> int:
                    return n + %d
                """.formatted(i, i, i);
    }

    private static void generate(Path root, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path dir = root.resolve("pkg" + i % 3);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("m" + i + ".py"), module(i));
        }
    }

    private static ClientCapabilities withProgress() {
        WindowClientCapabilities window = new WindowClientCapabilities();
        window.setWorkDoneProgress(true);
        ClientCapabilities caps = new ClientCapabilities();
        caps.setWindow(window);
        return caps;
    }

    /** The progress notifications up to and including the next end, all on one token. */
    private static List<WorkDoneProgressNotification> untilEnd(LspClient client, String token) {
        List<WorkDoneProgressNotification> out = new ArrayList<>();
        while (true) {
            ProgressParams p = client.nextProgress();
            assertEquals(token, p.getToken().getLeft());
            out.add(p.getValue().getLeft());
            if (p.getValue().getLeft() instanceof WorkDoneProgressEnd) {
                return out;
            }
        }
    }

    @Test
    void theFirstIndexingIsReportedAsProgressAndFindsSymbolsOfFilesNeverOpened(@TempDir Path root)
            throws IOException, InterruptedException {
        generate(root, 30);
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 0}", withProgress(), root.toUri().toString())) {
            String token = client.progressTokens.poll(LspClient.WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(token != null && !token.isEmpty(), "no progress token was created");
            List<WorkDoneProgressNotification> events = untilEnd(client, token);

            WorkDoneProgressBegin begin = assertInstanceOf(WorkDoneProgressBegin.class, events.get(0));
            assertEquals("Indexing TorchScript files", begin.getTitle());
            assertEquals(0, begin.getPercentage());
            assertEquals("0/30 files", begin.getMessage());
            List<WorkDoneProgressReport> reports = events.subList(1, events.size() - 1).stream()
                    .map(e -> assertInstanceOf(WorkDoneProgressReport.class, e)).toList();
            assertFalse(reports.isEmpty());
            for (int i = 1; i < reports.size(); i++) {
                assertTrue(reports.get(i - 1).getPercentage() < reports.get(i).getPercentage(), "percentages rise");
            }
            WorkDoneProgressReport last = reports.get(reports.size() - 1);
            assertEquals(100, last.getPercentage());
            assertEquals("30/30 files", last.getMessage());
            assertEquals("Indexed 30 files", ((WorkDoneProgressEnd) events.get(events.size() - 1)).getMessage());

            assertEquals(30, LspClient.get(client.server.statistics()).indexed());
            List<? extends WorkspaceSymbol> found = symbols(client, "helper17");
            assertEquals(1, found.size());
            assertEquals(root.resolve("pkg2/m17.py").toUri().toString(), found.get(0).getLocation().getLeft().getUri());
            assertEquals(new Range(new Position(8, 4), new Position(8, 12)), found.get(0).getLocation().getLeft().getRange());
            assertEquals(List.of("Layer17"), symbols(client, "Layer17").stream().map(WorkspaceSymbol::getName).toList());
            assertEquals(0, LspClient.get(client.server.statistics()).parses(), "symbols come from the index, not from parsing");
        }
    }

    @Test
    void withoutTheCapabilityTheServerIndexesSilently(@TempDir Path root) throws IOException, InterruptedException {
        generate(root, 5);
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 0}", new ClientCapabilities(), root.toUri().toString())) {
            List<? extends WorkspaceSymbol> found = symbols(client, "helper3");
            assertEquals(1, found.size());
            assertNull(client.progressTokens.poll(0, TimeUnit.SECONDS));
            assertNull(client.progress.poll(0, TimeUnit.SECONDS));
        }
    }

    @Test
    void changedFilesAndAddedFoldersAreIndexedAgain(@TempDir Path root, @TempDir Path other)
            throws IOException, InterruptedException {
        generate(root, 3);
        Files.writeString(other.resolve("extra.py"), "def far_away(n: int) -> int:\n    return n\n");
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 0}", withProgress(), root.toUri().toString())) {
            untilEnd(client, client.progressTokens.poll(LspClient.WAIT_SECONDS, TimeUnit.SECONDS));

            Path m1 = root.resolve("pkg1/m1.py");
            Files.writeString(m1, "def renamed_helper(n: int) -> int:\n    return n\n");
            Path added = root.resolve("pkg0/added.py");
            Files.writeString(added, "class Added:\n    pass\n");
            client.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(
                    new FileEvent(m1.toUri().toString(), FileChangeType.Changed),
                    new FileEvent(added.toUri().toString(), FileChangeType.Created))));
            assertEquals(List.of("renamed_helper"), symbols(client, "renamed_helper").stream().map(WorkspaceSymbol::getName).toList());
            assertTrue(symbols(client, "helper1").isEmpty());
            assertEquals(List.of("Added"), symbols(client, "Added").stream().map(WorkspaceSymbol::getName).toList());
            Files.delete(added);
            client.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(
                    new FileEvent(added.toUri().toString(), FileChangeType.Deleted))));
            assertTrue(symbols(client, "Added").isEmpty());

            client.server.getWorkspaceService().didChangeWorkspaceFolders(new DidChangeWorkspaceFoldersParams(
                    new WorkspaceFoldersChangeEvent(List.of(new WorkspaceFolder(other.toUri().toString(), "other")), List.of())));
            String second = client.progressTokens.poll(LspClient.WAIT_SECONDS, TimeUnit.SECONDS);
            List<WorkDoneProgressNotification> events = untilEnd(client, second);
            assertEquals("Indexed 4 files", ((WorkDoneProgressEnd) events.get(events.size() - 1)).getMessage());
            assertEquals(4, LspClient.get(client.server.statistics()).indexed());
            assertEquals(other.resolve("extra.py").toUri().toString(),
                    symbols(client, "far_away").get(0).getLocation().getLeft().getUri());
        }
    }

    @Test
    void aRequestsWorkDoneTokenGetsItsOwnProgress(@TempDir Path root) throws IOException, InterruptedException {
        generate(root, 4);
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 0}", new ClientCapabilities(), root.toUri().toString())) {
            WorkspaceSymbolParams params = new WorkspaceSymbolParams("helper");
            params.setWorkDoneToken(Either.forLeft("symbols-1"));
            assertEquals(4, LspClient.get(client.server.getWorkspaceService().symbol(params)).getRight().size());
            List<WorkDoneProgressNotification> events = untilEnd(client, "symbols-1");
            assertEquals(List.of(WorkDoneProgressBegin.class, WorkDoneProgressEnd.class),
                    events.stream().map(Object::getClass).toList());

            String uri = root.resolve("pkg0/m0.py").toUri().toString();
            client.open(uri, module(0));
            ReferenceParams references = new ReferenceParams(new TextDocumentIdentifier(uri), new Position(8, 6),
                    new ReferenceContext(true));
            references.setWorkDoneToken(Either.forRight(7));
            assertEquals(1, LspClient.get(client.server.getTextDocumentService().references(references)).size());
            ProgressParams begin = client.nextProgress();
            assertEquals(7, begin.getToken().getRight());
            assertEquals("Finding references", ((WorkDoneProgressBegin) begin.getValue().getLeft()).getTitle());
            assertInstanceOf(WorkDoneProgressEnd.class, client.nextProgress().getValue().getLeft());
        }
    }

    private static List<? extends WorkspaceSymbol> symbols(LspClient client, String query) {
        return LspClient.get(client.server.getWorkspaceService().symbol(new WorkspaceSymbolParams(query))).getRight();
    }
}
