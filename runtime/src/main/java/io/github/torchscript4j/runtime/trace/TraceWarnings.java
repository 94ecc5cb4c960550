package io.github.torchscript4j.runtime.trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tracer warnings of one trace and its checks, in the order given: each the reference's text
 * and its {@link TraceDiagnostic}. A warning given again at the same line is left out, as Python's
 * default warning filter shows a warning once per text and line (so a {@code while} whose condition
 * is a tensor warns once, however often it ran).
 */
final class TraceWarnings {
    private final List<String> texts = new ArrayList<>();
    private final List<TraceDiagnostic> diagnostics = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    /** Adds a warning, unless the same text was given at the same line before. */
    void add(String text, TraceDiagnostic diagnostic) {
        String key = diagnostic.range().map(r -> r.file().path() + ":" + r.startLine()).orElse("") + "\n" + text;
        if (seen.add(key)) {
            texts.add(text);
            diagnostics.add(diagnostic);
        }
    }

    /** Adds a trace's warnings (its texts and their diagnostics, one each). */
    void addAll(Trace trace) {
        for (int i = 0; i < trace.warnings().size() && i < trace.diagnostics().size(); i++) {
            add(trace.warnings().get(i), trace.diagnostics().get(i));
        }
    }

    void addAll(TraceWarnings other) {
        for (int i = 0; i < other.texts.size(); i++) {
            add(other.texts.get(i), other.diagnostics.get(i));
        }
    }

    boolean isEmpty() {
        return texts.isEmpty();
    }

    List<String> texts() {
        return List.copyOf(texts);
    }

    List<TraceDiagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }
}
