package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.eval.ScalarOp;
import io.github.torchscript4j.checker.eval.ScalarOps;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reference's constant propagation for immutable types, which it runs before showing {@code
 * fn.graph}: a node whose inputs are all constants and whose outputs are numbers, strings,
 * booleans, None or tuples of those is evaluated at compile time ({@link ScalarOps}) and replaced
 * by constants; a {@code prim::If} on a constant condition is replaced by its live branch.
 * Operators that fail at compile time are left to fail at run time.
 */
final class ConstantPropagation {
    private ConstantPropagation() {}

    /** Kinds never evaluated at compile time (side effects, or not pure). */
    private static final Set<String> KEEP = Set.of("prim::Print", "prim::RaiseException", "aten::warn", "prim::PythonOp",
            "prim::fork",
            "prim::Uninitialized", "prim::CallFunction", "prim::CallMethod", "prim::CreateObject", "prim::SetAttr",
            "prim::GetAttr", "prim::Constant", "prim::Loop", "prim::If", "aten::format", "prim::id", "aten::hash",
            "prim::Enter", "prim::Exit");

    static boolean run(Graph g) {
        return block(g.block());
    }

    private static boolean block(Block b) {
        boolean changed = false;
        for (Node n : new ArrayList<>(b.nodes())) {
            if (n.owningBlock() == null) {
                continue; // removed by an earlier step
            }
            if (n.is("prim::If") && constant(n.input(0)).isPresent()) {
                inlineBranch(n, Boolean.TRUE.equals(constant(n.input(0)).get().value()));
                changed = true;
                continue;
            }
            for (Block inner : n.blocks()) {
                changed |= block(inner);
            }
            changed |= fold(n);
        }
        return changed;
    }

    /** A constant value, boxed so that None is distinguishable from "not constant". */
    private record Known(Object value) {}

    private static Optional<Known> constant(Value v) {
        if (v.node().isPresent() && v.node().get().is("prim::Constant")) {
            Node c = v.node().get();
            return Optional.of(new Known(c.hasAttribute("value") ? c.attribute("value") : null));
        }
        return Optional.empty();
    }

    private static boolean immutable(Type t) {
        if (t instanceof Type.IntType || t instanceof Type.FloatType || t instanceof Type.BoolType
                || t instanceof Type.StrType || t instanceof Type.NoneType || t instanceof Type.ComplexType) {
            return true;
        }
        if (t instanceof Type.TupleType tt) {
            return tt.named().isEmpty() && tt.elements().stream().allMatch(ConstantPropagation::immutable);
        }
        return false;
    }

    /**
     * Reading a tuple that was just built reads the element directly ({@code (a, b)[0]} is {@code a},
     * unpacking {@code (a, b)} gives {@code a} and {@code b}), as the reference's tuple lowering does.
     */
    private static boolean simplifyTuple(Node n) {
        if (!(n.is("prim::TupleIndex") || n.is("prim::TupleUnpack")) || n.input(0).node().isEmpty()
                || !n.input(0).node().get().is("prim::TupleConstruct")) {
            return false;
        }
        List<Value> parts = n.input(0).node().get().inputs();
        if (n.is("prim::TupleUnpack")) {
            for (int i = 0; i < n.outputs().size(); i++) {
                n.output(i).replaceAllUsesWith(parts.get(i));
            }
        } else {
            Optional<Known> index = constant(n.input(1));
            if (index.isEmpty() || !(index.get().value() instanceof Long i)) {
                return false;
            }
            int at = (int) (i < 0 ? i + parts.size() : i);
            if (at < 0 || at >= parts.size()) {
                return false;
            }
            n.output().replaceAllUsesWith(parts.get(at));
        }
        n.destroy();
        return true;
    }

    private static boolean fold(Node n) {
        if (simplifyTuple(n)) {
            return true;
        }
        if (KEEP.contains(n.kind()) || n.outputs().isEmpty() || !n.blocks().isEmpty()) {
            return false;
        }
        for (Value o : n.outputs()) {
            // (a cast of a constant is the constant, whatever the cast's type: the reference folds
            // by the value, a string cast to Union[int, str] stays a string constant)
            if (!immutable(o.type()) && !n.is("prim::unchecked_cast")) {
                return false;
            }
        }
        List<Object> args = new ArrayList<>();
        for (Value in : n.inputs()) {
            Optional<Known> k = constant(in);
            if (k.isEmpty()) {
                return false;
            }
            args.add(k.get().value());
        }
        List<Object> results;
        try {
            results = evaluate(n, args);
        } catch (RuntimeException e) {
            return false; // fails at run time, as in the reference
        }
        if (results == null || results.size() != n.outputs().size()) {
            return false;
        }
        Graph g = n.graph();
        for (int i = 0; i < results.size(); i++) {
            Object r = results.get(i);
            if (!representable(r)) {
                return false;
            }
        }
        for (int i = 0; i < results.size(); i++) {
            Value old = n.output(i);
            Node c = g.create("prim::Constant");
            if (results.get(i) != null) {
                c.setAttribute("value", results.get(i));
            }
            Value out = c.addOutput(old.type());
            c.insertBefore(n);
            old.debugName().ifPresent(name -> { });
            old.replaceAllUsesWith(out);
        }
        n.destroy();
        return true;
    }

    private static boolean representable(Object r) {
        if (r == null || r instanceof Long || r instanceof Double || r instanceof Boolean || r instanceof String
                || r instanceof io.github.torchscript4j.checker.eval.ComplexValue) {
            return true;
        }
        if (r instanceof Tuple t) {
            return t.elements().stream().allMatch(ConstantPropagation::representable);
        }
        return false;
    }

    private static List<Object> evaluate(Node n, List<Object> args) {
        switch (n.kind()) {
            case "prim::TupleConstruct":
                return List.of(new Tuple(args));
            case "prim::TupleUnpack":
                return args.get(0) instanceof Tuple t ? t.elements() : null;
            case "prim::TupleIndex": {
                if (args.get(0) instanceof Tuple t && args.get(1) instanceof Long i) {
                    int index = (int) (i < 0 ? i + t.size() : i);
                    return List.of(t.get(index));
                }
                return null;
            }
            case "prim::unchecked_cast":
                return java.util.Collections.singletonList(args.get(0));
            default:
                break;
        }
        if (n.schema().isEmpty()) {
            return null;
        }
        Optional<ScalarOp> op = ScalarOps.find(n.schema().get());
        if (op.isEmpty()) {
            return null;
        }
        return op.get().call(new ArrayList<>(args));
    }

    /** Replaces {@code prim::If} on a constant by the nodes of the branch taken. */
    private static void inlineBranch(Node ifNode, boolean taken) {
        Block live = ifNode.block(taken ? 0 : 1);
        for (Node inner : new ArrayList<>(live.nodes())) {
            inner.moveBefore(ifNode);
        }
        List<Value> returns = live.returns();
        for (int i = 0; i < ifNode.outputs().size(); i++) {
            ifNode.output(i).replaceAllUsesWith(returns.get(i));
        }
        live.returnNode().removeAllInputs();
        ifNode.destroy();
    }
}
