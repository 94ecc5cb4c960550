package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The language server as an editor sees it: every test talks JSON-RPC to a server started on pipes
 * ({@link LspClient}), with Python fixtures whose cursor is marked by {@code |}.
 */
class LanguageServerTest {
    private static final String URI = "file:///project/model.py";

    private final LspClient client = new LspClient();

    @AfterEach
    void close() {
        client.close();
    }

    private static final String UNDEFINED = """
            import torch


            @torch.jit.script
            def f(x: torch.Tensor) -> torch.Tensor:
                return x + y
            """;

    @Test
    void initializeAnnouncesTheServerAndItsCapabilities() {
        assertEquals(ServerInfo.NAME, client.initialized.getServerInfo().getName());
        var caps = client.initialized.getCapabilities();
        assertEquals(TextDocumentSyncKind.Incremental, caps.getTextDocumentSync().getRight().getChange());
        assertEquals(List.of("."), caps.getCompletionProvider().getTriggerCharacters());
        assertEquals("utf-16", caps.getPositionEncoding());
        assertNotNull(caps.getDiagnosticProvider());
    }

    @Test
    void diagnosticsArePushedOnOpenWithCodeAndRange() {
        client.open(URI, UNDEFINED);
        PublishDiagnosticsParams p = client.diagnostics(URI, d -> !d.getDiagnostics().isEmpty());
        assertEquals(1, p.getVersion());
        Diagnostic d = p.getDiagnostics().get(0);
        assertEquals("TS0101", d.getCode().getLeft());
        assertEquals(DiagnosticSeverity.Error, d.getSeverity());
        assertEquals("torchscript", d.getSource());
        assertTrue(d.getMessage().getLeft().contains("undefined value y"), d.getMessage().getLeft());
        assertEquals(new Range(new Position(5, 15), new Position(5, 16)), d.getRange());
    }

    @Test
    void anErrorInACalledFunctionRelatesTheCallThatCompiledIt() {
        client.open(URI, """
                import torch
                def helper(x: int) -> int:
                    return x + y
                @torch.jit.script
                def main(x: int) -> int:
                    return helper(x)
                """);
        Diagnostic d = client.diagnostics(URI, p -> !p.getDiagnostics().isEmpty()).getDiagnostics().get(0);
        assertEquals(1, d.getRelatedInformation().size());
        var chain = d.getRelatedInformation().get(0);
        assertEquals("'helper' is being compiled since it was called from 'main'", chain.getMessage());
        assertEquals(URI, chain.getLocation().getUri());
        assertEquals(new Range(new Position(5, 11), new Position(5, 20)), chain.getLocation().getRange());
    }

    @Test
    void anIncrementalEditFixesTheErrorAndClosingClearsTheDiagnostics() {
        client.open(URI, UNDEFINED);
        client.diagnostics(URI, d -> !d.getDiagnostics().isEmpty());
        client.edit(URI, 2, 5, 15, 5, 16, "x"); // y -> x
        PublishDiagnosticsParams fixed = client.diagnostics(URI, d -> d.getVersion() != null && d.getVersion() == 2);
        assertEquals(List.of(), fixed.getDiagnostics());
        client.edit(URI, 3, 5, 11, 5, 11, "1 + "); // return 1 + x + x: still fine
        client.edit(URI, 4, 5, 11, 5, 15, "z + "); // return z + x + x: undefined z
        PublishDiagnosticsParams broken = client.diagnostics(URI, d -> d.getVersion() != null && d.getVersion() == 4);
        assertEquals(1, broken.getDiagnostics().size());
        assertTrue(broken.getDiagnostics().get(0).getMessage().getLeft().contains("undefined value z"));
        client.close(URI);
        PublishDiagnosticsParams cleared = client.diagnostics(URI, d -> d.getDiagnostics().isEmpty());
        assertNull(cleared.getVersion());
    }

    @Test
    void syntaxErrorsAreReportedWithTheirCodes() {
        client.open(URI, "def f(:\n    pass\n");
        Diagnostic d = client.diagnostics(URI, p -> !p.getDiagnostics().isEmpty()).getDiagnostics().get(0);
        assertEquals("TS0001", d.getCode().getLeft());
        assertEquals(0, d.getRange().getStart().getLine());
    }

    @Test
    void rangesAreInUtf16Characters() {
        client.open(URI, """
                import torch


                @torch.jit.script
                def f(x: torch.Tensor) -> torch.Tensor:
                    s = "\uD83D\uDE00é"; return x + y
                """);
        Diagnostic d = client.diagnostics(URI, p -> !p.getDiagnostics().isEmpty()).getDiagnostics().get(0);
        // `    s = "` is 9 units, the emoji 2 (a surrogate pair), `é"; return x + ` 15: y is at 26 (25 code points)
        assertEquals(new Position(5, 26), d.getRange().getStart());
    }

