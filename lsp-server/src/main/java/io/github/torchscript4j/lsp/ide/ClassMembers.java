package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.semantics.Queries;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.ExprContext;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The methods and attributes of a user class or scripted module, wherever in the project it is
 * defined: the receiver of {@code m.get()} or {@code self.block.forward(x)} is typed by the checker,
 * and the class behind its type ({@link Queries#declaredClass}) is found in its own file's tree.
 * Completion lists the members, hover shows a method's signature, definition jumps to it, and
 * {@link MemberReferences} finds its uses in every file.
 *
 * <p>A member is a method ({@code def} in the class body), an attribute assigned through {@code
 * self} in one of its methods ({@code self.n = n} in {@code __init__}, which TorchScript never
 * checks), or a name declared in the class body ({@code n: int}). Members inherited from base
 * classes count too, as Pyright lists them: each base written in the {@code class} statement is
 * found in the same file or, through the file's imports, in another project file ({@code from
 * models.base import Base}, {@code base.Base}), and its members follow the class's own in Python's
 * method resolution order (depth first, left to right, for the single inheritance TorchScript
 * modules use); a member's {@link Member#owner} is the class that declares it. Bases that are no
 * project class ({@code nn.Module}, {@code object}) contribute nothing. A receiver the checker did
 * not type is no class's, except {@code self} inside a method, which is its class's.
 */
public final class ClassMembers {
    private ClassMembers() {}

    /**
     * A class and where it is: its file (absolute, normalized; null for a document checked on its
     * own), an analysis of that file whose tree holds {@code cls}.
     */
    public record Owner(Path file, Analysis analysis, Stmt.ClassDef cls) {}

    /** How many bases deep members are inherited (a guard against cycles the checker reports). */
    private static final int MAX_DEPTH = 16;

    /**
     * One member: its name, where its name is first written (the {@code def}'s name, the first
     * {@code self.x} store, the class-level declaration), the method, and the class that declares
     * it (the receiver's class, or one of its bases).
     */
    public record Member(String name, SourceRange nameRange, Optional<Stmt.FunctionDef> method, Owner owner) {
        public boolean isMethod() {
            return method.isPresent();
        }
    }

    /** A member of the class of a receiver, and the class that declares it ({@code member.owner()}). */
    public record Found(Owner owner, Member member) {}

