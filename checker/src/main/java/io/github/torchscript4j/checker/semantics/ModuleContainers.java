package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Comprehension;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.ExprContext;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeDeclaration;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The contents of {@code nn.ModuleList}, {@code nn.Sequential} and {@code nn.ModuleDict}
 * attributes in the static view of a module (no instance built), inferred from {@code __init__}
 * where they are written literally, as a reader sees them: a list or tuple display of module
 * constructions ({@code nn.ModuleList([nn.Linear(n, n), nn.ReLU()])}), a comprehension of one
 * construction without conditions (every element that class; as many as a {@code range(K)} with a
 * literal {@code K} gives, else an unknown count), {@code nn.Sequential(a, b, *[...])}, an {@code
 * OrderedDict([("name", module), ...])} or a dict display of string keys; then {@code
 * .append(m)}, {@code .extend([...])} and {@code += [...]} at the top level of {@code __init__}.
 *
 * <p>Such a container is a {@link Type.ModuleType} named as the reference names the container's
 * class, whose declaration is a {@link StaticContainer}: its submodules' types in order. The
 * checker unrolls iteration, constant indexing, {@code len} and a {@code Sequential}'s call over
 * them as it does for a built instance's containers ({@link ConcreteModules#containerItems}); the
 * queries here answer for both.
 *
 * <p>It never guesses: a container built in a loop, under a condition, from a constructor
 * argument, or changed anywhere else in the class ({@code self.layers.insert(...)}, {@code
 * helper(self.layers)}, an alias, a second assignment in nested code) stays the opaque library
 * module it was before, about which nothing is reported.
 */
public final class ModuleContainers {
    private ModuleContainers() {}

    // ---- for the emitter (API Boundary) ------------------------------------------------------

    /**
     * The submodules of a container whose loops, constant indexing and {@code len} the emitter
     * unrolls: a built instance's, or one inferred from source whose contents are known exactly;
     * empty for any other type (a comprehension of unknown length included).
     */
    public static Optional<List<Map.Entry<String, Type.ModuleType>>> unrolled(Type t) {
        return exact(t) ? items(t) : Optional.empty();
    }

    /** Whether {@code t} is a {@code ModuleDict} (built or inferred), iterated by its keys. */
    public static boolean isDict(Type t) {
        return isModuleDict(t);
    }

    /**
     * The name of the submodule that a literal index selects in an {@link #unrolled} container (a
     * {@code ModuleDict}'s key, or the name of the item at an int position); null when there is none.
     */
    public static String itemName(Expr index, Type container) {
        Optional<List<Map.Entry<String, Type.ModuleType>>> items = unrolled(container);
        if (items.isEmpty()) {
            return null;
        }
        boolean dict = isModuleDict(container);
        String key = key(index, dict, items.get().size());
        if (key == null || dict) {
            return key;
        }
        long i = Long.parseLong(key);
        return i >= 0 && i < items.get().size() ? items.get().get((int) i).getKey() : null;
    }

    /**
     * A container's submodules in order, by name ({@code "0"}, {@code "1"}, ... or a {@code
     * ModuleDict}'s / {@code OrderedDict}'s keys). {@code exact}: these are all of them; otherwise
     * the count is unknown and the one item stands for every element (a comprehension).
     */
    record StaticContainer(String kind, List<Map.Entry<String, Type.ModuleType>> items, boolean exact)
            implements TypeDeclaration {
        StaticContainer {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            return "StaticContainer[" + kind + ", " + items.size() + (exact ? "" : "+") + "]";
        }
    }

    /** The containers whose contents are followed. */
    static final Set<String> KINDS = Set.of("ModuleList", "Sequential", "ModuleDict");

    /** Methods of a container that change its contents. */
    private static final Set<String> MUTATORS = Set.of("append", "extend", "insert", "add_module", "register_module",
            "update", "pop", "clear", "__setitem__", "__delitem__", "__iadd__", "setdefault", "popitem");

    /** Builtins that only read a container passed to them. */
    private static final Set<String> READERS = Set.of("len", "enumerate", "zip", "isinstance", "print", "iter", "hasattr");

    static Type.ModuleType type(String kind, List<Map.Entry<String, Type.ModuleType>> items, boolean exact) {
        return new Type.ModuleType("__torch__.torch.nn.modules.container." + kind,
                new StaticContainer(kind, items, exact));
    }

    /** The static declaration of {@code t}, if it is a container inferred from source. */
    static StaticContainer of(Type t) {
        return t instanceof Type.ModuleType m && m.declaration() instanceof StaticContainer s ? s : null;
    }

