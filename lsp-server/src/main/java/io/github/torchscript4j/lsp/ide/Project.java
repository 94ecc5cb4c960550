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
import java.util.HashSet;
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
 */
public final class Project {
    /** More distinct root lists than this and the cached checker workspaces are dropped. */
    private static final int MAX_WORKSPACES = 64;

    private final Supplier<List<Path>> roots;
    private final Function<Path, Optional<String>> openTexts;
    private final Map<List<Path>, Workspace> workspaces = new ConcurrentHashMap<>();
    private final ThreadLocal<Set<Path>> recording = new ThreadLocal<>();
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
        Set<Path> r = recording.get();
        if (r != null) {
            r.add(key);
        }
        Optional<String> open = openTexts.apply(key);
        if (open.isPresent()) {
            return Optional.of(open.get().getBytes(StandardCharsets.UTF_8));
        }
        return disk.read(key);
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
        Set<Path> reads = new HashSet<>();
        reads.add(file.toAbsolutePath().normalize());
        Set<Path> outer = recording.get();
        recording.set(reads);
        CheckedFile checked;
        try {
            checked = workspaceFor(file).check(file, text.getBytes(StandardCharsets.UTF_8));
        } finally {
            recording.set(outer);
        }
        if (!checked.file().text().equals(text)) {
            // decoding changed the text (a byte order mark, a coding cookie): offsets would not match the editor's
            return Analysis.of(file.toString(), version, text);
        }
        return Analysis.of(checked, version, reads, this, file);
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
     * u.helper} after {@code import pkg.util as u}). Empty for anything else.
     */
    public Optional<Target> definition(Analysis a, Path file, int offset) {
        List<Node> path = Syntax.pathAt(a.module(), offset);
        Node inner = path.get(path.size() - 1);
        Names names = a.names();
        if (inner instanceof Expr.Attribute attr) {
            Optional<String> module = importedModule(a, file, attr.value());
            return module.flatMap(m -> member(file, m, attr.attr(), 0));
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
    private Optional<Analysis> parsedFile(Path file) {
        return files.read(file).map(b -> Analysis.parsed(file.toString(), new String(b, StandardCharsets.UTF_8)));
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
        if (f.level() == 0) {
            return f.module();
        }
        Optional<String> own = workspaceFor(file).moduleName(file);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>(List.of(own.get().split("\\.")));
        boolean isPackage = file.getFileName() != null && file.getFileName().toString().equals("__init__.py");
        int drop = isPackage ? f.level() - 1 : f.level();
        if (drop > parts.size() || (drop == parts.size() && f.module().isEmpty())) {
            return Optional.empty();
        }
        List<String> pkg = new ArrayList<>(parts.subList(0, parts.size() - drop));
        f.module().ifPresent(m -> pkg.addAll(List.of(m.split("\\."))));
        return pkg.isEmpty() ? Optional.empty() : Optional.of(String.join(".", pkg));
    }
}
