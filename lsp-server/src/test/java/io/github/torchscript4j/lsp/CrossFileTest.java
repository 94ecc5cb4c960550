package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports between project files over JSON-RPC: a workspace folder in a temporary directory with a
 * package {@code pkg} whose {@code util.py} defines {@code helper}, and a {@code main.py} that
 * imports and calls it. The wrong-argument message is the reference's (PyTorch 1.13.1, with the
 * folder on {@code sys.path}), as the checker's own {@code WorkspaceTest} records it.
 */
class CrossFileTest {
    private static final String UTIL = """
            import torch


            def helper(x: int) -> int:
                return x + 1
            """;

    private static final String MAIN = """
            import torch
            from pkg.util import helper
            import pkg.util as u


            @torch.jit.script
            def f(x: int) -> int:
                return helper("s") + u.helper(x)
            """;

    private static final String WRONG_ARGUMENT =
            "helper(int x) -> int\nExpected a value of type 'int' for argument 'x' but instead found type 'str'.";

    private static Path project(Path root, String mainFolder) throws IOException {
        Files.createDirectories(root.resolve("pkg"));
        Files.writeString(root.resolve("pkg/__init__.py"), "");
        Files.writeString(root.resolve("pkg/util.py"), UTIL);
        Path main = root.resolve(mainFolder).resolve("main.py");
        Files.createDirectories(main.getParent());
        Files.writeString(main, MAIN);
        return main;
    }

    private static LspClient client(Path root) {
        return new LspClient("{\"diagnosticsDelayMs\": 0}", new ClientCapabilities(), root.toUri().toString());
    }

    private static String uri(Path p) {
        return p.toUri().toString();
    }

    private static boolean wrongArgument(PublishDiagnosticsParams p) {
        return p.getDiagnostics().size() == 1 && p.getDiagnostics().get(0).getMessage().getLeft().equals(WRONG_ARGUMENT);
    }

    @Test
    void aWrongArgumentInACallIntoAnotherFileIsReportedAtTheCall(@TempDir Path root) throws IOException {
        Path main = project(root, ".");
        try (LspClient client = client(root)) {
            client.open(uri(main), MAIN);
            PublishDiagnosticsParams p = client.latest(uri(main), d -> true);
            assertEquals(1, p.getDiagnostics().size(), p.getDiagnostics().toString());
            assertEquals(WRONG_ARGUMENT, p.getDiagnostics().get(0).getMessage().getLeft());
            assertEquals("TS0115", p.getDiagnostics().get(0).getCode().getLeft());
            assertEquals(new Range(new Position(7, 11), new Position(7, 17)), p.getDiagnostics().get(0).getRange());
        }
    }

    @Test
    void editingTheOpenImportedFileRechecksTheImporterAndItsErrorsStayInIt(@TempDir Path root) throws IOException {
        Path main = project(root, ".");
        Path util = root.resolve("pkg/util.py");
        try (LspClient client = client(root)) {
            client.open(uri(main), MAIN);
            client.latest(uri(main), CrossFileTest::wrongArgument);
            client.open(uri(util), UTIL);
            client.latest(uri(util), p -> p.getDiagnostics().isEmpty());
            // def helper(x: str): the call with "s" is right now, but u.helper(x) passes an int
            client.edit(uri(util), 2, 3, 14, 3, 17, "str");
            PublishDiagnosticsParams mainNow = client.latest(uri(main),
                    p -> p.getDiagnostics().stream().noneMatch(d -> d.getMessage().getLeft().equals(WRONG_ARGUMENT)));
            assertEquals(1, mainNow.getDiagnostics().size(), mainNow.getDiagnostics().toString());
            assertEquals(new Range(new Position(7, 25), new Position(7, 33)), mainNow.getDiagnostics().get(0).getRange());
            assertTrue(mainNow.getDiagnostics().get(0).getMessage().getLeft().startsWith("helper(str x) -> int\n"),
                    mainNow.getDiagnostics().get(0).getMessage().getLeft());
            // ... and `x + 1` with a str x is wrong inside helper: shown on util.py, never on main.py
            PublishDiagnosticsParams utilNow = client.latest(uri(util), p -> !p.getDiagnostics().isEmpty());
            assertEquals(4, utilNow.getDiagnostics().get(0).getRange().getStart().getLine(), utilNow.toString());
            assertEquals(2, utilNow.getVersion());
            // back to int: the importer's error returns, the imported file's goes
            client.edit(uri(util), 3, 3, 14, 3, 17, "int");
            client.latest(uri(main), CrossFileTest::wrongArgument);
            client.latest(uri(util), p -> p.getDiagnostics().isEmpty());
            // an edit inside f (the incremental path) still checks calls into the other file
            client.edit(uri(main), 2, 7, 18, 7, 21, "1");
            client.latest(uri(main), p -> p.getVersion() == 2 && p.getDiagnostics().isEmpty());
            client.edit(uri(main), 3, 7, 18, 7, 19, "2.5");
            PublishDiagnosticsParams floatArg = client.latest(uri(main), p -> p.getVersion() == 3);
            assertEquals(1, floatArg.getDiagnostics().size(), floatArg.toString());
            assertTrue(floatArg.getDiagnostics().get(0).getMessage().getLeft().contains("found type 'float'"),
                    floatArg.getDiagnostics().get(0).getMessage().getLeft());
        }
    }

