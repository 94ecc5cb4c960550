package io.github.torchscript4j.runtime.ops;

import io.github.torchscript4j.runtime.TorchScriptException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code aten::einsum.sublist}: {@code einsum(a, [0, 1], b, [1, 2], [0, 2])}, the sublist format,
 * run as {@code aten::einsum} of the equation it stands for. Subscripts 0–25 are the letters
 * {@code A}–{@code Z} and 26–51 {@code a}–{@code z}; an optional last list gives the output.
 */
final class JitTensorEinsum {
    private JitTensorEinsum() {}

    static void register(TensorJitOps.Registry r) {
        r.add("aten::einsum.sublist", args -> {
            List<Object> tensors = new ArrayList<>();
            List<String> inputs = new ArrayList<>();
            int i = 0;
            for (; i + 1 < args.size(); i += 2) {
                tensors.add(args.get(i));
                inputs.add(subscripts(args.get(i + 1)));
            }
            String equation = String.join(",", inputs);
            if (i < args.size()) {
                equation += "->" + subscripts(args.get(i));
            }
            return List.of(Dispatch.one("aten::einsum", equation, tensors, null));
        });
    }

    private static String subscripts(Object sublist) {
        if (!(sublist instanceof List<?> list)) {
            throw new TorchScriptException("RuntimeError", "einsum(): expected a list of subscripts, got "
                    + IValues.typeName(sublist));
        }
        StringBuilder out = new StringBuilder();
        for (Object o : list) {
            long n = (Long) o;
            if (n < 0 || n >= 52) {
                throw new TorchScriptException("RuntimeError",
                        "einsum(): subscript in subscript list is not within the valid range [0, 52)");
            }
            out.append((char) (n < 26 ? 'A' + n : 'a' + n - 26));
        }
        return out.toString();
    }
}
