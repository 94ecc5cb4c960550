package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The methods {@code torch.jit.script} defines on the classes of {@code ModuleList}, {@code
 * Sequential} and {@code ModuleDict} instances: {@code def __len__(self): return N} for each, and
 * {@code def __contains__(self, key: str): return key in [keys]} (or {@code return False}) for a
 * {@code ModuleDict}.
 */
final class ContainerMethods {
    private ContainerMethods() {}

    /** {@code __len__}: the number of submodules. */
    static Function length(Type.ModuleType t, int size) {
        Graph g = new Graph();
        g.addInput(t).setDebugName("self");
        g.block().addReturn(constant(g, (long) size, Types.INT));
        return new Function(t.qualifiedName() + ".__len__", List.of(new Function.Param("self", t, Optional.empty(), false)),
                Types.INT, g);
    }

    /** {@code __contains__(key: str)}: whether {@code key} is one of the keys. */
    static Function contains(Type.ModuleType t, List<String> keys) {
        Graph g = new Graph();
        g.addInput(t).setDebugName("self");
        Value key = g.addInput(Types.STR);
        key.setDebugName("key");
        Value result;
        if (keys.isEmpty()) {
            result = constant(g, false, Types.BOOL);
        } else {
            List<Value> items = new ArrayList<>();
            for (String k : keys) {
                items.add(constant(g, k, Types.STR));
            }
            Value list = g.block().append(g.create("prim::ListConstruct", items, new Type.ListType(Types.STR))).output();
            result = g.block().append(g.create("aten::__contains__", List.of(list, key), Types.BOOL)).output();
        }
        g.block().addReturn(result);
        return new Function(t.qualifiedName() + ".__contains__", List.of(
                new Function.Param("self", t, Optional.empty(), false),
                new Function.Param("key", Types.STR, Optional.empty(), false)), Types.BOOL, g);
    }

    private static Value constant(Graph g, Object value, Type type) {
        Node n = g.create("prim::Constant");
        n.setAttribute("value", value);
        n.addOutput(type);
        return g.block().append(n).output();
    }
}
