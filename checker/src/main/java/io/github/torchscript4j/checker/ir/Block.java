package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A list of nodes with parameters and returns: a graph's body, or a branch of {@code prim::If} or
 * the body of {@code prim::Loop}. The returned values are the inputs of the block's {@code
 * prim::Return} node, which is not in {@link #nodes()}, so that uses of returned values are
 * tracked like any other.
 */
public final class Block {
    private final Graph graph;
    private final Node owningNode;
    private final List<Value> params = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Node returnNode;

    Block(Graph graph, Node owningNode) {
        this.graph = graph;
        this.owningNode = owningNode;
        this.returnNode = new Node(graph, "prim::Return");
        this.returnNode.owningBlock = this;
    }

    public Graph graph() {
        return graph;
    }

    /** The node this block belongs to; null for the graph's top block. */
    public Node owningNode() {
        return owningNode;
    }

    public List<Value> params() {
        return Collections.unmodifiableList(params);
    }

    public Value addParam(Type type) {
        Value v = graph.newValue(type);
        v.paramOf = this;
        params.add(v);
        return v;
    }

    /** Reorders parameters {@code from..from+order.length}: parameter {@code from+i} becomes old {@code from+order[i]}. */
    public void permuteParams(int from, int[] order) {
        List<Value> old = new ArrayList<>(params);
        for (int i = 0; i < order.length; i++) {
            params.set(from + i, old.get(from + order[i]));
        }
    }

    public void eraseParam(int i) {
        if (params.get(i).hasUses()) {
            throw new IllegalStateException("block parameter " + i + " still has uses");
        }
        params.remove(i);
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public Node returnNode() {
        return returnNode;
    }

    public List<Value> returns() {
        return returnNode.inputs();
    }

    public void addReturn(Value v) {
        returnNode.addInput(v);
    }

    /** Appends a detached node at the end of this block. */
    public Node append(Node n) {
        insertAt(nodes.size(), n);
        return n;
    }

    /** Inserts a detached node at the start of this block. */
    public Node prepend(Node n) {
        insertAt(0, n);
        return n;
    }

    void insertAt(int index, Node n) {
        if (n.owningBlock != null) {
            throw new IllegalStateException(n.kind() + " is already in a block");
        }
        nodes.add(index, n);
        n.owningBlock = this;
    }

    int indexOf(Node n) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == n) {
                return i;
            }
        }
        throw new IllegalStateException(n.kind() + " is not in this block");
    }

    void detach(Node n) {
        nodes.remove(indexOf(n));
        n.owningBlock = null;
    }

    void destroy() {
        returnNode.removeAllInputs();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            n.removeAllInputs();
            for (Block b : n.blocks()) {
                b.destroy();
            }
        }
        nodes.clear();
    }

    /** Whether this block is {@code other} or nested (at any depth) inside it. */
    public boolean isWithin(Block other) {
        for (Block b = this; b != null; b = b.owningNode() == null ? null : b.owningNode().owningBlock()) {
            if (b == other) {
                return true;
            }
        }
        return false;
    }
}
