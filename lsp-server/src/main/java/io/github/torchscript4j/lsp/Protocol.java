package io.github.torchscript4j.lsp;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.lsp.workspace.Document;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Conversions between the checker's offsets and the protocol's positions: 0-based lines and
 * UTF-16 characters, computed from {@link SourceFile}'s line table (the checker's offsets are
 * UTF-16 already, so a character is an offset minus its line's start). The one place both
 * coordinate systems meet.
 */
final class Protocol {
    /** The {@code source} of every diagnostic the server publishes. */
    static final String SOURCE = "torchscript";

    private Protocol() {}

    static Position position(SourceFile file, int offset) {
        int clamped = Math.max(0, Math.min(offset, file.length()));
        return new Position(file.lineOf(clamped) - 1, file.columnOf(clamped) - 1);
    }

    static Range range(SourceRange r) {
        return new Range(position(r.file(), r.start()), position(r.file(), r.end()));
    }

    /** The offset of a protocol position in {@code text}, clamped to the line and the text. */
    static int offset(String text, Position p) {
        return Document.offset(text, Math.max(0, p.getLine()), Math.max(0, p.getCharacter()));
    }

    static org.eclipse.lsp4j.Diagnostic diagnostic(String uri, Diagnostic d) {
        org.eclipse.lsp4j.Diagnostic out = new org.eclipse.lsp4j.Diagnostic(range(d.range()), d.message(),
                switch (d.severity()) {
                    case ERROR -> DiagnosticSeverity.Error;
                    case WARNING -> DiagnosticSeverity.Warning;
                    default -> DiagnosticSeverity.Information;
                }, SOURCE, d.code().id());
        if (!d.related().isEmpty()) {
            List<DiagnosticRelatedInformation> related = new ArrayList<>();
            for (Diagnostic.Related r : d.related()) {
                String where = r.range().file() == d.range().file() ? uri : uriOf(r.range().file().path());
                related.add(new DiagnosticRelatedInformation(new Location(where, range(r.range())), r.message()));
            }
            out.setRelatedInformation(related);
        }
        return out;
    }

    /** The URI of a file the checker names by {@code path} (another project file's). */
    static String uriOf(String path) {
        try {
            return java.nio.file.Path.of(path).toUri().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return path;
        }
    }

    static List<org.eclipse.lsp4j.Diagnostic> diagnostics(String uri, List<Diagnostic> ds) {
        List<org.eclipse.lsp4j.Diagnostic> out = new ArrayList<>(ds.size());
        for (Diagnostic d : ds) {
            out.add(diagnostic(uri, d));
        }
        return out;
    }
}
