package io.github.torchscript4j.cli.render;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ranges TorchScript's own error reports show, computed from a file's syntax tree: the
 * checker's ranges are CPython's (a call ends at its {@code )}), TorchScript's parser builds
 * others, and {@code --format=torchscript} shows those. What the reference does (PyTorch 1.13.1,
 * observed on its reports):
 *
 * <ul>
 *   <li>A node made of sub-expressions spans from its first token to the end of its last
 *       sub-expression (TorchScript merges a tree's range with its children's): a closing bracket
 *       after the last child is left out — {@code f(x)} shows {@code f(x}, {@code y = f(x)} shows
 *       {@code y = f(x}; a call without arguments ends after its {@code (}; an attribute ends
 *       with its name, a subscript with its {@code ]}.
 *   <li>A string literal leaves out its closing quote ({@code "a"} shows {@code "a}).
 *   <li>A statement that ends in a block ends with the block's last statement.
 * </ul>
 *
 * <p>It also knows the reference's other choices that depend on the tree: the source a report
 * shows is that of the function holding the range ({@link #window}), decorators included, and the
 * place a call chain shows for a call ({@link #callSite}). A range that is no node of the tree is
 * kept as it is. This class reads trees only; it never checks them.
 */
final class TorchScriptRanges {
    /** The parsed trees of the files seen, by file. */
    private final Map<SourceFile, Index> files = new IdentityHashMap<>();

    /** The first and last line (1-based, inclusive) of the source the reference shows around a range. */
    record Window(int firstLine, int lastLine) {}

    /** A file's tree: every node with its parent, in source order. */
    private static final class Index {
        final List<Node> nodes = new ArrayList<>();
        final Map<Node, Node> parents = new IdentityHashMap<>();
    }

    /** The range the reference would show for the checker's {@code range}. */
    SourceRange reference(SourceRange range) {
        Optional<Node> node = nodeAt(range);
        if (node.isEmpty()) {
            return range;
        }
        return new SourceRange(range.file(), start(node.get()), end(node.get(), range.file().text()));
    }

    /**
     * Where the reference's call chain points for the call at {@code call}: the statement when the
     * call is the whole value of an assignment, the condition of an {@code if} or {@code while}, or
     * an expression statement (TorchScript compiles the callee while it emits that statement),
     * else the call itself; in the reference's ranges.
     */
    SourceRange callSite(SourceRange call) {
        Optional<Node> node = nodeAt(call);
        if (node.isEmpty()) {
            return call;
        }
        Node site = node.get();
        Node parent = index(call.file()).parents.get(site);
        if (parent instanceof Stmt.Assign a && a.value() == site
                || parent instanceof Stmt.AnnAssign a2 && a2.value().orElse(null) == site
                || parent instanceof Stmt.If i && i.test() == site
                || parent instanceof Stmt.While w && w.test() == site
                || parent instanceof Stmt.ExprStmt) {
            site = parent;
        }
        return new SourceRange(call.file(), start(site), end(site, call.file().text()));
    }

    /**
     * The lines the reference may show around {@code range}: those of the outermost function
     * holding it (a method, or a module-level function), from its first decorator to the last line of its body (as Python's {@code
     * inspect.getsource} cuts it), or of the innermost class, or the whole file.
     */
    Window window(SourceRange range) {
        SourceFile file = range.file();
        Node holder = null;
        Node holderClass = null;
        for (Node n : index(file).nodes) { // in pre-order: a later match is nested in an earlier one
            if (n.range().start() <= range.start() && range.end() <= n.range().end()) {
                if (n instanceof Stmt.FunctionDef && holder == null) {
                    holder = n; // the outermost: a def nested in a function is part of its source
                } else if (n instanceof Stmt.ClassDef) {
                    holderClass = n;
                }
            }
        }
        if (holder == null) {
            holder = holderClass;
        }
        if (holder == null) {
            return new Window(1, file.lineCount());
        }
        List<Expr> decorators = holder instanceof Stmt.FunctionDef f ? f.decoratorList() : ((Stmt.ClassDef) holder).decoratorList();
        List<Stmt> body = holder instanceof Stmt.FunctionDef f ? f.body() : ((Stmt.ClassDef) holder).body();
        int first = holder.range().startLine();
        for (Expr d : decorators) {
            first = Math.min(first, file.lineOf(d.range().start()));
        }
        int last = body.isEmpty() ? holder.range().endLine() : lastLine(body.get(body.size() - 1).range());
        return new Window(first, Math.max(last, lastLine(range)));
    }

    private static int lastLine(SourceRange r) {
        int line = r.endLine();
        if (r.end() > r.start() && line > r.startLine() && r.file().lineStart(line) == r.end()) {
            line--;
        }
        return line;
    }

    /** The node of the tree whose range is exactly {@code range}; the outermost when several are. */
    private Optional<Node> nodeAt(SourceRange range) {
        for (Node n : index(range.file()).nodes) {
            if (n.range().start() == range.start() && n.range().end() == range.end()
                    && (n instanceof Expr || n instanceof Stmt)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    private Index index(SourceFile file) {
        return files.computeIfAbsent(file, f -> {
            Index index = new Index();
            Node module = Parser.parse(new SourceFile(f.path(), f.text())).module();
            collect(module, null, index);
            return index;
        });
    }

    private static void collect(Node n, Node parent, Index index) {
        index.nodes.add(n);
        if (parent != null) {
            index.parents.put(n, parent);
        }
        for (Node child : children(n)) {
            collect(child, n, index);
        }
    }

    /** The reference's start of a node: the start of its first child when the node begins with one. */
    private static int start(Node n) {
        if (n instanceof Expr.BinOp || n instanceof Expr.BoolOp || n instanceof Expr.Compare || n instanceof Expr.Call
                || n instanceof Expr.Attribute || n instanceof Expr.Subscript) {
            List<Node> children = children(n);
            if (!children.isEmpty()) {
                return start(children.get(0));
            }
        }
        if (n instanceof Stmt.ExprStmt e) {
            return start(e.value());
        }
        return n.range().start();
    }

    /** The reference's end of a node: see the class comment. */
    private static int end(Node n, String text) {
        if (n instanceof Expr.Constant c) {
            boolean string = c.value() instanceof Literal.Str;
            int end = n.range().end();
            return string && end - 1 > n.range().start() ? end - 1 : end;
        }
        if (n instanceof Expr.Name || n instanceof Expr.Attribute || n instanceof Expr.Subscript) {
            return n.range().end();
        }
        if (n instanceof Expr.Call call && call.args().isEmpty() && call.keywords().isEmpty()) {
            int paren = text.indexOf('(', call.func().range().end());
            return paren >= 0 && paren < n.range().end() ? paren + 1 : n.range().end();
        }
        List<Node> children = children(n);
        if (children.isEmpty()) {
            return n.range().end();
        }
        return end(children.get(children.size() - 1), text);
    }

    /** A node's children (nodes, and the nodes in its lists and optionals), in source order. */
    static List<Node> children(Node n) {
        List<Node> out = new ArrayList<>();
        RecordComponent[] components = n.getClass().getRecordComponents();
        if (components == null) {
            return out;
        }
        for (RecordComponent rc : components) {
            Object value;
            try {
                value = rc.getAccessor().invoke(n);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            add(value, out);
        }
        out.sort(Comparator.comparingInt((Node c) -> c.range().start()).thenComparingInt(c -> -c.range().end()));
        return out;
    }

    private static void add(Object value, List<Node> out) {
        if (value instanceof io.github.torchscript4j.checker.syntax.ast.TypeComment) {
            return; // a comment, not code: TorchScript's trees have no such child
        } else if (value instanceof Node node) {
            out.add(node);
        } else if (value instanceof Optional<?> o) {
            o.ifPresent(v -> add(v, out));
        } else if (value instanceof List<?> list) {
            for (Object v : list) {
                add(v, out);
            }
        }
    }
}
