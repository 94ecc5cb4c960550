package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prints a graph in the reference's text form ({@code print(fn.graph)}):
 *
 * <pre>
 * graph(%len.1 : int):
 *   %4 : int[] = prim::ListConstruct(%1, %2)
 *   %rv.3 : Tensor = prim::Loop(%len.1, %5, %rv.1) # f.py:5:4
 *     block0(%i.1 : int, %rv.2 : Tensor):
 *       ...
 *       -&gt; (%5, %rv.4)
 *   return (%rv.3)
 * </pre>
 *
 * Source locations ({@code # path:line:column}, the line 1-based and the column 0-based as the
 * reference writes them) are printed when a {@link SourceFile} and a display path are given.
 */
public final class GraphPrinter {
    private final StringBuilder out = new StringBuilder();
    private final Optional<SourceFile> source;
    private final String path;

    private GraphPrinter(Optional<SourceFile> source, String path) {
        this.source = source;
        this.path = path;
    }

    /** The graph without source locations. */
    public static String print(Graph g) {
        return new GraphPrinter(Optional.empty(), "").graph(g);
    }

    /** The graph with {@code # path:line:col} comments for nodes that have a source range. */
    public static String print(Graph g, SourceFile source, String path) {
        return new GraphPrinter(Optional.of(source), path).graph(g);
    }

    static String node(Node n) {
        GraphPrinter p = new GraphPrinter(Optional.empty(), "");
        p.node(n, 0);
        return p.out.toString().strip();
    }

    private String graph(Graph g) {
        graphBody(g);
        // the graphs of nodes that hold one (prim::fork's closure), each after the graph that uses it
        for (int i = 0; i < subgraphs.size(); i++) {
            Node holder = subgraphs.get(i);
            out.append("with ").append(holder.kind()).append('_').append(i).append(" = ");
            graphBody((Graph) holder.attribute(Node.SUBGRAPH));
        }
        return out.toString();
    }

    private final List<Node> subgraphs = new java.util.ArrayList<>();

    private void graphBody(Graph g) {
        out.append("graph(");
        List<Value> inputs = g.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            if (i > 0) {
                out.append(",\n      ");
            }
            typed(inputs.get(i));
        }
        out.append("):\n");
        for (Node n : g.block().nodes()) {
            node(n, 2);
        }
        out.append("  return (");
        values(g.outputs());
        out.append(")\n");
    }

    private void node(Node n, int indent) {
        indent(indent);
        List<Value> outputs = n.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            typed(outputs.get(i));
        }
        if (n.is("prim::PythonOp")) {
            // a call of a Python function: ^name[attributes](scalar args)(inputs); a subgraph is
            // written <Graph> and not printed
            out.append(" = ^").append(n.stringAttribute(Node.PYTHON_OP_NAME)).append('[');
            boolean first = true;
            for (Map.Entry<String, Object> a : n.attributes().entrySet()) {
                if (a.getKey().equals(Node.PYTHON_OP_NAME) || a.getKey().equals(Node.PYTHON_OP_CCONV)
                        || a.getKey().equals(Node.PYTHON_OP_SCALAR_ARGS)) {
                    continue;
                }
                out.append(first ? "" : ", ").append(a.getKey()).append('=').append(a.getKey().equals(Node.SUBGRAPH)
                        ? "<Graph>" : Constants.graphText(a.getValue()));
                first = false;
            }
            out.append("](").append(String.join(", ", pythonOpScalarArgs(n))).append(")(");
            values(n.inputs());
            out.append(')');
            location(n);
            out.append('\n');
            return;
        }
        out.append(" = ").append(n.kind());
        if (n.hasAttribute(Node.SUBGRAPH)) {
            out.append('_').append(subgraphs.size());
            subgraphs.add(n);
        }
        Map<String, Object> attributes = new java.util.LinkedHashMap<>(n.attributes());
        attributes.remove(Node.SUBGRAPH);
        if (!attributes.isEmpty()) {
            out.append('[');
            boolean first = true;
            for (Map.Entry<String, Object> a : attributes.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(a.getKey()).append('=').append(Constants.graphText(a.getValue()));
            }
            out.append(']');
        }
        out.append('(');
        values(n.inputs());
        out.append(')');
        location(n);
        out.append('\n');
        List<Block> blocks = n.blocks();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            indent(indent + 2);
            out.append("block").append(b).append('(');
            List<Value> params = block.params();
            for (int i = 0; i < params.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                typed(params.get(i));
            }
            out.append("):\n");
            for (Node inner : block.nodes()) {
                node(inner, indent + 4);
            }
            indent(indent + 4);
            out.append("-> (");
            values(block.returns());
            out.append(")\n");
        }
    }

    private void location(Node n) {
        if (source.isEmpty() || n.range().isEmpty()) {
            return;
        }
        SourceRange r = n.range().get();
        // a node may come from another file (a library function inlined or called)
        SourceFile f = r.file();
        String shown = f == source.get() ? path : f.path();
        int line = f.lineOf(r.start());
        int column = r.start() - f.lineStart(line);
        out.append(" # ").append(shown).append(':').append(line).append(':').append(column);
    }

    private void typed(Value v) {
        out.append('%').append(v.displayName()).append(" : ").append(v.type().graphStr());
    }

    private void values(List<Value> vs) {
        for (int i = 0; i < vs.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append('%').append(vs.get(i).displayName());
        }
    }

    private void indent(int n) {
        out.append(" ".repeat(n));
    }

    /** The Python {@code repr}s of a {@code prim::PythonOp}'s constant arguments; none for a call of an ignored function. */
    @SuppressWarnings("unchecked")
    static List<String> pythonOpScalarArgs(Node n) {
        return n.hasAttribute(Node.PYTHON_OP_SCALAR_ARGS) ? (List<String>) n.attribute(Node.PYTHON_OP_SCALAR_ARGS) : List.of();
    }
}
