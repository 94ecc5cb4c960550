package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The outline of a file: its classes with their methods and fields, functions, and module variables. */
public final class Symbols {
    private Symbols() {}

    public enum Kind { CLASS, METHOD, FUNCTION, FIELD, VARIABLE }

    /**
     * One symbol: {@code range} covers the whole definition, {@code nameRange} the name.
     *
     * @param detail the signature of a function, empty otherwise
     */
    public record Symbol(String name, Kind kind, String detail, SourceRange range, SourceRange nameRange,
            List<Symbol> children) {}

    public static List<Symbol> of(Analysis a) {
        return body(a, a.module().body(), false);
    }

    private static List<Symbol> body(Analysis a, List<Stmt> body, boolean inClass) {
        List<Symbol> out = new ArrayList<>();
        Set<String> variables = new LinkedHashSet<>();
        for (Stmt s : body) {
            if (s instanceof Stmt.FunctionDef f) {
                out.add(new Symbol(f.name(), inClass ? Kind.METHOD : Kind.FUNCTION, Functions.of(a, f).header(),
                        Syntax.extent(f), Syntax.nameRange(f, "def", f.name()), List.of()));
            } else if (s instanceof Stmt.ClassDef c) {
                out.add(new Symbol(c.name(), Kind.CLASS, "", Syntax.extent(c), Syntax.nameRange(c, "class", c.name()),
                        body(a, c.body(), true)));
            } else if (s instanceof Stmt.Assign as) {
                for (Expr t : as.targets()) {
                    if (t instanceof Expr.Name n && variables.add(n.id())) {
                        out.add(new Symbol(n.id(), inClass ? Kind.FIELD : Kind.VARIABLE, "", s.range(), n.range(), List.of()));
                    }
                }
            } else if (s instanceof Stmt.AnnAssign as && as.target() instanceof Expr.Name n && variables.add(n.id())) {
                out.add(new Symbol(n.id(), inClass ? Kind.FIELD : Kind.VARIABLE, as.annotation().range().text(), s.range(),
                        n.range(), List.of()));
            }
        }
        return out;
    }
}
