package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.runtime.ops.OpImpl;
import java.util.Optional;

/**
 * Where the interpreter finds the implementation of an operator node: by the schema the checker
 * matched the call to. The interpreter asks once per node and keeps the answer.
 */
@FunctionalInterface
public interface OperatorLookup {
    /** The implementation of {@code schema}, or empty when there is none. */
    Optional<OpImpl> find(FunctionSchema schema);

    /** Asks {@code this} first, then {@code next}. */
    default OperatorLookup orElse(OperatorLookup next) {
        return schema -> {
            Optional<OpImpl> found = find(schema);
            return found.isPresent() ? found : next.find(schema);
        };
    }
}
