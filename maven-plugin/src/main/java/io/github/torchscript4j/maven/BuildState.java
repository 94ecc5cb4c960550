package io.github.torchscript4j.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the last {@code compile} knew about each source, so that an unchanged build rechecks
 * nothing: the stale-source detection of the compiler and antlr4 plugins.
 *
 * <p>A source is <em>up to date</em> when the state has an entry for it whose size and
 * modification time are the file's, every project file its last check read through imports (its
 * <em>dependencies</em>, transitively: {@link
 * io.github.torchscript4j.checker.semantics.Workspace#dependencies}) still has the size and
 * modification time recorded with it, that entry is <em>clean</em> (the last check reported
 * nothing at all: no error, no warning, no function left un-lowered), and the build's
 * configuration fingerprint is the one the state was written under. So changing only an imported
 * file rechecks every source that imports it. Everything else is checked again — in
 * particular a file with errors stays failing, and its messages are printed on every build, until
 * it is fixed; so the state need not keep any diagnostics, and the SARIF report ({@link
 * SarifReport}) built from one build's results is complete. The fingerprint covers what changes every answer at once: the source folders,
 * patterns and output folder, and the plugin's and checker's own jars (a new checker rechecks
 * everything).
 *
 * <p>The file is UTF-8 text, rewritten whole (through a temporary file and a rename) after each
 * build:
 *
 * <pre>
 * # torchscript-maven-plugin compile state 1
 * config &lt;SHA-256 of the configuration&gt;
 * &lt;size&gt;\t&lt;modified, ms&gt;\t&lt;clean 1|0&gt;\t&lt;output path relative to the output folder&gt;\t&lt;absolute source path&gt;
 * +\t&lt;size&gt;\t&lt;modified, ms&gt;\t&lt;absolute path of a dependency&gt;   (one line per dependency of the source above)
 * </pre>
 *
 * A missing, unreadable or malformed state file, or one written under another fingerprint, is an
 * empty state: the build then checks every source, which is always correct. Instances are not
 * shared between threads.
 */
final class BuildState {
    static final String HEADER = "# torchscript-maven-plugin compile state 2";

    /**
     * What is known about one source. {@code outputPath} is relative to the output folder, with
     * {@code /}; {@code dependencies} are the project files its check read, with their size and
     * modification time then.
     */
    record Entry(long size, long lastModified, boolean clean, String outputPath, List<Dependency> dependencies) {
        Entry {
            dependencies = List.copyOf(dependencies);
        }

        /** An entry of a source that imports no project file. */
        Entry(long size, long lastModified, boolean clean, String outputPath) {
            this(size, lastModified, clean, outputPath, List.of());
        }
    }

    /** A file a source's check read, by absolute path, with its size and modification time (-1 when absent). */
    record Dependency(String path, long size, long lastModified) {
        /** The file's size and modification time now; -1 and -1 when it is gone or unreadable. */
        static Dependency of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Dependency(key(file), a.size(), a.lastModifiedTime().toMillis());
            } catch (IOException | RuntimeException e) {
                return new Dependency(key(file), -1, -1);
            }
        }

        /** Whether the file is as it was recorded. */
        boolean unchanged() {
            Dependency now;
            try {
                now = of(Path.of(path));
            } catch (RuntimeException e) {
                return false;
            }
            return now.size() >= 0 && now.equals(this);
        }
    }

    private final String fingerprint;
    private final Map<String, Entry> entries;
    /** Whether anything changed since the state was loaded: an unchanged state is not written again. */
    private boolean modified;

    private BuildState(String fingerprint, Map<String, Entry> entries) {
        this.fingerprint = fingerprint;
        this.entries = entries;
    }

    /** An empty state for a build with this configuration text. */
    static BuildState empty(String configuration) {
        BuildState state = new BuildState(sha256(configuration), new TreeMap<>());
        state.modified = true;
        return state;
    }

    /** The state saved in {@code file}, or an empty one (see the class comment). */
    static BuildState load(Path file, String configuration) {
        BuildState state = empty(configuration);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return state;
        } catch (IOException | RuntimeException e) { // unreadable, or not UTF-8
            return state;
        }
        if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).equals("config " + state.fingerprint)) {
            return state;
        }
        Map<String, Entry> read = new TreeMap<>();
        String source = null;
        Entry entry = null;
        List<Dependency> dependencies = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split("\t", -1);
            try {
                if (f.length == 4 && f[0].equals("+") && entry != null) {
                    dependencies.add(new Dependency(f[3], Long.parseLong(f[1]), Long.parseLong(f[2])));
                    continue;
                }
                if (f.length != 5 || !(f[2].equals("0") || f[2].equals("1"))) {
                    return state;
                }
                if (entry != null) {
                    read.put(source, withDependencies(entry, dependencies));
                }
                source = f[4];
                entry = new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2].equals("1"), f[3]);
                dependencies.clear();
            } catch (NumberFormatException e) {
                return state;
            }
        }
        if (entry != null) {
            read.put(source, withDependencies(entry, dependencies));
        }
        state.entries.putAll(read);
        state.modified = false;
        return state;
    }

    private static Entry withDependencies(Entry e, List<Dependency> dependencies) {
        return new Entry(e.size(), e.lastModified(), e.clean(), e.outputPath(), dependencies);
    }

    /** The entry of a source (by its absolute path), if the last build saw it. */
    Optional<Entry> entry(Path source) {
        return Optional.ofNullable(entries.get(key(source)));
    }

    /** Whether the source need not be checked again: see the class comment. */
    boolean isUpToDate(Path source, long size, long lastModified) {
        Entry e = entries.get(key(source));
        return e != null && e.clean() && e.size() == size && e.lastModified() == lastModified
                && e.dependencies().stream().allMatch(Dependency::unchanged);
    }

    void put(Path source, Entry entry) {
        modified |= !entry.equals(entries.put(key(source), entry));
    }

    void remove(String sourceKey) {
        modified |= entries.remove(sourceKey) != null;
    }

    /** Whether {@link #put} or {@link #remove} changed anything, or the state was not read from a file. */
    boolean isModified() {
        return modified;
    }

    /** Every entry, by absolute source path. */
    Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** The key of a source: its absolute, normalized path. */
    static String key(Path source) {
        return source.toAbsolutePath().normalize().toString();
    }

    /**
     * Writes the state; a source whose path, or a dependency's, holds a tab or line break is left
     * out, so it is checked on every build.
     */
    void save(Path file) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n').append("config ").append(fingerprint).append('\n');
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry v = e.getValue();
            if (writable(e.getKey()) && writable(v.outputPath())
                    && v.dependencies().stream().allMatch(d -> writable(d.path()))) {
                b.append(v.size()).append('\t').append(v.lastModified()).append('\t').append(v.clean() ? '1' : '0')
                        .append('\t').append(v.outputPath()).append('\t').append(e.getKey()).append('\n');
                for (Dependency d : v.dependencies()) {
                    b.append("+\t").append(d.size()).append('\t').append(d.lastModified()).append('\t')
                            .append(d.path()).append('\n');
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean writable(String s) {
        return s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
    }

    private static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
