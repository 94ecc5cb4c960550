package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.semantics.Queries;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * References and rename of a method or attribute of a user class or scripted module ({@link
 * ClassMembers}) across the project's files: its {@code def} or declaration, every {@code x.name}
 * whose receiver the checker typed as that class (in any file), and, in the class's own methods,
 * every {@code self.name}.
 *
 * <p>Only files whose text has the member's name as a word are looked at ({@link
 * CrossReferences#containsWord}); they are checked through the {@link Project} (its cache makes a
 * second search cheap), open documents' current analyses reused. A use whose receiver the checker
 * did not type (code TorchScript never compiles, a receiver of a subclass) is not found.
 */
public final class MemberReferences {
    private MemberReferences() {}

    /** The member at {@code offset}: on a {@code def} name in a class body, or on the name of {@code receiver.name}. */
    static Optional<ClassMembers.Found> memberAt(Analysis a, int offset) {
        List<Node> path = Syntax.pathAt(a.module(), offset);
        Node inner = path.get(path.size() - 1);
        if (inner instanceof Expr.Attribute attr && ClassMembers.attrRange(attr).map(r -> r.start() <= offset).orElse(false)) {
            return ClassMembers.of(a, attr);
        }
        if (inner instanceof Stmt.FunctionDef f && path.size() > 1 && path.get(path.size() - 2) instanceof Stmt.ClassDef c) {
            SourceRange name = Syntax.nameRange(f, "def", f.name());
            if (name.start() <= offset && offset <= name.end()) {
                ClassMembers.Owner o = new ClassMembers.Owner(a.path(), a, c);
                return ClassMembers.member(o, f.name()).map(m -> new ClassMembers.Found(o, m));
            }
        }
        return Optional.empty();
    }

    /** Every reference of the member at {@code offset} of {@code a}; empty when it is on no member of a project class. */
    public static Optional<CrossReferences.Found> at(Analysis a, int offset, CrossReferences.Sources sources) {
        if (a.project() == null || a.path() == null) {
            return Optional.empty();
        }
        return memberAt(a, offset).filter(f -> f.owner().file() != null).map(f -> search(a, f, sources));
    }

    /** The edits renaming the member at {@code offset} to {@code newName} in every file; empty when there is no member there. */
    public static Optional<CrossReferences.Rename> rename(Analysis a, int offset, String newName,
            CrossReferences.Sources sources) {
        Optional<CrossReferences.Found> found = at(a, offset, sources);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (!Renames.isIdentifier(newName) || Vocabulary.KEYWORDS.contains(newName)) {
            return Optional.of(new CrossReferences.Rename(Map.of(), Optional.of("'" + newName + "' is not a valid Python name")));
        }
        Map<Path, List<SourceRange>> edits = new LinkedHashMap<>();
        for (CrossReferences.Reference r : found.get().references()) {
            edits.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r.range());
        }
        return Optional.of(new CrossReferences.Rename(edits, Optional.empty()));
    }

    private static CrossReferences.Found search(Analysis current, ClassMembers.Found target, CrossReferences.Sources sources) {
        Project project = current.project();
        Path ownerFile = target.owner().file();
        String cls = target.owner().cls().name();
        String name = target.member().name();
        Set<Path> files = new LinkedHashSet<>();
        files.add(current.path());
        files.add(ownerFile);
        for (Path p : sources.candidates().get()) {
            files.add(p.toAbsolutePath().normalize());
        }
        Set<CrossReferences.Reference> out = new LinkedHashSet<>();
        List<CrossReferences.Reference> declarations = new ArrayList<>();
        for (Path g : files) {
            sources.cancel().check();
            if (!g.equals(current.path()) && !g.equals(ownerFile)
                    && !sources.mayMention(g, name, Optional.empty(), project::text)) {
                continue;
            }
            Optional<Analysis> in = g.equals(current.path()) ? Optional.of(current) : project.text(g)
                    .filter(t -> CrossReferences.containsWord(t, name))
                    .map(t -> sources.known().apply(g).filter(k -> k.text().equals(t)).orElseGet(() -> project.analyze(g, 0, t)));
            if (in.isEmpty()) {
                continue;
            }
            Analysis an = in.get();
            if (g.equals(ownerFile)) {
                ClassMembers.classIn(an, cls, target.owner().cls().range().start()).ifPresent(c -> {
                    ClassMembers.Owner o = new ClassMembers.Owner(g, an, c);
                    ClassMembers.member(o, name).ifPresent(m -> {
                        CrossReferences.Reference d = new CrossReferences.Reference(g, m.nameRange(), true);
                        declarations.add(d);
                        out.add(d);
                    });
                    Syntax.walk(c, n -> {
                        if (n instanceof Stmt.FunctionDef f && f.name().equals(name) && c.body().contains(f)) {
                            out.add(new CrossReferences.Reference(g, Syntax.nameRange(f, "def", f.name()), true));
                        } else if (n instanceof Expr.Attribute at && at.attr().equals(name)
                                && at.value() instanceof Expr.Name self && self.id().equals("self")) {
                            ClassMembers.attrRange(at).ifPresent(r -> out.add(new CrossReferences.Reference(g, r, true)));
                        }
                    });
                });
            }
            Syntax.walk(an.module(), n -> {
                if (n instanceof Expr.Attribute at && at.attr().equals(name) && declaredBy(an, at.value(), name, cls, ownerFile)) {
                    ClassMembers.attrRange(at).ifPresent(r -> out.add(new CrossReferences.Reference(g, r, true)));
                }
            });
        }
        List<CrossReferences.Reference> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing((CrossReferences.Reference r) -> r.file().toString())
                .thenComparingInt(r -> r.range().start()));
        return new CrossReferences.Found(new CrossReferences.Name(ownerFile, name), List.copyOf(sorted), List.copyOf(declarations));
    }

    /**
     * Whether the checker typed {@code receiver} as class {@code cls} of {@code ownerFile}, or as a
     * class that inherits member {@code name} from it.
     */
    private static boolean declaredBy(Analysis an, Expr receiver, String name, String cls, Path ownerFile) {
        Optional<io.github.torchscript4j.checker.types.Type> t = an.typeOf(receiver);
        Optional<Stmt.ClassDef> c = t.flatMap(Queries::declaredClass);
        if (c.isEmpty()) {
            return false;
        }
        if (c.get().name().equals(cls) && fileOf(c.get()).map(ownerFile::equals).orElse(false)) {
            return true;
        }
        return ClassMembers.ownerOf(t.get(), an).flatMap(o -> ClassMembers.member(o, name))
                .map(m -> m.owner().cls().name().equals(cls) && ownerFile.equals(m.owner().file())).orElse(false);
    }

    private static Optional<Path> fileOf(Stmt.ClassDef c) {
        try {
            return Optional.of(Path.of(c.range().file().path()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
