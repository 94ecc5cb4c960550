package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members of other project files over JSON-RPC: completion after an imported project module ({@code
 * u.}, {@code util.}, {@code from models.util import }), and the methods and attributes of a class
 * or scripted module defined in another file — completion after {@code b.} and {@code self.block.},
 * hover, definition, references and rename across the files. A workspace folder in a temporary
 * directory holds the package {@code models} ({@code util.py}) and a {@code main.py} that uses it;
 * cursors are marked with {@code |}.
 */
class CrossFileMembersTest {
    static final String UTIL = """
            import torch

            SCALE: float = 2.0
            LIMIT = 4


            def helper(x: int) -> int:
                \"\"\"Adds one.\"\"\"
                return x + 1


            def _private() -> int:
                return 0


            class Box:
                def __init__(self, n: int):
                    self.n = n

                def get(self) -> int:
                    \"\"\"The number in the box.\"\"\"
                    return self.n

                def scaled(self, k: int) -> int:
                    return self.get() * k


            class Block(torch.nn.Module):
                def __init__(self, dim: int):
                    super().__init__()
                    self.dim = dim

                def twice(self, x: torch.Tensor) -> torch.Tensor:
                    return x * 2

                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    return self.twice(x) * self.dim
            """;

    static final String MAIN = """
            import torch
            import models.util as u
            from models import util
            from models.util import Box, Block


            @torch.jit.script
            def f(x: int) -> int:
                b = Box(x)
                return b.get() + b.n + u.helper(x) + util.helper(1)


            class M(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.block = Block(3)

                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    return self.block.twice(x)
            """;

    static Path project(Path root) throws IOException {
        Files.createDirectories(root.resolve("models"));
        Files.writeString(root.resolve("models/__init__.py"), "");
        Files.writeString(root.resolve("models/util.py"), UTIL);
        Files.writeString(root.resolve("models/other.py"), "X = 1\n");
        Path main = root.resolve("main.py");
        Files.writeString(main, MAIN);
        return main;
    }

    static LspClient client(Path root) {
        return new LspClient("{\"diagnosticsDelayMs\": 0}", new ClientCapabilities(), root.toUri().toString());
    }

    static String uri(Path p) {
        return p.toUri().toString();
    }

