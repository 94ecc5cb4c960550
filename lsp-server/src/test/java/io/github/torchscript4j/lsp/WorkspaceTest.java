package io.github.torchscript4j.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace service over JSON-RPC: watched files, workspace symbols. */
class WorkspaceTest {
    private static final String URI = "file:///project/model.py";

    private static final String UNDEFINED = """
            import torch


            @torch.jit.script
            def f(x: torch.Tensor) -> torch.Tensor:
                return x + y
            """;

    private static ClientCapabilities watching() {
        WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
        workspace.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(true));
        ClientCapabilities caps = new ClientCapabilities();
        caps.setWorkspace(workspace);
        return caps;
    }

    @Test
    void aClientThatCanWatchFilesIsAskedToWatchPythonFiles() throws InterruptedException {
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 0}", watching())) {
            Registration r = client.registrations.poll(LspClient.WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(r, "no registration");
            assertEquals("workspace/didChangeWatchedFiles", r.getMethod());
            String options = new Gson().toJson(r.getRegisterOptions());
            assertTrue(options.contains("\"globPattern\":\"**/*.py\""), options);
        }
    }

    @Test
    void aChangedPythonFileRechecksTheOpenDocuments() {
        try (LspClient client = new LspClient()) {
            client.open(URI, UNDEFINED);
            PublishDiagnosticsParams first = client.diagnostics(URI, p -> !p.getDiagnostics().isEmpty());
            client.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(
                    new FileEvent("file:///project/helpers.py", FileChangeType.Changed))));
            PublishDiagnosticsParams again = client.diagnostics(URI, p -> true);
            assertEquals(first.getVersion(), again.getVersion());
            assertEquals(first.getDiagnostics(), again.getDiagnostics());
        }
    }

    @Test
    void workspaceSymbolsComeFromOpenDocumentsAndFilesOnDisk(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("layers.py"), """
                import torch


                class Block(torch.nn.Module):
                    def forward(self, x: torch.Tensor) -> torch.Tensor:
                        return x


                def build_block() -> int:
                    return 1
                """);
        Files.createDirectories(root.resolve("pkg"));
        Files.writeString(root.resolve("pkg/util.py"), "def block_size(n: int) -> int:\n    return n\n");
        Files.createDirectories(root.resolve(".venv"));
        Files.writeString(root.resolve(".venv/hidden.py"), "def block_hidden():\n    pass\n");
        Files.writeString(root.resolve("edited.py"), "def block_on_disk():\n    pass\n");
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 0}", new ClientCapabilities(),
                root.toUri().toString())) {
            String edited = root.resolve("edited.py").toUri().toString();
            client.open(edited, "def block_in_editor():\n    pass\n");
            List<? extends WorkspaceSymbol> found = symbols(client, "blk");
            assertEquals(List.of("Block", "block_in_editor", "block_size", "build_block"),
                    found.stream().map(WorkspaceSymbol::getName).toList());
            WorkspaceSymbol block = found.get(0);
            assertEquals(SymbolKind.Class, block.getKind());
            assertEquals(root.resolve("layers.py").toUri().toString(), block.getLocation().getLeft().getUri());
            assertEquals(new Range(new Position(3, 6), new Position(3, 11)), block.getLocation().getLeft().getRange());
            WorkspaceSymbol forward = symbols(client, "forward").get(0);
            assertEquals("Block", forward.getContainerName());
            assertEquals(SymbolKind.Method, forward.getKind());

            Files.writeString(root.resolve("pkg/util.py"), "def block_count(n: int) -> int:\n    return n\n");
            client.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(
                    new FileEvent(root.resolve("pkg/util.py").toUri().toString(), FileChangeType.Changed))));
            assertTrue(symbols(client, "block_").stream().anyMatch(s -> s.getName().equals("block_count")));
        }
    }

    private static List<? extends WorkspaceSymbol> symbols(LspClient client, String query) {
        return LspClient.get(client.server.getWorkspaceService().symbol(new WorkspaceSymbolParams(query))).getRight();
    }
}