    @Test
    void pullDiagnosticsGiveTheSameReport() {
        client.open(URI, UNDEFINED);
        DocumentDiagnosticReport report = get(client.server.getTextDocumentService()
                .diagnostic(new DocumentDiagnosticParams(new TextDocumentIdentifier(URI))));
        List<Diagnostic> items = report.getRelatedFullDocumentDiagnosticReport().getItems();
        assertEquals(1, items.size());
        assertEquals("TS0101", items.get(0).getCode().getLeft());
    }

    @Test
    void onlyTheLatestVersionsDiagnosticsArePublished() {
        client.open(URI, UNDEFINED);
        for (int v = 2; v <= 30; v++) {
            client.edit(URI, v, 5, 15, 5, 16, v % 2 == 0 ? "x" : "y");
        }
        // version 30 is even: fixed. Once it is published, no older version may follow it.
        client.diagnostics(URI, p -> p.getVersion() != null && p.getVersion() == 30 && p.getDiagnostics().isEmpty());
        client.edit(URI, 31, 5, 15, 5, 16, "w");
        PublishDiagnosticsParams next = client.diagnostics(URI, p -> true);
        assertEquals(31, next.getVersion());
    }

    // ---- hover --------------------------------------------------------------------------------

    private String hover(String marked) {
        Fixture f = Fixture.of(marked);
        client.open(URI, f.text());
        Hover h = get(client.server.getTextDocumentService()
                .hover(new HoverParams(new TextDocumentIdentifier(URI), f.cursor())));
        return h == null ? null : h.getContents().getRight().getValue();
    }

    private static final String NARROWING = """
            import torch
            from typing import Optional


            @torch.jit.script
            def f(x: Optional[torch.Tensor], n: int = 2) -> torch.Tensor:
                \"\"\"Adds one.\"\"\"
                if x is not None:
                    return %s + 1
                return torch.zeros(n)


            @torch.jit.script
            def g(y: torch.Tensor) -> torch.Tensor:
                return %s(y, 3)
            """;

    @Test
    void hoverShowsTheNarrowedTypeOfAName() {
        String h = hover(NARROWING.formatted("x|", "f"));
        assertTrue(h.contains("x: Tensor"), h);
        assertFalse(h.contains("Optional"), h);
    }

    @Test
    void hoverShowsTheDeclaredTypeOfAParameter() {
        String h = hover(NARROWING.formatted("x", "f").replace("n: int = 2", "n|: int = 2"));
        assertTrue(h.contains("(parameter) n: int = 2"), h);
    }

    @Test
    void hoverShowsAUserFunctionsSignatureAndDocstring() {
        String h = hover(NARROWING.formatted("x", "|f"));
        assertTrue(h.contains("def f(x: Optional[Tensor], n: int = 2) -> Tensor"), h);
        assertTrue(h.contains("Adds one."), h);
    }

    /** The overloads PyTorch 1.13.1 picks (its {@code node.schema()} for the same calls). */
    @Test
    void hoverOnATorchCallShowsTheOneOverloadItMatches() {
        String h = hover(NARROWING.formatted("x", "f").replace("torch.zeros(n)", "torch.ad|d(torch.zeros(n), 1)"));
        assertTrue(h.contains("aten::add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor"), h);
        assertFalse(h.contains("aten::add.Tensor"), h);
        assertFalse(h.contains("aten::add.out"), h);
        assertTrue(h.contains("-> Tensor"), h);
        client.close(URI);
        h = hover(NARROWING.formatted("x", "f").replace("torch.zeros(n)", "torch.add(torch.zeros(n), torch.zeros(n), alp|ha=2)"));
        assertNull(h, "a keyword's name is no call");
        client.close(URI);
        h = hover(NARROWING.formatted("x", "f").replace("torch.zeros(n)", "torch.a|dd(torch.zeros(n), torch.zeros(n), alpha=2)"));
        assertTrue(h.contains("aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor"), h);
        assertFalse(h.contains("aten::add.Scalar"), h);
    }

    @Test
    void hoverOnATensorMethodCallShowsTheMatchedOverload() {
        String h = hover(NARROWING.formatted("x", "f").replace("torch.zeros(n)", "torch.zeros(n).s|um(0, keepdim=True)"));
        assertTrue(h.contains("aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False"), h);
        assertFalse(h.contains("aten::sum(Tensor self, *"), h);
    }

