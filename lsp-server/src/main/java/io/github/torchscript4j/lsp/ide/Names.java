package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Alias;
import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.Arguments;
import io.github.torchscript4j.checker.syntax.ast.ExceptHandler;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.ExprContext;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Python's name binding within one file: which names each scope (the module, a class body, a
 * function) binds, where, and which binding each name in the file refers to.
 *
 * <p>The rules are Python's, simplified where TorchScript has no use for them: a name bound anywhere
 * in a function (assigned, a parameter, a loop or {@code with} target, an import) is local to the
 * whole function unless declared {@code global}; lookups go from the function outwards through
 * enclosing functions (never through class bodies) to the module; decorators, defaults and
 * annotations are evaluated in the enclosing scope. Comprehensions and lambdas are treated as part
 * of the scope around them. Names bound nowhere (builtins, typos) resolve to nothing.
 */
public final class Names {
    /** What kind of statement binds a name. */
    public enum Kind { PARAMETER, VARIABLE, FUNCTION, CLASS, IMPORT }

    /** One place a name is bound: the range of the name itself there, and the binding node. */
    public record Binding(String name, Kind kind, SourceRange range, Node node) {}

    /** A name in one scope; equal by scope identity and name. */
    public static final class Symbol {
        private final Node scope;
        private final String name;

        Symbol(Node scope, String name) {
            this.scope = scope;
            this.name = name;
        }

        /** The module, class or function that binds the name. */
        public Node scope() {
            return scope;
        }

        public String name() {
            return name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Symbol s && s.scope == scope && s.name.equals(name);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(scope) * 31 + name.hashCode();
        }

        @Override
        public String toString() {
            return name + "@" + scope.pythonName();
        }
    }

    /** A scope while the tree is walked: the node, the scope around it, and what it binds. */
    private static final class Scope {
        final Node node;
        final Scope parent;
        final Map<String, List<Binding>> bindings = new LinkedHashMap<>();
        final Set<String> globals = new HashSet<>();

        Scope(Node node, Scope parent) {
            this.node = node;
            this.parent = parent;
        }

        boolean isClass() {
            return node instanceof Stmt.ClassDef;
        }

        void bind(Binding b) {
            if (globals.contains(b.name()) && parent != null) {
                root().bind(b);
                return;
            }
            bindings.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(b);
        }

        Scope root() {
            Scope s = this;
            while (s.parent != null) {
                s = s.parent;
            }
            return s;
        }
    }

    /** One occurrence of a name: where, and the scope it is read or bound in. */
    private record Occurrence(SourceRange range, Scope scope, Binding binding) {}

    private final Scope module;
    private final Map<Node, Scope> scopes = new IdentityHashMap<>();
    private final List<Occurrence> occurrences = new ArrayList<>();
    private final Map<Node, Scope> occurrenceScope = new IdentityHashMap<>();

    private Names(Module tree) {
        this.module = new Scope(tree, null);
        scopes.put(tree, module);
        walk(tree);
    }

    /** Computes the bindings of a whole file. */
    public static Names of(Module tree) {
        return new Names(tree);
    }

    private record Item(Node node, Scope scope) {}

    private void walk(Module tree) {
        Deque<Item> stack = new ArrayDeque<>();
        for (int i = tree.body().size() - 1; i >= 0; i--) {
            stack.push(new Item(tree.body().get(i), module));
        }
        while (!stack.isEmpty()) {
            Item item = stack.pop();
            Node n = item.node();
            Scope s = item.scope();
            List<Item> next = new ArrayList<>();
            if (n instanceof Stmt.FunctionDef f) {
                SourceRange name = Syntax.nameRange(f, "def", f.name());
                Binding b = new Binding(f.name(), Kind.FUNCTION, name, f);
                s.bind(b);
                occurrences.add(new Occurrence(name, s, b));
                Scope inner = new Scope(f, s);
                scopes.put(f, inner);
                f.decoratorList().forEach(d -> next.add(new Item(d, s)));
                f.returns().ifPresent(r -> next.add(new Item(r, s)));
                arguments(f.args(), s, inner, next);
                f.body().forEach(st -> next.add(new Item(st, inner)));
            } else if (n instanceof Stmt.ClassDef c) {
                SourceRange name = Syntax.nameRange(c, "class", c.name());
                Binding b = new Binding(c.name(), Kind.CLASS, name, c);
                s.bind(b);
                occurrences.add(new Occurrence(name, s, b));
                Scope inner = new Scope(c, s);
                scopes.put(c, inner);
                c.decoratorList().forEach(d -> next.add(new Item(d, s)));
                c.bases().forEach(d -> next.add(new Item(d, s)));
                c.keywords().forEach(d -> next.add(new Item(d, s)));
                c.body().forEach(st -> next.add(new Item(st, inner)));
            } else if (n instanceof Stmt.Global g) {
                s.globals.addAll(g.names());
            } else if (n instanceof Alias a) { // aliases occur only in imports
                String bound = a.asname().orElse(a.name().split("\\.", 2)[0]);
                int start = a.asname().isPresent() ? a.range().end() - bound.length() : a.range().start();
                SourceRange r = a.range().file().range(start, Math.min(a.range().end(), start + bound.length()));
                Binding b = new Binding(bound, Kind.IMPORT, r, a);
                s.bind(b);
                occurrences.add(new Occurrence(r, s, b));
            } else if (n instanceof ExceptHandler h && h.name().isPresent()) {
                Binding b = new Binding(h.name().get(), Kind.VARIABLE, h.range(), h);
                s.bind(b);
                next.addAll(children(n, s));
            } else if (n instanceof Expr.Name name) {
                Binding b = null;
                if (name.ctx() == ExprContext.STORE) {
                    b = new Binding(name.id(), Kind.VARIABLE, name.range(), name);
                    s.bind(b);
                }
                occurrences.add(new Occurrence(name.range(), s, b));
                occurrenceScope.put(name, s);
            } else {
                next.addAll(children(n, s));
            }
            for (int i = next.size() - 1; i >= 0; i--) {
                stack.push(next.get(i));
            }
        }
    }

