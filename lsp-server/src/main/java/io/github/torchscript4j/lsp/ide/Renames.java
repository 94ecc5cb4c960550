package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Alias;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rename within one file of a name the file binds: a local variable, a parameter, a function or a
 * class, or the alias of an import ({@code g} of {@code from a import f as g}), at every place
 * {@link Names} resolves to the same binding. Renaming a parameter of a module-level function also
 * renames the keyword in calls that pass it by name ({@code f(n=2)}). A module-level name of a
 * project file is renamed in every file that uses it by {@link CrossReferences} instead.
 *
 * <p>Other imports, builtins and attributes ({@code self.x}) are not renamed here. A new name is refused when
 * it is no Python identifier, is a keyword, or is already visible where the name is used (the
 * rename would silently make the code mean something else).
 */
public final class Renames {
    private Renames() {}

    /** The name under the cursor and its range, when it can be renamed. */
    public record Target(String name, SourceRange range) {}

    /** The ranges to replace by the new name, in source order, or why the rename is refused. */
    public record Edits(List<SourceRange> ranges, Optional<String> refusal) {}

    /** What {@code prepareRename} answers: the occurrence under the cursor, if renamable. */
    public static Optional<Target> prepare(Analysis a, int offset) {
        Names names = a.names();
        Optional<Names.Symbol> symbol = names.symbolAt(offset);
        if (symbol.isEmpty() || !renamable(names, symbol.get())) {
            return Optional.empty();
        }
        for (SourceRange r : names.references(symbol.get())) {
            if (r.start() <= offset && offset <= r.end()) {
                return Optional.of(new Target(symbol.get().name(), r));
            }
        }
        return Optional.empty();
    }

    /** The edits that rename the name at {@code offset} to {@code newName}. */
    public static Edits rename(Analysis a, int offset, String newName) {
        Names names = a.names();
        Optional<Names.Symbol> symbol = names.symbolAt(offset);
        if (symbol.isEmpty() || !renamable(names, symbol.get())) {
            return refused("only a local variable, parameter, function, class or import alias of this file can be renamed here");
        }
        if (!isIdentifier(newName) || Vocabulary.KEYWORDS.contains(newName)) {
            return refused("'" + newName + "' is not a valid Python name");
        }
        Names.Symbol s = symbol.get();
        if (newName.equals(s.name())) {
            return new Edits(List.of(), Optional.empty());
        }
        List<SourceRange> ranges = new ArrayList<>(names.references(s));
        for (SourceRange r : ranges) {
            if (names.visibleAt(a.module(), r.start()).containsKey(newName)) {
                return refused("'" + newName + "' is already defined where '" + s.name() + "' is used (line "
                        + r.startLine() + ")");
            }
        }
        if (names.bindings(s).get(0).kind() == Names.Kind.PARAMETER && s.scope() instanceof Stmt.FunctionDef f) {
            ranges.addAll(keywordsOfCalls(a, f, s.name()));
        }
        ranges.sort((x, y) -> Integer.compare(x.start(), y.start()));
        return new Edits(List.copyOf(ranges), Optional.empty());
    }

    private static Edits refused(String why) {
        return new Edits(List.of(), Optional.of(why));
    }

    private static boolean renamable(Names names, Names.Symbol s) {
        List<Names.Binding> bindings = names.bindings(s);
        return !bindings.isEmpty() && bindings.stream().noneMatch(b -> b.kind() == Names.Kind.IMPORT
                && !(b.node() instanceof Alias a && a.asname().isPresent()));
    }

    /** The keyword names {@code parameter=} in calls of {@code f} by its name. */
    private static List<SourceRange> keywordsOfCalls(Analysis a, Stmt.FunctionDef f, String parameter) {
        Names names = a.names();
        Optional<Names.Symbol> function = names.symbolAt(Syntax.nameRange(f, "def", f.name()).start());
        List<SourceRange> out = new ArrayList<>();
        if (function.isEmpty()) {
            return out;
        }
        Syntax.walk(a.module(), (Node n) -> {
            if (n instanceof Expr.Call c && c.func() instanceof Expr.Name callee
                    && names.symbolOf(callee).map(function.get()::equals).orElse(false)) {
                for (Keyword k : c.keywords()) {
                    if (k.arg().isPresent() && k.arg().get().equals(parameter)
                            && k.range().text().startsWith(parameter)) {
                        out.add(k.range().file().range(k.range().start(), k.range().start() + parameter.length()));
                    }
                }
            }
        });
        return out;
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.codePointAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        return s.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }
}