    @Test
    void hoverOnAnExpressionShowsItsType() {
        String h = hover(NARROWING.formatted("x", "f").replace("torch.zeros(n)", "torch.zeros(n).size|()"));
        assertNotNull(h);
        assertTrue(h.contains("aten::size"), h);
    }

    @Test
    void hoverOnNothingIsEmpty() {
        assertNull(hover(NARROWING.formatted("x", "f").replace("import torch\n", "import torch\n|\n")));
    }

    // ---- completion ---------------------------------------------------------------------------

    private List<CompletionItem> complete(String marked) {
        Fixture f = Fixture.of(marked);
        client.open(URI, f.text());
        return get(client.server.getTextDocumentService()
                .completion(new CompletionParams(new TextDocumentIdentifier(URI), f.cursor()))).getRight().getItems();
    }

    private static Set<String> labels(List<CompletionItem> items) {
        return items.stream().map(CompletionItem::getLabel).collect(Collectors.toSet());
    }

    private static final String BODY = """
            import math
            import torch
            import torch.nn.functional as F
            from typing import List


            @torch.jit.script
            def helper(a: int) -> int:
                return a


            @torch.jit.script
            def f(x: torch.Tensor, scale: float) -> torch.Tensor:
                total = x * scale
                %s
                return total
            """;

    @Test
    void completionAfterTorchListsItsMembersWithSchemas() {
        List<CompletionItem> items = complete(BODY.formatted("y = torch.|"));
        CompletionItem zeros = items.stream().filter(i -> i.getLabel().equals("zeros")).findFirst().orElseThrow();
        assertTrue(zeros.getDetail().startsWith("aten::zeros"), zeros.getDetail());
        assertTrue(labels(items).containsAll(Set.of("add", "cat", "relu", "nn")), labels(items).toString());
        CompletionItem resolved = get(client.server.getTextDocumentService().resolveCompletionItem(zeros));
        assertTrue(resolved.getDocumentation().getRight().getValue().contains("aten::zeros"));
    }

    @Test
    void completionAfterFunctionalAndMath() {
        assertTrue(labels(complete(BODY.formatted("y = F.re|"))).containsAll(Set.of("relu", "softmax", "conv2d")));
        client.close(URI);
        assertTrue(labels(complete(BODY.formatted("y = math.|"))).containsAll(Set.of("sqrt", "pi", "log")));
        client.close(URI);
        assertTrue(labels(complete(BODY.formatted("y = torch.nn.functional.|"))).contains("relu"));
    }

    @Test
    void completionAfterATensorListsItsMethods() {
        Set<String> labels = labels(complete(BODY.formatted("y = total.|")));
        assertTrue(labels.containsAll(Set.of("size", "add", "view", "shape", "dtype", "sum")), labels.toString());
        assertFalse(labels.contains("zeros"), "a module function is no tensor method");
    }

    @Test
    void completionAfterANonTensorDoesNotOfferTensorMethods() {
        assertFalse(labels(complete(BODY.formatted("y = scale.|"))).contains("view"));
    }

    @Test
    void completionOfNamesOffersLocalsParametersGlobalsKeywordsAndBuiltins() {
        List<CompletionItem> items = complete(BODY.formatted("y = t|"));
        Set<String> labels = labels(items);
        assertTrue(labels.containsAll(Set.of("total", "x", "scale", "helper", "torch", "F", "return", "len", "range")),
                labels.toString());
        assertFalse(labels.contains("a"), "another function's parameter is not in scope");
        CompletionItem helper = items.stream().filter(i -> i.getLabel().equals("helper")).findFirst().orElseThrow();
        assertEquals("def helper(a: int) -> int", helper.getDetail());
    }

    @Test
    void completionInAnAnnotationOffersTypeNames() {
        Set<String> labels = labels(complete(BODY.formatted("y: Opt| = None")));
        assertTrue(labels.containsAll(Set.of("Tensor", "Optional", "List", "int")), labels.toString());
        assertFalse(labels.contains("total"));
        client.close(URI);
        assertTrue(labels(complete(BODY.formatted("y = x  # type: |"))).contains("Tensor"));
    }

    @Test
    void completionOfSelfOffersAttributesAndMethods() {
        Set<String> labels = labels(complete("""
                import torch


                class M(torch.nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.linear = torch.nn.Linear(2, 2)
                        self.scale = 2.0

                    def helper(self, x: torch.Tensor) -> torch.Tensor:
                        return x

                    def forward(self, x: torch.Tensor) -> torch.Tensor:
                        return self.|
                """));
        assertEquals(Set.of("linear", "scale", "helper", "forward"), labels);
    }

    // ---- navigation ---------------------------------------------------------------------------

