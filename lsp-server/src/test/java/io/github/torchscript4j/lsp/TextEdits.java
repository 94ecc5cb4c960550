package io.github.torchscript4j.lsp;

import io.github.torchscript4j.lsp.workspace.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.TextEdit;

/** Applies a server's text edits to a text as an editor does (all ranges refer to the original text). */
final class TextEdits {
    private TextEdits() {}

    static String apply(String text, List<? extends TextEdit> edits) {
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparing((TextEdit e) -> e.getRange().getStart().getLine())
                .thenComparing(e -> e.getRange().getStart().getCharacter()).reversed());
        String out = text;
        for (TextEdit e : sorted) {
            int start = Document.offset(out, e.getRange().getStart().getLine(), e.getRange().getStart().getCharacter());
            int end = Document.offset(out, e.getRange().getEnd().getLine(), e.getRange().getEnd().getCharacter());
            out = out.substring(0, start) + e.getNewText() + out.substring(end);
        }
        return out;
    }
}
