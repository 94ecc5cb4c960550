package io.github.torchscript4j.runtime.ops;

import static io.github.torchscript4j.runtime.ops.TensorJitOps.error;

import io.github.torchscript4j.runtime.TensorText;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Operators on lists of tensors that compare their elements: {@code ==} and {@code !=} between
 * {@code List[Tensor]}s, {@code remove}, {@code count}, {@code index}, {@code sort} and {@code
 * sorted}; and {@code aten::dict()}, the empty {@code Dict[str, Tensor]}.
 *
 * <p>As the reference, two tensors are "equal" when {@code bool(a == b)} is true (libtorch's {@code
 * is_nonzero} of {@code eq}, so comparing tensors of more than one element is an error, and {@code
 * tensor(1) == tensor(1.)}), and {@code sort} orders by {@code bool(a < b)}. Lists of different
 * lengths are unequal without comparing elements.
 *
 * <p>Ownership: a removed element keeps the list's reference (containers never release theirs; see
 * the interpreter), a sorted copy shares the elements of the original.
 */
final class JitTensorLists {
    private JitTensorLists() {}

    static void register(TensorJitOps.Registry r) {
        r.one("aten::eq.Tensor_list", args -> listEquals(list(args.get(0)), list(args.get(1))));
        r.one("aten::ne.Tensor_list", args -> !listEquals(list(args.get(0)), list(args.get(1))));
        r.none("aten::remove.Tensor", args -> {
            List<Object> self = list(args.get(0));
            for (int i = 0; i < self.size(); i++) {
                if (same(self.get(i), args.get(1))) {
                    self.remove(i);
                    return;
                }
            }
            throw error("list.remove(x): x not in list");
        });
        r.one("aten::count.Tensor", args -> {
            long count = 0;
            for (Object element : list(args.get(0))) {
                if (same(element, args.get(1))) {
                    count++;
                }
            }
            return count;
        });
        r.one("aten::index.list_Tensor", args -> {
            List<Object> self = list(args.get(0));
            for (int i = 0; i < self.size(); i++) {
                if (same(self.get(i), args.get(1))) {
                    return (long) i;
                }
            }
            throw error("'" + pythonText((TensorRef) args.get(1)) + "' is not in list");
        });
        r.none("aten::sort.Tensor", args -> sort(list(args.get(0)), (Boolean) args.get(1)));
        r.one("aten::sorted.Tensor", args -> {
            List<Object> copy = new ArrayList<>(list(args.get(0)));
            sort(copy, false);
            return copy;
        });
        r.one("aten::dict", args -> new LinkedHashMap<>());
    }

    /**
     * A tensor as the reference writes it inside this message: its {@code print} text with the
     * Python type name ({@code [ torch.LongTensor{} ]} for {@code [ CPULongType{} ]}).
     */
    static String pythonText(TensorRef tensor) {
        return TensorText.of(tensor).replaceFirst("\\[ CPU(\\w+)Type\\{", "[ torch.$1Tensor{");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static boolean listEquals(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code bool(a == b)} for two tensors. */
    private static boolean same(Object a, Object b) {
        return truth("aten::eq.Tensor", a, b);
    }

    /** {@code bool(a < b)} for two tensors. */
    private static boolean less(Object a, Object b) {
        return a != b && truth("aten::lt.Tensor", a, b);
    }

    private static boolean truth(String comparison, Object a, Object b) {
        if (a == null || b == null) {
            throw error("Expected a value of type 'Tensor' but found None");
        }
        TensorRef result = Dispatch.tensor(comparison, a, b);
        try {
            return Dispatch.bool("aten::is_nonzero", result);
        } finally {
            result.release();
        }
    }

    private static void sort(List<Object> list, boolean reverse) {
        Comparator<Object> ascending = (a, b) -> less(a, b) ? -1 : less(b, a) ? 1 : 0;
        try {
            list.sort(reverse ? ascending.reversed() : ascending);
        } catch (IllegalArgumentException e) {
            // TimSort's "comparison method violates its general contract": NaNs compare unordered
            throw new TorchScriptException("RuntimeError", "cannot sort tensors that do not compare consistently", e);
        }
    }
}