    /**
     * The submodules of a container whose iteration, indexing and {@code len} are unrolled: a
     * built instance's ({@link ConcreteModules#containerItems}) or one inferred from source; empty
     * for any other type.
     */
    static Optional<List<Map.Entry<String, Type.ModuleType>>> items(Type t) {
        StaticContainer s = of(t);
        return s != null ? Optional.of(s.items()) : ConcreteModules.containerItems(t);
    }

    /** Whether the items of {@link #items} are all of the container's (always, for a built instance). */
    static boolean exact(Type t) {
        StaticContainer s = of(t);
        return s == null || s.exact();
    }

    static boolean isModuleDict(Type t) {
        StaticContainer s = of(t);
        return s != null ? s.kind().equals("ModuleDict") : ConcreteModules.isModuleDict(t);
    }

    static boolean isSequential(Type t) {
        StaticContainer s = of(t);
        return s != null && s.kind().equals("Sequential");
    }

    /**
     * The classes of a {@code ModuleList}'s or {@code Sequential}'s submodules other than the first
     * one's, each once, in order: a loop over it is checked for each of them too.
     */
    static List<Type> otherElementTypes(Type t) {
        Optional<List<Map.Entry<String, Type.ModuleType>>> items = items(t);
        if (items.isEmpty() || items.get().isEmpty() || isModuleDict(t)) {
            return List.of();
        }
        return otherThanFirst(items.get());
    }

