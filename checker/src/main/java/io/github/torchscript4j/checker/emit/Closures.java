package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.types.Type;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Lambda lifting of a node's body into a graph of its own, as the reference builds the {@code
 * Subgraph} of {@code prim::fork}: the body is emitted into a block of the node, where it may use
 * any value in scope; lifting copies it into a new graph whose inputs are the outside values it
 * uses, in the order of their first use, named as those values are, and which become the node's
 * inputs.
 */
final class Closures {
    private Closures() {}

    /**
     * Lifts the single block of {@code node} (its returns: the closure's results) into {@code
     * node}'s {@link Node#SUBGRAPH}; the node gets one output, a {@code Future} of the first result.
     */
    static Value lift(Node node) {
        Block body = node.block(0);
        Graph sub = new Graph();
        Map<Value, Value> map = new IdentityHashMap<>();
        copyInto(body, sub.block(), sub, node, map);
        for (Value r : body.returns()) {
            sub.block().addReturn(mapped(r, sub, node, map));
        }
        node.eraseBlock(0);
        node.setAttribute(Node.SUBGRAPH, sub);
        Type result = sub.outputs().get(0).type();
        return node.addOutput(new Type.FutureType(result));
    }

    private static void copyInto(Block from, Block to, Graph sub, Node holder, Map<Value, Value> map) {
        for (Node n : from.nodes()) {
            Node k = sub.create(n.kind());
            n.attributes().forEach(k::setAttribute);
            n.schema().ifPresent(k::setSchema);
            n.range().ifPresent(k::setRange);
            for (Value in : n.inputs()) {
                k.addInput(mapped(in, sub, holder, map));
            }
            for (Value o : n.outputs()) {
                map.put(o, k.addOutput(o.type()).copyDebugName(o));
            }
            for (Block inner : n.blocks()) {
                Block copy = k.addBlock();
                for (Value p : inner.params()) {
                    map.put(p, copy.addParam(p.type()).copyDebugName(p));
                }
                copyInto(inner, copy, sub, holder, map);
                for (Value r : inner.returns()) {
                    copy.addReturn(mapped(r, sub, holder, map));
                }
            }
            to.append(k);
        }
    }

    /** The lifted graph's value for {@code v}: a copy made inside, or a new input for an outside value. */
    private static Value mapped(Value v, Graph sub, Node holder, Map<Value, Value> map) {
        Value m = map.get(v);
        if (m == null) {
            m = sub.addInput(v.type()).copyDebugName(v);
            holder.addInput(v);
            map.put(v, m);
        }
        return m;
    }
}
