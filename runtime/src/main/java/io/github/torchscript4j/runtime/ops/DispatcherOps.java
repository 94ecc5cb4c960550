package io.github.torchscript4j.runtime.ops;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Dispatcher;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.OperatorHandle;
import org.bytedeco.pytorch.OperatorHandleOptional;
import org.bytedeco.pytorch.OperatorName;
import org.bytedeco.pytorch.global.torch;

/**
 * Operators of libtorch's c10 dispatcher as {@link OpImpl}s: a boxed call ({@code
 * OperatorHandle::callBoxed}) on a stack of {@code IValue}s, with the arguments converted for the
 * schema's types by {@link IValues} and the outputs converted back. No operator needs a hand-written
 * binding.
 *
 * <p>Operators that only TorchScript's interpreter defines — {@code aten::add.int}, {@code
 * aten::append.t}, {@code prim::} nodes, most operators on lists, dicts and strings — are not in the
 * dispatcher; {@link #find(FunctionSchema)} returns empty for them and the interpreter implements
 * them in Java.
 *
 * <p>A call never crashes the JVM: the argument count and each argument's Java type are checked
 * before anything reaches libtorch (a boxed kernel reads its arguments from the stack unchecked),
 * freed tensors are refused by {@link TensorRef#tensor()}, and libtorch's errors become {@link
 * TorchScriptException}s. Arguments are borrowed; every output is the caller's (an output that is an
 * argument tensor itself, as {@code add_} returns {@code self}, is that {@link TensorRef}, retained
 * once more). Every temporary native object of a call is freed when the call returns.
 *
 * <p>Thread-safe; the operator handle and the conversions are prepared once per schema.
 */
public final class DispatcherOps {
    private static final Map<String, Optional<OpImpl>> CACHE = new ConcurrentHashMap<>();

    private DispatcherOps() {}

    /**
     * The implementation of {@code schema} by libtorch's dispatcher; empty if the dispatcher does not
     * have the operator (or has a different schema under its name, or a variadic one).
     */
    public static Optional<OpImpl> find(FunctionSchema schema) {
        return CACHE.computeIfAbsent(schema.toString(), text -> resolve(schema, text));
    }

    private static Optional<OpImpl> resolve(FunctionSchema schema, String text) {
        if (schema.isVararg() || schema.isVarret()) {
            return Optional.empty();
        }
        Libtorch.ensureLoaded();
        OperatorHandle handle;
        try (PointerScope scope = new PointerScope()) {
            OperatorHandleOptional found = Dispatcher.singleton()
                    .findSchema(new OperatorName(schema.name(), schema.overloadName()));
            if (!found.has_value()) {
                return Optional.empty();
            }
            handle = new OperatorHandle(found.get());
            String registered = torch.toString(handle.schema()).getString(StandardCharsets.UTF_8);
            if (!registered.equals(text)) {
                return Optional.empty();
            }
            handle.retainReference(); // kept with the OpImpl for the life of the process
        }
        return Optional.of(new BoxedOp(schema, handle));
    }

    /** One dispatcher operator with its conversions prepared. */
    private static final class BoxedOp implements OpImpl {
        private final FunctionSchema schema;
        private final OperatorHandle handle;
        private final IValues.ToNative[] arguments;
        private final boolean[] aliasedReturns;

        BoxedOp(FunctionSchema schema, OperatorHandle handle) {
            this.schema = schema;
            this.handle = handle;
            List<SchemaArgument> declared = schema.arguments();
            arguments = new IValues.ToNative[declared.size()];
            for (int i = 0; i < arguments.length; i++) {
                SchemaArgument argument = declared.get(i);
                arguments[i] = IValues.converter(argument.type(), argument.name(), argument.size());
            }
            aliasedReturns = new boolean[schema.returns().size()];
            for (int i = 0; i < aliasedReturns.length; i++) {
                SchemaArgument returned = schema.returns().get(i);
                aliasedReturns[i] = returned.alias().isPresent() && returned.type() == SchemaType.Primitive.TENSOR;
            }
        }

        @Override
        public List<Object> call(List<Object> args) {
            if (args.size() != arguments.length) {
                throw new TorchScriptException("RuntimeError", schema.nameWithOverload() + "() expected "
                        + arguments.length + " argument(s) but got " + args.size());
            }
            try (PointerScope scope = new PointerScope()) {
                IValueVector stack = new IValueVector();
                for (int i = 0; i < arguments.length; i++) {
                    stack.push_back(arguments[i].apply(args.get(i)));
                }
                try {
                    handle.callBoxed(stack);
                } catch (TorchScriptException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw TorchScriptException.fromNative(e);
                }
                long produced = stack.size();
                if (produced != aliasedReturns.length) {
                    throw new TorchScriptException("RuntimeError", schema.nameWithOverload() + " returned "
                            + produced + " value(s), its schema declares " + aliasedReturns.length);
                }
                List<Object> outputs = new ArrayList<>(aliasedReturns.length);
                for (int i = 0; i < aliasedReturns.length; i++) {
                    IValue output = stack.get(i);
                    Object argument = aliasedReturns[i] ? sameTensor(output, args) : null;
                    outputs.add(argument != null ? argument : IValues.fromIValue(output));
                }
                return outputs;
            }
        }

        /** The argument that is the tensor {@code output} (retained for the caller), or null. */
        private static TensorRef sameTensor(IValue output, List<Object> args) {
            if (!output.isTensor()) {
                return null;
            }
            long impl = output.unsafeToTensorImpl().address();
            for (Object argument : args) {
                if (argument instanceof TensorRef ref && ref.tensor().unsafeGetTensorImpl().address() == impl) {
                    return ref.retain();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "dispatcher " + schema;
        }
    }
}