    /** The position of the {@code nth} (0-based) occurrence of {@code needle} in {@code text}, plus {@code delta} characters. */
    static Position at(String text, String needle, int nth, int delta) {
        int i = -1;
        for (int k = 0; k <= nth; k++) {
            i = text.indexOf(needle, i + 1);
            if (i < 0) {
                throw new IllegalArgumentException(needle + " #" + nth);
            }
        }
        i += delta;
        int line = (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
        return new Position(line, i - text.lastIndexOf('\n', i - 1) - 1);
    }

    static Range range(String text, String needle, int nth, int delta, int length) {
        Position p = at(text, needle, nth, delta);
        return new Range(p, new Position(p.getLine(), p.getCharacter() + length));
    }

    /** Completes at the cursor of {@code marked}, opened as the document at {@code file}: label to "kind detail". */
    static Map<String, String> complete(LspClient client, Path file, String marked) {
        Fixture fx = Fixture.of(marked);
        client.open(uri(file), fx.text());
        List<CompletionItem> items = get(client.server.getTextDocumentService().completion(
                new CompletionParams(new TextDocumentIdentifier(uri(file)), fx.cursor()))).getRight().getItems();
        Map<String, String> out = new LinkedHashMap<>();
        for (CompletionItem i : items) {
            out.put(i.getLabel(), i.getKind() + " " + i.getDetail());
        }
        client.close(uri(file));
        return out;
    }

    @Test
    void completionAfterAnImportedProjectModuleListsItsNames(@TempDir Path root) throws IOException {
        project(root);
        Path user = root.resolve("user.py");
        try (LspClient client = client(root)) {
            for (String receiver : List.of("u", "util", "models.util")) {
                Map<String, String> items = complete(client, user, """
                        import models.util as u
                        from models import util
                        import models.util


                        def g() -> int:
                            return RECEIVER.|
                        """.replace("RECEIVER", receiver));
                assertEquals(CompletionItemKind.Function + " def helper(x: int) -> int", items.get("helper"), receiver);
                assertEquals(CompletionItemKind.Class + " class Box", items.get("Box"), receiver);
                assertEquals(CompletionItemKind.Class + " class Block(torch.nn.Module)", items.get("Block"), receiver);
                assertEquals(CompletionItemKind.Variable + " SCALE: float", items.get("SCALE"), receiver);
                assertEquals(CompletionItemKind.Variable + " (variable) models.util.LIMIT", items.get("LIMIT"), receiver);
                assertFalse(items.containsKey("_private"), receiver);
                assertFalse(items.containsKey("cat"), "not torch's members: " + items.keySet());
            }
            // a package: its submodules
            Map<String, String> pkg = complete(client, user, "import models\n\nmodels.|\n");
            assertEquals(CompletionItemKind.Module + " models.util", pkg.get("util"), pkg.toString());
            assertEquals(CompletionItemKind.Module + " models.other", pkg.get("other"), pkg.toString());
        }
    }

    @Test
    void completionAfterFromImportListsTheModulesNames(@TempDir Path root) throws IOException {
        project(root);
        try (LspClient client = client(root)) {
            Map<String, String> items = complete(client, root.resolve("user.py"), "from models.util import |\n");
            assertEquals(List.of("SCALE", "LIMIT", "helper", "Box", "Block"), List.copyOf(items.keySet()));
            Map<String, String> more = complete(client, root.resolve("user.py"), "from models.util import helper, B|\n");
            assertEquals(CompletionItemKind.Class + " class Box", more.get("Box"));
            // relative, from a file of the package
            Map<String, String> relative = complete(client, root.resolve("models/user.py"), "from .util import (|\n");
            assertEquals(CompletionItemKind.Function + " def helper(x: int) -> int", relative.get("helper"));
            Map<String, String> sibling = complete(client, root.resolve("models/user.py"), "from . import |\n");
            assertTrue(sibling.containsKey("util") && sibling.containsKey("other"), sibling.toString());
            // a module that is no project file: nothing from the project
            assertEquals(Map.of(), complete(client, root.resolve("user.py"), "from nowhere.at.all import |\n"));
        }
    }

    @Test
    void completionAfterAnInstanceOfAnotherFilesClassListsItsMethodsAndAttributes(@TempDir Path root) throws IOException {
        project(root);
        try (LspClient client = client(root)) {
            Map<String, String> box = complete(client, root.resolve("user.py"), """
                    import torch
                    from models.util import Box


                    @torch.jit.script
                    def f(x: int) -> int:
                        b = Box(x)
                        return b.|
                    """);
            assertEquals(List.of("get", "scaled", "n"), List.copyOf(box.keySet()));
            assertEquals(CompletionItemKind.Method + " def get(self) -> int", box.get("get"));
            assertEquals(CompletionItemKind.Method + " def scaled(self, k: int) -> int", box.get("scaled"));
            assertEquals(CompletionItemKind.Field + " Box.n", box.get("n"));
            Map<String, String> block = complete(client, root.resolve("user.py"), """
                    import torch
                    from models.util import Block


                    class M(torch.nn.Module):
                        def __init__(self):
                            super().__init__()
                            self.block = Block(3)

                        def forward(self, x: torch.Tensor) -> torch.Tensor:
                            return self.block.|
                    """);
            assertEquals(List.of("twice", "forward", "dim"), List.copyOf(block.keySet()));
            assertEquals(CompletionItemKind.Method + " def twice(self, x: Tensor) -> Tensor", block.get("twice"));
        }
    }

    @Test
    void hoverAndDefinitionOfAnotherFilesMethodsAndAttributes(@TempDir Path root) throws IOException {
        Path main = project(root);
        String util = uri(root.resolve("models/util.py"));
        try (LspClient client = client(root)) {
            client.open(uri(main), MAIN);
            assertEquals(List.of(), client.latest(uri(main), p -> true).getDiagnostics());
            Hover h = get(client.server.getTextDocumentService().hover(
                    new HoverParams(new TextDocumentIdentifier(uri(main)), at(MAIN, "b.get", 0, 3))));
            assertEquals("```python\n(method) Box.get(self) -> int\n```\n\nThe number in the box.",
                    h.getContents().getRight().getValue());
            assertEquals(range(MAIN, "b.get", 0, 2, 3), h.getRange());
            Hover twice = get(client.server.getTextDocumentService().hover(
                    new HoverParams(new TextDocumentIdentifier(uri(main)), at(MAIN, "block.twice", 0, 7))));
            assertEquals("```python\n(method) Block.twice(self, x: Tensor) -> Tensor\n```", twice.getContents().getRight().getValue());
            Map<Position, Location> expected = Map.of(
                    at(MAIN, "b.get", 0, 3), new Location(util, range(UTIL, "def get", 0, 4, 3)),
                    at(MAIN, "b.n", 0, 2), new Location(util, range(UTIL, "self.n = n", 0, 5, 1)),
                    at(MAIN, "block.twice", 0, 8), new Location(util, range(UTIL, "def twice", 0, 4, 5)),
                    at(MAIN, "self.block.twice", 0, 6), new Location(uri(main), range(MAIN, "self.block = ", 0, 5, 5)));
            expected.forEach((position, location) -> assertEquals(List.of(location),
                    get(client.server.getTextDocumentService().definition(
                            new DefinitionParams(new TextDocumentIdentifier(uri(main)), position))).getLeft(),
                    "at " + position));
        }
    }

    @Test
    void referencesAndRenameOfAMethodCoverEveryFile(@TempDir Path root) throws IOException {
        Path main = project(root);
        Path utilPath = root.resolve("models/util.py");
        String util = uri(utilPath);
        try (LspClient client = client(root)) {
            client.open(uri(main), MAIN);
            List<Location> expected = List.of(
                    new Location(uri(main), range(MAIN, "b.get", 0, 2, 3)),
                    new Location(util, range(UTIL, "def get", 0, 4, 3)),
                    new Location(util, range(UTIL, "self.get()", 0, 5, 3)));
            // from a use in main.py (the util file closed), then from the def in the open util.py
            List<? extends Location> fromUse = get(client.server.getTextDocumentService().references(new ReferenceParams(
                    new TextDocumentIdentifier(uri(main)), at(MAIN, "b.get", 0, 3), new ReferenceContext(true))));
            assertEquals(sorted(expected), sorted(fromUse));
            client.open(util, UTIL);
            List<? extends Location> fromDef = get(client.server.getTextDocumentService().references(new ReferenceParams(
                    new TextDocumentIdentifier(util), at(UTIL, "def get", 0, 5), new ReferenceContext(false))));
            assertEquals(sorted(expected.stream().filter(l -> !l.getRange().equals(range(UTIL, "def get", 0, 4, 3))).toList()),
                    sorted(fromDef));
            WorkspaceEdit edit = get(client.server.getTextDocumentService().rename(new RenameParams(
                    new TextDocumentIdentifier(uri(main)), at(MAIN, "b.get", 0, 3), "value")));
            assertEquals(Map.of(uri(main), List.of(range(MAIN, "b.get", 0, 2, 3)),
                    util, List.of(range(UTIL, "def get", 0, 4, 3), range(UTIL, "self.get()", 0, 5, 3))),
                    edit.getChanges().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().stream().peek(t -> assertEquals("value", t.getNewText()))
                                    .map(TextEdit::getRange).toList())));
            // an attribute: self.dim in Block, through the submodule in main.py
            List<? extends Location> dim = get(client.server.getTextDocumentService().references(new ReferenceParams(
                    new TextDocumentIdentifier(util), at(UTIL, "self.dim = dim", 0, 6), new ReferenceContext(true))));
            assertEquals(List.of(new Location(util, range(UTIL, "self.dim = dim", 0, 5, 3)),
                    new Location(util, range(UTIL, "self.dim\n", 0, 5, 3))), sorted(dim));
        }
    }

    private static List<Location> sorted(List<? extends Location> ls) {
        return ls.stream().map(l -> (Location) l).sorted(java.util.Comparator.comparing(Location::getUri)
                .thenComparing(l -> l.getRange().getStart().getLine()).thenComparing(l -> l.getRange().getStart().getCharacter()))
                .toList();
    }
}
