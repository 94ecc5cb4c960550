package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.checker.source.SourceRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the semantic diagnostics of one file, dropping exact duplicates (a function checked
 * through two callers reports its errors once).
 */
final class DiagnosticSink {
    private final Set<Diagnostic> diagnostics = new LinkedHashSet<>();

    void error(Code code, SourceRange range, String message) {
        diagnostics.add(Diagnostic.error(code, range, message));
    }

    void error(Code code, SourceRange range, String message, SourceRange related, String relatedMessage) {
        diagnostics.add(new Diagnostic(code, Severity.ERROR, range, message,
                List.of(new Diagnostic.Related(related, relatedMessage))));
    }

    List<Diagnostic> sorted() {
        List<Diagnostic> list = new ArrayList<>(diagnostics);
        list.sort(Diagnostic.BY_POSITION);
        return list;
    }
}