    private static List<Item> children(Node n, Scope s) {
        List<Item> out = new ArrayList<>();
        for (Node c : Syntax.children(n)) {
            out.add(new Item(c, s));
        }
        return out;
    }

    private void arguments(Arguments a, Scope outer, Scope inner, List<Item> next) {
        List<Arg> all = new ArrayList<>(a.posonlyargs());
        all.addAll(a.args());
        a.vararg().ifPresent(all::add);
        all.addAll(a.kwonlyargs());
        a.kwarg().ifPresent(all::add);
        for (Arg arg : all) {
            SourceRange r = arg.range().file().range(arg.range().start(),
                    Math.min(arg.range().end(), arg.range().start() + arg.arg().length()));
            Binding b = new Binding(arg.arg(), Kind.PARAMETER, r, arg);
            inner.bind(b);
            occurrences.add(new Occurrence(r, inner, b));
            arg.annotation().ifPresent(t -> next.add(new Item(t, outer)));
        }
        a.defaults().forEach(d -> next.add(new Item(d, outer)));
        a.kwDefaults().forEach(d -> d.ifPresent(e -> next.add(new Item(e, outer))));
    }

    /** Where {@code name}, read in {@code scope}, is bound: Python's lookup. */
    private Optional<Symbol> resolve(Scope scope, String name) {
        if (scope.globals.contains(name)) {
            return module.bindings.containsKey(name) ? Optional.of(new Symbol(module.node, name)) : Optional.empty();
        }
        boolean first = true;
        for (Scope s = scope; s != null; s = s.parent) {
            if ((first || !s.isClass()) && s.bindings.containsKey(name)) {
                return Optional.of(new Symbol(s.node, name));
            }
            first = false;
        }
        return Optional.empty();
    }

    /** The symbol of the name at {@code offset}: a name read or bound there, a parameter, a def or class name, an import. */
    public Optional<Symbol> symbolAt(int offset) {
        Occurrence best = null;
        for (Occurrence o : occurrences) {
            if (o.range().start() <= offset && offset <= o.range().end()
                    && (best == null || o.range().length() < best.range().length())) {
                best = o;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return resolve(best.scope(), best.binding() != null ? best.binding().name() : best.range().text());
    }

    /** The symbol a name node refers to, if it is bound in this file. */
    public Optional<Symbol> symbolOf(Expr.Name name) {
        Scope s = occurrenceScope.get(name);
        return s == null ? Optional.empty() : resolve(s, name.id());
    }

    /** Every place {@code symbol} is bound, in source order. */
    public List<Binding> bindings(Symbol symbol) {
        Scope s = scopes.get(symbol.scope());
        return s == null ? List.of() : List.copyOf(s.bindings.getOrDefault(symbol.name(), List.of()));
    }

    /** Every occurrence of {@code symbol}: bindings and reads, in source order. */
    public List<SourceRange> references(Symbol symbol) {
        List<SourceRange> out = new ArrayList<>();
        for (Occurrence o : occurrences) {
            String name = o.binding() != null ? o.binding().name() : o.range().text();
            if (name.equals(symbol.name()) && resolve(o.scope(), name).map(symbol::equals).orElse(false)) {
                out.add(o.range());
            }
        }
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    /**
     * The names visible at {@code offset}, innermost scope first: the enclosing functions' locals
     * and parameters, then the module's names (class bodies only when the offset is directly in one).
     */
    public Map<String, Binding> visibleAt(Module tree, int offset) {
        List<Node> path = Syntax.pathAt(tree, offset);
        Scope scope = module;
        for (Node n : path) {
            Scope s = scopes.get(n);
            if (s != null && s != module && inBody(n, offset)) {
                scope = s;
            }
        }
        Map<String, Binding> out = new LinkedHashMap<>();
        boolean first = true;
        for (Scope s = scope; s != null; s = s.parent) {
            if (first || !s.isClass()) {
                for (Map.Entry<String, List<Binding>> e : s.bindings.entrySet()) {
                    out.putIfAbsent(e.getKey(), e.getValue().get(0));
                }
            }
            first = false;
        }
        return out;
    }

    private static boolean inBody(Node n, int offset) {
        List<Stmt> body = n instanceof Stmt.FunctionDef f ? f.body() : n instanceof Stmt.ClassDef c ? c.body() : List.of();
        return !body.isEmpty() && body.get(0).range().start() <= offset;
    }

    /** The bindings of the module scope, by name (the first binding of each). */
    public Map<String, Binding> moduleBindings() {
        Map<String, Binding> out = new LinkedHashMap<>();
        module.bindings.forEach((k, v) -> out.put(k, v.get(0)));
        return out;
    }
}
