package io.github.torchscript4j.lsp.workspace;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the server knows of the client's workspace: its root folders (URIs), the source roots
 * configured under them, and the open documents with their latest versions.
 *
 * <p>One instance per server, passed by constructor; no static state. Thread-safe: the protocol
 * thread updates it while request threads read it.
 */
public final class Workspace {
    private final List<String> roots = new CopyOnWriteArrayList<>();
    private final List<String> sourceRoots = new CopyOnWriteArrayList<>();
    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    /** The open documents' {@code file:} URIs by their absolute, normalized paths. */
    private final Map<Path, String> byPath = new ConcurrentHashMap<>();

    /** The workspace folders, as URIs, in the client's order. */
    public List<String> roots() {
        return List.copyOf(roots);
    }

    public void setRoots(Collection<String> uris) {
        roots.clear();
        roots.addAll(uris);
    }

    public void addRoot(String uri) {
        if (!roots.contains(uri)) {
            roots.add(uri);
        }
    }

    public void removeRoot(String uri) {
        roots.remove(uri);
    }

    /** Source roots, relative to each workspace root (from the configuration); empty means the roots themselves. */
    public List<String> sourceRoots() {
        return List.copyOf(sourceRoots);
    }

    public void setSourceRoots(Collection<String> relativePaths) {
        sourceRoots.clear();
        sourceRoots.addAll(relativePaths);
    }

    /** The root folder {@code uri} lies in (the longest matching one), if any. */
    public Optional<String> rootOf(String uri) {
        String best = null;
        for (String r : roots) {
            String prefix = r.endsWith("/") ? r : r + "/";
            if (uri.startsWith(prefix) && (best == null || r.length() > best.length())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The source roots of the project, as absolute paths in search order: each configured source
     * root under each workspace folder, then the folders themselves (so that a file under a source
     * root is named from it: {@code src/pkg/util.py} is {@code pkg.util}). Folders that are no
     * {@code file:} URI are left out.
     */
    public List<Path> sourceRootPaths() {
        List<Path> folders = new ArrayList<>();
        for (String r : roots) {
            path(r).ifPresent(folders::add);
        }
        List<Path> out = new ArrayList<>();
        for (Path f : folders) {
            for (String s : sourceRoots) {
                try {
                    out.add(f.resolve(s).normalize());
                } catch (java.nio.file.InvalidPathException e) {
                    // not a path: ignored, as other bad settings are
                }
            }
        }
        out.addAll(folders);
        return List.copyOf(out.stream().distinct().toList());
    }

    /** The absolute, normalized path of a {@code file:} URI; empty for any other URI. */
    public static Optional<Path> path(String uri) {
        try {
            return Optional.of(Path.of(URI.create(uri)).toAbsolutePath().normalize());
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The open document of the file at {@code file} (compared absolute and normalized), if any. */
    public Optional<Document> documentAt(Path file) {
        String uri = byPath.get(file.toAbsolutePath().normalize());
        return uri == null ? Optional.empty() : document(uri);
    }

    public void open(Document d) {
        documents.put(d.uri(), d);
        path(d.uri()).ifPresent(p -> byPath.put(p, d.uri()));
    }

    /** Applies changes to an open document; returns the new version, or empty if the document is not open. */
    public Optional<Document> change(String uri, int version, List<Document.Change> changes) {
        Document updated = documents.computeIfPresent(uri, (k, d) -> d.apply(version, changes));
        return Optional.ofNullable(updated);
    }

    public void close(String uri) {
        documents.remove(uri);
        path(uri).ifPresent(p -> byPath.remove(p, uri));
    }

    public Optional<Document> document(String uri) {
        return Optional.ofNullable(documents.get(uri));
    }

    public List<Document> documents() {
        return new ArrayList<>(documents.values());
    }
}
