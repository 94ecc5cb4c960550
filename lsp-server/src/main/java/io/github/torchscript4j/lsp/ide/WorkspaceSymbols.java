package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.source.SourceRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Workspace symbols: the classes, functions, methods and module variables of the open documents
 * and of the workspace's files on disk, matched against a query as editors do (the query's
 * characters in order, ignoring case: {@code fwd} finds {@code forward}).
 *
 * <p>Files on disk are only parsed, never checked, and their symbols come from the {@link
 * WorkspaceIndex} (which the server fills in the background when the workspace opens; a file not
 * indexed yet, or changed since, is indexed when asked). One instance per server; thread-safe.
 */
public final class WorkspaceSymbols {
    /** The most symbols one query answers. */
    public static final int LIMIT = 1_000;

    /**
     * A symbol found: its name, kind, the class it is in (empty at module level), the URI of its
     * file, and the range of its name.
     */
    public record Found(String name, Symbols.Kind kind, String container, String uri, SourceRange range) {}

    private final WorkspaceIndex index;

    public WorkspaceSymbols(WorkspaceIndex index) {
        this.index = index;
    }

    /**
     * The symbols matching {@code query}: those of {@code open} (analyses of the open documents, by
     * URI) and of {@code disk} files that are not open, best matches first. Checks {@code cancel}
     * between files.
     */
    public List<Found> search(String query, Map<String, Analysis> open, List<Path> disk, Cancellation cancel) {
        List<Found> all = new ArrayList<>();
        open.forEach((uri, a) -> collect(uri, Symbols.of(a), "", query, all));
        Set<String> openUris = open.keySet();
        for (Path p : disk) {
            cancel.check();
            String uri = p.toUri().toString();
            if (!openUris.contains(uri)) {
                for (Found f : index.symbols(p)) {
                    if (matches(query, f.name())) {
                        all.add(f);
                    }
                }
            }
        }
        String q = query.toLowerCase(Locale.ROOT);
        all.sort(Comparator.comparing((Found f) -> !f.name().toLowerCase(Locale.ROOT).startsWith(q))
                .thenComparing(Found::name).thenComparing(Found::uri));
        return all.size() > LIMIT ? List.copyOf(all.subList(0, LIMIT)) : all;
    }

    static void collect(String uri, List<Symbols.Symbol> symbols, String container, String query, List<Found> out) {
        for (Symbols.Symbol s : symbols) {
            if (matches(query, s.name())) {
                out.add(new Found(s.name(), s.kind(), container, uri, s.nameRange()));
            }
            collect(uri, s.children(), container.isEmpty() ? s.name() : container + "." + s.name(), query, out);
        }
    }

    /** Whether the query's characters occur in {@code name} in order, ignoring case. */
    static boolean matches(String query, String name) {
        int i = 0;
        String q = query.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        for (int j = 0; j < n.length() && i < q.length(); j++) {
            if (n.charAt(j) == q.charAt(i)) {
                i++;
            }
        }
        return i == q.length();
    }
}
