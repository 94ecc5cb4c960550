package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.semantics.Queries;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A user function as editors show it: {@code def f(x: Tensor, n: int = 2) -> Tensor}, with the
 * types TorchScript gives the parameters (unannotated ones are {@code Tensor}) and the return type
 * (annotated, or the type of the first value the checker typed in a {@code return}).
 */
public record Functions(String name, List<Param> params, Optional<String> returns, Optional<String> docstring) {
    /** One parameter and its text, {@code n: int = 2}. */
    public record Param(String name, String text) {}

    public static Functions of(Analysis a, Stmt.FunctionDef f) {
        boolean method = isMethodOf(a, f);
        Queries.FunctionSignature sig = Queries.signature(a.module(), f, method);
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < sig.parameters().size(); i++) {
            Queries.Parameter p = sig.parameters().get(i);
            String text = method && i == 0 ? p.name()
                    : p.name() + ": " + p.type().annotationStr() + p.defaultValue().map(d -> " = " + d.range().text()).orElse("");
            params.add(new Param(p.name(), (p.keywordOnly() ? "*" : "") + text));
        }
        Optional<String> returns = sig.annotatedReturn().map(Type::annotationStr).or(() -> inferredReturn(a, f));
        return new Functions(f.name(), params, returns, docstring(f.body()));
    }

    private static boolean isMethodOf(Analysis a, Stmt.FunctionDef f) {
        List<Node> path = Syntax.pathAt(a.module(), f.range().start());
        for (int i = 1; i < path.size(); i++) {
            if (path.get(i) == f) {
                return path.get(i - 1) instanceof Stmt.ClassDef;
            }
        }
        return false;
    }

    /** The header, {@code def f(x: Tensor) -> Tensor}. */
    public String header() {
        StringBuilder b = new StringBuilder("def ").append(name).append('(');
        for (int i = 0; i < params.size(); i++) {
            b.append(i > 0 ? ", " : "").append(params.get(i).text());
        }
        b.append(')');
        returns.ifPresent(r -> b.append(" -> ").append(r));
        return b.toString();
    }

    public String markdown() {
        return Hovers.code(header()) + docstring.map(d -> "\n\n" + d).orElse("");
    }

    private static Optional<String> inferredReturn(Analysis a, Stmt.FunctionDef f) {
        Deque<Node> stack = new ArrayDeque<>(f.body());
        boolean anyReturn = false;
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (n instanceof Stmt.FunctionDef || n instanceof Stmt.ClassDef || n instanceof Expr) {
                continue;
            }
            if (n instanceof Stmt.Return r) {
                anyReturn = true;
                if (r.value().isPresent()) {
                    Optional<Type> t = a.typeOf(r.value().get());
                    if (t.isPresent() && !(t.get() instanceof Type.UnknownType)) {
                        return Optional.of(t.get().annotationStr());
                    }
                }
                continue;
            }
            Syntax.children(n).forEach(stack::push);
        }
        return anyReturn || !a.checked() ? Optional.empty() : Optional.of("None");
    }

    /** The docstring of a body: its first statement when that is a string constant. */
    static Optional<String> docstring(List<Stmt> body) {
        if (!body.isEmpty() && body.get(0) instanceof Stmt.ExprStmt s && s.value() instanceof Expr.Constant c
                && c.value() instanceof Literal.Str str) {
            return Optional.of(str.value().strip());
        }
        return Optional.empty();
    }
}
