package io.github.torchscript4j.checker.builtins;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One argument or return of an operator schema: {@code Tensor(a!) out}, {@code int[2] stride=1},
 * {@code Scalar alpha=1}, {@code Tensor?[] indices}, or an unnamed return such as {@code Tensor}.
 *
 * <p>The alias annotation and the fixed list size belong to the argument, as in libtorch ({@code
 * c10::Argument}): in {@code int[1]? dim} the type is {@code OptionalType(ListType(INT))} and the
 * size 1 is here; in {@code Tensor(a!)[] out} the type is {@code ListType(TENSOR)} and the
 * element's {@code (a!)} is the alias's contained annotation (see {@link AliasInfo}).
 *
 * @param name the argument's name; empty for an unnamed return
 * @param type the type, without alias annotations and list size
 * @param defaultValueText the default exactly as the schema writes it ({@code 1}, {@code None},
 *     {@code [0, 0]}, {@code "mean"}, {@code 1.0000000000000001e-05}); interpreting it (an {@code
 *     int[2]} default {@code 1} means {@code [1, 1]}) is the caller's business
 * @param kwargOnly whether the argument comes after {@code *} and can only be passed by keyword
 * @param alias the alias annotation, if any
 * @param size the fixed length of a list argument ({@code int[2]}), if given; only for a type that
 *     is a list or an optional list
 */
public record SchemaArgument(
        String name,
        SchemaType type,
        Optional<String> defaultValueText,
        boolean kwargOnly,
        Optional<AliasInfo> alias,
        OptionalInt size) {

    public SchemaArgument {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(defaultValueText);
        Objects.requireNonNull(alias);
        Objects.requireNonNull(size);
        boolean list = unwrapOptional(type) instanceof SchemaType.ListType;
        if (size.isPresent() && !list) {
            throw new IllegalArgumentException("a fixed size needs a list type: " + type);
        }
        if (alias.isPresent() && !alias.get().containedTypes().isEmpty() && !list) {
            throw new IllegalArgumentException("contained alias annotations need a list type: " + type);
        }
        if (alias.isPresent() && alias.get().containedTypes().size() > 1) {
            throw new IllegalArgumentException("a list has one contained alias annotation: " + alias.get());
        }
    }

    /** A named argument with no default, alias or size, passed positionally or by keyword. */
    public static SchemaArgument of(String name, SchemaType type) {
        return new SchemaArgument(name, type, Optional.empty(), false, Optional.empty(), OptionalInt.empty());
    }

    /** Whether the type is {@code T?}. */
    public boolean isOptional() {
        return type instanceof SchemaType.OptionalType;
    }

    /** Whether the operator writes to this argument ({@code (a!)} on the argument itself). */
    public boolean isWrite() {
        return alias.isPresent() && alias.get().isWrite();
    }

    /** The argument as libtorch prints it. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        SchemaType unwrapped = unwrapOptional(type);
        if (unwrapped instanceof SchemaType.ListType) {
            out.append(((SchemaType.ListType) unwrapped).element());
            if (alias.isPresent() && !alias.get().containedTypes().isEmpty()) {
                out.append(alias.get().containedTypes().get(0));
            }
            out.append('[');
            if (size.isPresent()) {
                out.append(size.getAsInt());
            }
            out.append(']');
        } else {
            out.append(unwrapped);
        }
        if (alias.isPresent() && !alias.get().beforeSets().isEmpty()) {
            out.append(alias.get());
        }
        if (type instanceof SchemaType.OptionalType) {
            out.append('?');
        }
        if (!name.isEmpty()) {
            out.append(' ').append(name);
        }
        defaultValueText.ifPresent(text -> out.append('=').append(text));
        return out.toString();
    }

    private static SchemaType unwrapOptional(SchemaType type) {
        return type instanceof SchemaType.OptionalType ? ((SchemaType.OptionalType) type).element() : type;
    }
}
