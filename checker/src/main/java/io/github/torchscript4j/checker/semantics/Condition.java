package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.types.RefinementSet;
import java.util.Optional;

/**
 * A checked {@code if}/{@code while}/ternary/{@code assert} condition: the {@code Optional}
 * refinements it implies, and its value when the reference decides it at compile time ({@code
 * torch.jit.is_scripting()}, {@code x is None} on a non-optional {@code x}), in which case only
 * the live branch is compiled. {@code undecidable} marks a condition the reference may decide
 * statically but the checker cannot ({@code isinstance} of something it cannot type): then neither
 * branch is checked, so that a dead branch is never reported.
 */
record Condition(RefinementSet refinements, Optional<Boolean> staticValue, boolean undecidable) {
    static final Condition DYNAMIC = new Condition(RefinementSet.EMPTY, Optional.empty(), false);
    static final Condition UNDECIDABLE = new Condition(RefinementSet.EMPTY, Optional.empty(), true);

    static Condition of(boolean value) {
        return new Condition(RefinementSet.EMPTY, Optional.of(value), false);
    }

    Condition not() {
        return new Condition(refinements.not(), staticValue.map(v -> !v), undecidable);
    }
}
