package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operation of a graph: a kind (the reference's symbol, {@code aten::add}, {@code prim::If}),
 * input and output values, nested blocks (the branches of {@code prim::If}, the body of {@code
 * prim::Loop}), named attributes ({@code value} of a constant, {@code name} of {@code
 * prim::GetAttr}) and the source range it was emitted for.
 */
public final class Node {
    /**
     * The attribute of a node that holds a graph of its own ({@code prim::fork}'s closure): the
     * graph printer writes it after the graph, {@code with prim::fork_0 = graph(...)}.
     */
    public static final String SUBGRAPH = "Subgraph";

    /**
     * The attributes of a {@code prim::PythonOp} that the reference keeps outside its attribute
     * list: the function's name, its calling convention ({@code "dcd"}: which arguments are inputs,
     * {@code d}, and which constants, {@code c}) and the constants' Python {@code repr}s, a {@code
     * List<String>} (printed {@code ^name[attributes](scalar args)(inputs)}).
     */
    public static final String PYTHON_OP_NAME = "name";
    public static final String PYTHON_OP_CCONV = "cconv";
    public static final String PYTHON_OP_SCALAR_ARGS = "scalar_args";

    private final Graph graph;
    private final String kind;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private Optional<SourceRange> range = Optional.empty();
    private FunctionSchema schema;
    /** The block this node is in; null until inserted, and after it is destroyed. */
    Block owningBlock;

    Node(Graph graph, String kind) {
        this.graph = graph;
        this.kind = kind;
    }

    public Graph graph() {
        return graph;
    }

    /** The reference's qualified symbol, e.g. {@code aten::add} or {@code prim::Constant}. */
    public String kind() {
        return kind;
    }

    public boolean is(String k) {
        return kind.equals(k);
    }

    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public Value input(int i) {
        return inputs.get(i);
    }

    public List<Value> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    public Value output() {
        if (outputs.size() != 1) {
            throw new IllegalStateException(kind + " has " + outputs.size() + " outputs");
        }
        return outputs.get(0);
    }

    public Value output(int i) {
        return outputs.get(i);
    }

    public List<Block> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    public Block block(int i) {
        return blocks.get(i);
    }

    public Optional<SourceRange> range() {
        return range;
    }

    public Node setRange(SourceRange r) {
        this.range = Optional.ofNullable(r);
        return this;
    }

    /** The operator schema an {@code aten::} (or other operator) node was matched to. */
    public Optional<FunctionSchema> schema() {
        return Optional.ofNullable(schema);
    }

    public Node setSchema(FunctionSchema s) {
        this.schema = s;
        return this;
    }

    public Block owningBlock() {
        return owningBlock;
    }

    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public boolean hasAttribute(String name) {
        return attributes.containsKey(name);
    }

    public Object attribute(String name) {
        if (!attributes.containsKey(name)) {
            throw new IllegalStateException(kind + " has no attribute " + name);
        }
        return attributes.get(name);
    }

    public String stringAttribute(String name) {
        return (String) attribute(name);
    }

    public Node setAttribute(String name, Object value) {
        attributes.put(name, value);
        return this;
    }

    public Node addInput(Value v) {
        v.addUse(new Value.Use(this, inputs.size()));
        inputs.add(v);
        return this;
    }

    public void replaceInput(int i, Value v) {
        inputs.get(i).removeUse(this, i);
        inputs.set(i, v);
        v.addUse(new Value.Use(this, i));
    }

    /** Removes every input (and its use). */
    public void removeAllInputs() {
        for (int i = inputs.size() - 1; i >= 0; i--) {
            inputs.get(i).removeUse(this, i);
        }
        inputs.clear();
    }

    public void removeInput(int i) {
        inputs.get(i).removeUse(this, i);
        for (int j = i + 1; j < inputs.size(); j++) {
            Value v = inputs.get(j);
            v.removeUse(this, j);
            v.addUse(new Value.Use(this, j - 1));
        }
        inputs.remove(i);
    }

    public Value addOutput(Type type) {
        Value v = graph.newValue(type);
        v.node = this;
        outputs.add(v);
        return v;
    }

    /** Removes output {@code i}, which must be unused. */
    public void eraseOutput(int i) {
        if (outputs.get(i).hasUses()) {
            throw new IllegalStateException("output " + i + " of " + kind + " still has uses");
        }
        outputs.remove(i);
    }

    /**
     * Reorders the outputs: output {@code i} becomes the old output {@code order[i]} (the values
     * themselves and their uses are unchanged).
     */
    public void permuteOutputs(int[] order) {
        List<Value> old = new ArrayList<>(outputs);
        for (int i = 0; i < order.length; i++) {
            outputs.set(i, old.get(order[i]));
        }
    }

    /** Reorders inputs {@code from..from+order.length}: input {@code from+i} becomes old {@code from+order[i]}. */
    public void permuteInputs(int from, int[] order) {
        List<Value> old = new ArrayList<>(inputs);
        for (int i = 0; i < order.length; i++) {
            inputs.get(from + i).removeUse(this, from + i);
        }
        for (int i = 0; i < order.length; i++) {
            Value v = old.get(from + order[i]);
            inputs.set(from + i, v);
            v.addUse(new Value.Use(this, from + i));
        }
    }

    public Block addBlock() {
        Block b = new Block(graph, this);
        blocks.add(b);
        return b;
    }

    public void eraseBlock(int i) {
        blocks.get(i).destroy();
        blocks.remove(i);
    }

    /** Inserts this (detached) node before {@code n}, in {@code n}'s block. */
    public Node insertBefore(Node n) {
        n.owningBlock.insertAt(n.owningBlock.indexOf(n), this);
        return this;
    }

    /** Inserts this (detached) node after {@code n}, in {@code n}'s block. */
    public Node insertAfter(Node n) {
        n.owningBlock.insertAt(n.owningBlock.indexOf(n) + 1, this);
        return this;
    }

    /** Moves this node (already in a block) to just before {@code n}. */
    public void moveBefore(Node n) {
        owningBlock.detach(this);
        insertBefore(n);
    }

    /** Removes this node from its block, and its inputs' uses; its outputs must be unused. */
    public void destroy() {
        for (Value o : outputs) {
            if (o.hasUses()) {
                throw new IllegalStateException("destroying " + kind + " whose output %" + o.displayName() + " is used");
            }
        }
        removeAllInputs();
        for (Block b : blocks) {
            b.destroy();
        }
        if (owningBlock != null) {
            owningBlock.detach(this);
        }
    }

    /** Whether {@code this} comes before {@code other}, both in the same block. */
    public boolean isBefore(Node other) {
        if (owningBlock != other.owningBlock) {
            throw new IllegalArgumentException("nodes in different blocks");
        }
        return owningBlock.indexOf(this) < owningBlock.indexOf(other);
    }

    @Override
    public String toString() {
        return GraphPrinter.node(this);
    }
}
