package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The operator table as editor features need it: the {@code aten::} schemas behind {@code
 * torch.xxx}, {@code F.xxx} and tensor methods, without the {@code out=} variants a TorchScript
 * user never calls by that name.
 */
public final class Operators {
    private Operators() {}

    /**
     * Tensor attributes that are no {@code aten::} method: properties and casts the reference emits
     * as operators of their own (the checker's {@code ValueAttributes} accepts the same names).
     */
    static final Set<String> TENSOR_PROPERTIES = Set.of(
            "dtype", "device", "grad", "data", "shape", "is_cuda", "is_cpu", "is_sparse", "is_quantized",
            "is_meta", "is_nested", "is_leaf", "requires_grad", "layout", "T", "mT", "H", "mH", "ndim", "name",
            "real", "imag");

    /** Submodules the members file records, as seen from {@code torch}. */
    private static final Map<String, String> PREFIXES = Map.of(
            "torch.linalg", "linalg_", "torch.special", "special_", "torch.fft", "fft_");

    private static volatile SortedMap<String, FunctionSchema> tensorMethods;

    /** The overloads of {@code aten::name}, in registration order, without {@code out} variants. */
    public static List<FunctionSchema> overloads(String qualifiedName) {
        List<FunctionSchema> out = new ArrayList<>();
        for (FunctionSchema s : OperatorTable.builtin().overloads(qualifiedName)) {
            String o = s.overloadName();
            if (!o.equals("out") && !o.endsWith("_out")) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The operator behind {@code member} of the Python module {@code dotted} ({@code torch.add},
     * {@code torch.nn.functional.relu}, {@code torch.linalg.norm}, {@code math.sqrt}); empty when
     * none is registered under that name.
     */
    public static List<FunctionSchema> moduleFunction(String dotted, String member) {
        String prefix = PREFIXES.getOrDefault(dotted, "");
        if (!dotted.equals("torch") && !dotted.equals("torch.nn.functional") && !dotted.equals("math")
                && prefix.isEmpty()) {
            return List.of();
        }
        return overloads("aten::" + prefix + member);
    }

    /** Tensor methods by name, each with its first overload whose {@code self} is a tensor. */
    public static SortedMap<String, FunctionSchema> tensorMethods() {
        SortedMap<String, FunctionSchema> m = tensorMethods;
        if (m == null) {
            m = new TreeMap<>();
            for (FunctionSchema s : OperatorTable.builtin().schemas()) {
                String name = s.unqualifiedName();
                if (!s.namespace().equals("aten") || name.startsWith("_") || m.containsKey(name)
                        || s.overloadName().equals("out") || s.overloadName().endsWith("_out")) {
                    continue;
                }
                List<SchemaArgument> args = s.arguments();
                if (!args.isEmpty() && args.get(0).name().equals("self")
                        && args.get(0).type() == SchemaType.Primitive.TENSOR) {
                    m.put(name, s);
                }
            }
            m = Collections.unmodifiableSortedMap(m);
            tensorMethods = m;
        }
        return m;
    }

    /** Markdown listing {@code schemas}, at most {@code limit} of them. */
    public static String markdown(List<FunctionSchema> schemas, int limit) {
        StringBuilder b = new StringBuilder("```\n");
        for (int i = 0; i < schemas.size() && i < limit; i++) {
            b.append(schemas.get(i)).append('\n');
        }
        b.append("```");
        if (schemas.size() > limit) {
            b.append("\n\n… and ").append(schemas.size() - limit).append(" more overloads");
        }
        return b.toString();
    }
}
