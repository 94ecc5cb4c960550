package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.checker.source.SourceRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Collects the semantic diagnostics of one file, dropping exact duplicates (a function checked
 * through two callers reports its errors once).
 *
 * <p>Every diagnostic ends with the notes of {@code compiledSince}: why the function being checked
 * is compiled at all ({@link Checker#compiledSince()}, "'helper' is being compiled since it was
 * called from 'main'" at the call), empty for what {@code torch.jit.script} was given directly.
 */
final class DiagnosticSink {
    private final Set<Diagnostic> diagnostics = new LinkedHashSet<>();
    private final Supplier<List<Diagnostic.Related>> compiledSince;

    /** A sink whose diagnostics carry no call chain (the bundled library's). */
    DiagnosticSink() {
        this(List::of);
    }

    DiagnosticSink(Supplier<List<Diagnostic.Related>> compiledSince) {
        this.compiledSince = compiledSince;
    }

    void error(Code code, SourceRange range, String message) {
        diagnostics.add(new Diagnostic(code, Severity.ERROR, range, message, compiledSince.get()));
    }

    void error(Code code, SourceRange range, String message, SourceRange related, String relatedMessage) {
        List<Diagnostic.Related> all = new ArrayList<>();
        all.add(new Diagnostic.Related(related, relatedMessage));
        all.addAll(compiledSince.get());
        diagnostics.add(new Diagnostic(code, Severity.ERROR, range, message, all));
    }

    List<Diagnostic> sorted() {
        List<Diagnostic> list = new ArrayList<>(diagnostics);
        list.sort(Diagnostic.BY_POSITION);
        return list;
    }
}
