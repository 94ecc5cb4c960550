package io.github.torchscript4j.checker.builtins;

import java.util.List;

/**
 * An alias annotation of a schema argument or return, as libtorch models it ({@code
 * c10::AliasInfo}): {@code (a)} may alias set {@code a}; {@code (a!)} may alias it and writes to
 * it; {@code (a -> *)} is in set {@code a} before the call and may be in any set after it; {@code
 * (b|a)} is in either set; {@code (*)} is the wildcard set.
 *
 * <p>{@code containedTypes} annotate what a container holds. Only lists use it: in {@code
 * Tensor(a!)[]} the list itself is unannotated (empty {@code beforeSets}) and its one contained
 * annotation is {@code (a!)}; in {@code t[](a!)} it is the other way round. Sets keep the order in
 * which libtorch prints them, so that {@link #toString()} reproduces the schema text.
 *
 * @param beforeSets the alias sets before the call; empty for an annotation that only holds
 *     contained annotations
 * @param afterSets the alias sets after the call; equal to {@code beforeSets} unless written with
 *     {@code ->}
 * @param isWrite whether the operator writes to the value ({@code !})
 * @param containedTypes the annotations of contained values (at most one, for a list's elements)
 */
public record AliasInfo(List<String> beforeSets, List<String> afterSets, boolean isWrite, List<AliasInfo> containedTypes) {
    /** The wildcard set, {@code *}. */
    public static final String WILDCARD = "*";

    public AliasInfo {
        beforeSets = List.copyOf(beforeSets);
        afterSets = List.copyOf(afterSets);
        containedTypes = List.copyOf(containedTypes);
    }

    /** {@code (sets)} or {@code (sets!)}, the same sets before and after the call. */
    public static AliasInfo of(List<String> sets, boolean isWrite) {
        return new AliasInfo(sets, sets, isWrite, List.of());
    }

    /** An annotation that holds only {@code contained}, for a list's elements. */
    public static AliasInfo containing(AliasInfo contained) {
        return new AliasInfo(List.of(), List.of(), false, List.of(contained));
    }

    /** The annotation's own text, {@code (a!)}, {@code (a -> *)}; contained annotations are not part of it. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("(");
        out.append(String.join("|", beforeSets));
        if (isWrite) {
            out.append('!');
        }
        if (!afterSets.equals(beforeSets)) {
            out.append(" -> ").append(String.join("|", afterSets));
        }
        return out.append(')').toString();
    }
}