    /** The classes of {@code items} other than the first one's, each once, in order. */
    static List<Type> otherThanFirst(List<Map.Entry<String, Type.ModuleType>> items) {
        List<Type> out = new ArrayList<>();
        Type first = items.get(0).getValue();
        for (Map.Entry<String, Type.ModuleType> e : items) {
            if (!e.getValue().equals(first) && !out.contains(e.getValue())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /**
     * The submodule a literal index selects: a string key of a {@code ModuleDict}, else an int
     * position (negative from the end) as a string; null when the index is no such literal.
     */
    static String key(Expr index, boolean dict, int size) {
        if (dict) {
            return index instanceof Expr.Constant c && c.value() instanceof Literal.Str s ? s.value() : null;
        }
        Expr e = index;
        boolean negative = false;
        if (e instanceof Expr.UnaryOp u && u.op() == io.github.torchscript4j.checker.syntax.ast.UnaryOperator.USUB) {
            e = u.operand();
            negative = true;
        }
        if (e instanceof Expr.Constant c && c.value() instanceof Literal.Int i && i.value().bitLength() < 63) {
            long v = negative ? -i.value().longValue() : i.value().longValue();
            return Long.toString(v < 0 ? v + size : v);
        }
        return null;
    }

    /** The type every item of a container has, if they all have one (a comprehension's, for one). */
    static Optional<Type.ModuleType> homogeneous(List<Map.Entry<String, Type.ModuleType>> items) {
        if (items.isEmpty()) {
            return Optional.empty();
        }
        Type.ModuleType first = items.get(0).getValue();
        return items.stream().allMatch(e -> e.getValue().equals(first)) ? Optional.of(first) : Optional.empty();
    }

    // ---- inference from __init__ ------------------------------------------------------------

    /**
     * The container {@code kind(args...)} constructs, typing each submodule construction with
     * {@code element} (which gives a module type or nothing); empty when its contents are not
     * written literally.
     */
    static Optional<Type.ModuleType> construct(String kind, Expr.Call c, Function<Expr, Optional<Type.ModuleType>> element) {
        if (!c.keywords().isEmpty()) {
            return Optional.empty();
        }
        List<Map.Entry<String, Type.ModuleType>> items = new ArrayList<>();
        boolean exact = true;
        if (kind.equals("Sequential")) {
            if (c.args().size() == 1 && isOrderedDict(c.args().get(0))) {
                return pairs((Expr.Call) c.args().get(0), element).map(p -> type(kind, p, true));
            }
            for (Expr a : c.args()) {
                Expr e = a instanceof Expr.Starred s ? s.value() : a;
                Optional<Elements> es = a instanceof Expr.Starred ? elements(e, element) : element.apply(e)
                        .map(t -> new Elements(List.of(t), true));
                if (es.isEmpty() || !es.get().exact && c.args().size() > 1) {
                    return Optional.empty();
                }
                exact &= es.get().exact;
                es.get().types.forEach(t -> items.add(Map.entry(Integer.toString(items.size()), t)));
            }
            return Optional.of(type(kind, items, exact));
        }
        if (c.args().isEmpty()) {
            return Optional.of(type(kind, items, true));
        }
        if (c.args().size() != 1) {
            return Optional.empty();
        }
        Expr arg = c.args().get(0);
        if (kind.equals("ModuleDict")) {
            if (arg instanceof Expr.Dict d) {
                for (int i = 0; i < d.values().size(); i++) {
                    Optional<Expr> k = d.keys().get(i);
                    Optional<Type.ModuleType> v = element.apply(d.values().get(i));
                    if (k.isEmpty() || !(k.get() instanceof Expr.Constant kc && kc.value() instanceof Literal.Str s)
                            || v.isEmpty()) {
                        return Optional.empty();
                    }
                    items.add(Map.entry(s.value(), v.get()));
                }
                return Optional.of(type(kind, items, true));
            }
            return isOrderedDict(arg) ? pairs((Expr.Call) arg, element).map(p -> type(kind, p, true)) : Optional.empty();
        }
        return elements(arg, element).map(es -> {
            es.types.forEach(t -> items.add(Map.entry(Integer.toString(items.size()), t)));
            return type(kind, items, es.exact);
        });
    }

    /** Module types of a list display, tuple display or comprehension; {@code exact}: all of them. */
    private record Elements(List<Type.ModuleType> types, boolean exact) {}

    private static Optional<Elements> elements(Expr e, Function<Expr, Optional<Type.ModuleType>> element) {
        List<Expr> elts = e instanceof Expr.List l ? l.elts() : e instanceof Expr.Tuple t ? t.elts() : null;
        if (elts != null) {
            List<Type.ModuleType> out = new ArrayList<>();
            for (Expr x : elts) {
                Optional<Type.ModuleType> t = x instanceof Expr.Starred ? Optional.empty() : element.apply(x);
                if (t.isEmpty()) {
                    return Optional.empty();
                }
                out.add(t.get());
            }
            return Optional.of(new Elements(out, true));
        }
        if (e instanceof Expr.ListComp lc && lc.generators().size() == 1) {
            Comprehension g = lc.generators().get(0);
            if (!g.ifs().isEmpty() || g.isAsync() != 0) {
                return Optional.empty();
            }
            Optional<Type.ModuleType> t = element.apply(lc.elt());
            if (t.isEmpty()) {
                return Optional.empty();
            }
            long count = literalRange(g.iter());
            if (count >= 0 && count <= 64) {
                return Optional.of(new Elements(java.util.Collections.nCopies((int) count, t.get()), true));
            }
            return Optional.of(new Elements(List.of(t.get()), false));
        }
        return Optional.empty();
    }

    /** K of {@code range(K)} with a literal {@code K}; -1 otherwise. */
    private static long literalRange(Expr iter) {
        if (iter instanceof Expr.Call c && c.func() instanceof Expr.Name n && n.id().equals("range")
                && c.args().size() == 1 && c.keywords().isEmpty()
                && c.args().get(0) instanceof Expr.Constant k && k.value() instanceof Literal.Int i
                && i.value().bitLength() < 32) {
            return Math.max(0, i.value().longValue());
        }
        return -1;
    }

    private static boolean isOrderedDict(Expr e) {
        return e instanceof Expr.Call c && c.keywords().isEmpty() && c.args().size() == 1
                && (c.func() instanceof Expr.Name n && n.id().equals("OrderedDict")
                        || c.func() instanceof Expr.Attribute a && a.attr().equals("OrderedDict")
                                && a.value() instanceof Expr.Name m && m.id().equals("collections"));
    }

    /** {@code OrderedDict([("name", module), ...])}: its pairs, when every one is written literally. */
    private static Optional<List<Map.Entry<String, Type.ModuleType>>> pairs(Expr.Call od,
            Function<Expr, Optional<Type.ModuleType>> element) {
        Expr arg = od.args().get(0);
        List<Expr> elts = arg instanceof Expr.List l ? l.elts() : arg instanceof Expr.Tuple t ? t.elts() : null;
        if (elts == null) {
            return Optional.empty();
        }
        List<Map.Entry<String, Type.ModuleType>> out = new ArrayList<>();
        for (Expr p : elts) {
            if (!(p instanceof Expr.Tuple t) || t.elts().size() != 2
                    || !(t.elts().get(0) instanceof Expr.Constant k && k.value() instanceof Literal.Str s)) {
                return Optional.empty();
            }
            Optional<Type.ModuleType> v = element.apply(t.elts().get(1));
            if (v.isEmpty() || out.stream().anyMatch(e -> e.getKey().equals(s.value()))) {
                return Optional.empty();
            }
            out.add(Map.entry(s.value(), v.get()));
        }
        return Optional.of(out);
    }

    /**
     * {@code container.append(m)} or {@code .extend([...])} (and {@code += [...]}, {@code method}
     * {@code "extend"}) of a {@code ModuleList} or {@code Sequential} known exactly: the container
     * after it; empty when the change is not followed.
     */
    static Optional<Type.ModuleType> mutate(Type.ModuleType container, String method, List<Expr> args,
            Function<Expr, Optional<Type.ModuleType>> element) {
        StaticContainer s = of(container);
        if (s == null || !s.exact() || s.kind().equals("ModuleDict") || args.size() != 1) {
            return Optional.empty();
        }
        List<Map.Entry<String, Type.ModuleType>> items = new ArrayList<>(s.items());
        if (method.equals("append")) {
            Optional<Type.ModuleType> t = element.apply(args.get(0));
            if (t.isEmpty()) {
                return Optional.empty();
            }
            items.add(Map.entry(Integer.toString(items.size()), t.get()));
            return Optional.of(type(s.kind(), items, true));
        }
        if (method.equals("extend")) {
            Optional<Elements> es = elements(args.get(0), element);
            if (es.isEmpty() || !es.get().exact) {
                return Optional.empty();
            }
            es.get().types.forEach(t -> items.add(Map.entry(Integer.toString(items.size()), t)));
            return Optional.of(type(s.kind(), items, true));
        }
        return Optional.empty();
    }

    /**
     * The names of the attributes {@code self.NAME} among {@code names} that the class's code
     * uses in a way that may change them, other than through the nodes in {@code handled}: a
     * mutating method, a store or delete, an augmented assignment, an alias, an argument of a call
     * other than {@code len}, {@code enumerate}, {@code zip}, ...
     */
    static Set<String> changedElsewhere(Stmt.ClassDef def, Set<String> names, Set<Node> handled) {
        Set<String> out = new java.util.HashSet<>();
        walk(def, null, null, (node, parent, grand) -> {
            if (node instanceof Expr.Attribute a && a.value() instanceof Expr.Name n && n.id().equals("self")
                    && names.contains(a.attr()) && !handled.contains(a) && !readOnly(a, parent, grand)) {
                out.add(a.attr());
            }
        });
        return out;
    }

    private static boolean readOnly(Expr.Attribute a, Node parent, Node grand) {
        if (a.ctx() != ExprContext.LOAD) {
            return false;
        }
        if (parent instanceof Stmt.For f && f.iter() == a || parent instanceof Comprehension g && g.iter() == a) {
            return true;
        }
        if (parent instanceof Expr.Subscript s && s.value() == a) {
            return s.ctx() == ExprContext.LOAD;
        }
        if (parent instanceof Expr.Attribute p && p.value() == a) {
            return !MUTATORS.contains(p.attr());
        }
        if (parent instanceof Expr.Call c) {
            return c.func() == a || c.func() instanceof Expr.Name f && READERS.contains(f.id());
        }
        return parent instanceof Expr.Compare;
    }

    private interface Visitor {
        void visit(Node node, Node parent, Node grand);
    }

    /** Visits every node below {@code node} (records of the tree, through their components) with its parents. */
    private static void walk(Object node, Node parent, Node grand, Visitor v) {
        if (node instanceof Optional<?> o) {
            o.ifPresent(x -> walk(x, parent, grand, v));
            return;
        }
        if (node instanceof List<?> l) {
            l.forEach(x -> walk(x, parent, grand, v));
            return;
        }
        if (!(node instanceof Node n) || !n.getClass().isRecord()) {
            return;
        }
        v.visit(n, parent, grand);
        for (RecordComponent c : COMPONENTS.get(n.getClass())) {
            Object child;
            try {
                child = c.getAccessor().invoke(n);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (child instanceof Node || child instanceof List<?> || child instanceof Optional<?>) {
                walk(child, n, parent, v);
            }
        }
    }

    /** The components of a tree record that may hold nodes. */
    private static final ClassValue<List<RecordComponent>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<RecordComponent> computeValue(Class<?> type) {
            List<RecordComponent> out = new ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                Class<?> t = c.getType();
                if (Node.class.isAssignableFrom(t) || List.class.isAssignableFrom(t) || Optional.class.isAssignableFrom(t)) {
                    out.add(c);
                }
            }
            return out;
        }
    };

    /** Identity set of handled nodes. */
    static Set<Node> identitySet() {
        return java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
