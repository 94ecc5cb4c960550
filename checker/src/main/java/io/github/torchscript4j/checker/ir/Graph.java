package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A TorchScript graph: the top {@link Block}, whose parameters are the function's inputs and whose
 * returns are its outputs, and the numbering of its values.
 */
public final class Graph {
    private final Block block;
    private int nextUnique;
    private final Map<String, Integer> nameSuffixes = new HashMap<>();

    public Graph() {
        this.block = new Block(this, null);
    }

    public Block block() {
        return block;
    }

    public List<Value> inputs() {
        return block.params();
    }

    public Value addInput(Type type) {
        return block.addParam(type);
    }

    public List<Value> outputs() {
        return block.returns();
    }

    Value newValue(Type type) {
        return new Value(this, nextUnique++, type);
    }

    /** {@code base.N} with the next unused N for this base, as the reference names SSA values. */
    String uniqueName(String base) {
        int next = nameSuffixes.merge(base, 1, Integer::sum);
        return base + "." + next;
    }

    /** A detached node of this graph; insert it with {@link Block#append} or {@link Node#insertBefore}. */
    public Node create(String kind) {
        return new Node(this, kind);
    }

    /** A detached node with the given inputs and one output of {@code outputType}. */
    public Node create(String kind, List<Value> inputs, Type outputType) {
        Node n = create(kind);
        for (Value v : inputs) {
            n.addInput(v);
        }
        n.addOutput(outputType);
        return n;
    }

    /** Every node of the graph, depth first in program order (a node before the nodes of its blocks). */
    public List<Node> allNodes() {
        List<Node> out = new ArrayList<>();
        collect(block, out);
        return out;
    }

    private static void collect(Block b, List<Node> out) {
        for (Node n : b.nodes()) {
            out.add(n);
            for (Block inner : n.blocks()) {
                collect(inner, out);
            }
        }
    }

    @Override
    public String toString() {
        return GraphPrinter.print(this);
    }
}
