package io.github.torchscript4j.runtime.ops;

import io.github.torchscript4j.checker.eval.ScalarOp;
import io.github.torchscript4j.checker.eval.ScalarOps;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.TensorText;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tensors inside strings: {@code str(x)}, {@code "{}".format(x)}, {@code "%s" % x}, and the same
 * with tensors inside lists, tuples and dicts. The string operators are {@link ScalarOps}'; these
 * overloads hand them the arguments with each tensor replaced by its text as {@code print} shows
 * it ({@link TensorText}; {@code str(torch.tensor(3))} is {@code "3\n[ CPULongType{} ]"}, as in the
 * reference), so they must be looked up before {@link ScalarOps}. An overload {@link ScalarOps}
 * does not have is not here either.
 */
final class JitTensorText {
    private JitTensorText() {}

    /** The string operators whose arguments may hold tensors. */
    static final List<String> OPERATORS = List.of("aten::str", "aten::format", "aten::percentFormat");

    static void register(TensorJitOps.Registry r) {
        for (String name : OPERATORS) {
            ScalarOps.find(name).ifPresent(op -> r.add(name, args -> call(op, args)));
        }
    }

    private static List<Object> call(ScalarOp op, List<Object> args) {
        boolean tensors = false;
        for (Object arg : args) {
            tensors |= holdsTensor(arg);
        }
        if (!tensors) {
            return op.call(args);
        }
        List<Object> printable = new ArrayList<>(args.size());
        for (Object arg : args) {
            printable.add(printable(arg));
        }
        return op.call(printable);
    }

    private static boolean holdsTensor(Object value) {
        if (value instanceof TensorRef) {
            return true;
        } else if (value instanceof List<?> list) {
            return list.stream().anyMatch(JitTensorText::holdsTensor);
        } else if (value instanceof Tuple tuple) {
            return tuple.elements().stream().anyMatch(JitTensorText::holdsTensor);
        } else if (value instanceof Map<?, ?> map) {
            return map.keySet().stream().anyMatch(JitTensorText::holdsTensor)
                    || map.values().stream().anyMatch(JitTensorText::holdsTensor);
        }
        return false;
    }

    /** A copy of {@code value} with every tensor replaced by a {@link Tensor}. */
    private static Object printable(Object value) {
        if (value instanceof TensorRef tensor) {
            return new Tensor(TensorText.of(tensor));
        } else if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(printable(element)));
            return copy;
        } else if (value instanceof Tuple tuple) {
            List<Object> copy = new ArrayList<>(tuple.size());
            tuple.elements().forEach(element -> copy.add(printable(element)));
            return new Tuple(copy);
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(printable(k), printable(v)));
            return copy;
        }
        return value;
    }

    /**
     * A tensor's text standing in for the tensor: {@link ScalarOps}' formatting writes values it
     * does not know with {@code toString()} and names their type by the simple class name, which
     * is why this class is called {@code Tensor} ("%d requires a number for formatting, but got
     * Tensor").
     */
    static final class Tensor {
        private final String text;

        Tensor(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
