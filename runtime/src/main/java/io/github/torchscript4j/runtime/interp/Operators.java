package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.builtins.AliasInfo;
import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.eval.ScalarOps;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.runtime.ops.DispatcherOps;
import io.github.torchscript4j.runtime.ops.OpImpl;
import io.github.torchscript4j.runtime.ops.TensorJitOps;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.List;
import java.util.Optional;

/**
 * The operator lookups the interpreter uses, and the ownership contract between them and it.
 *
 * <p>The interpreter takes every output of an {@link OpImpl} as its own (one owner of each tensor,
 * as {@link DispatcherOps} hands them out) and lends it the arguments. Implementations that never
 * create tensors but pass them around — list, dict and tuple operators written in plain Java,
 * which return an element of a container or store an argument in one — are wrapped by {@link
 * #borrowing(OperatorLookup)}, which retains the tensors they return and the tensors they store.
 */
public final class Operators {
    private Operators() {}

    /**
     * The operators of a TorchScript program: the tensor operators only libtorch's TorchScript
     * interpreter registers, in Java with 1.13.1's semantics ({@link TensorJitOps}: first, because
     * its {@code str} and {@code format} write tensors where {@link ScalarOps}' do not; it has no
     * dispatcher operator), the non-tensor operators written in Java ({@link ScalarOps}: ints,
     * floats, strings, lists, dicts), then libtorch's dispatcher ({@link DispatcherOps}) and, for
     * the rest, libtorch's JIT registry ({@link JitOperators}).
     */
    public static OperatorLookup standard() {
        return STANDARD;
    }

    private static final OperatorLookup STANDARD = ((OperatorLookup) TensorJitOps::find)
            .orElse(borrowing(schema -> ScalarOps.find(schema).map(op -> (OpImpl) op::call)))
            .orElse(DispatcherOps::find)
            .orElse(JitOperators::find);

    /**
     * {@code lookup}'s operators, made to follow the interpreter's ownership contract: a tensor
     * they return gains an owner (the interpreter's), and so does a tensor argument whose alias
     * annotation says the operator keeps it ({@code t(c -> *)}, {@code append}'s element).
     */
    public static OperatorLookup borrowing(OperatorLookup lookup) {
        return schema -> lookup.find(schema).map(op -> retaining(schema, op));
    }

    private static OpImpl retaining(FunctionSchema schema, OpImpl op) {
        boolean[] stores = new boolean[schema.arguments().size()];
        boolean any = false;
        for (int i = 0; i < stores.length; i++) {
            stores[i] = stores(schema.arguments().get(i));
            any |= stores[i];
        }
        boolean storesAny = any;
        return args -> {
            List<Object> results = op.call(args);
            if (storesAny) {
                for (int i = 0; i < stores.length && i < args.size(); i++) {
                    if (stores[i] && args.get(i) instanceof TensorRef t) {
                        t.retain();
                    }
                }
            }
            for (Object result : results) {
                if (result instanceof TensorRef t) {
                    t.retain();
                }
            }
            return results;
        };
    }

    /** Whether an argument enters the wildcard alias set: the operator stores it somewhere. */
    private static boolean stores(SchemaArgument argument) {
        Optional<AliasInfo> alias = argument.alias();
        return alias.isPresent() && alias.get().afterSets().contains(AliasInfo.WILDCARD)
                && !alias.get().beforeSets().contains(AliasInfo.WILDCARD);
    }
}
