package io.github.torchscript4j.checker.types;

import java.util.Objects;

/**
 * "Local variable {@code identifier} has type {@code type}", known to hold where a condition
 * was true or false: {@code x is not None} refines {@code x: Optional[int]} to {@code int}. Only
 * plain local names are refined, never attributes ({@code self.x}).
 *
 * <p>Note that {@link RefinementSet} compares the {@code type} of two refinements by identity in
 * one place; see there.
 */
public record Refinement(String identifier, Type type) {
    public Refinement {
        Objects.requireNonNull(identifier);
        Objects.requireNonNull(type);
    }
}
