package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.source.SourceRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workspace symbols: the classes, functions, methods and module variables of the open documents
 * and of the workspace's files on disk, matched against a query as editors do (the query's
 * characters in order, ignoring case: {@code fwd} finds {@code forward}).
 *
 * <p>Files on disk are only parsed, never checked, and their symbols are kept per file until the
 * file's size or modification time changes. One instance per server; thread-safe.
 */
public final class WorkspaceSymbols {
    /** The most symbols one query answers. */
    public static final int LIMIT = 1_000;

    /**
     * A symbol found: its name, kind, the class it is in (empty at module level), the URI of its
     * file, and the range of its name.
     */
    public record Found(String name, Symbols.Kind kind, String container, String uri, SourceRange range) {}

    private record Cached(long size, long modified, List<Found> symbols) {}

    private final Map<Path, Cached> files = new ConcurrentHashMap<>();

    /**
     * The symbols matching {@code query}: those of {@code open} (analyses of the open documents, by
     * URI) and of {@code disk} files that are not open, best matches first.
     */
    public List<Found> search(String query, Map<String, Analysis> open, List<Path> disk) {
        List<Found> all = new ArrayList<>();
        open.forEach((uri, a) -> collect(uri, Symbols.of(a), "", query, all));
        Set<String> openUris = open.keySet();
        for (Path p : disk) {
            String uri = p.toUri().toString();
            if (!openUris.contains(uri)) {
                for (Found f : symbolsOf(p, uri)) {
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

    /** Forgets what is known of a file (it changed or went away). */
    public void forget(Path file) {
        files.remove(file);
    }

    private List<Found> symbolsOf(Path p, String uri) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            files.remove(p);
            return List.of();
        }
        Cached c = files.get(p);
        if (c != null && c.size() == attrs.size() && c.modified() == attrs.lastModifiedTime().toMillis()) {
            return c.symbols();
        }
        List<Found> out = new ArrayList<>();
        try {
            String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            collect(uri, Symbols.of(Analysis.parsed(uri, text)), "", "", out);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // an unreadable or unparseable file has no symbols
        }
        List<Found> symbols = List.copyOf(out);
        files.put(p, new Cached(attrs.size(), attrs.lastModifiedTime().toMillis(), symbols));
        return symbols;
    }

    private static void collect(String uri, List<Symbols.Symbol> symbols, String container, String query, List<Found> out) {
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
