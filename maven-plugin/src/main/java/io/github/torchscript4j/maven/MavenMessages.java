package io.github.torchscript4j.maven;

import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.runtime.trace.TraceDiagnostic;

/**
 * The checker's diagnostics as Maven users read compiler messages: {@code path:[line,column]},
 * as the compiler plugin prints javac's errors (IDEs' Maven consoles turn that into a link), then
 * the TorchScript code and the message:
 *
 * <pre>
 * /home/me/proj/src/main/torchscript/net.py:[4,12] TS0101: undefined value y
 *   /home/me/proj/src/main/torchscript/net.py:[2,5] note: ...
 * </pre>
 *
 * <p>Lines and columns are 1-based, the column counted in UTF-16 code units (what {@link
 * SourceRange#startColumn()} gives). The severity is not in the text: the Mojo logs errors at
 * {@code [ERROR]} and warnings at {@code [WARNING]}. Related locations follow on indented lines of
 * the same message, so they stay under their diagnostic when builds run in parallel.
 */
final class MavenMessages {
    private MavenMessages() {}

    /** {@code path:[line,column]} of a range's start, with the path its source file was checked under. */
    static String location(SourceRange range) {
        return range.file().path() + ":[" + range.startLine() + "," + range.startColumn() + "]";
    }

    /** One diagnostic: {@code path:[line,column] CODE: message}, then one indented line per related location. */
    static String diagnostic(Diagnostic d) {
        StringBuilder b = new StringBuilder()
                .append(location(d.range())).append(' ').append(d.code().id()).append(": ").append(d.message());
        for (Diagnostic.Related related : d.related()) {
            b.append("\n  ").append(location(related.range())).append(" note: ").append(related.message());
        }
        return b.toString();
    }

    /**
     * A tracer warning or failed check at the line that caused it: {@code path:[line,column] TS07xx:
     * message}, then its suggestion as {@code   path:[line,column] note: ...}; {@code fallback}
     * (the model's file) names it when the trace holds no location.
     */
    static String traceDiagnostic(TraceDiagnostic d, String fallback) {
        String where = d.range().map(MavenMessages::location).orElse(fallback);
        StringBuilder b = new StringBuilder(where).append(' ').append(d.kind().id()).append(": ").append(d.message());
        d.suggestion().ifPresent(s -> b.append("\n  ").append(where).append(" note: ").append(s));
        return b.toString();
    }

    /**
     * A function the IR emitter cannot lower yet: {@code path:[line,column] not lowered yet: message}.
     * The file is valid TorchScript; only its written code lacks that function.
     */
    static String notLowered(String path, EmitException failure) {
        String where = failure.range() == null ? path : location(failure.range());
        return where + " not lowered yet: " + failure.getMessage();
    }
}
