package io.github.torchscript4j.lsp.ide;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the server knows of every {@code .py} file of the workspace on disk without keeping its
 * tree: the symbols {@link WorkspaceSymbols} lists (classes, functions, methods, module variables)
 * and the words the file contains, which {@link CrossReferences} asks before it parses a file to
 * look for a name's uses there. Each file is parsed once, when the workspace is first indexed
 * ({@link #index}, in the background) or when asked for it, and again only once its size or
 * modification time changed; the parsed tree is dropped at once, so the index holds the symbols,
 * the file's text their ranges point into, and a sorted array of word hashes.
 *
 * <p>It knows only the disk: an open document's unsaved text is the caller's to put in front.
 * One instance per server; thread-safe.
 */
public final class WorkspaceIndex {
    /**
     * The words of a file (runs of letters, digits and underscores) as a sorted array of their
     * hashes: {@link #mayContain} is never wrong when it answers {@code false}, and rarely when it
     * answers {@code true}, which only costs the caller a parse.
     */
    public static final class Words {
        private final int[] hashes;

        private Words(int[] hashes) {
            this.hashes = hashes;
        }

        /** The words of {@code text}. */
        static Words of(String text) {
            Set<Integer> seen = new HashSet<>();
            int i = 0;
            while (i < text.length()) {
                if (!isWordPart(text.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < text.length() && isWordPart(text.charAt(i))) {
                    i++;
                }
                seen.add(text.substring(start, i).hashCode());
            }
            int[] out = new int[seen.size()];
            int k = 0;
            for (int h : seen) {
                out[k++] = h;
            }
            Arrays.sort(out);
            return new Words(out);
        }

        /** Whether the file may contain {@code word} with no letter, digit or underscore on either side. */
        public boolean mayContain(String word) {
            return Arrays.binarySearch(hashes, word.hashCode()) >= 0;
        }

        /** How many distinct words. */
        public int size() {
            return hashes.length;
        }

        static boolean isWordPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }
    }

    /** One file's entry: the attributes it was indexed at, its symbols and its words. */
    private record Entry(long size, long modified, List<WorkspaceSymbols.Found> symbols, Words words) {}

    /** How far an {@link #index} run has come: {@code done} of {@code total} files. */
    @FunctionalInterface
    public interface Progress {
        void indexed(int done, int total);
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Indexes {@code files} (absolute), those not indexed or changed since, reporting after each
     * file, and forgets every other file; stops, leaving what it indexed so far, when {@code cancel}
     * says so.
     */
    public void index(List<Path> files, Progress progress, Cancellation cancel) {
        Set<Path> keep = new HashSet<>(files);
        entries.keySet().removeIf(p -> !keep.contains(p));
        int done = 0;
        for (Path p : files) {
            cancel.check();
            entry(p);
            progress.indexed(++done, files.size());
        }
    }

    /** Indexes {@code file} again now (it changed on disk), or forgets it when it is gone. */
    public void refresh(Path file) {
        entries.remove(file);
        entry(file);
    }

    /** Forgets what is known of a file (it changed or went away). */
    public void forget(Path file) {
        entries.remove(file);
    }

    /** Forgets every file not in {@code files}. */
    public void retain(Collection<Path> files) {
        Set<Path> keep = new HashSet<>(files);
        entries.keySet().removeIf(p -> !keep.contains(p));
    }

    /** How many files are indexed now. */
    public int size() {
        return entries.size();
    }

    /** The symbols of {@code file} (absolute) on disk, indexing it first when it is new or changed; empty when unreadable. */
    public List<WorkspaceSymbols.Found> symbols(Path file) {
        return entry(file).map(Entry::symbols).orElse(List.of());
    }

    /** The words of {@code file} (absolute) on disk, indexing it first when it is new or changed; empty when unreadable. */
    public Optional<Words> words(Path file) {
        return entry(file).map(Entry::words);
    }

    /** The file's entry, indexed again when its size or modification time changed. */
    private Optional<Entry> entry(Path p) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException | SecurityException e) {
            entries.remove(p);
            return Optional.empty();
        }
        long modified = attrs.lastModifiedTime().toMillis();
        Entry c = entries.get(p);
        if (c != null && c.size() == attrs.size() && c.modified() == modified) {
            return Optional.of(c);
        }
        String text;
        try {
            text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            entries.remove(p);
            return Optional.empty();
        }
        String uri = p.toUri().toString();
        List<WorkspaceSymbols.Found> out = new ArrayList<>();
        try {
            WorkspaceSymbols.collect(uri, Symbols.of(Analysis.parsed(uri, text)), "", "", out);
        } catch (RuntimeException | StackOverflowError e) {
            // an unparseable file has no symbols; its words still count
        }
        Entry e = new Entry(attrs.size(), modified, List.copyOf(out), Words.of(text));
        entries.put(p, e);
        return Optional.of(e);
    }
}
