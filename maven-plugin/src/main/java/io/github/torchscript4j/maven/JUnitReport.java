package io.github.torchscript4j.maven;

import io.github.torchscript4j.maven.TraceChecks.Check;
import io.github.torchscript4j.maven.TraceChecks.ModelResult;
import io.github.torchscript4j.maven.TraceChecks.Status;
import io.github.torchscript4j.runtime.trace.TraceDiagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A model's trace checks as a JUnit XML report, the format Surefire writes and CI servers (Jenkins,
 * GitLab, GitHub test reporters) read: {@code TEST-<model>.xml}, one {@code <testsuite>} named
 * {@code torchscript.trace.<model>} with one {@code <testcase>} per check ({@code trace} for the
 * example inputs, {@code check_inputs[k]} for each check input; the suite's {@code <properties>}
 * list the model's declaration and each check's inputs); a failed check has a {@code <failure>}, a check that
 * could not run an {@code <error>}, whose {@code message} is the first line of the reference's text
 * and whose body is all of it, with the source location of the cause first, then the failure's
 * diagnostic ({@code path:[line,column] TS0706: ...} and its suggestion); a check's tracer warnings
 * are its {@code <system-err>}, in the reference's words and then at their lines.
 */
final class JUnitReport {
    private JUnitReport() {}

    /** Writes {@code TEST-<model>.xml} into {@code directory}; returns the file. */
    static Path write(Path directory, ModelResult result) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("TEST-" + result.model().name() + ".xml");
        Files.writeString(file, xml(result), StandardCharsets.UTF_8);
        return file;
    }

    /** The report's text. */
    static String xml(ModelResult result) {
        String suite = "torchscript.trace." + result.model().name();
        double total = result.checks().stream().mapToDouble(Check::seconds).sum();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"").append(attr(suite)).append("\" tests=\"").append(result.checks().size())
                .append("\" failures=\"").append(result.count(Status.FAILED)).append("\" errors=\"")
                .append(result.count(Status.ERROR)).append("\" skipped=\"0\" time=\"").append(time(total)).append("\">\n");
        b.append("  <properties>\n");
        property(b, "source", result.model().file().toString());
        property(b, "entry", result.model().entry());
        property(b, "mode", result.model().mode().name().toLowerCase(Locale.ROOT));
        property(b, "seed", Long.toString(result.model().seed()));
        property(b, "tolerance", Double.toString(result.model().tolerance()));
        property(b, "device", result.model().device());
        for (Check c : result.checks()) {
            property(b, c.name(), c.inputs());
        }
        b.append("  </properties>\n");
        for (Check c : result.checks()) {
            b.append("  <testcase name=\"").append(attr(c.name())).append("\" classname=\"").append(attr(suite))
                    .append("\" time=\"").append(time(c.seconds())).append('"');
            if (c.status() == Status.PASSED && c.warnings().isEmpty() && c.diagnostics().isEmpty()) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n");
            if (c.status() != Status.PASSED) {
                String tag = c.status() == Status.FAILED ? "failure" : "error";
                String where = c.location() == null ? result.model().file().toString() : c.location();
                String body = (c.location() == null ? "" : c.location() + "\n")
                        + c.failure().map(f -> MavenMessages.traceDiagnostic(f, where) + "\n").orElse("")
                        + (c.note() == null ? "" : c.note() + "\n") + c.message();
                b.append("    <").append(tag).append(" message=\"").append(attr(firstLine(c.message())))
                        .append("\" type=\"").append(c.status() == Status.FAILED ? "TracingCheckError" : "TraceError")
                        .append("\">").append(text(body)).append("</").append(tag).append(">\n");
            }
            if (!c.warnings().isEmpty() || !c.warningDiagnostics().isEmpty()) {
                b.append("    <system-err>");
                for (String w : c.warnings()) {
                    b.append(text("TracerWarning: " + w + "\n"));
                }
                for (TraceDiagnostic w : c.warningDiagnostics()) {
                    b.append(text(MavenMessages.traceDiagnostic(w, result.model().file().toString()) + "\n"));
                }
                b.append("</system-err>\n");
            }
            b.append("  </testcase>\n");
        }
        if (!result.printed().isEmpty()) {
            b.append("  <system-out>").append(text(result.printed())).append("</system-out>\n");
        }
        b.append("</testsuite>\n");
        return b.toString();
    }

    private static void property(StringBuilder b, String name, String value) {
        b.append("    <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String time(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    /** Character data: XML's special characters escaped, characters XML 1.0 cannot hold dropped. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> {
                    if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000) {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }

    /** An attribute value: as {@link #text}, with quotes and line breaks escaped too. */
    static String attr(String s) {
        return text(s == null ? "" : s).replace("\"", "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
                .replace("\t", "&#9;");
    }
}
