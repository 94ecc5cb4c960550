package io.github.torchscript4j.cli.render;

import com.google.gson.stream.JsonWriter;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The machine-readable report of the command-line contract ({@code conformance/FORMAT.md}):
 *
 * <pre>{@code
 * {"files": [{"path": P, "diagnostics": [{"severity": "error", "code": C, "message": M,
 *   "range": {"start": {"line": L, "column": K}, "end": {"line": L2, "column": K2}}}]}]}
 * }</pre>
 *
 * <p>Every file is listed, also without diagnostics. Lines and columns are 1-based; columns count
 * UTF-16 code units; the end is exclusive. The object is streamed as files arrive, on one line.
 */
public final class JsonReport implements Report {
    private final PrintWriter out;
    private final JsonWriter json;

    public JsonReport(PrintWriter out) {
        this.out = out;
        this.json = new JsonWriter(out);
        json.setHtmlSafe(false);
        try {
            json.beginObject().name("files").beginArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void file(String path, List<Diagnostic> diagnostics) {
        try {
            json.beginObject().name("path").value(path).name("diagnostics").beginArray();
            for (Diagnostic d : diagnostics) {
                json.beginObject()
                        .name("severity").value(d.severity().word())
                        .name("code").value(d.code().id())
                        .name("message").value(d.message())
                        .name("range");
                range(d.range());
                json.endObject();
            }
            json.endArray().endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void range(SourceRange range) throws IOException {
        json.beginObject();
        json.name("start").beginObject()
                .name("line").value(range.startLine())
                .name("column").value(range.startColumn())
                .endObject();
        json.name("end").beginObject()
                .name("line").value(range.endLine())
                .name("column").value(range.endColumn())
                .endObject();
        json.endObject();
    }

    @Override
    public void finish() {
        try {
            json.endArray().endObject();
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
