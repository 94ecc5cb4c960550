package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code textDocument/prepareRename} and {@code textDocument/rename} over JSON-RPC; each rename is applied and rechecked. */
class RenameTest {
    private static final String URI = "file:///project/model.py";

    private static final String SOURCE = """
            import torch


            @torch.jit.script
            def helper(a: int) -> int:
                return a + 1


            @torch.jit.script
            def f(x: torch.Tensor) -> torch.Tensor:
                n = helper(a=2)
                y = x * n
                return y + n
            """;

    private final LspClient client = new LspClient();

    @AfterEach
    void close() {
        client.close();
    }

    private String renamed(String marked, String newName) {
        Fixture f = Fixture.of(marked);
        client.open(URI, f.text());
        WorkspaceEdit edit = get(client.server.getTextDocumentService()
                .rename(new RenameParams(new TextDocumentIdentifier(URI), f.cursor(), newName)));
        String result = TextEdits.apply(f.text(), edit.getChanges().get(URI));
        client.close(URI);
        String checked = "file:///project/renamed-" + newName + ".py";
        client.open(checked, result);
        assertEquals(List.of(), client.diagnostics(checked, p -> p.getVersion() != null).getDiagnostics(),
                "the renamed file still checks");
        return result;
    }

    @Test
    void renamingALocalRenamesItsUsesInItsFunctionOnly() {
        String out = renamed(SOURCE.replace("return y + n", "return y + |n"), "count");
        assertEquals(SOURCE.replace("n = helper", "count = helper").replace("x * n", "x * count")
                .replace("y + n", "y + count"), out);
    }

    @Test
    void renamingAParameterRenamesTheKeywordsOfCalls() {
        String out = renamed(SOURCE.replace("def helper(a: int)", "def helper(|a: int)"), "k");
        assertEquals(SOURCE.replace("helper(a: int)", "helper(k: int)").replace("return a + 1", "return k + 1")
                .replace("helper(a=2)", "helper(k=2)"), out);
    }

    @Test
    void renamingAFunctionRenamesItsDefinitionAndCalls() {
        String out = renamed(SOURCE.replace("n = helper(", "n = hel|per("), "plus_one");
        assertEquals(SOURCE.replace("def helper", "def plus_one").replace("= helper(", "= plus_one("), out);
    }

    @Test
    void prepareRenameGivesTheNameAndItsRangeAndRefusesImports() {
        Fixture f = Fixture.of(SOURCE.replace("y = x * n", "y = x * n|"));
        client.open(URI, f.text());
        PrepareRenameResult r = get(client.server.getTextDocumentService()
                .prepareRename(new PrepareRenameParams(new TextDocumentIdentifier(URI), f.cursor()))).getSecond();
        assertEquals("n", r.getPlaceholder());
        assertEquals(new Range(new Position(11, 12), new Position(11, 13)), r.getRange());
        assertNull(get(client.server.getTextDocumentService()
                .prepareRename(new PrepareRenameParams(new TextDocumentIdentifier(URI), new Position(0, 9)))),
                "an import is not renamed");
    }

    @Test
    void aRenameThatWouldChangeTheMeaningOrIsNoNameIsRefused() {
        Fixture f = Fixture.of(SOURCE.replace("y = x * n", "y = x * |n"));
        client.open(URI, f.text());
        assertTrue(refusal(f, "y").contains("'y' is already defined"), refusal(f, "y"));
        assertTrue(refusal(f, "helper").contains("already defined"));
        assertTrue(refusal(f, "class").contains("not a valid Python name"));
        assertTrue(refusal(f, "2n").contains("not a valid Python name"));
    }

    private String refusal(Fixture f, String newName) {
        var future = client.server.getTextDocumentService()
                .rename(new RenameParams(new TextDocumentIdentifier(URI), f.cursor(), newName));
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(LspClient.WAIT_SECONDS, TimeUnit.SECONDS));
        return assertInstanceOf(ResponseErrorException.class, e.getCause()).getMessage();
    }
}
