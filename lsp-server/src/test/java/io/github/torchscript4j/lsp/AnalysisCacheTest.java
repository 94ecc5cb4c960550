package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.CrossFileMembersTest.MAIN;
import static io.github.torchscript4j.lsp.CrossFileMembersTest.UTIL;
import static io.github.torchscript4j.lsp.CrossFileMembersTest.at;
import static io.github.torchscript4j.lsp.CrossFileMembersTest.uri;
import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's cache, counted through {@code torchscript/statistics} (checks run and files parsed
 * for navigation; no timing): requests on an unchanged workspace — hover, definition, references,
 * completion — check and parse nothing again, and an edit of an imported file invalidates its
 * importers, which are checked once more and then served from the cache again.
 */
class AnalysisCacheTest {
    private static TorchScriptService.Statistics stats(LspClient client) {
        return get(client.server.statistics());
    }

    /** One round of requests on main.py: hovers and definitions into util.py, references of a method, completion. */
    private static void requests(LspClient client, String main, Position completion) {
        TextDocumentIdentifier doc = new TextDocumentIdentifier(main);
        for (Position p : new Position[] {at(MAIN, "b.get", 0, 3), at(MAIN, "u.helper", 0, 3), at(MAIN, "block.twice", 0, 8)}) {
            get(client.server.getTextDocumentService().hover(new HoverParams(doc, p)));
            get(client.server.getTextDocumentService().definition(new DefinitionParams(doc, p)));
        }
        get(client.server.getTextDocumentService().references(
                new ReferenceParams(doc, at(MAIN, "b.get", 0, 3), new ReferenceContext(true))));
        get(client.server.getTextDocumentService().completion(new CompletionParams(doc, completion)));
    }

    @Test
    void requestsOnAnUnchangedWorkspaceCheckNothingAgainAndAnEditInvalidatesTheImporters(@TempDir Path root)
            throws IOException {
        Path mainPath = CrossFileMembersTest.project(root);
        String main = uri(mainPath);
        String util = uri(root.resolve("models/util.py"));
        // completion after `b.` at the end of f's return
        Position completion = at(MAIN, "b.n", 0, 2);
        try (LspClient client = CrossFileMembersTest.client(root)) {
            client.open(main, MAIN);
            client.open(util, UTIL);
            client.latest(main, p -> true);
            client.latest(util, p -> true);
            requests(client, main, completion);
            TorchScriptService.Statistics first = stats(client);
            assertTrue(first.checks() >= 2, first.toString());
            for (int i = 0; i < 3; i++) {
                requests(client, main, completion);
            }
            assertEquals(first, stats(client), "the same requests again: nothing checked or parsed");

            // an edit of util.py (helper now takes a str): util and its importer main are checked
            // again, main's call u.helper(x) is wrong now; then both are served from the cache again
            Position type = at(UTIL, "helper(x: int)", 0, 10);
            client.edit(util, 2, type.getLine(), type.getCharacter(), type.getLine(), type.getCharacter() + 3, "str");
            client.latest(util, p -> p.getVersion() == 2);
            client.latest(main, p -> !p.getDiagnostics().isEmpty());
            requests(client, main, completion);
            TorchScriptService.Statistics edited = stats(client);
            assertTrue(edited.checks() > first.checks(), edited + " after " + first);
            for (int i = 0; i < 3; i++) {
                requests(client, main, completion);
            }
            assertEquals(edited, stats(client), "unchanged since the edit: nothing checked or parsed");
        }
    }
}
