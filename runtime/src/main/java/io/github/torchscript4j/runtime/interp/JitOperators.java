package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.ops.IValues;
import io.github.torchscript4j.runtime.ops.OpImpl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.Operation;
import org.bytedeco.pytorch.Operator;
import org.bytedeco.pytorch.OperatorName;
import org.bytedeco.pytorch.global.torch;

/**
 * Operators that libtorch's TorchScript interpreter registers outside the c10 dispatcher ({@code
 * torch::jit::RegisterOperators}: {@code aten::tensor}, {@code aten::size}, {@code aten::Bool.Tensor},
 * {@code prim::dtype}, {@code aten::IntImplicit}, ...), run through libtorch's own implementation:
 * the operator found in the JIT registry by name and overload ({@code torch::jit::findOperatorFor}),
 * its schema compared with ours, its {@code Operation} applied to a stack of {@code IValue}s
 * converted by {@link IValues}. Vararg operators are left out (their operation needs the node's
 * input count).
 *
 * <p>A list or dict argument the schema marks as written ({@code t[](a!)}) is converted to a native
 * copy; after the call the Java list or dict is made to hold what the operator left in it.
 *
 * <p>Follows {@code OpImpl}'s contract: arguments borrowed, every output tensor a new {@code
 * TensorRef} owned by the caller, libtorch's errors as {@link TorchScriptException}s.
 */
public final class JitOperators {
    private static final Map<String, Optional<OpImpl>> CACHE = new ConcurrentHashMap<>();

    private JitOperators() {}

    /** The JIT registry's implementation of {@code schema}; empty if it has none with that exact schema. */
    public static Optional<OpImpl> find(FunctionSchema schema) {
        return CACHE.computeIfAbsent(schema.toString(), text -> resolve(schema, text));
    }

    private static Optional<OpImpl> resolve(FunctionSchema schema, String text) {
        if (schema.isVararg() || schema.isVarret()) {
            return Optional.empty();
        }
        Libtorch.ensureLoaded();
        Operation operation;
        try (PointerScope scope = new PointerScope()) {
            Operator op = torch.findOperatorFor(new OperatorName(schema.name(), schema.overloadName()));
            if (op == null || op.isNull() || !op.hasOperation()) {
                return Optional.empty();
            }
            String registered = torch.toString(op.schema()).getString(StandardCharsets.UTF_8);
            if (!registered.equals(text)) {
                return Optional.empty();
            }
            operation = op.getOperation();
            operation.retainReference(); // kept with the OpImpl for the life of the process
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new JitOp(schema, operation));
    }

    /** One operation of the JIT registry. */
    private record JitOp(FunctionSchema schema, Operation operation) implements OpImpl {
        @Override
        public List<Object> call(List<Object> args) {
            List<SchemaArgument> declared = schema.arguments();
            if (args.size() != declared.size()) {
                throw new IllegalArgumentException(schema.nameWithOverload() + " takes " + declared.size()
                        + " argument(s), got " + args.size());
            }
            try (PointerScope scope = new PointerScope()) {
                IValueVector stack = new IValueVector();
                IValue[] written = new IValue[declared.size()];
                for (int i = 0; i < declared.size(); i++) {
                    IValue value = IValues.toIValue(args.get(i), declared.get(i).type());
                    if (declared.get(i).isWrite() && (args.get(i) instanceof List || args.get(i) instanceof Map)) {
                        written[i] = value; // the same native list or dict as the one on the stack
                    }
                    stack.push_back(value);
                }
                try {
                    operation.apply(stack);
                } catch (RuntimeException e) {
                    throw TorchScriptException.fromNative(e);
                }
                int returns = schema.returns().size();
                if (stack.size() != returns) {
                    throw new IllegalStateException(schema.nameWithOverload() + " left " + stack.size()
                            + " value(s), its schema declares " + returns);
                }
                List<Object> outputs = new ArrayList<>(returns);
                for (int i = 0; i < returns; i++) {
                    outputs.add(IValues.fromIValue(stack.get(i)));
                }
                for (int i = 0; i < written.length; i++) {
                    if (written[i] != null) {
                        copyBack(IValues.fromIValue(written[i]), args.get(i));
                    }
                }
                return outputs;
            }
        }

        /**
         * Makes the Java list or dict an operator was given hold what the operator left in the
         * native copy it worked on ({@code remove}, {@code clear}, ... on a list of tensors).
         */
        @SuppressWarnings("unchecked")
        private static void copyBack(Object updated, Object original) {
            if (original instanceof List<?> list && updated instanceof List<?> now) {
                ((List<Object>) list).clear();
                ((List<Object>) list).addAll(now);
            } else if (original instanceof Map<?, ?> map && updated instanceof Map<?, ?> now) {
                ((Map<Object, Object>) map).clear();
                ((Map<Object, Object>) map).putAll(now);
            }
        }

        @Override
        public String toString() {
            return "JIT operator " + schema;
        }
    }
}
