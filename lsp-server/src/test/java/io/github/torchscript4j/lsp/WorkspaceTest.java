package io.github.torchscript4j.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.junit.jupiter.api.Test;

/** The workspace service over JSON-RPC: watched files. */
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
}
