package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.runtime.ops.OpImpl;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph prepared for execution: every value's frame slot (its {@link Value#unique()}), and for
 * every node the slots of its inputs and outputs and the slots that die once it has run.
 *
 * <p>A value defined in a block dies after the node of that block that holds its last use
 * (directly or inside the node's nested blocks, so a value used in a loop body lives until the
 * loop is done), or after the block's return when the return uses it; a value without uses dies
 * right after it is defined (a block parameter at the block's start). The interpreter clears a
 * dead slot and lets go of the tensor it held (see {@link Interpreter}).
 */
final class Plan {
    final int frameSize;
    final Step.BlockCode body;

    private Plan(int frameSize, Step.BlockCode body) {
        this.frameSize = frameSize;
        this.body = body;
    }

    static Plan of(Graph graph) {
        int max = -1;
        for (Value v : graph.inputs()) {
            max = Math.max(max, v.unique());
        }
        for (Node n : graph.allNodes()) {
            for (Value v : n.outputs()) {
                max = Math.max(max, v.unique());
            }
            for (Block b : n.blocks()) {
                for (Value v : b.params()) {
                    max = Math.max(max, v.unique());
                }
            }
        }
        return new Plan(max + 1, compile(graph.block()));
    }

    private static Step.BlockCode compile(Block block) {
        List<Node> nodes = block.nodes();
        // For each value defined here, the index of the node of this block holding its last use
        // (nodes.size() for the block's return), or -1 when it has no use.
        Map<Value, Integer> lastUse = new IdentityHashMap<>();
        for (Value p : block.params()) {
            lastUse.put(p, -1);
        }
        Map<Node, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
            for (Value o : nodes.get(i).outputs()) {
                lastUse.put(o, -1);
            }
        }
        for (Map.Entry<Value, Integer> e : lastUse.entrySet()) {
            int last = -1;
            for (Value.Use use : e.getKey().uses()) {
                last = Math.max(last, positionIn(block, use.user(), index, nodes.size()));
            }
            e.setValue(last);
        }
        List<List<Integer>> dies = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            dies.add(new ArrayList<>());
        }
        List<Integer> diesAtStart = new ArrayList<>();
        List<Integer> diesAtEnd = new ArrayList<>();
        for (Map.Entry<Value, Integer> e : lastUse.entrySet()) {
            int slot = e.getKey().unique();
            int last = e.getValue();
            if (last == nodes.size()) {
                diesAtEnd.add(slot);
            } else if (last >= 0) {
                dies.get(last).add(slot);
            } else if (e.getKey().node().isPresent()) {
                dies.get(index.get(e.getKey().node().get())).add(slot);
            } else {
                diesAtStart.add(slot);
            }
        }
        Step[] steps = new Step[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            Step.BlockCode[] blocks = new Step.BlockCode[n.blocks().size()];
            for (int b = 0; b < blocks.length; b++) {
                blocks[b] = compile(n.block(b));
            }
            steps[i] = new Step(n, slots(n.inputs()), slots(n.outputs()), ints(dies.get(i)), blocks);
        }
        return new Step.BlockCode(slots(block.params()), steps, slots(block.returns()), ints(diesAtStart), ints(diesAtEnd));
    }

    /** The index in {@code block} of the node that is, or contains, {@code user}; nodes.size() for the return. */
    private static int positionIn(Block block, Node user, Map<Node, Integer> index, int returnIndex) {
        Node n = user;
        while (true) {
            if (n == block.returnNode()) {
                return returnIndex;
            }
            Integer i = index.get(n);
            if (i != null) {
                return i;
            }
            Block owner = n.owningBlock();
            if (owner == null || owner.owningNode() == null) {
                // A use outside this block cannot happen in well-formed SSA; keep the value alive.
                return returnIndex;
            }
            n = owner.owningNode();
        }
    }

    private static int[] slots(List<Value> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).unique();
        }
        return out;
    }

    private static int[] ints(List<Integer> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** One node ready to run, and the code of its blocks. */
    static final class Step {
        /** What {@link #kind} says the interpreter does with a node. */
        static final int IF = 0;
        static final int LOOP = 1;
        static final int PRIM = 2;
        static final int OPERATOR = 3;

        final Node node;
        /** {@link #IF}, {@link #LOOP}, {@link #PRIM} (another node the interpreter executes itself) or {@link #OPERATOR}. */
        final int kind;
        final int[] inputs;
        final int[] outputs;
        /** Slots that die after this node has run. */
        final int[] dies;
        final BlockCode[] blocks;
        /** The operator's implementation, found on first execution. */
        volatile OpImpl op;

        Step(Node node, int[] inputs, int[] outputs, int[] dies, BlockCode[] blocks) {
            this.node = node;
            this.kind = node.is("prim::If") ? IF : node.is("prim::Loop") ? LOOP
                    : Interpreter.isSpecial(node.kind()) ? PRIM : OPERATOR;
            this.inputs = inputs;
            this.outputs = outputs;
            this.dies = dies;
            this.blocks = blocks;
        }

        /** A block ready to run: its parameters' slots, its steps, its returns' slots and deaths. */
        record BlockCode(int[] params, Step[] steps, int[] returns, int[] diesAtStart, int[] diesAtEnd) {}
    }
}
