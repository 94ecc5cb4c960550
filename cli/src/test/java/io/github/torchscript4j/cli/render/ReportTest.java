package io.github.torchscript4j.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three output formats of {@code check}, on hand-made diagnostics. */
class ReportTest {
    private static final SourceFile FILE = new SourceFile("pkg/m.py", "def bar(x)\n    return \"é\" + y\n");
    private static final Diagnostic MISSING_COLON = new Diagnostic(
            Code.SYNTAX_ERROR, Severity.ERROR, new SourceRange(FILE, 10, 10), "expected ':'", List.of());
    private static final Diagnostic UNDEFINED = new Diagnostic(
            Code.SYNTAX_ERROR, Severity.WARNING, new SourceRange(FILE, 28, 29), "undefined \"y\"",
            List.of(new Diagnostic.Related(new SourceRange(FILE, 0, 3), "in this function")));

    private static String render(Report.Format format) {
        StringWriter text = new StringWriter();
        Report report = format.open(new PrintWriter(text));
        report.file("pkg/m.py", List.of(MISSING_COLON, UNDEFINED));
        report.file("pkg/ok.py", List.of());
        report.finish();
        return text.toString();
    }

    @Test
    void textIsOneCompilerStyleLinePerDiagnosticWithNotes() {
        assertEquals(
                "pkg/m.py:1:11: error[TS0001]: expected ':'\n"
                        + "pkg/m.py:2:18: warning[TS0001]: undefined \"y\"\n"
                        + "pkg/m.py:1:1: note: in this function\n",
                render(Report.Format.TEXT));
    }

    @Test
    void jsonListsEveryFileWithOneBasedRanges() {
        JsonObject json = JsonParser.parseString(render(Report.Format.JSON)).getAsJsonObject();
        assertEquals(
                JsonParser.parseString("{\"files\": ["
                        + "{\"path\": \"pkg/m.py\", \"diagnostics\": ["
                        + "{\"severity\": \"error\", \"code\": \"TS0001\", \"message\": \"expected ':'\","
                        + " \"range\": {\"start\": {\"line\": 1, \"column\": 11}, \"end\": {\"line\": 1, \"column\": 11}}},"
                        + "{\"severity\": \"warning\", \"code\": \"TS0001\", \"message\": \"undefined \\\"y\\\"\","
                        + " \"range\": {\"start\": {\"line\": 2, \"column\": 18}, \"end\": {\"line\": 2, \"column\": 19}}}]},"
                        + "{\"path\": \"pkg/ok.py\", \"diagnostics\": []}]}"),
                json);
    }

    @Test
    void jsonIsOneLineWithoutHtmlEscapes() {
        String out = render(Report.Format.JSON);
        assertEquals(1, out.lines().count());
        assertTrue(out.contains("\"expected ':'\""), out);
    }

    @Test
    void jsonOfNoFilesIsAnEmptyList() {
        StringWriter text = new StringWriter();
        Report report = Report.Format.JSON.open(new PrintWriter(text));
        report.finish();
        assertEquals("{\"files\":[]}\n", text.toString());
    }

    @Test
    void torchScriptStyleIsMessageColonThenHighlightPerDiagnostic() {
        assertEquals(
                "expected ':':\n"
                        + "  File \"pkg/m.py\", line 1\n"
                        + "def bar(x)\n"
                        + "          ~ <--- HERE\n"
                        + "    return \"é\" + y\n"
                        + "\n"
                        + "undefined \"y\":\n"
                        + "  File \"pkg/m.py\", line 2\n"
                        + "def bar(x)\n"
                        + "    return \"é\" + y\n"
                        + "                 ~ <--- HERE\n"
                        + "in this function:\n"
                        + "  File \"pkg/m.py\", line 1\n"
                        + "def bar(x)\n"
                        + "~~~ <--- HERE\n"
                        + "    return \"é\" + y\n",
                render(Report.Format.TORCHSCRIPT));
    }
}
