package io.github.torchscript4j.runtime.ops;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.nio.charset.StandardCharsets;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>A call allocates as little as it can, since for small tensors the allocations cost more than
 * the kernel: the stack is one per thread, reused; a tensor argument is pushed as its TensorRef's
 * own {@code IValue} ({@link TensorRef#ivalue()}), None as a shared one, a call site's constant
 * arguments as IValues converted once ({@link OpImpl#withConstants}); a tensor output is moved off
 * the stack into its TensorRef ({@link TensorRef#takenFrom}). Only other arguments are converted per
 * call, and freed right after they are pushed.
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
        /** Per argument: whether a tensor is passed as its TensorRef's own IValue, unconverted. */
        private final boolean[] tensorAsIs;
        /** Per argument: whether None is passed as the shared None IValue. */
        private final boolean[] noneAsIs;
        /** Per argument: whether the operator may write to it or keep it (then it is never cached). */
        private final boolean[] aliased;
        private final boolean[] aliasedReturns;
        /** Per output: whether the schema says it is a tensor (so libtorch's kernel pushed one). */
        private final boolean[] tensorReturns;
        /**
         * Whether every output is a tensor that is not an argument, so that taking the outputs off
         * the stack leaves only Nones there (a None output, an undefined tensor, is one already).
         */
        private final boolean movesEveryOutput;

        BoxedOp(FunctionSchema schema, OperatorHandle handle) {
            this.schema = schema;
            this.handle = handle;
            List<SchemaArgument> declared = schema.arguments();
            arguments = new IValues.ToNative[declared.size()];
            tensorAsIs = new boolean[declared.size()];
            noneAsIs = new boolean[declared.size()];
            aliased = new boolean[declared.size()];
            for (int i = 0; i < arguments.length; i++) {
                SchemaArgument argument = declared.get(i);
                SchemaType type = argument.type();
                arguments[i] = IValues.converter(type, argument.name(), argument.size());
                boolean open = type instanceof SchemaType.TypeVariable || type == SchemaType.Primitive.ANY;
                tensorAsIs[i] = open || type == SchemaType.Primitive.TENSOR
                        || type instanceof SchemaType.OptionalType o && o.element() == SchemaType.Primitive.TENSOR;
                noneAsIs[i] = open || type == SchemaType.Primitive.NONE_TYPE || type instanceof SchemaType.OptionalType;
                aliased[i] = argument.alias().isPresent();
            }
            aliasedReturns = new boolean[schema.returns().size()];
            tensorReturns = new boolean[aliasedReturns.length];
            for (int i = 0; i < aliasedReturns.length; i++) {
                SchemaArgument returned = schema.returns().get(i);
                tensorReturns[i] = returned.type() == SchemaType.Primitive.TENSOR;
                aliasedReturns[i] = returned.alias().isPresent() && returned.type() == SchemaType.Primitive.TENSOR;
            }
            boolean moves = true;
            for (int i = 0; i < aliasedReturns.length; i++) {
                moves &= tensorReturns[i] && !aliasedReturns[i];
            }
            movesEveryOutput = moves;
        }

        @Override
        public List<Object> call(List<Object> args) {
            return call(args, null);
        }

        /**
         * A call site's own implementation: the arguments at the positions {@code constant} marks
         * are always {@code values}' (the site's constants), converted here once. Positions whose
         * value does not convert, or whose argument the operator may write to or keep, are left to
         * each call.
         */
        @Override
        public OpImpl withConstants(boolean[] constant, Object[] values) {
            if (constant.length != arguments.length) {
                return this;
            }
            IValue[] fixed = new IValue[arguments.length];
            boolean any = false;
            for (int i = 0; i < arguments.length; i++) {
                if (!constant[i] || aliased[i] || values[i] instanceof TensorRef) {
                    continue;
                }
                if (values[i] == null && noneAsIs[i]) {
                    continue; // the shared None already
                }
                try {
                    IValue converted = arguments[i].apply(values[i]);
                    converted.retainReference();
                    fixed[i] = converted;
                    any = true;
                } catch (RuntimeException e) {
                    // Left to each call, which reports the same error where it happens.
                }
            }
            if (!any) {
                return this;
            }
            OpImpl site = new OpImpl() {
                @Override
                public List<Object> call(List<Object> args) {
                    return BoxedOp.this.call(args, fixed);
                }

                @Override
                public String toString() {
                    return BoxedOp.this.toString();
                }
            };
            CONSTANTS_CLEANER.register(site, () -> {
                for (IValue value : fixed) {
                    if (value != null) {
                        value.releaseReference();
                    }
                }
            });
            return site;
        }

        /** A call, with the IValues of the site's constant arguments ({@code fixed}, may be null). */
        private List<Object> call(List<Object> args, IValue[] fixed) {
            if (args.size() != arguments.length) {
                throw new TorchScriptException("RuntimeError", schema.nameWithOverload() + "() expected "
                        + arguments.length + " argument(s) but got " + args.size());
            }
            Stacks stacks = STACKS.get();
            IValueVector stack = stacks.take();
            boolean onlyNones = false;
            try {
                stack.resize(arguments.length);
                for (int i = 0; i < arguments.length; i++) {
                    Object argument = args.get(i);
                    IValue fixedValue = fixed == null ? null : fixed[i];
                    if (fixedValue != null) {
                        stack.put(i, fixedValue);
                    } else if (argument instanceof TensorRef ref && tensorAsIs[i]) {
                        stack.put(i, ref.ivalue());
                    } else if (argument == null && noneAsIs[i]) {
                        // a None there already: the stack holds only Nones between calls
                    } else {
                        try (IValue converted = arguments[i].apply(argument)) {
                            stack.put(i, converted);
                        }
                    }
                }
                try {
                    handle.callBoxed(stack);
                } catch (TorchScriptException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw TorchScriptException.fromNative(e);
                }
                boolean fromMemory = StackMemory.AVAILABLE;
                long produced = fromMemory ? StackMemory.size(stack) : stack.size();
                if (produced != aliasedReturns.length) {
                    throw new TorchScriptException("RuntimeError", schema.nameWithOverload() + " returned "
                            + produced + " value(s), its schema declares " + aliasedReturns.length);
                }
                List<Object> outputs;
                if (aliasedReturns.length == 1) {
                    outputs = Collections.singletonList(fromMemory ? output(stacks, stack, 0, args)
                            : output(stack.get(0), 0, args));
                } else {
                    outputs = new ArrayList<>(aliasedReturns.length);
                    for (int i = 0; i < aliasedReturns.length; i++) {
                        outputs.add(fromMemory ? output(stacks, stack, i, args) : output(stack.get(i), i, args));
                    }
                }
                onlyNones = movesEveryOutput;
                return outputs;
            } finally {
                stacks.give(stack, onlyNones);
            }
        }

        /**
         * The runtime value of output {@code i} on the stack: a tensor is taken off the stack into a
         * new TensorRef (or, for an output that is an argument tensor, that TensorRef retained).
         * Looks at the stack in memory ({@link StackMemory}).
         */
        private Object output(Stacks stacks, IValueVector stack, int i, List<Object> args) {
            long slot = StackMemory.slot(stack, i);
            if (StackMemory.tag(slot) != StackMemory.TENSOR_TAG) {
                return IValues.fromIValue(stacks.view.at(slot));
            }
            long impl = StackMemory.tensorImpl(slot);
            if (aliasedReturns[i]) {
                for (Object argument : args) {
                    if (argument instanceof TensorRef ref && ref.implAddress() == impl) {
                        return ref.retain();
                    }
                }
            }
            return TensorRef.isDefined(impl) ? TensorRef.movedFrom(stacks.view.at(slot)) : null;
        }

        /** {@link #output(Stacks, IValueVector, int, List)}, asking libtorch about the output. */
        private Object output(IValue output, int i, List<Object> args) {
            // Leaves a None on the stack where movesEveryOutput says so.
            if (!tensorReturns[i] && !output.isTensor()) {
                return IValues.fromIValue(output);
            }
            long impl = output.unsafeToTensorImpl().address();
            if (aliasedReturns[i]) {
                for (Object argument : args) {
                    if (argument instanceof TensorRef ref && ref.implAddress() == impl) {
                        return ref.retain();
                    }
                }
            }
            return TensorRef.isDefined(impl) ? TensorRef.movedFrom(output) : null;
        }

        @Override
        public String toString() {
            return "dispatcher " + schema;
        }
    }

    /** Frees the IValues of call sites' constants once the site's implementation is unreachable. */
    private static final Cleaner CONSTANTS_CLEANER = Cleaner.create();

    private static final ThreadLocal<Stacks> STACKS = ThreadLocal.withInitial(Stacks::new);

    /**
     * One thread's stack of IValues for boxed calls, made once and reused. Between calls it holds
     * only Nones (it is emptied after a call that may have left anything else there), so that it
     * keeps no tensor alive; a nested call while it is in use gets a stack of its own. Freed when
     * the thread's Stacks is unreachable.
     */
    private static final class Stacks {
        private final IValueVector stack;
        /** Designates the outputs on a stack in turn (see {@link StackMemory}). */
        final StackMemory.View view = new StackMemory.View();
        private boolean inUse;

        Stacks() {
            Libtorch.ensureLoaded();
            IValueVector made = new IValueVector();
            made.retainReference(); // not freed with any PointerScope the first call is in
            made.resize(16); // room for most calls' arguments, kept by the clear() after each
            made.clear();
            stack = made;
            CONSTANTS_CLEANER.register(this, made::releaseReference);
        }

        IValueVector take() {
            if (inUse) {
                IValueVector fresh = new IValueVector();
                fresh.retainReference();
                return fresh;
            }
            inUse = true;
            return stack;
        }

        /** Gives back a stack taken; {@code onlyNones}: the call left nothing but Nones on it. */
        void give(IValueVector used, boolean onlyNones) {
            if (!onlyNones) {
                used.clear();
            }
            if (used == stack) {
                inUse = false;
            } else {
                used.releaseReference();
            }
        }
    }
}
