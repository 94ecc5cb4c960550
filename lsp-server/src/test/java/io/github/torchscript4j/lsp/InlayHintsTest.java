package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.lsp.workspace.Document;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/**
 * {@code textDocument/inlayHint} over JSON-RPC. Each test writes the hints into the source where
 * an editor shows them and compares the result with the source as it reads with the hints.
 */
class InlayHintsTest {
    private static final String URI = "file:///project/model.py";

    private static final String SOURCE = """
            import torch
            from typing import List


            @torch.jit.script
            def f(x, n: int):
                y = torch.zeros(3)
                k = n + 1
                xs = [x, y]
                y = y + x
                return xs


            def plain(a):
                b = a
                return b
            """;

    private static String withHints(LspClient client, String text) {
        client.open(URI, text);
        List<InlayHint> hints = get(client.server.getTextDocumentService().inlayHint(new InlayHintParams(
                new TextDocumentIdentifier(URI), new Range(new Position(0, 0), new Position(100, 0)))));
        List<InlayHint> reversed = new ArrayList<>(hints);
        java.util.Collections.reverse(reversed);
        String out = text;
        for (InlayHint h : reversed) {
            assertEquals(InlayHintKind.Type, h.getKind());
            int at = Document.offset(out, h.getPosition().getLine(), h.getPosition().getCharacter());
            out = out.substring(0, at) + h.getLabel().getLeft() + out.substring(at);
        }
        return out;
    }

    @Test
    void inferredTypesOfVariablesUnannotatedParametersAndReturns() {
        try (LspClient client = new LspClient()) {
            assertEquals("""
                    import torch
                    from typing import List


                    @torch.jit.script
                    def f(x: Tensor, n: int) -> List[Tensor]:
                        y: Tensor = torch.zeros(3)
                        k: int = n + 1
                        xs: List[Tensor] = [x, y]
                        y = y + x
                        return xs


                    def plain(a):
                        b = a
                        return b
                    """, withHints(client, SOURCE));
        }
    }

    @Test
    void eachKindOfHintCanBeTurnedOff() {
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 0, \"inlayHints\": {\"variableTypes\": false}}")) {
            assertEquals(SOURCE.replace("def f(x, n: int):", "def f(x: Tensor, n: int) -> List[Tensor]:"),
                    withHints(client, SOURCE));
        }
        try (LspClient client = new LspClient(
                "{\"inlayHints\": {\"parameterTypes\": false, \"returnTypes\": false}}")) {
            assertEquals(SOURCE.replace("y = torch", "y: Tensor = torch").replace("k = n", "k: int = n")
                    .replace("xs = [", "xs: List[Tensor] = ["), withHints(client, SOURCE));
        }
    }
}
