package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Generic navigation of the checker's tree: the children of any node, a walk over a whole tree, and
 * the path from the root to the node at an offset.
 *
 * <p>The tree is made of records whose components are nodes, lists and optionals of nodes; children
 * are found through the record components (read once per class), so a node kind added to the
 * checker is navigated without changes here. Walks are iterative: a deeply nested tree (the
 * parser allows thousands of levels) cannot overflow the stack.
 */
public final class Syntax {
    private Syntax() {}

    private static final ClassValue<List<Method>> CHILD_ACCESSORS = new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
            List<Method> accessors = new ArrayList<>();
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    Class<?> t = c.getType();
                    if (Node.class.isAssignableFrom(t) || List.class.isAssignableFrom(t) || Optional.class == t) {
                        accessors.add(c.getAccessor());
                    }
                }
            }
            return List.copyOf(accessors);
        }
    };

    /** The direct children of {@code node}, in the order of its fields. */
    public static List<Node> children(Node node) {
        List<Node> out = new ArrayList<>();
        for (Method m : CHILD_ACCESSORS.get(node.getClass())) {
            Object value;
            try {
                value = m.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + m + " of " + node.pythonName(), e);
            }
            collect(value, out);
        }
        return out;
    }

    private static void collect(Object value, List<Node> out) {
        if (value instanceof Node n) {
            out.add(n);
        } else if (value instanceof Optional<?> o) {
            o.ifPresent(v -> collect(v, out));
        } else if (value instanceof Collection<?> c) {
            for (Object v : c) {
                collect(v, out);
            }
        }
    }

    /** Visits {@code root} and every node below it, parents before children. */
    public static void walk(Node root, Consumer<Node> visitor) {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            visitor.accept(n);
            List<Node> kids = children(n);
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(kids.get(i));
            }
        }
    }

    /**
     * The nodes from {@code root} down to the innermost node at {@code offset}, root first. A node
     * is at the offset when its range contains it or ends exactly there (a cursor just after a name
     * is on the name); a node containing it strictly is preferred. A function's or class's
     * decorators count as part of it.
     */
    public static List<Node> pathAt(Node root, int offset) {
        List<Node> path = new ArrayList<>();
        Node current = root;
        path.add(root);
        while (true) {
            Node next = null;
            for (Node child : children(current)) {
                SourceRange r = extent(child);
                if (r.start() <= offset && offset < r.end()) {
                    next = child;
                    break;
                }
                if (r.start() <= offset && offset == r.end() && next == null) {
                    next = child;
                }
            }
            if (next == null) {
                return path;
            }
            path.add(next);
            current = next;
        }
    }

    /** The range of a node together with its decorators. */
    public static SourceRange extent(Node n) {
        if (n instanceof Stmt.FunctionDef f && !f.decoratorList().isEmpty()) {
            return f.decoratorList().get(0).range().union(f.range());
        }
        if (n instanceof Stmt.ClassDef c && !c.decoratorList().isEmpty()) {
            return c.decoratorList().get(0).range().union(c.range());
        }
        return n.range();
    }

    /** The innermost node of {@code type} on the path, if any. */
    public static <T> Optional<T> innermost(List<Node> path, Class<T> type) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (type.isInstance(path.get(i))) {
                return Optional.of(type.cast(path.get(i)));
            }
        }
        return Optional.empty();
    }

    /** The range of the name of a {@code def} or {@code class} statement (after the keyword). */
    public static SourceRange nameRange(Stmt s, String keyword, String name) {
        SourceRange r = s.range();
        String text = r.file().text();
        int i = r.start();
        int limit = r.end();
        int k = text.indexOf(keyword, i);
        if (k >= 0 && k < limit) {
            int j = k + keyword.length();
            while (j < limit && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            if (text.startsWith(name, j)) {
                return r.file().range(j, j + name.length());
            }
        }
        return r.file().range(r.start(), r.start());
    }
}
