package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.semantics.SourceProvider;
import io.github.torchscript4j.checker.semantics.Workspace;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Alias;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The editor's project as the checker sees it: open documents are checked through a checker
 * {@link Workspace} whose source roots are the configured ones (then the file's own, as {@link
 * Workspace#defaultRoots} gives them) and whose files are the editor's current texts in front of
 * the disk, so imports of other project files resolve and calls into them are checked.
 *
 * <p>Each {@link Analysis} made here records every file its check read or looked for ({@link
 * Analysis#reads()}): when one of them changes, the analysis is out of date. The project also
 * finds where an imported name is defined in another file ({@link #definition}) and resolves the
 * imports {@link CrossReferences} follows to find a module-level name's uses in other files. Thread-safe: the
 * checker workspaces check under their own locks, and reads are recorded per thread.
 *
 * <p>Requests on an unchanged workspace do not parse or check again: each analysis is cached by
 * the file, its text and the source roots, with a digest of every file its check read (the open text, else the
 * disk's; a module file looked for and absent too), and used again only while all of them are
 * unchanged — an edit of {@code models/util.py} invalidates every cached analysis of a file that
 * imports it, directly or not. The files parsed only for navigation (another file's definitions,
 * members) are cached by text. {@link #checks()} and {@link #parses()} count the work actually done.
 */
public final class Project {
    /** More distinct root lists than this and the cached checker workspaces are dropped. */
    private static final int MAX_WORKSPACES = 64;
    /**
     * How many checked analyses are kept in all, and per file (its latest text and the two what-if
     * texts of completion, the function alone and the whole file): an analysis of a long file holds the type of every expression, so old
     * versions are not kept.
     */
    private static final int MAX_CHECKED = 24;
    private static final int MAX_CHECKED_PER_FILE = 3;
    /** How many parsed-only files are kept for navigation. */
    private static final int MAX_PARSED = 512;

    private final Supplier<List<Path>> roots;
    private final Function<Path, Optional<String>> openTexts;
    private final Map<List<Path>, Workspace> workspaces = new ConcurrentHashMap<>();
    private final ThreadLocal<Map<Path, String>> recording = new ThreadLocal<>();
    /** Checked analyses by file and text, with the digests of what their check read; least recently used first. */
    private final Map<CheckKey, Checked> checked = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private final Map<Path, Analysis> parsed = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong checks = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong parses = new java.util.concurrent.atomic.AtomicLong();

    /** A check's inputs besides the files it reads: the file, its text, and the source roots it is checked over. */
    private record CheckKey(Path file, String text, List<Path> roots) {}

    private record Checked(Analysis analysis, Map<Path, String> digests) {}
    private final SourceProvider disk = SourceProvider.fileSystem();
    private final SourceProvider files = this::read;

    /**
     * A project over the source roots {@code roots} gives (absolute, in search order; asked at each
     * check), reading a file's text from {@code openTexts} (by absolute, normalized path) when the
     * editor has it open, else from disk.
     */
    public Project(Supplier<List<Path>> roots, Function<Path, Optional<String>> openTexts) {
        this.roots = roots;
        this.openTexts = openTexts;
    }

    private Optional<byte[]> read(Path file) {
        Path key = file.toAbsolutePath().normalize();
        Optional<String> open = openTexts.apply(key);
        Optional<byte[]> bytes = open.isPresent() ? Optional.of(open.get().getBytes(StandardCharsets.UTF_8)) : disk.read(key);
        Map<Path, String> r = recording.get();
        if (r != null) {
            r.putIfAbsent(key, digest(bytes));
        }
        return bytes;
    }

    /** A digest of a file's contents; "" for a file that is absent. */
    private static String digest(Optional<byte[]> bytes) {
        if (bytes.isEmpty()) {
            return "";
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes.get()));
        } catch (java.security.NoSuchAlgorithmException e) {
            return java.util.Arrays.hashCode(bytes.get()) + ":" + bytes.get().length;
        }
    }

    /** Whether every file a cached check read still has the contents it had then. */
    private boolean unchanged(Map<Path, String> digests, Path self) {
        for (Map.Entry<Path, String> e : digests.entrySet()) {
            if (!e.getKey().equals(self) && !digest(files.read(e.getKey())).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many times {@link #analyze} ran the checker (requests answered from the cache do not
     * count): what a test of the caching counts, and a benchmark reports.
     */
    public long checks() {
        return checks.get();
    }

    /** How many times another file was parsed for navigation (definitions, members, references). */
    public long parses() {
        return parses.get();
    }

    /** The checker workspace {@code file} is checked in: the configured roots, then the file's default ones. */
    Workspace workspaceFor(Path file) {
        Set<Path> all = new LinkedHashSet<>(roots.get());
        all.addAll(Workspace.defaultRoots(file, files).stream().map(p -> p.toAbsolutePath().normalize()).toList());
        List<Path> key = List.copyOf(all);
        if (workspaces.size() > MAX_WORKSPACES) {
            workspaces.clear();
        }
        return workspaces.computeIfAbsent(key, k -> new Workspace(k, files));
    }

    /**
     * Checks {@code text} as version {@code version} of the file at {@code file} (absolute), with
     * its imports of project files resolved. Never throws on bad input.
     */
    public Analysis analyze(Path file, int version, String text) {
        Path self = file.toAbsolutePath().normalize();
        Workspace ws = workspaceFor(file);
        CheckKey key = new CheckKey(self, text, ws.sourceRoots());
        Checked hit;
        synchronized (checked) {
            hit = checked.get(key);
        }
        if (hit != null && unchanged(hit.digests(), self)) {
            return hit.analysis().version() == version ? hit.analysis() : hit.analysis().withVersion(version);
        }
        checks.incrementAndGet();
        Map<Path, String> reads = new java.util.LinkedHashMap<>();
        reads.put(self, "");
        Map<Path, String> outer = recording.get();
        recording.set(reads);
        CheckedFile result;
        try {
            result = ws.check(file, text.getBytes(StandardCharsets.UTF_8));
        } finally {
            recording.set(outer);
        }
        Analysis a = !result.file().text().equals(text)
                // decoding changed the text (a byte order mark, a coding cookie): offsets would not match the editor's
                ? Analysis.of(file.toString(), version, text)
                : Analysis.of(result, version, reads.keySet(), this, file);
        synchronized (checked) {
            List<CheckKey> same = checked.keySet().stream().filter(k -> k.file().equals(self)).toList();
            for (int i = 0; i <= same.size() - MAX_CHECKED_PER_FILE; i++) {
                checked.remove(same.get(i)); // least recently used first
            }
            checked.put(key, new Checked(a, Map.copyOf(reads)));
            if (checked.size() > MAX_CHECKED) {
                checked.remove(checked.keySet().iterator().next());
            }
        }
        return a;
    }

    /**
     * How {@link IncrementalDiagnostics} checks a reduced copy of {@code file}: in this project, so
     * that the function's imports resolve; the checker's diagnostics in the copy itself, or empty
     * when the copy does not get to the checker.
     */
    public IncrementalDiagnostics.Check checkIn(Path file) {
        return (name, text) -> {
            CheckedFile c = workspaceFor(file).check(file, text.getBytes(StandardCharsets.UTF_8));
            if (!c.file().text().equals(text)) {
                return Optional.empty();
            }
            SourceFile own = c.file();
            return c.result().map(r -> r.diagnostics().stream().filter(d -> d.range().file() == own).toList());
        };
    }

    /** Where an imported name is defined: a function's or class's name, or the start of a module's file. */
    public record Target(Path file, SourceRange range, Optional<Stmt> definition, Analysis analysis) {}

    /**
     * The definition, in another project file, of what is at {@code offset} of {@code a} (the
     * analysis of {@code file}): a name bound by an import ({@code helper} in {@code from pkg.util
     * import helper}, or a use of it), or an attribute of an imported project module ({@code
     * u.helper} after {@code import pkg.util as u}), or a method or attribute of a user class or
     * scripted module defined in this file or another ({@code m.get}, {@code self.block}; {@link
     * ClassMembers}). Empty for anything else.
     */
    public Optional<Target> definition(Analysis a, Path file, int offset) {
        List<Node> path = Syntax.pathAt(a.module(), offset);
        Node inner = path.get(path.size() - 1);
        Names names = a.names();
        if (inner instanceof Expr.Attribute attr) {
            Optional<String> module = importedModule(a, file, attr.value());
            if (module.isPresent()) {
                return member(file, module.get(), attr.attr(), 0);
            }
            return ClassMembers.of(a, attr).filter(f -> f.owner().file() != null)
                    .map(f -> new Target(f.owner().file(), f.member().nameRange(), f.member().method().map(m -> (Stmt) m),
                            f.owner().analysis()));
        }
        Optional<Names.Symbol> symbol = names.symbolAt(offset);
        if (symbol.isEmpty()) {
            return Optional.empty();
        }
        List<Names.Binding> bindings = names.bindings(symbol.get());
        if (bindings.isEmpty() || bindings.get(0).kind() != Names.Kind.IMPORT
                || !(bindings.get(0).node() instanceof Alias alias)) {
            return Optional.empty();
        }
        return imported(a.module(), file, alias, 0);
    }

    /** The definition an import's alias binds, following re-exports a few levels deep. */
    private Optional<Target> imported(Module tree, Path file, Alias alias, int depth) {
        Optional<Stmt> statement = importOf(tree, alias);
        if (statement.isEmpty()) {
            return Optional.empty();
        }
        if (statement.get() instanceof Stmt.ImportFrom f) {
            Optional<String> from = absolute(file, f);
            return from.flatMap(m -> member(file, m, alias.name(), depth));
        }
        // import a.b.c binds a; import a.b.c as x binds a.b.c
        String dotted = alias.asname().isPresent() ? alias.name() : alias.name().split("\\.", 2)[0];
        return moduleTarget(file, dotted);
    }

    /** The module a dotted expression names through the file's imports of project modules. */
    Optional<String> importedModule(Analysis a, Path file, Expr e) {
        List<String> parts = new ArrayList<>();
        Expr cur = e;
        while (cur instanceof Expr.Attribute at) {
            parts.add(0, at.attr());
            cur = at.value();
        }
        if (!(cur instanceof Expr.Name n)) {
            return Optional.empty();
        }
        Names names = a.names();
        Optional<Names.Symbol> s = names.symbolOf(n);
        List<Names.Binding> bs = s.map(names::bindings).orElse(List.of());
        if (bs.isEmpty() || bs.get(0).kind() != Names.Kind.IMPORT || !(bs.get(0).node() instanceof Alias alias)) {
            return Optional.empty();
        }
        Optional<Stmt> statement = importOf(a.module(), alias);
        String base;
        if (statement.isPresent() && statement.get() instanceof Stmt.ImportFrom f) {
            Optional<String> from = absolute(file, f);
            if (from.isEmpty()) {
                return Optional.empty();
            }
            base = from.get() + "." + alias.name();
        } else if (statement.isPresent()) {
            base = alias.asname().isPresent() ? alias.name() : alias.name().split("\\.", 2)[0];
        } else {
            return Optional.empty();
        }
        String dotted = parts.isEmpty() ? base : base + "." + String.join(".", parts);
        return workspaceFor(file).findModule(dotted).isPresent() ? Optional.of(dotted) : Optional.empty();
    }

    /** Name {@code name} of project module {@code module}: its last top-level definition, a re-export, or a submodule. */
    private Optional<Target> member(Path from, String module, String name, int depth) {
        Workspace ws = workspaceFor(from);
        Optional<Path> found = ws.findModule(module);
        if (found.isEmpty() || depth > 4) {
            return Optional.empty();
        }
        Path target = found.get().toAbsolutePath().normalize();
        Optional<Analysis> parsed = parsedFile(target);
        if (parsed.isPresent()) {
            Module tree = parsed.get().module();
            Stmt def = null;
            Alias reexport = null;
            for (Stmt s : tree.body()) {
                if (s instanceof Stmt.FunctionDef f && f.name().equals(name)) {
                    def = f;
                    reexport = null;
                } else if (s instanceof Stmt.ClassDef c && c.name().equals(name)) {
                    def = c;
                    reexport = null;
                } else if (s instanceof Stmt.Import || s instanceof Stmt.ImportFrom) {
                    for (Alias al : s instanceof Stmt.Import i ? i.names() : ((Stmt.ImportFrom) s).names()) {
                        String bound = al.asname().orElse(s instanceof Stmt.Import ? al.name().split("\\.", 2)[0] : al.name());
                        if (bound.equals(name)) {
                            reexport = al;
                            def = null;
                        }
                    }
                }
            }
            if (def instanceof Stmt.FunctionDef f) {
                return Optional.of(new Target(target, Syntax.nameRange(f, "def", f.name()), Optional.of(f), parsed.get()));
            }
            if (def instanceof Stmt.ClassDef c) {
                return Optional.of(new Target(target, Syntax.nameRange(c, "class", c.name()), Optional.of(c), parsed.get()));
            }
            if (reexport != null) {
                Optional<Target> t = imported(tree, target, reexport, depth + 1);
                if (t.isPresent()) {
                    return t;
                }
            }
        }
        return moduleTarget(from, module + "." + name);
    }

    private Optional<Target> moduleTarget(Path from, String dotted) {
        Optional<Path> found = workspaceFor(from).findModule(dotted);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path target = found.get().toAbsolutePath().normalize();
        return parsedFile(target).map(p -> new Target(target, p.file().range(0, 0), Optional.empty(), p));
    }

    /** The text of {@code file} (absolute): the editor's when it is open, else the disk's; empty when unreadable. */
    Optional<String> text(Path file) {
        return files.read(file.toAbsolutePath().normalize()).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The file (absolute, normalized) of project module {@code dotted} as {@code from} imports it. */
    Optional<Path> moduleFile(Path from, String dotted) {
        return workspaceFor(from).findModule(dotted).map(p -> p.toAbsolutePath().normalize());
    }

    /** The file at {@code file} (the editor's text when open), parsed; empty when unreadable. */
    Optional<Analysis> parsedFile(Path file) {
        Path key = file.toAbsolutePath().normalize();
        return files.read(key).map(b -> parsed(key, new String(b, StandardCharsets.UTF_8)));
    }

    /** {@code text} of the file at {@code file} (absolute, normalized), parsed: from the cache when it was parsed before. */
    Analysis parsed(Path file, String text) {
        Analysis known = parsed.get(file);
        if (known != null && known.text().equals(text)) {
            return known;
        }
        parses.incrementAndGet();
        Analysis a = Analysis.parsed(file.toString(), text);
        if (parsed.size() > MAX_PARSED) {
            parsed.clear();
        }
        parsed.put(file, a);
        return a;
    }

    /** The project module {@code dotted} as {@code from} imports it, parsed; empty when there is none. */
    Optional<Analysis> parsedModule(Path from, String dotted) {
        return moduleFile(from, dotted).flatMap(this::parsedFile);
    }

    /**
     * The project module a dotted chain of names ({@code u}, {@code models.util}) names through the
     * top-level imports of {@code tree} ({@code import models.util as u}, {@code import models.util},
     * {@code from models import util}, relative ones too); empty when it names none. Works on a tree
     * the parser recovered from half-written code, which completion has.
     */
    Optional<String> moduleOfChain(Module tree, Path file, String chain) {
        String[] parts = chain.split("\\.", -1);
        String base = null;
        for (Stmt s : tree.body()) {
            if (s instanceof Stmt.Import i) {
                for (Alias al : i.names()) {
                    String bound = al.asname().orElse(al.name().split("\\.", 2)[0]);
                    if (bound.equals(parts[0])) {
                        base = al.asname().isPresent() ? al.name() : bound;
                    }
                }
            } else if (s instanceof Stmt.ImportFrom f) {
                for (Alias al : f.names()) {
                    if (al.asname().orElse(al.name()).equals(parts[0])) {
                        base = absolute(file, f).map(m -> m + "." + al.name()).orElse(null);
                    }
                }
            }
        }
        if (base == null) {
            return Optional.empty();
        }
        String dotted = base + (parts.length > 1 ? "." + String.join(".", java.util.Arrays.asList(parts).subList(1, parts.length)) : "");
        return moduleFile(file, dotted).isPresent() ? Optional.of(dotted) : Optional.empty();
    }

    /** The import statement of {@code tree} that {@code alias} belongs to. */
    static Optional<Stmt> importOf(Module tree, Alias alias) {
        for (Node n : Syntax.pathAt(tree, alias.range().start())) {
            if (n instanceof Stmt.ImportFrom f && f.names().contains(alias)
                    || n instanceof Stmt.Import i && i.names().contains(alias)) {
                return Optional.of((Stmt) n);
            }
        }
        return Optional.empty();
    }

    /** The absolute module a {@code from ... import} statement of {@code file} imports from. */
    Optional<String> absolute(Path file, Stmt.ImportFrom f) {
        return absolute(file, f.level(), f.module());
    }

    /** The absolute module of {@code from <level dots><module> import ...} in {@code file}. */
    Optional<String> absolute(Path file, int level, Optional<String> module) {
        if (level == 0) {
            return module;
        }
        Optional<String> own = workspaceFor(file).moduleName(file);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>(List.of(own.get().split("\\.")));
        boolean isPackage = file.getFileName() != null && file.getFileName().toString().equals("__init__.py");
        int drop = isPackage ? level - 1 : level;
        if (drop > parts.size() || (drop == parts.size() && module.isEmpty())) {
            return Optional.empty();
        }
        List<String> pkg = new ArrayList<>(parts.subList(0, parts.size() - drop));
        module.ifPresent(m -> pkg.addAll(List.of(m.split("\\."))));
        return pkg.isEmpty() ? Optional.empty() : Optional.of(String.join(".", pkg));
    }
}
