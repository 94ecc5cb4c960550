package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Alias;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * References and rename of a module-level name (a function, a class, a global) across the
 * project's files, following imports as Pylance does: the name's own file, {@code from pkg.a
 * import f} (and its uses), {@code from pkg.a import f as g} (the uses of {@code g} are references
 * of {@code f}, but a rename changes only the {@code f} of the import), and attributes of an
 * imported module ({@code a.f} after {@code from pkg import a}, {@code pkg.a.f} after {@code import
 * pkg.a}, {@code m.f} after {@code import pkg.a as m}). A name another module re-exports ({@code
 * from pkg.a import f} at its top level) is followed into the files that import it from there.
 *
 * <p>The cursor may be on the definition, on any use in its file, on an import of it or on a use
 * in another file: {@link #at} first finds the defining file and name, following re-exports.
 * Files are read through the {@link Project} (an open document's unsaved text in front of the
 * disk); only those whose text contains the name and the module's own name as words are parsed
 * ({@link #mentions}, a cheap prefilter), and the callers' analyses of open documents are reused.
 * Methods and attributes of user classes are {@link MemberReferences}' (tried when the cursor is on
 * no module-level name); locals and parameters are left to the one-file {@link Names} and {@link Renames}.
 */
public final class CrossReferences {
    /** How many re-exports deep a name is followed. */
    private static final int MAX_DEPTH = 4;

    /** A module-level name: the file that defines it and the name. */
    public record Name(Path file, String name) {}

    /**
     * One reference: where it is, and whether a rename replaces it ({@code false} for the uses of
     * an alias, {@code g} of {@code from a import f as g}, which keep their name).
     */
    public record Reference(Path file, SourceRange range, boolean renamed) {}

    /** What the search found: the name, every reference sorted by file and position, and its definitions. */
    public record Found(Name target, List<Reference> references, List<Reference> declarations) {}

    /** The edits of a cross-file rename by file, each file's ranges in source order, or why it is refused. */
    public record Rename(Map<Path, List<SourceRange>> edits, Optional<String> refusal) {}

    /**
     * Where to look: the project's files ({@code candidates}, absolute; the open documents among
     * them), the current analyses of open documents, reused rather than parsed again, the words of
     * a file that is not open from the {@link WorkspaceIndex} (empty for an open one: its text is
     * read instead), and whether the request is still wanted ({@link Cancellation#check} is called
     * before each file).
     */
    public record Sources(Supplier<Collection<Path>> candidates, Function<Path, Optional<Analysis>> known,
            Function<Path, Optional<WorkspaceIndex.Words>> words, Cancellation cancel) {

        /** Sources without an index, never cancelled. */
        public Sources(Supplier<Collection<Path>> candidates, Function<Path, Optional<Analysis>> known) {
            this(candidates, known, p -> Optional.empty(), Cancellation.NEVER);
        }

        /**
         * Whether file {@code g} can name {@code name} (and {@code module}): its indexed words when
         * it is not open, else its text, read through {@code text}.
         */
        boolean mayMention(Path g, String name, Optional<String> module, Function<Path, Optional<String>> text) {
            Optional<WorkspaceIndex.Words> w = words.apply(g);
            if (w.isPresent()) {
                return w.get().mayContain(name) && module.map(w.get()::mayContain).orElse(true);
            }
            return text.apply(g).map(t -> mentions(t, name, module)).orElse(false);
        }
    }

    private final Project project;
    private final Sources sources;
    private final Map<Path, Optional<String>> texts = new HashMap<>();
    private final Map<Path, Optional<Analysis>> parsed = new HashMap<>();
    private List<Path> files;

    private CrossReferences(Project project, Sources sources, Analysis current) {
        this.project = project;
        this.sources = sources;
        parsed.put(current.path(), Optional.of(current));
        texts.put(current.path(), Optional.of(current.text()));
    }

    /**
     * The references of the module-level name at {@code offset} of {@code a} across the project;
     * empty when {@code a} was checked on its own or the cursor is on no module-level name of a
     * project file (the caller then answers from the one file).
     */
    public static Optional<Found> at(Analysis a, int offset, Sources sources) {
        if (a.project() == null || a.path() == null) {
            return Optional.empty();
        }
        CrossReferences x = new CrossReferences(a.project(), sources, a);
        return x.target(a, offset).map(x::search).or(() -> MemberReferences.at(a, offset, sources));
    }

    /**
     * Renames the module-level name at {@code offset} of {@code a} to {@code newName} in every
     * project file; empty when there is no such name there (the caller then renames in the one file).
     * Refused when {@code newName} is no Python name or is already visible where a renamed use is.
     */
    public static Optional<Rename> rename(Analysis a, int offset, String newName, Sources sources) {
        if (a.project() == null || a.path() == null) {
            return Optional.empty();
        }
        CrossReferences x = new CrossReferences(a.project(), sources, a);
        Optional<Found> found = x.target(a, offset).map(x::search);
        if (found.isEmpty()) {
            return MemberReferences.rename(a, offset, newName, sources);
        }
        if (!Renames.isIdentifier(newName) || Vocabulary.KEYWORDS.contains(newName)) {
            return Optional.of(refused("'" + newName + "' is not a valid Python name"));
        }
        if (newName.equals(found.get().target().name())) {
            return Optional.of(new Rename(Map.of(), Optional.empty()));
        }
        Map<Path, List<SourceRange>> edits = new LinkedHashMap<>();
        for (Reference r : found.get().references()) {
            if (!r.renamed()) {
                continue;
            }
            Optional<Analysis> in = x.analysis(r.file());
            if (in.isPresent() && in.get().names().visibleAt(in.get().module(), r.range().start()).containsKey(newName)) {
                return Optional.of(refused("'" + newName + "' is already defined where '" + found.get().target().name()
                        + "' is used (" + fileName(r.file()) + " line " + r.range().startLine() + ")"));
            }
            edits.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r.range());
        }
        return Optional.of(new Rename(edits, Optional.empty()));
    }

    /**
     * Whether the name at {@code offset} is an alias an import binds ({@code g} of {@code from a
     * import f as g}, {@code m} of {@code import pkg.a as m}): renaming it renames the alias in its
     * file, not what it stands for.
     */
    public static boolean isAlias(Analysis a, int offset) {
        Names names = a.names();
        Optional<Names.Symbol> s = names.symbolAt(offset);
        if (s.isEmpty() || names.bindings(s.get()).isEmpty()) {
            return false;
        }
        Names.Binding b = names.bindings(s.get()).get(0);
        return b.kind() == Names.Kind.IMPORT && b.node() instanceof Alias alias && alias.asname().isPresent()
                && !inImportedName(alias, offset);
    }

    private static Rename refused(String why) {
        return new Rename(Map.of(), Optional.of(why));
    }

    private static String fileName(Path p) {
        return p.getFileName() == null ? p.toString() : p.getFileName().toString();
    }

    // ---- the name at the cursor ------------------------------------------------------------------

    /** The defining file and name of what is at {@code offset} of the current file, if it is a module-level name. */
    private Optional<Name> target(Analysis a, int offset) {
        Path file = a.path();
        List<Node> path = Syntax.pathAt(a.module(), offset);
        Node inner = path.get(path.size() - 1);
        if (inner instanceof Alias alias && inImportedName(alias, offset)) {
            return importedName(a, file, alias);
        }
        if (inner instanceof Expr.Attribute attr && attrRange(attr).map(r -> r.start() <= offset).orElse(false)) {
            return project.importedModule(a, file, attr.value())
                    .flatMap(m -> project.moduleFile(file, m))
                    .flatMap(m -> definer(m, attr.attr(), 0));
        }
        Names names = a.names();
        Optional<Names.Symbol> symbol = names.symbolAt(offset);
        if (symbol.isEmpty()) {
            return Optional.empty();
        }
        List<Names.Binding> bindings = names.bindings(symbol.get());
        if (bindings.isEmpty()) {
            return Optional.empty();
        }
        if (bindings.stream().anyMatch(b -> b.kind() != Names.Kind.IMPORT)) {
            return symbol.get().scope() == a.module() ? Optional.of(new Name(file, symbol.get().name())) : Optional.empty();
        }
        return bindings.get(0).node() instanceof Alias alias ? importedName(a, file, alias) : Optional.empty();
    }

    /** Whether {@code offset} is on the imported name of an alias ({@code f} of {@code f as g}). */
    private static boolean inImportedName(Alias alias, int offset) {
        return alias.range().start() <= offset && offset <= alias.range().start() + alias.name().length();
    }

    /** The name a {@code from ... import} alias of {@code file} imports, at its definition. */
    private Optional<Name> importedName(Analysis a, Path file, Alias alias) {
        Optional<Stmt> statement = Project.importOf(a.module(), alias);
        if (statement.isEmpty() || !(statement.get() instanceof Stmt.ImportFrom f)) {
            return Optional.empty();
        }
        return project.absolute(file, f).flatMap(m -> project.moduleFile(file, m)).flatMap(m -> definer(m, alias.name(), 0));
    }

    /** Where name {@code name} of the module in {@code module} is defined: there, or where it re-exports it from. */
    private Optional<Name> definer(Path module, String name, int depth) {
        Optional<Analysis> m = analysis(module);
        if (m.isEmpty() || depth > MAX_DEPTH) {
            return Optional.empty();
        }
        Names names = m.get().names();
        List<Names.Binding> bindings = names.bindings(new Names.Symbol(m.get().module(), name));
        if (bindings.isEmpty()) {
            return Optional.empty(); // a submodule, or nothing: no module-level name
        }
        if (bindings.stream().anyMatch(b -> b.kind() != Names.Kind.IMPORT)) {
            return Optional.of(new Name(module, name));
        }
        if (bindings.get(0).node() instanceof Alias alias
                && Project.importOf(m.get().module(), alias).orElse(null) instanceof Stmt.ImportFrom f) {
            return project.absolute(module, f).flatMap(d -> project.moduleFile(module, d))
                    .flatMap(d -> definer(d, alias.name(), depth + 1));
        }
        return Optional.empty();
    }

    // ---- the search ------------------------------------------------------------------------------

    /** A module-level name a file exports: its definition, or a re-export; {@code renamed} when a rename reaches it. */
    private record Key(Path file, String name, boolean renamed) {}

    private Found search(Name target) {
        Set<Reference> out = new LinkedHashSet<>();
        List<Reference> declarations = new ArrayList<>();
        analysis(target.file()).ifPresent(d -> {
            Names names = d.names();
            Names.Symbol s = new Names.Symbol(d.module(), target.name());
            for (SourceRange r : names.references(s)) {
                out.add(new Reference(target.file(), r, true));
            }
            for (Names.Binding b : names.bindings(s)) {
                declarations.add(new Reference(target.file(), b.range(), true));
            }
        });
        Deque<Key> work = new ArrayDeque<>();
        Set<Key> seen = new HashSet<>();
        work.add(new Key(target.file(), target.name(), true));
        while (!work.isEmpty()) {
            Key key = work.poll();
            if (!seen.add(new Key(key.file(), key.name(), false)) || seen.size() > 64) {
                continue;
            }
            Optional<String> module = moduleWord(key.file());
            for (Path g : candidates()) {
                sources.cancel().check();
                if (!g.equals(key.file()) && sources.mayMention(g, key.name(), module, this::text)) {
                    analysis(g).ifPresent(a -> scan(a, g, key, out, work));
                }
            }
        }
        List<Reference> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing((Reference r) -> r.file().toString()).thenComparingInt(r -> r.range().start()));
        return new Found(target, List.copyOf(sorted), List.copyOf(declarations));
    }

    /**
     * The prefilter: whether a file's text can refer to a name of another module at all — it
     * contains the name as a word and, unless the module is a package's {@code __init__.py} (which
     * {@code from .. import f} reaches without naming it), the module's own name as a word.
     */
    static boolean mentions(String text, String name, Optional<String> module) {
        return containsWord(text, name) && module.map(m -> containsWord(text, m)).orElse(true);
    }

    /** The last part of the module name of {@code file} ({@code util} of {@code pkg/util.py}); empty for {@code __init__.py}. */
    private static Optional<String> moduleWord(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!name.endsWith(".py") || name.equals("__init__.py")) {
            return Optional.empty();
        }
        return Optional.of(name.substring(0, name.length() - 3));
    }

    /** Whether {@code word} occurs in {@code text} with no identifier character on either side. */
    static boolean containsWord(String text, String word) {
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            int end = i + word.length();
            boolean before = i > 0 && isIdentifierPart(text.charAt(i - 1));
            boolean after = end < text.length() && isIdentifierPart(text.charAt(end));
            if (!before && !after) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The references of {@code key} in file {@code g}: its imports from the key's module and the module's attributes. */
    private void scan(Analysis a, Path g, Key key, Set<Reference> out, Deque<Key> work) {
        Names names = a.names();
        Syntax.walk(a.module(), (Node n) -> {
            if (n instanceof Stmt.ImportFrom f) {
                boolean fromKey = f.names().stream().anyMatch(al -> al.name().equals(key.name()))
                        && project.absolute(g, f).flatMap(m -> project.moduleFile(g, m)).map(key.file()::equals).orElse(false);
                if (!fromKey) {
                    return;
                }
                for (Alias alias : f.names()) {
                    if (!alias.name().equals(key.name())) {
                        continue;
                    }
                    SourceRange imported = alias.range().file().range(alias.range().start(),
                            alias.range().start() + alias.name().length());
                    out.add(new Reference(g, imported, key.renamed()));
                    String bound = alias.asname().orElse(alias.name());
                    boolean renamed = key.renamed() && alias.asname().isEmpty();
                    int boundAt = alias.asname().isPresent() ? alias.range().end() - bound.length() : alias.range().start();
                    Optional<Names.Symbol> local = names.symbolAt(boundAt);
                    if (local.isEmpty() || names.bindings(local.get()).stream()
                            .anyMatch(b -> !(b.node() instanceof Alias other && other.name().equals(key.name())))) {
                        continue; // the name is also bound otherwise in this file: its uses are not only the import's
                    }
                    for (SourceRange r : names.references(local.get())) {
                        if (r.start() != boundAt) { // the import's own name: counted above, or the alias's
                            out.add(new Reference(g, r, renamed));
                        }
                    }
                    if (local.get().scope() == a.module()) {
                        work.add(new Key(g, bound, renamed)); // a re-export: other files may import it from here
                    }
                }
            } else if (n instanceof Expr.Attribute attr && attr.attr().equals(key.name())) {
                Optional<SourceRange> r = attrRange(attr);
                if (r.isPresent() && project.importedModule(a, g, attr.value()).flatMap(m -> project.moduleFile(g, m))
                        .map(key.file()::equals).orElse(false)) {
                    out.add(new Reference(g, r.get(), key.renamed()));
                }
            }
        });
    }

    /** The range of the attribute's name in {@code value.attr}, when the source spells it there. */
    private static Optional<SourceRange> attrRange(Expr.Attribute attr) {
        SourceRange whole = attr.range();
        int start = whole.end() - attr.attr().length();
        if (start < whole.start()) {
            return Optional.empty();
        }
        SourceRange r = whole.file().range(start, whole.end());
        return r.text().equals(attr.attr()) ? Optional.of(r) : Optional.empty();
    }

    // ---- files -----------------------------------------------------------------------------------

    private List<Path> candidates() {
        if (files == null) {
            Set<Path> all = new LinkedHashSet<>();
            for (Path p : sources.candidates().get()) {
                all.add(p.toAbsolutePath().normalize());
            }
            all.addAll(parsed.keySet());
            files = List.copyOf(all);
        }
        return files;
    }

    private Optional<String> text(Path file) {
        return texts.computeIfAbsent(file, project::text);
    }

    /** The file parsed (an open document's current analysis when the caller has one). */
    private Optional<Analysis> analysis(Path file) {
        Optional<Analysis> known = parsed.get(file);
        if (known != null) {
            return known;
        }
        Optional<String> text = text(file);
        Optional<Analysis> a = sources.known().apply(file).filter(k -> text.isPresent() && k.text().equals(text.get()));
        if (a.isEmpty()) {
            a = text.map(t -> project.parsed(file, t));
        }
        parsed.put(file, a);
        return a;
    }
}
