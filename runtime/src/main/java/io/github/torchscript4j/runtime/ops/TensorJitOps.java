package io.github.torchscript4j.runtime.ops;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The TorchScript operators on tensors that libtorch registers only as JIT operators, outside its
 * c10 dispatcher — {@code aten::tensor.int}, {@code aten::Bool.Tensor}, {@code aten::size}, {@code
 * prim::dtype}, {@code prim::tolist}, {@code aten::eq.Tensor_list}, ... — written in Java on top of
 * the dispatcher's operators ({@link Dispatch}) and the tensor's own accessors. Keyed by {@code
 * name.overload} as in {@link OperatorTable}.
 *
 * <p>Semantics and messages are PyTorch 1.13.1's interpreter's, as recorded by {@code
 * scripts/record-tensor-jit-ops}. Errors are {@link TorchScriptException}s ({@code RuntimeError},
 * as the reference reports every operator error).
 *
 * <p>Every implementation follows {@link OpImpl}'s ownership contract by itself (no {@code
 * Operators.borrowing} wrapper is needed): it borrows its arguments, and a tensor it returns is
 * either new or an argument retained once for the caller.
 *
 * <p>The families: {@link JitTensorCreation} (tensors from numbers and lists), {@link
 * JitTensorScalars} (tensors to numbers and lists), {@link JitTensorInfo} (sizes, dtype, device,
 * flags, conversions), {@link JitTensorLists} ({@code Tensor[]}), {@link JitTensorDicts} ({@code Dict(Tensor, t)}), {@link
 * JitTensorAliases} (JIT spellings of dispatcher operators) and {@link JitTensorText} (tensors in
 * strings).
 *
 * <p>None of these is a dispatcher operator. The string operators of {@link JitTensorText} are also
 * {@code checker.eval.ScalarOps}' (which write a tensor as {@code Tensor}): this lookup must come
 * before those.
 *
 * <p>Immutable and stateless: safe from any thread.
 */
public final class TensorJitOps {
    private static final Map<String, OpImpl> OPS = build();

    private TensorJitOps() {}

    /** The implementation of {@code schema}'s overload, if it is one of these operators. */
    public static Optional<OpImpl> find(FunctionSchema schema) {
        return find(schema.nameWithOverload());
    }

    /** The implementation of {@code aten::tensor.int} ({@code aten::tensor} for the unnamed overload), if here. */
    public static Optional<OpImpl> find(String nameWithOverload) {
        return Optional.ofNullable(OPS.get(nameWithOverload));
    }

    /** Every overload implemented here, sorted. */
    public static Set<String> names() {
        return OPS.keySet();
    }

    private static Map<String, OpImpl> build() {
        Registry r = new Registry();
        JitTensorCreation.register(r);
        JitTensorScalars.register(r);
        JitTensorInfo.register(r);
        JitTensorLists.register(r);
        JitTensorDicts.register(r);
        JitTensorAliases.register(r);
        JitTensorText.register(r);
        JitTensorEinsum.register(r);
        Set<String> known = OperatorTable.builtin().schemas().stream()
                .map(FunctionSchema::nameWithOverload).collect(Collectors.toSet());
        for (String name : r.ops.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalStateException("not in the operator table: " + name);
            }
        }
        return Collections.unmodifiableMap(r.ops);
    }

    /** Where the families register their operators. */
    static final class Registry {
        final Map<String, OpImpl> ops = new TreeMap<>();

        void add(String name, OpImpl op) {
            if (ops.putIfAbsent(name, new Named(name, op)) != null) {
                throw new IllegalStateException("registered twice: " + name);
            }
        }

        /** An operator with one output. */
        void one(String name, Function<List<Object>, Object> op) {
            add(name, args -> out(op.apply(args)));
        }

        /** An operator with no output. */
        void none(String name, java.util.function.Consumer<List<Object>> op) {
            add(name, args -> {
                op.accept(args);
                return List.of();
            });
        }
    }

    /** An operator that names itself in messages and turns libtorch's exceptions into TorchScript's. */
    private record Named(String name, OpImpl op) implements OpImpl {
        @Override
        public List<Object> call(List<Object> args) {
            try {
                return op.call(args);
            } catch (TorchScriptException e) {
                throw e;
            } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
                throw new TorchScriptException("RuntimeError", name + "() got arguments of the wrong types: "
                        + args.stream().map(IValues::typeName).collect(Collectors.joining(", ")), e);
            } catch (RuntimeException e) {
                throw TorchScriptException.fromNative(e);
            }
        }

        @Override
        public String toString() {
            return "jit operator " + name;
        }
    }

    // ---------------------------------------------------------------- helpers of the families

    /** One output, which may be None. */
    static List<Object> out(Object value) {
        List<Object> list = new ArrayList<>(1);
        list.add(value);
        return list;
    }

    static TensorRef ref(Object value) {
        return (TensorRef) value;
    }

    static org.bytedeco.pytorch.Tensor tensor(Object value) {
        return ((TensorRef) value).tensor();
    }

    static long dtype(Object value) {
        return tensor(value).scalar_type().value;
    }

    static TorchScriptException error(String message) {
        return new TorchScriptException("RuntimeError", message);
    }
}