    /**
     * The class behind {@code type} (a user class or scripted module), found in the analysis {@code
     * in} when that is where the checker read it, else in its own file parsed through {@code in}'s
     * project; empty for any other type.
     */
    public static Optional<Owner> ownerOf(Type type, Analysis in) {
        Optional<Stmt.ClassDef> declared = Queries.declaredClass(type);
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        Stmt.ClassDef c = declared.get();
        if (c.range().file() == in.file()) {
            return Optional.of(new Owner(in.path(), in, c));
        }
        if (in.project() == null) {
            return Optional.empty();
        }
        Path file;
        try {
            file = Path.of(c.range().file().path()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return in.project().parsedFile(file).flatMap(p -> classIn(p, c.name(), c.range().start())
                .map(found -> new Owner(file, p, found)));
    }

    /**
     * The class of the receiver {@code value} in {@code a}: by the type the checker gave it, or for
     * {@code self} in a method of a class, that class.
     */
    public static Optional<Owner> ownerOfReceiver(Analysis a, Expr value) {
        Optional<Owner> typed = a.typeOf(value).flatMap(t -> ownerOf(t, a));
        if (typed.isPresent()) {
            return typed;
        }
        if (value instanceof Expr.Name n && n.id().equals("self")) {
            List<Node> path = Syntax.pathAt(a.module(), n.range().start());
            for (int i = path.size() - 1; i > 0; i--) {
                if (path.get(i) instanceof Stmt.FunctionDef && path.get(i - 1) instanceof Stmt.ClassDef c) {
                    return Optional.of(new Owner(a.path(), a, c));
                }
            }
        }
        return Optional.empty();
    }

    /** The member {@code attr} reads or writes, when its receiver is of a user class that has one by that name. */
    public static Optional<Found> of(Analysis a, Expr.Attribute attr) {
        return ownerOfReceiver(a, attr.value()).flatMap(o -> member(o, attr.attr()).map(m -> new Found(m.owner(), m)));
    }

    /** The class named {@code name} in {@code a}'s tree, preferring the one that starts at {@code start}. */
    static Optional<Stmt.ClassDef> classIn(Analysis a, String name, int start) {
        Stmt.ClassDef[] best = new Stmt.ClassDef[1];
        Syntax.walk(a.module(), n -> {
            if (n instanceof Stmt.ClassDef c && c.name().equals(name)
                    && (best[0] == null || c.range().start() == start)) {
                best[0] = c;
            }
        });
        return Optional.ofNullable(best[0]);
    }

    /**
     * The members of {@code o}'s class, by name: its own in source order (methods and class-level
     * names, then {@code self} attributes), then those it inherits that it does not override.
     */
    public static Map<String, Member> members(Owner o) {
        Map<String, Member> out = new LinkedHashMap<>();
        collect(o, o.analysis().project(), out, new java.util.HashSet<>(), 0);
        return out;
    }

    /** The members {@code o}'s class inherits from its bases and does not define itself. */
    public static List<Member> inherited(Owner o) {
        Map<String, Member> all = members(o);
        return all.values().stream().filter(m -> m.owner().cls() != o.cls()).toList();
    }

    private static void collect(Owner o, Project project, Map<String, Member> out, Set<Stmt.ClassDef> seen, int depth) {
        if (depth > MAX_DEPTH || !seen.add(o.cls())) {
            return;
        }
        own(o, out);
        for (Expr b : o.cls().bases()) {
            base(o, b, project).ifPresent(base -> collect(base, project, out, seen, depth + 1));
        }
    }

    /** The class a base expression of {@code o}'s class names: in the same file, or imported from another project file. */
    private static Optional<Owner> base(Owner o, Expr b, Project project) {
        if (b instanceof Expr.Name n) {
            Stmt.ClassDef local = null;
            for (Stmt s : o.analysis().module().body()) {
                if (s instanceof Stmt.ClassDef c && c.name().equals(n.id()) && c != o.cls()) {
                    local = c;
                }
            }
            if (local != null) {
                return Optional.of(new Owner(o.file(), o.analysis(), local));
            }
        }
        if (project == null || o.file() == null) {
            return Optional.empty();
        }
        int at;
        if (b instanceof Expr.Name n) {
            at = n.range().start();
        } else if (b instanceof Expr.Attribute attr && attrRange(attr).isPresent()) {
            at = attrRange(attr).get().start();
        } else {
            return Optional.empty();
        }
        return project.definition(o.analysis(), o.file(), at)
                .filter(t -> t.definition().orElse(null) instanceof Stmt.ClassDef)
                .map(t -> new Owner(t.file(), t.analysis(), (Stmt.ClassDef) t.definition().get()));
    }

    /** The members {@code o}'s class body declares itself, added where no earlier class declared them. */
    private static void own(Owner o, Map<String, Member> out) {
        for (Stmt s : o.cls().body()) {
            if (s instanceof Stmt.FunctionDef f) {
                out.putIfAbsent(f.name(), new Member(f.name(), Syntax.nameRange(f, "def", f.name()), Optional.of(f), o));
            } else if (s instanceof Stmt.AnnAssign aa && aa.target() instanceof Expr.Name n) {
                out.putIfAbsent(n.id(), new Member(n.id(), n.range(), Optional.empty(), o));
            } else if (s instanceof Stmt.Assign as) {
                for (Expr t : as.targets()) {
                    if (t instanceof Expr.Name n) {
                        out.putIfAbsent(n.id(), new Member(n.id(), n.range(), Optional.empty(), o));
                    }
                }
            }
        }
        for (Stmt s : o.cls().body()) {
            if (s instanceof Stmt.FunctionDef f) {
                Syntax.walk(f, n -> {
                    if (n instanceof Expr.Attribute at && at.ctx() == ExprContext.STORE
                            && at.value() instanceof Expr.Name self && self.id().equals("self")) {
                        attrRange(at).ifPresent(r -> out.putIfAbsent(at.attr(), new Member(at.attr(), r, Optional.empty(), o)));
                    }
                });
            }
        }
    }

    /** The member {@code name} of {@code o}'s class. */
    public static Optional<Member> member(Owner o, String name) {
        return Optional.ofNullable(members(o).get(name));
    }

    /** The range of the attribute's name in {@code value.attr}, when the source spells it there. */
    static Optional<SourceRange> attrRange(Expr.Attribute attr) {
        SourceRange whole = attr.range();
        int start = whole.end() - attr.attr().length();
        if (start < whole.start()) {
            return Optional.empty();
        }
        SourceRange r = whole.file().range(start, whole.end());
        return r.text().equals(attr.attr()) ? Optional.of(r) : Optional.empty();
    }
}
