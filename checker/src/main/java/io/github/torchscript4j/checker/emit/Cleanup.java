package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cleanup the reference applies to a freshly emitted graph before {@code fn.graph} shows it:
 * constant propagation ({@link ConstantPropagation}), dead code elimination (nodes without side
 * effects whose outputs are unused, unused outputs of {@code prim::If} and {@code prim::Loop}) and
 * constant hoisting (every {@code prim::Constant} moved
 * to the top of the graph).
 */
final class Cleanup {
    private Cleanup() {}

    private static final Set<String> SIDE_EFFECTS = Set.of("prim::Print", "prim::RaiseException", "prim::SetAttr", "prim::PythonOp", "prim::fork",
            "prim::CallFunction", "prim::CallMethod", "prim::If", "prim::Loop", "prim::Enter", "prim::Exit");

    static void run(Graph g) {
        boolean changed = true;
        while (changed) {
            changed = ConstantPropagation.run(g);
            changed |= eliminateDeadCode(g.block());
        }
        canonicalizeOutputs(g);
        hoistConstants(g);
    }

    /**
     * The reference's output canonicalisation: the outputs of each {@code prim::If} and {@code
     * prim::Loop} are ordered by their first use after the node; unused ones keep their order, last.
     */
    private static void canonicalizeOutputs(Graph g) {
        java.util.Map<Node, Integer> position = firstUses(g);
        for (Node n : g.allNodes()) {
            if (!(n.is("prim::If") || n.is("prim::Loop")) || n.outputs().size() < 2) {
                continue;
            }
            int count = n.outputs().size();
            Integer[] order = new Integer[count];
            int[] firstUse = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
                firstUse[i] = n.output(i).uses().stream()
                        .mapToInt(u -> position.getOrDefault(u.user(), Integer.MAX_VALUE)).min().orElse(Integer.MAX_VALUE);
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> firstUse[i]));
            int[] perm = new int[count];
            boolean identity = true;
            for (int i = 0; i < count; i++) {
                perm[i] = order[i];
                identity &= perm[i] == i;
            }
            if (identity) {
                continue;
            }
            n.permuteOutputs(perm);
            if (n.is("prim::If")) {
                for (Block b : n.blocks()) {
                    b.returnNode().permuteInputs(0, perm);
                }
            } else {
                n.permuteInputs(2, perm);
                Block body = n.block(0);
                body.permuteParams(1, perm);
                body.returnNode().permuteInputs(1, perm);
            }
        }
    }

    private static boolean hasSideEffects(Node n) {
        if (SIDE_EFFECTS.contains(n.kind())) {
            return true;
        }
        if (n.schema().isPresent()) {
            // An operator that writes to one of its arguments (append, add_, _set_item) must stay,
            // unless everything it writes is a fresh value nothing observes.
            List<io.github.torchscript4j.checker.builtins.SchemaArgument> args = n.schema().get().arguments();
            boolean writes = false;
            for (int i = 0; i < args.size() && i < n.inputs().size(); i++) {
                if (args.get(i).isWrite()) {
                    writes = true;
                    if (observed(n.input(i))) {
                        return true;
                    }
                }
            }
            // an operator that writes nothing and returns nothing is called for what it does (save)
            return writes ? n.outputs().stream().anyMatch(v -> v.hasUses())
                    : n.schema().get().returns().isEmpty() || n.schema().get().name().startsWith("aten::warn");
        }
        return false;
    }

    /**
     * Whether a write to {@code v} can be seen: unless {@code v} is made fresh in this graph (a list
     * or dict display, or an operator whose result aliases none of its arguments) and is only ever
     * written by operators whose results are unused, as the reference's alias analysis decides
     * (a value put into a container, returned, or read stays observed).
     */
    private static boolean observed(io.github.torchscript4j.checker.ir.Value v) {
        Node producer = v.node().orElse(null);
        boolean fresh = producer != null && (producer.is("prim::ListConstruct") || producer.is("prim::DictConstruct")
                || producer.schema().isPresent() && !producer.schema().get().returns().isEmpty()
                && producer.schema().get().returns().stream().allMatch(r -> r.alias().isEmpty())
                && producer.schema().get().arguments().stream().noneMatch(a -> a.isWrite()));
        if (!fresh) {
            return true;
        }
        for (io.github.torchscript4j.checker.ir.Value.Use u : v.uses()) {
            Node user = u.user();
            if (user.schema().isEmpty() || user.outputs().stream().anyMatch(o -> o.hasUses())) {
                return true;
            }
            List<io.github.torchscript4j.checker.builtins.SchemaArgument> args = user.schema().get().arguments();
            if (u.index() >= args.size() || !args.get(u.index()).isWrite()) {
                return true;
            }
        }
        return false;
    }

    /** One backwards sweep; returns whether anything was removed. */
    private static boolean eliminateDeadCode(Block b) {
        boolean changed = false;
        List<Node> nodes = new ArrayList<>(b.nodes());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.is("prim::If") || n.is("prim::Loop")) {
                changed |= pruneOutputs(n);
                for (Block inner : n.blocks()) {
                    changed |= eliminateDeadCode(inner);
                }
                if (n.outputs().isEmpty() && n.blocks().stream().allMatch(
                        x -> x.nodes().stream().allMatch(k -> k.is("prim::Constant")))) {
                    // an if, or a loop, that does nothing (a loop's condition is then fixed: its
                    // body computes nothing)
                    n.destroy();
                    changed = true;
                }
                continue;
            }
            if (!hasSideEffects(n) && n.outputs().stream().noneMatch(v -> v.hasUses())) {
                n.destroy();
                changed = true;
            }
        }
        return changed;
    }

    /** Removes outputs of an If (and carried values of a Loop) that nothing uses. */
    private static boolean pruneOutputs(Node n) {
        boolean changed = false;
        if (n.is("prim::If")) {
            for (int i = n.outputs().size() - 1; i >= 0; i--) {
                if (!n.output(i).hasUses()) {
                    for (Block b : n.blocks()) {
                        b.returnNode().removeInput(i);
                    }
                    n.eraseOutput(i);
                    changed = true;
                }
            }
            return changed;
        }
        // prim::Loop: carried value i is output i, input i + 2, block param i + 1, block return i + 1.
        Block body = n.block(0);
        for (int i = n.outputs().size() - 1; i >= 0; i--) {
            if (!n.output(i).hasUses() && !body.params().get(i + 1).hasUses()) {
                body.returnNode().removeInput(i + 1);
                body.eraseParam(i + 1);
                n.removeInput(i + 2);
                n.eraseOutput(i);
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Moves every constant to the top of the graph, keeping their relative order, and pools equal
     * ones (same type and value) into the first.
     */
    private static void hoistConstants(Graph g) {
        List<Node> constants = new ArrayList<>();
        List<Node> placeholders = new ArrayList<>();
        java.util.Map<String, Node> pool = new java.util.HashMap<>();
        for (Node n : g.allNodes()) {
            if (n.is("prim::Uninitialized")) {
                placeholders.add(n); // placed after the constants, below
                continue;
            }
            if (n.is("prim::Constant")) {
                String key = (n.output().type() instanceof io.github.torchscript4j.checker.types.Type.FunctionType fn
                        ? fn.qualifiedName() : n.output().type().graphStr()) + "=" + (n.hasAttribute("value")
                        ? n.attribute("value").getClass().getSimpleName() + ":" + io.github.torchscript4j.checker.ir.Constants.codeText(n.attribute("value"))
                        : "None");
                Node first = pool.putIfAbsent(key, n);
                if (first != null) {
                    n.output().replaceAllUsesWith(first.output());
                    n.destroy();
                    continue;
                }
                constants.add(n);
            }
        }
        // Placeholders for values a path never defines (prim::Uninitialized) go first, in the order
        // of their first use, as the reference's code shows them.
        java.util.Map<Node, Integer> firstUse = firstUses(g);
        placeholders.sort(java.util.Comparator.comparingInt(
                (Node n) -> n.output().uses().stream().mapToInt(u -> firstUse.getOrDefault(u.user(), Integer.MAX_VALUE))
                        .min().orElse(Integer.MAX_VALUE)));
        // one placeholder per type, as the reference's exit transform shares them
        java.util.Map<String, Node> byType = new java.util.HashMap<>();
        List<Node> pooled = new ArrayList<>();
        for (Node n : placeholders) {
            Node first = byType.putIfAbsent(n.output().type().graphStr(), n);
            if (first != null) {
                n.output().replaceAllUsesWith(first.output());
                n.destroy();
            } else {
                pooled.add(n);
            }
        }
        constants.addAll(0, pooled);
        Block top = g.block();
        for (int i = constants.size() - 1; i >= 0; i--) {
            detachAndPrepend(constants.get(i), top);
        }
    }

    /** The position of every node, and of every block's return, in program order. */
    private static java.util.Map<Node, Integer> firstUses(Graph g) {
        java.util.Map<Node, Integer> order = new java.util.IdentityHashMap<>();
        number(g.block(), order);
        return order;
    }

    private static void number(Block b, java.util.Map<Node, Integer> order) {
        for (Node n : b.nodes()) {
            order.put(n, order.size());
            for (Block inner : n.blocks()) {
                number(inner, order);
            }
        }
        order.put(b.returnNode(), order.size());
    }

    private static void detachAndPrepend(Node c, Block top) {
        if (top.nodes().isEmpty()) {
            return;
        }
        Node first = top.nodes().get(0);
        if (first != c) {
            c.moveBefore(first);
        }
    }
}
