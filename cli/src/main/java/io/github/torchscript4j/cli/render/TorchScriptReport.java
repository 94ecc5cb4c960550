package io.github.torchscript4j.cli.render;

import io.github.torchscript4j.checker.source.Diagnostic;
import java.io.PrintWriter;
import java.util.List;

/**
 * The report in TorchScript's own words and shape ({@code ErrorReport::what()} in PyTorch): the
 * message followed by a colon, then the {@link SourceHighlighter highlight} of its range, then one
 * such block per related location. Diagnostics are separated by an empty line.
 */
public final class TorchScriptReport implements Report {
    private final PrintWriter out;
    private boolean first = true;

    public TorchScriptReport(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void file(String path, List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            if (!first) {
                out.print('\n');
            }
            first = false;
            out.print(format(d));
        }
    }

    /** One diagnostic as TorchScript would print it, ending with a newline. */
    public static String format(Diagnostic d) {
        StringBuilder text = new StringBuilder();
        text.append(d.message()).append(":\n").append(SourceHighlighter.highlight(d.range()));
        for (Diagnostic.Related related : d.related()) {
            text.append(related.message()).append(":\n")
                    .append(SourceHighlighter.highlight(related.range()));
        }
        return text.toString();
    }

    @Override
    public void finish() {
        out.flush();
    }
}
