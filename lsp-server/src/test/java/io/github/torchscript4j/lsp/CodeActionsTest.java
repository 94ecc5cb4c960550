package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Quick fixes over JSON-RPC ({@code textDocument/codeAction}): each is asked for at the published
 * diagnostic, applied as an editor applies it, and the result is checked again. The fixed sources
 * are accepted by {@code torch.jit.script} in PyTorch 1.13.1 as well.
 */
class CodeActionsTest {
    private static final String URI = "file:///project/model.py";

    private final LspClient client = new LspClient();

    @AfterEach
    void close() {
        client.close();
    }

    /** Opens {@code text}, applies the one quick fix offered for its first diagnostic, and checks the result. */
    private String fixed(String text, String expectedCode) {
        client.open(URI, text);
        Diagnostic d = client.diagnostics(URI, p -> !p.getDiagnostics().isEmpty()).getDiagnostics().get(0);
        assertEquals(expectedCode, d.getCode().getLeft());
        List<Either<org.eclipse.lsp4j.Command, CodeAction>> actions = get(client.server.getTextDocumentService()
                .codeAction(new CodeActionParams(new TextDocumentIdentifier(URI), d.getRange(),
                        new CodeActionContext(List.of(d)))));
        assertEquals(1, actions.size(), actions.toString());
        CodeAction action = actions.get(0).getRight();
        assertEquals(CodeActionKind.QuickFix, action.getKind());
        assertEquals(d.getRange(), action.getDiagnostics().get(0).getRange());
        String result = TextEdits.apply(text, action.getEdit().getChanges().get(URI));
        String checked = "file:///project/fixed.py";
        client.open(checked, result);
        assertEquals(List.of(), client.diagnostics(checked, p -> p.getVersion() != null).getDiagnostics(), result);
        assertTrue(action.getTitle().startsWith("Declare '"), action.getTitle());
        return result;
    }

    @Test
    void aVariableFirstSetToNoneIsDeclaredOptional() {
        String text = """
                import torch


                @torch.jit.script
                def f(x: torch.Tensor):
                    y = None
                    if bool(x.sum() > 0):
                        y = x
                    return y
                """;
        assertEquals(text.replace("import torch\n", "import torch\nfrom typing import Optional\n")
                .replace("y = None", "y: Optional[torch.Tensor] = None"), fixed(text, "TS0104"));
    }

    @Test
    void theTypingImportIsNotRepeatedAndTensorIsSpelledAsImported() {
        String text = """
                from torch import Tensor
                import torch
                from typing import List, Optional


                @torch.jit.script
                def f(x: Tensor, n: int):
                    best = None
                    for i in range(n):
                        best = i
                    return best
                """;
        assertEquals(text.replace("best = None", "best: Optional[int] = None"), fixed(text, "TS0104"));
    }

    @Test
    void anEmptyListGivenAnotherElementIsDeclaredWithItsType() {
        String text = """
                import torch


                @torch.jit.script
                def g(x: torch.Tensor):
                    ys = []
                    ys.append(1)
                    return ys
                """;
        assertEquals(text.replace("import torch\n", "import torch\nfrom typing import List\n")
                .replace("ys = []", "ys: List[int] = []"), fixed(text, "TS0114"));
    }
}
