package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.CrossFileMembersTest.at;
import static io.github.torchscript4j.lsp.CrossFileMembersTest.complete;
import static io.github.torchscript4j.lsp.CrossFileMembersTest.range;
import static io.github.torchscript4j.lsp.CrossFileMembersTest.uri;
import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members inherited from base classes over JSON-RPC, as Pyright gives them: completion after
 * {@code self.} and after an instance, hover, definition and references of a method or attribute
 * that a base class declares — in another project file ({@code from models.base import Base}) or
 * in the same file, through two levels of bases. The scripted module {@code Child} compiles in
 * the reference (PyTorch scripts a method its base defines). Cursors are marked with {@code |}.
 */
class InheritedMembersTest {
    static final String BASE = """
            import torch


            class Base(torch.nn.Module):
                def __init__(self, dim: int):
                    super().__init__()
                    self.dim = dim

                def helper(self, x: torch.Tensor) -> torch.Tensor:
                    \"\"\"Scales by the dimension.\"\"\"
                    return x * self.dim

                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    return x
            """;

    static final String MAIN = """
            import torch
            import models.base as mb
            from models.base import Base


            class Child(Base):
                def __init__(self):
                    super().__init__(3)
                    self.scale = 2

                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    return self.helper(x) * self.dim * self.scale


            class Local(torch.nn.Module):
                def shared(self, x: torch.Tensor) -> torch.Tensor:
                    return x


            class Mid(Local):
                pass


            class Leaf(Mid):
                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    return self.shared(x)


            class Qualified(mb.Base):
                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    return self.helper(x)


            class Holder(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.child = Child()

                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    return self.child.helper(x)
            """;

    private static Path project(Path root) throws IOException {
        Files.createDirectories(root.resolve("models"));
        Files.writeString(root.resolve("models/__init__.py"), "");
        Files.writeString(root.resolve("models/base.py"), BASE);
        Path main = root.resolve("main.py");
        Files.writeString(main, MAIN);
        return main;
    }

    @Test
    void completionListsInheritedMembersAfterTheClassesOwn(@TempDir Path root) throws IOException {
        project(root);
        try (LspClient client = CrossFileMembersTest.client(root)) {
            Map<String, String> self = complete(client, root.resolve("user.py"), """
                    import torch
                    from models.base import Base


                    class Child(Base):
                        def __init__(self):
                            super().__init__(3)
                            self.scale = 2

                        def forward(self, x: torch.Tensor) -> torch.Tensor:
                            return self.|
                    """);
            assertEquals(List.of("scale", "forward", "helper", "dim"), List.copyOf(self.keySet()));
            assertEquals(CompletionItemKind.Method + " def helper(self, x: Tensor) -> Tensor", self.get("helper"));
            assertEquals(CompletionItemKind.Field + " Base.dim", self.get("dim"));

            Map<String, String> instance = complete(client, root.resolve("user.py"), MAIN.replace(
                    "return self.child.helper(x)", "return self.child.|"));
            assertEquals(List.of("forward", "scale", "helper", "dim"), List.copyOf(instance.keySet()));
            assertEquals(CompletionItemKind.Field + " Child.scale", instance.get("scale"));
            assertEquals(CompletionItemKind.Field + " Base.dim", instance.get("dim"));

            Map<String, String> twoLevels = complete(client, root.resolve("user.py"), MAIN.replace(
                    "return self.shared(x)", "return self.|"));
            assertTrue(twoLevels.containsKey("shared"), twoLevels.toString());
        }
    }

    @Test
    void hoverDefinitionAndReferencesReachTheBaseClass(@TempDir Path root) throws IOException {
        Path main = project(root);
        String base = uri(root.resolve("models/base.py"));
        try (LspClient client = CrossFileMembersTest.client(root)) {
            client.open(uri(main), MAIN);
            assertEquals(List.of(), client.latest(uri(main), p -> true).getDiagnostics());
            Hover h = get(client.server.getTextDocumentService().hover(
                    new HoverParams(new TextDocumentIdentifier(uri(main)), at(MAIN, "self.helper", 0, 6))));
            assertEquals("```python\n(method) Base.helper(self, x: Tensor) -> Tensor\n```\n\nScales by the dimension.",
                    h.getContents().getRight().getValue());
            Map<Position, Location> expected = Map.of(
                    at(MAIN, "self.helper", 0, 6), new Location(base, range(BASE, "def helper", 0, 4, 6)),
                    at(MAIN, "self.dim", 0, 6), new Location(base, range(BASE, "self.dim = dim", 0, 5, 3)),
                    at(MAIN, "self.scale\n", 0, 6), new Location(uri(main), range(MAIN, "self.scale = 2", 0, 5, 5)),
                    at(MAIN, "self.shared", 0, 6), new Location(uri(main), range(MAIN, "def shared", 0, 4, 6)),
                    at(MAIN, "self.helper", 1, 6), new Location(base, range(BASE, "def helper", 0, 4, 6)),
                    at(MAIN, "self.child.helper", 0, 12), new Location(base, range(BASE, "def helper", 0, 4, 6)));
            expected.forEach((position, location) -> assertEquals(List.of(location),
                    get(client.server.getTextDocumentService().definition(
                            new DefinitionParams(new TextDocumentIdentifier(uri(main)), position))).getLeft(),
                    "at " + position));

            List<? extends Location> uses = get(client.server.getTextDocumentService().references(new ReferenceParams(
                    new TextDocumentIdentifier(uri(main)), at(MAIN, "self.helper", 0, 6), new ReferenceContext(true))));
            assertTrue(uses.contains(new Location(base, range(BASE, "def helper", 0, 4, 6))), uses.toString());
            assertTrue(uses.contains(new Location(uri(main), range(MAIN, "self.helper", 0, 5, 6))), uses.toString());
            assertTrue(uses.contains(new Location(uri(main), range(MAIN, "self.child.helper", 0, 11, 6))), uses.toString());
        }
    }
}
