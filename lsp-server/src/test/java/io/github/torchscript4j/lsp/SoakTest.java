package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.lsp.ide.Analysis;
import io.github.torchscript4j.lsp.workspace.Document;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Random;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/**
 * A long editing session through the real protocol: 10,000 random edits (typing fragments,
 * deleting, pasting pieces of the file) sent as incremental {@code didChange} notifications, with
 * hover, completion, inlay hints and pull diagnostics asked for every 50 edits. The server must
 * answer throughout, end with the diagnostics of exactly the client's text, and neither leak
 * memory nor threads: after the last edit its heap after GC is within 20% (plus 16 MiB of
 * measurement slack) of where it was after the first 1,000 edits, and it runs no more threads.
 *
 * <p>The server runs in this JVM (on pipes), so heap and thread counts are the process's.
 * Takes about 5 s; it is part of the normal build.
 */
class SoakTest {
    private static final String URI = "file:///project/soak.py";
    private static final int EDITS = 10_000;

    private static final String START = """
            import math
            import torch
            import torch.nn.functional as F
            from typing import List, Optional


            class M(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.scale = 2.0

                def forward(self, x: torch.Tensor, k: Optional[int] = None) -> torch.Tensor:
                    if k is not None:
                        x = x * k
                    return F.relu(x) * self.scale


            @torch.jit.script
            def f(xs: List[torch.Tensor], n: int = 2) -> torch.Tensor:
                total = torch.zeros(n)
                for x in xs:
                    total = total + x.sum() * math.sqrt(n)
                return total
            """;

    private static final String[] FRAGMENTS = {
        "x.", "torch.", "F.", "self.", "(", ")", "[", "]", ":", "\n    ", "\n", " = ", "def g(", "return ",
        "# type: ", "\"", "'''", "if ", "else:", "y = None\n    ", "ys = []\n    ", "torch.add(x, ", "\uD83D\uDE00",
    };

    @Test
    void tenThousandEditsNeitherCrashNorLeak() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Random random = new Random(7);
        try (LspClient client = new LspClient("{\"diagnosticsDelayMs\": 5}")) {
            Document doc = new Document(URI, 1, START);
            client.open(URI, START);
            long baseHeap = 0;
            int baseThreads = 0;
            for (int version = 2; version <= EDITS + 1; version++) {
                doc = edit(client, doc, version, random);
                if (version % 50 == 0) {
                    probe(client, doc, random);
                }
                if (version - 1 == 1_000) {
                    baseHeap = heapAfterGc(memory);
                    baseThreads = ManagementFactory.getThreadMXBean().getThreadCount();
                }
                if (doc.text().length() > 4 * START.length()) {
                    version++;
                    client.server.getTextDocumentService().didChange(new org.eclipse.lsp4j.DidChangeTextDocumentParams(
                            new org.eclipse.lsp4j.VersionedTextDocumentIdentifier(URI, version),
                            List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(START))));
                    doc = new Document(URI, version, START);
                }
            }
            int last = doc.version();
            var published = client.diagnostics(URI, p -> p.getVersion() != null && p.getVersion() == last);
            assertEquals(Analysis.of(URI, last, doc.text()).diagnostics().size(), published.getDiagnostics().size(),
                    "the server's text is the client's");
            probe(client, doc, random);
            long endHeap = heapAfterGc(memory);
            int endThreads = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("soak: heap after GC %d KiB after 1,000 edits, %d KiB after %,d; threads %d, %d%n",
                    baseHeap >> 10, endHeap >> 10, EDITS, baseThreads, endThreads);
            assertTrue(endHeap <= baseHeap * 1.2 + (16 << 20),
                    "heap after GC grew from " + (baseHeap >> 20) + " MiB to " + (endHeap >> 20) + " MiB");
            assertTrue(endThreads <= baseThreads, "threads grew from " + baseThreads + " to " + endThreads);
        }
    }

    /** One random edit, sent as an incremental change and applied to the client's copy. */
    private static Document edit(LspClient client, Document doc, int version, Random random) {
        String text = doc.text();
        int at = random.nextInt(text.length() + 1);
        int end = at;
        String inserted;
        switch (random.nextInt(3)) {
            case 0 -> inserted = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
            case 1 -> {
                end = Math.min(text.length(), at + random.nextInt(12));
                inserted = "";
            }
            default -> {
                int from = random.nextInt(Math.max(1, text.length()));
                inserted = text.substring(from, Math.min(text.length(), from + random.nextInt(40)));
            }
        }
        // never split a surrogate pair: an editor's positions are between characters
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            at--;
        }
        if (end > 0 && end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
            end++;
        }
        if (!inserted.isEmpty() && Character.isHighSurrogate(inserted.charAt(inserted.length() - 1))) {
            inserted = inserted.substring(0, inserted.length() - 1);
        }
        if (!inserted.isEmpty() && Character.isLowSurrogate(inserted.charAt(0))) {
            inserted = inserted.substring(1);
        }
        Position s = position(text, at);
        Position e = position(text, end);
        client.edit(URI, version, s.getLine(), s.getCharacter(), e.getLine(), e.getCharacter(), inserted);
        return doc.apply(version, List.of(new Document.Change(false, s.getLine(), s.getCharacter(), e.getLine(),
                e.getCharacter(), inserted)));
    }

    /** Hover, completion, inlay hints and pull diagnostics at a random position: each must answer. */
    private static void probe(LspClient client, Document doc, Random random) {
        var id = new TextDocumentIdentifier(URI);
        Position p = position(doc.text(), random.nextInt(doc.text().length() + 1));
        get(client.server.getTextDocumentService().hover(new HoverParams(id, p)));
        get(client.server.getTextDocumentService().completion(new CompletionParams(id, p)));
        get(client.server.getTextDocumentService().inlayHint(new InlayHintParams(id,
                new Range(new Position(0, 0), position(doc.text(), doc.text().length())))));
        get(client.server.getTextDocumentService().diagnostic(new DocumentDiagnosticParams(id)));
    }

    private static Position position(String text, int offset) {
        int line = 0;
        int start = 0;
        for (int i = 0; i < offset; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                start = i + 1;
            }
        }
        return new Position(line, offset - start);
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