    @Test
    void aClosedImportedFileChangedOnDiskRechecksTheImporter(@TempDir Path root) throws IOException {
        Path main = project(root, ".");
        Path util = root.resolve("pkg/util.py");
        try (LspClient client = client(root)) {
            client.open(uri(main), MAIN.replace(" + u.helper(x)", ""));
            client.latest(uri(main), CrossFileTest::wrongArgument);
            Files.writeString(util, UTIL.replace("x: int", "x: str").replace("x + 1", "1"));
            client.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(
                    new FileEvent(uri(util), FileChangeType.Changed))));
            client.latest(uri(main), p -> p.getDiagnostics().isEmpty());
            Files.delete(util);
            client.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(
                    new FileEvent(uri(util), FileChangeType.Deleted))));
            PublishDiagnosticsParams gone = client.latest(uri(main), p -> !p.getDiagnostics().isEmpty());
            assertEquals("No module named 'pkg.util'", gone.getDiagnostics().get(0).getMessage().getLeft(), gone.toString());
        }
    }

    @Test
    void configuredSourceRootsResolveImports(@TempDir Path root) throws IOException {
        Path src = root.resolve("src");
        project(src, "../app");
        Path main = root.resolve("app/main.py");
        String text = MAIN.replace(" + u.helper(x)", "");
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 0, \"sourceRoots\": [\"src\"]}",
                new ClientCapabilities(), uri(root))) {
            client.open(uri(main), text);
            client.latest(uri(main), CrossFileTest::wrongArgument);
        }
        try (LspClient client = client(root)) { // pkg is on no source root: a third-party module, opaque
            client.open(uri(main), text);
            assertEquals(List.of(), client.latest(uri(main), p -> true).getDiagnostics());
        }
    }

    @Test
    void sourceRootsConfiguredLaterRecheckTheOpenDocuments(@TempDir Path root) throws IOException {
        project(root.resolve("src"), "../app");
        Path main = root.resolve("app/main.py");
        try (LspClient client = client(root)) {
            client.open(uri(main), MAIN.replace(" + u.helper(x)", ""));
            assertEquals(List.of(), client.latest(uri(main), p -> true).getDiagnostics());
            client.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(
                    com.google.gson.JsonParser.parseString("{\"torchscript\": {\"sourceRoots\": [\"src\"]}}")));
            client.latest(uri(main), CrossFileTest::wrongArgument);
        }
    }

    @Test
    void aChangeReachesImportersThroughOtherFiles(@TempDir Path root) throws IOException {
        Path main = project(root, ".").normalize();
        Path mid = root.resolve("pkg/mid.py");
        Files.writeString(mid, "from pkg.util import helper\n");
        Path util = root.resolve("pkg/util.py");
        String text = MAIN.replace("from pkg.util import helper", "from pkg.mid import helper").replace(" + u.helper(x)", "");
        try (LspClient client = client(root)) {
            client.open(uri(main), text);
            client.latest(uri(main), CrossFileTest::wrongArgument);
            client.open(uri(util), UTIL);
            client.edit(uri(util), 2, 3, 14, 3, 17, "str");
            client.latest(uri(main), p -> p.getDiagnostics().isEmpty());
        }
    }

    @Test
    void goToDefinitionJumpsIntoTheImportedFile(@TempDir Path root) throws IOException {
        Path main = project(root, ".");
        Range helper = new Range(new Position(3, 4), new Position(3, 10));
        try (LspClient client = client(root)) {
            client.open(uri(main), MAIN);
            for (Position at : List.of(new Position(1, 23), new Position(7, 13), new Position(7, 27))) {
                List<? extends Location> found = get(client.server.getTextDocumentService().definition(
                        new DefinitionParams(new TextDocumentIdentifier(uri(main)), at))).getLeft();
                assertEquals(List.of(new Location(uri(root.resolve("pkg/util.py")), helper)), found, "at " + at);
            }
            // the module itself: its file's start
            List<? extends Location> module = get(client.server.getTextDocumentService().definition(
                    new DefinitionParams(new TextDocumentIdentifier(uri(main)), new Position(7, 25)))).getLeft();
            assertEquals(List.of(new Location(uri(root.resolve("pkg/util.py")),
                    new Range(new Position(0, 0), new Position(0, 0)))), module);
            // a local name still resolves in the file
            List<? extends Location> local = get(client.server.getTextDocumentService().definition(
                    new DefinitionParams(new TextDocumentIdentifier(uri(main)), new Position(7, 34)))).getLeft();
            assertEquals(List.of(new Location(uri(main), new Range(new Position(6, 6), new Position(6, 7)))), local);
        }
    }

    @Test
    void hoverOnACallOfAnImportedFunctionShowsItsSignature(@TempDir Path root) throws IOException {
        Path main = project(root, ".");
        try (LspClient client = client(root)) {
            client.open(uri(main), MAIN);
            for (Position at : List.of(new Position(7, 13), new Position(7, 28))) {
                Hover h = get(client.server.getTextDocumentService().hover(
                        new HoverParams(new TextDocumentIdentifier(uri(main)), at)));
                assertEquals("```python\ndef helper(x: int) -> int\n```", h.getContents().getRight().getValue(), "at " + at);
            }
        }
    }
}
