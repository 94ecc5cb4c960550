package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An SSA value: the output of one {@link Node}, or a parameter of a {@link Block}. It has a type,
 * a number unique in its graph and, where the source named it, a debug name ({@code x.1}).
 */
public final class Value {
    private final Graph graph;
    private final int unique;
    private Type type;
    private String debugName;
    /** The node that produces this value, or null for a block parameter. */
    Node node;
    /** The block whose parameter this value is, or null for a node output. */
    Block paramOf;
    private final List<Use> uses = new ArrayList<>();

    /** One use of a value: input {@code index} of {@code user}. */
    public record Use(Node user, int index) {}

    Value(Graph graph, int unique, Type type) {
        this.graph = graph;
        this.unique = unique;
        this.type = type;
    }

    public Graph graph() {
        return graph;
    }

    public int unique() {
        return unique;
    }

    public Type type() {
        return type;
    }

    public Value setType(Type type) {
        this.type = type;
        return this;
    }

    /** The producing node, empty for a block parameter. */
    public Optional<Node> node() {
        return Optional.ofNullable(node);
    }

    /** The debug name without its uniquing suffix, as the source spelt it; empty if unnamed. */
    public Optional<String> debugName() {
        return Optional.ofNullable(debugName);
    }

    /**
     * Names this value after a source variable; the graph makes the name unique by a numeric
     * suffix ({@code x.1}, {@code x.2}) as the reference does.
     */
    public Value setDebugName(String name) {
        this.debugName = graph.uniqueName(name);
        return this;
    }

    /**
     * Takes {@code other}'s debug name as it is, suffix included: a value of a graph lifted out of
     * another (a {@code prim::fork}'s subgraph) keeps the name of the value it stands for.
     */
    public Value copyDebugName(Value other) {
        this.debugName = other.debugName;
        return this;
    }

    void clearDebugName() {
        this.debugName = null;
    }

    /** The name the graph printer uses: the debug name, or the unique number. */
    public String displayName() {
        return debugName != null ? debugName : Integer.toString(unique);
    }

    public List<Use> uses() {
        return Collections.unmodifiableList(uses);
    }

    void addUse(Use u) {
        uses.add(u);
    }

    void removeUse(Node user, int index) {
        for (int i = 0; i < uses.size(); i++) {
            Use u = uses.get(i);
            if (u.user() == user && u.index() == index) {
                uses.remove(i);
                return;
            }
        }
        throw new IllegalStateException("not a use: " + user.kind() + " input " + index);
    }

    public boolean hasUses() {
        return !uses.isEmpty();
    }

    /** Makes every user of this value use {@code other} instead. */
    public void replaceAllUsesWith(Value other) {
        for (Use u : List.copyOf(uses)) {
            u.user().replaceInput(u.index(), other);
        }
    }

    @Override
    public String toString() {
        return "%" + displayName() + " : " + type.graphStr();
    }
}
