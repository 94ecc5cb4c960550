package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.semantics.Overloads;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hover: what is under the cursor, in TorchScript's terms. The type the checker gave the innermost
 * expression there (narrowed where the checker narrowed it: {@code Tensor} after {@code x is not
 * None}); for a parameter its declared type; for a user function its signature and docstring; for
 * a call of {@code torch.xxx}, {@code F.xxx} or a tensor method the one overload the call matches
 * (all the operator's overloads when the checker could not type the arguments); for a function or
 * class imported from another project file ({@link Analysis#importedDefinition}) its signature; for
 * a method of a user class or scripted module ({@code m.get}, {@code self.block.forward}), in this
 * file or another ({@link ClassMembers}), its signature and docstring.
 */
public final class Hovers {
    private Hovers() {}

    /** A hover's text (Markdown) and the range it describes. */
    public record Hover(String markdown, SourceRange range) {}

    public static Optional<Hover> at(Analysis a, int offset) {
        List<Node> path = Syntax.pathAt(a.module(), offset);
        Node inner = path.get(path.size() - 1);
        Names names = a.names();
        if (inner instanceof Arg arg) {
            Optional<Stmt.FunctionDef> f = Syntax.innermost(path, Stmt.FunctionDef.class);
            if (f.isPresent()) {
                Functions fn = Functions.of(a, f.get());
                for (Functions.Param p : fn.params()) {
                    if (p.name().equals(arg.arg())) {
                        return Optional.of(new Hover(code("(parameter) " + p.text()), arg.range()));
                    }
                }
            }
            return Optional.empty();
        }
        if (inner instanceof Stmt.FunctionDef f) {
            SourceRange name = Syntax.nameRange(f, "def", f.name());
            return name.start() <= offset && offset <= name.end()
                    ? Optional.of(new Hover(Functions.of(a, f).markdown(), name)) : Optional.empty();
        }
        if (inner instanceof Stmt.ClassDef c) {
            SourceRange name = Syntax.nameRange(c, "class", c.name());
            return name.start() <= offset && offset <= name.end()
                    ? Optional.of(new Hover(classMarkdown(c), name)) : Optional.empty();
        }
        if (!(inner instanceof Expr e)) {
            return Optional.empty();
        }
        // A method of a user class, wherever it is defined: m.get, self.block.forward
        if (e instanceof Expr.Attribute attr && ClassMembers.attrRange(attr).map(r -> r.start() <= offset).orElse(false)) {
            Optional<ClassMembers.Found> member = ClassMembers.of(a, attr);
            if (member.isPresent() && member.get().member().isMethod()) {
                Functions fn = Functions.of(member.get().owner().analysis(), member.get().member().method().get());
                return Optional.of(new Hover(code("(method) " + member.get().owner().cls().name() + "." + fn.header().substring(4))
                        + fn.docstring().map(d -> "\n\n" + d).orElse(""), ClassMembers.attrRange(attr).get()));
            }
        }
        // A function or class imported from another project file: helper, u.helper
        if (e instanceof Expr.Name || e instanceof Expr.Attribute) {
            Optional<Project.Target> t = a.importedDefinition(offset);
            if (t.isPresent() && t.get().definition().isPresent()) {
                Stmt def = t.get().definition().get();
                String md = def instanceof Stmt.FunctionDef f ? Functions.of(t.get().analysis(), f).markdown()
                        : classMarkdown((Stmt.ClassDef) def);
                return Optional.of(new Hover(md, e.range()));
            }
        }
        Node parent = path.size() > 1 ? path.get(path.size() - 2) : null;
        Imports imports = Imports.of(a.module());
        // A call of an operator: torch.add(...), F.relu(...), x.add(...).
        if (e instanceof Expr.Attribute attr && parent instanceof Expr.Call call && call.func() == e) {
            List<FunctionSchema> schemas = callee(a, imports, attr);
            if (!schemas.isEmpty()) {
                StringBuilder b = new StringBuilder();
                b.append(code(attr.range().text() + "(...)" + a.typeOf(call).map(t -> " -> " + t.annotationStr()).orElse("")));
                Optional<FunctionSchema> matched = matched(a, call, attr, schemas);
                if (matched.isPresent()) {
                    b.append("\n\n").append(Operators.markdown(List.of(matched.get()), 1));
                    if (schemas.size() > 1) {
                        b.append("\n\nthe overload this call matches (of ").append(schemas.size()).append(')');
                    }
                } else {
                    b.append("\n\n").append(Operators.markdown(schemas, 12));
                }
                return Optional.of(new Hover(b.toString(), attr.range()));
            }
        }
        if (e instanceof Expr.Attribute attr) {
            Optional<String> module = imports.module(attr.range().text());
            if (module.isPresent()) {
                return Optional.of(new Hover(code("(module) " + module.get()), attr.range()));
            }
        }
        if (e instanceof Expr.Name n) {
            Optional<Names.Symbol> symbol = names.symbolOf(n);
            List<Names.Binding> bindings = symbol.map(names::bindings).orElse(List.of());
            Optional<Type> type = a.typeOf(n);
            if (!bindings.isEmpty()) {
                Names.Binding first = bindings.get(0);
                switch (first.kind()) {
                    case FUNCTION:
                        Stmt.FunctionDef f = (Stmt.FunctionDef) first.node();
                        return Optional.of(new Hover(Functions.of(a, f).markdown(),
                                n.range()));
                    case CLASS:
                        return Optional.of(new Hover(classMarkdown((Stmt.ClassDef) first.node()), n.range()));
                    case IMPORT:
                        Optional<String> module = imports.module(n.id());
                        if (module.isPresent()) {
                            return Optional.of(new Hover(code("(module) " + module.get()), n.range()));
                        }
                        break;
                    case PARAMETER:
                        if (type.isPresent()) {
                            return Optional.of(new Hover(code("(parameter) " + n.id() + ": " + type.get().annotationStr()), n.range()));
                        }
                        break;
                    default:
                        break;
                }
            }
            return type.map(t -> new Hover(code("(variable) " + n.id() + ": " + t.annotationStr()), n.range()));
        }
        return a.typeOf(e).map(t -> new Hover(code(t.annotationStr()), e.range()));
    }

    /**
     * The one overload the reference picks for {@code call}, by the checker's rules ({@link
     * Overloads#choose}) on the types the checker gave the arguments (and the receiver of a tensor
     * method); empty when an argument is untyped, starred or {@code **}, or nothing matches.
     */
    static Optional<FunctionSchema> matched(Analysis a, Expr.Call call, Expr.Attribute func, List<FunctionSchema> schemas) {
        List<Overloads.Argument> positional = new ArrayList<>();
        if (a.typeOf(func.value()).orElse(null) instanceof Type.TensorType receiver
                && Imports.of(a.module()).module(func.value().range().text()).isEmpty()) {
            positional.add(new Overloads.Argument(receiver, false));
        }
        for (Expr arg : call.args()) {
            Optional<Overloads.Argument> t = argument(a, arg);
            if (t.isEmpty()) {
                return Optional.empty();
            }
            positional.add(t.get());
        }
        Map<String, Overloads.Argument> keywords = new LinkedHashMap<>();
        for (Keyword k : call.keywords()) {
            Optional<Overloads.Argument> t = argument(a, k.value());
            if (k.arg().isEmpty() || t.isEmpty()) {
                return Optional.empty();
            }
            keywords.put(k.arg().get(), t.get());
        }
        try {
            return Overloads.choose(schemas.get(0).name(), positional, keywords).map(Overloads.Choice::schema);
        } catch (RuntimeException e) {
            return Optional.empty(); // a hover never fails because overload selection did
        }
    }

    private static Optional<Overloads.Argument> argument(Analysis a, Expr e) {
        if (e instanceof Expr.Starred) {
            return Optional.empty();
        }
        boolean empty = e instanceof Expr.List l && l.elts().isEmpty() || e instanceof Expr.Dict d && d.keys().isEmpty();
        return a.typeOf(e).filter(t -> !(t instanceof Type.UnknownType)).map(t -> new Overloads.Argument(t, empty));
    }

    /** The operator schemas a call of {@code func} can match: a module's function or a tensor method. */
    static List<FunctionSchema> callee(Analysis a, Imports imports, Expr.Attribute func) {
        Optional<String> module = imports.module(func.value().range().text());
        if (module.isPresent()) {
            return Operators.moduleFunction(module.get(), func.attr());
        }
        Optional<Type> receiver = a.typeOf(func.value());
        if (receiver.isPresent() && receiver.get() instanceof Type.TensorType) {
            return Operators.overloads("aten::" + func.attr());
        }
        return List.of();
    }

    static String classMarkdown(Stmt.ClassDef c) {
        StringBuilder b = new StringBuilder("class ").append(c.name());
        if (!c.bases().isEmpty()) {
            b.append('(');
            for (int i = 0; i < c.bases().size(); i++) {
                b.append(i > 0 ? ", " : "").append(c.bases().get(i).range().text());
            }
            b.append(')');
        }
        return code(b.toString()) + Functions.docstring(c.body()).map(d -> "\n\n" + d).orElse("");
    }

    static String code(String text) {
        return "```python\n" + text + "\n```";
    }
}
