package io.github.torchscript4j.cli.render;

import io.github.torchscript4j.checker.source.Diagnostic;
import java.io.PrintWriter;
import java.util.List;

/**
 * Writes the diagnostics of a run of {@code check}, one file after the other, in one output format.
 *
 * <p>Reports compute lines and columns (1-based) from each diagnostic's {@code SourceRange}; that is
 * the edge where offsets become positions. A report writes only to the writer it was made with.
 */
public interface Report {
    /** Reports one file's diagnostics, which are sorted by position. */
    void file(String path, List<Diagnostic> diagnostics);

    /** Ends the report (closes brackets, flushes). */
    void finish();

    /** The output formats of {@code check --format}. */
    enum Format {
        /** {@code path:line:col: error[CODE]: message}, one line per diagnostic. */
        TEXT,
        /** One JSON object, the conformance runner's contract. */
        JSON,
        /** TorchScript's own style: message, {@code File "path", line N}, source with {@code ~~~ <--- HERE}. */
        TORCHSCRIPT;

        public Report open(PrintWriter out) {
            switch (this) {
                case TEXT:
                    return new TextReport(out);
                case JSON:
                    return new JsonReport(out);
                case TORCHSCRIPT:
                    return new TorchScriptReport(out);
                default:
                    throw new AssertionError(this);
            }
        }
    }
}
