package io.github.torchscript4j.checker.eval;

import java.util.Objects;

/**
 * A member of a TorchScript enum ({@code class Color(Enum): RED = 1}): the enum's qualified name
 * ({@code __torch__.Color}), the member's name and its value (an int, a float or a str). Printed
 * as the reference prints it, {@code __torch__.Color.RED}.
 */
public record EnumMember(String enumName, String name, Object value) {
    public EnumMember {
        Objects.requireNonNull(enumName);
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
    }

    @Override
    public String toString() {
        return enumName + "." + name;
    }
}
