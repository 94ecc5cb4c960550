package io.github.torchscript4j.cli.render;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import java.io.PrintWriter;
import java.util.List;

/**
 * The compiler-style report: {@code path:line:col: error[TS0001]: message}, one line per diagnostic,
 * followed by one {@code path:line:col: note: message} line per related location. Files without
 * diagnostics print nothing.
 */
public final class TextReport implements Report {
    private final PrintWriter out;

    public TextReport(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void file(String path, List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            out.println(line(path, d));
            for (Diagnostic.Related related : d.related()) {
                out.println(location(related.range().file().path(), related.range())
                        + ": note: " + related.message());
            }
        }
    }

    /** One diagnostic as {@code path:line:col: severity[CODE]: message}. */
    public static String line(String path, Diagnostic d) {
        return location(path, d.range()) + ": " + d.severity().word() + "[" + d.code().id() + "]: "
                + d.message();
    }

    private static String location(String path, SourceRange range) {
        return path + ":" + range.startLine() + ":" + range.startColumn();
    }

    @Override
    public void finish() {
        out.flush();
    }
}