    private static final String NAVIGATION = """
            import torch


            @torch.jit.script
            def helper(a: int) -> int:
                return a


            @torch.jit.script
            def f(x: torch.Tensor) -> torch.Tensor:
                n = helper(2)
                y = x * n
                return y + n
            """;

    @Test
    void definitionOfALocalAndOfAFunction() {
        Fixture f = Fixture.of(NAVIGATION.replace("return y + n", "return y + |n"));
        client.open(URI, f.text());
        List<? extends Location> defs = get(client.server.getTextDocumentService()
                .definition(new DefinitionParams(new TextDocumentIdentifier(URI), f.cursor()))).getLeft();
        assertEquals(List.of(new Range(new Position(10, 4), new Position(10, 5))),
                defs.stream().map(Location::getRange).toList());
        Fixture g = Fixture.of(NAVIGATION.replace("n = helper(2)", "n = hel|per(2)"));
        client.close(URI);
        client.open(URI, g.text());
        defs = get(client.server.getTextDocumentService()
                .definition(new DefinitionParams(new TextDocumentIdentifier(URI), g.cursor()))).getLeft();
        assertEquals(new Range(new Position(4, 4), new Position(4, 10)), defs.get(0).getRange());
    }

    @Test
    void referencesOfALocalStayInItsFunction() {
        Fixture f = Fixture.of(NAVIGATION.replace("n = helper(2)", "|n = helper(2)"));
        client.open(URI, f.text());
        List<? extends Location> refs = get(client.server.getTextDocumentService().references(
                new ReferenceParams(new TextDocumentIdentifier(URI), f.cursor(), new ReferenceContext(true))));
        assertEquals(List.of(10, 11, 12), refs.stream().map(l -> l.getRange().getStart().getLine()).toList());
        refs = get(client.server.getTextDocumentService().references(
                new ReferenceParams(new TextDocumentIdentifier(URI), f.cursor(), new ReferenceContext(false))));
        assertEquals(List.of(11, 12), refs.stream().map(l -> l.getRange().getStart().getLine()).toList());
    }

    @Test
    void referencesOfAParameter() {
        Fixture f = Fixture.of(NAVIGATION.replace("def helper(a: int)", "def helper(|a: int)"));
        client.open(URI, f.text());
        List<? extends Location> refs = get(client.server.getTextDocumentService().references(
                new ReferenceParams(new TextDocumentIdentifier(URI), f.cursor(), new ReferenceContext(true))));
        assertEquals(List.of(4, 5), refs.stream().map(l -> l.getRange().getStart().getLine()).toList());
    }

    @Test
    void documentSymbolsOutlineClassesFunctionsAndVariables() {
        client.open(URI, """
                import torch

                SCALE = 2


                class M(torch.nn.Module):
                    def forward(self, x: torch.Tensor) -> torch.Tensor:
                        return x


                def g(a: int) -> int:
                    return a
                """);
        List<DocumentSymbol> symbols = get(client.server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(URI))))
                .stream().map(e -> e.getRight()).toList();
        assertEquals(List.of("SCALE", "M", "g"), symbols.stream().map(DocumentSymbol::getName).toList());
        assertEquals(SymbolKind.Class, symbols.get(1).getKind());
        assertEquals("forward", symbols.get(1).getChildren().get(0).getName());
        assertEquals(SymbolKind.Method, symbols.get(1).getChildren().get(0).getKind());
        assertEquals("def g(a: int) -> int", symbols.get(2).getDetail());
        assertEquals(new Range(new Position(10, 4), new Position(10, 5)), symbols.get(2).getSelectionRange());
    }

    @Test
    void signatureHelpForAUserFunctionAndAnOperator() {
        Fixture f = Fixture.of(NAVIGATION.replace("n = helper(2)", "n = helper(|"));
        client.open(URI, f.text());
        SignatureHelp h = get(client.server.getTextDocumentService()
                .signatureHelp(new SignatureHelpParams(new TextDocumentIdentifier(URI), f.cursor())));
        assertEquals("def helper(a: int) -> int", h.getSignatures().get(0).getLabel());
        assertEquals(0, h.getActiveParameter());
        client.close(URI);
        Fixture g = Fixture.of(NAVIGATION.replace("y = x * n", "y = torch.add(x, |"));
        client.open(URI, g.text());
        h = get(client.server.getTextDocumentService()
                .signatureHelp(new SignatureHelpParams(new TextDocumentIdentifier(URI), g.cursor())));
        assertTrue(h.getSignatures().stream().anyMatch(s -> s.getLabel().startsWith("aten::add.Tensor(")),
                h.getSignatures().toString());
        assertEquals(1, h.getActiveParameter());
    }

    @Test
    void anOrderlyShutdownExitsWithZero() {
        assertEquals(0, client.shutdown());
    }
}
