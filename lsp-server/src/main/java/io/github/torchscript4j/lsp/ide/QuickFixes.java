package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quick fixes for common TorchScript errors, each an edit of the file that makes the checker (and
 * the reference) accept it:
 *
 * <ul>
 *   <li>{@code Variable 'y' previously had type NoneType but is now being assigned to a value of
 *       type Tensor} ({@link Code#REASSIGNMENT_TYPE}): declare the variable where it is first set to
 *       {@code None} as {@code y: Optional[torch.Tensor] = None};
 *   <li>an empty list that TorchScript took for {@code List[Tensor]} and that is given another
 *       element ({@code xs = []}, then {@code xs.append(1)}: {@link Code#NO_MATCHING_SCHEMA}):
 *       declare it as {@code xs: List[int] = []}.
 * </ul>
 *
 * Both add the {@code typing} import they need ({@code from typing import Optional}) after the
 * file's last top-level import when the name is not bound yet.
 */
public final class QuickFixes {
    private QuickFixes() {}

    /** Replace {@code [start, end)} by {@code text}. */
    public record Edit(int start, int end, String text) {}

    /** A fix: its title, the diagnostic it fixes, and its edits (offsets in the analysed text). */
    public record Fix(String title, Diagnostic fixes, List<Edit> edits) {}

    private static final Pattern NONE_REASSIGNED = Pattern.compile(
            "Variable '([^']+)' previously had type NoneType but is now being assigned to a value of type .+");

    /** The fixes for the diagnostics that overlap {@code [start, end]}. */
    public static List<Fix> at(Analysis a, int start, int end) {
        List<Fix> out = new ArrayList<>();
        for (Diagnostic d : a.diagnostics()) {
            SourceRange r = d.range();
            if (r.end() < start || r.start() > end) {
                continue;
            }
            if (d.code() == Code.REASSIGNMENT_TYPE) {
                Matcher m = NONE_REASSIGNED.matcher(d.message());
                if (m.matches()) {
                    optionalDeclaration(a, d, m.group(1)).ifPresent(out::add);
                }
            } else if (d.code() == Code.NO_MATCHING_SCHEMA) {
                emptyListDeclaration(a, d).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<Fix> optionalDeclaration(Analysis a, Diagnostic d, String variable) {
        Optional<Expr.Name> assigned = nameAt(a, d.range().start(), variable);
        Optional<Stmt.Assign> reassignment = assigned.flatMap(n -> assignmentOf(a, n));
        if (reassignment.isEmpty()) {
            return Optional.empty();
        }
        Optional<Type> type = a.typeOf(reassignment.get().value());
        if (type.isEmpty() || type.get() instanceof Type.OptionalType || type.get() instanceof Type.NoneType) {
            return Optional.empty();
        }
        return declareFirst(a, d, assigned.get(), e -> e instanceof Expr.Constant c && c.value() instanceof Literal.None,
                new Type.OptionalType(type.get()));
    }

    private static Optional<Fix> emptyListDeclaration(Analysis a, Diagnostic d) {
        Optional<Expr.Call> call = Syntax.innermost(Syntax.pathAt(a.module(), d.range().start()), Expr.Call.class);
        if (call.isEmpty() || call.get().range().start() != d.range().start()
                || !(call.get().func() instanceof Expr.Attribute attr) || !attr.attr().equals("append")
                || !(attr.value() instanceof Expr.Name list) || call.get().args().size() != 1) {
            return Optional.empty();
        }
        Optional<Type> element = a.typeOf(call.get().args().get(0));
        if (element.isEmpty() || element.get() instanceof Type.TensorType || element.get() instanceof Type.UnknownType) {
            return Optional.empty();
        }
        return declareFirst(a, d, list, e -> e instanceof Expr.List l && l.elts().isEmpty(),
                new Type.ListType(element.get()));
    }

    /**
     * Declares {@code use}'s variable as {@code type} where it is first assigned, if that first
     * assignment is {@code name = value} with a value {@code initial} accepts.
     */
    private static Optional<Fix> declareFirst(Analysis a, Diagnostic d, Expr.Name use,
            java.util.function.Predicate<Expr> initial, Type type) {
        Names names = a.names();
        Optional<Names.Symbol> symbol = names.symbolOf(use);
        if (symbol.isEmpty() || names.bindings(symbol.get()).isEmpty()) {
            return Optional.empty();
        }
        Node first = names.bindings(symbol.get()).get(0).node();
        if (!(first instanceof Expr.Name target)) {
            return Optional.empty();
        }
        Optional<Stmt.Assign> declaration = assignmentOf(a, target);
        if (declaration.isEmpty() || declaration.get().typeComment().isPresent()
                || !initial.test(declaration.get().value())) {
            return Optional.empty();
        }
        Set<String> typingNames = new TreeSet<>();
        Optional<String> annotation = source(a, type, typingNames);
        if (annotation.isEmpty()) {
            return Optional.empty();
        }
        List<Edit> edits = new ArrayList<>();
        edits.add(new Edit(target.range().end(), target.range().end(), ": " + annotation.get()));
        importTyping(a, typingNames).ifPresent(e -> edits.add(0, e));
        return Optional.of(new Fix("Declare '" + target.id() + "' as " + annotation.get(), d, List.copyOf(edits)));
    }

    /** The name {@code id} at {@code offset}. */
    private static Optional<Expr.Name> nameAt(Analysis a, int offset, String id) {
        return Syntax.innermost(Syntax.pathAt(a.module(), offset), Expr.Name.class).filter(n -> n.id().equals(id));
    }

    /** The statement {@code name = value} whose only target is {@code name}. */
    private static Optional<Stmt.Assign> assignmentOf(Analysis a, Expr.Name name) {
        return Syntax.innermost(Syntax.pathAt(a.module(), name.range().start()), Stmt.Assign.class)
                .filter(s -> s.targets().size() == 1 && s.targets().get(0) == name);
    }

    /**
     * A type as this file can write it: {@code torch.Tensor} (or {@code Tensor} when the file
     * imports that name), {@code typing} names collected into {@code typingNames} unless bound
     * already; empty for types no annotation spells.
     */
    static Optional<String> source(Analysis a, Type t, Set<String> typingNames) {
        Map<String, Names.Binding> bound = a.names().moduleBindings();
        if (t instanceof Type.TensorType) {
            return Optional.of(bound.containsKey("Tensor") ? "Tensor" : "torch.Tensor");
        }
        if (t instanceof Type.IntType || t instanceof Type.FloatType || t instanceof Type.BoolType
                || t instanceof Type.StrType || t instanceof Type.ComplexType || t instanceof Type.NoneType) {
            return Optional.of(t.annotationStr());
        }
        if (t instanceof Type.DeviceType) {
            return Optional.of("torch.device");
        }
        if (t instanceof Type.ClassType c && c.qualifiedName().startsWith("__torch__.")
                && bound.containsKey(c.qualifiedName().substring("__torch__.".length()))) {
            return Optional.of(c.qualifiedName().substring("__torch__.".length()));
        }
        List<Type> parts;
        String generic;
        if (t instanceof Type.OptionalType o) {
            generic = "Optional";
            parts = List.of(o.elem());
        } else if (t instanceof Type.ListType l) {
            generic = "List";
            parts = List.of(l.elem());
        } else if (t instanceof Type.DictType d) {
            generic = "Dict";
            parts = List.of(d.key(), d.value());
        } else if (t instanceof Type.TupleType tuple && tuple.named().isEmpty() && !tuple.elements().isEmpty()) {
            generic = "Tuple";
            parts = tuple.elements();
        } else {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(generic).append('[');
        for (int i = 0; i < parts.size(); i++) {
            Optional<String> p = source(a, parts.get(i), typingNames);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            b.append(i > 0 ? ", " : "").append(p.get());
        }
        if (!bound.containsKey(generic)) {
            typingNames.add(generic);
        }
        return Optional.of(b.append(']').toString());
    }

    /** {@code from typing import ...} on a line of its own after the last top-level import. */
    private static Optional<Edit> importTyping(Analysis a, Set<String> names) {
        if (names.isEmpty()) {
            return Optional.empty();
        }
        int at = 0;
        for (Stmt s : a.module().body()) {
            if (s instanceof Stmt.Import || s instanceof Stmt.ImportFrom) {
                at = a.file().lineEnd(s.range().endLine());
            }
        }
        String text = a.text();
        String line = "from typing import " + String.join(", ", names);
        if (at == 0) {
            return Optional.of(new Edit(0, 0, line + "\n"));
        }
        int lineBreak = at < text.length() && text.charAt(at) == '\r' ? 2 : 1;
        int insert = Math.min(text.length(), at + lineBreak);
        return Optional.of(insert >= text.length() && (text.isEmpty() || text.charAt(text.length() - 1) != '\n')
                ? new Edit(text.length(), text.length(), "\n" + line)
                : new Edit(insert, insert, line + "\n"));
    }
}
