package io.github.torchscript4j.runtime.ops;

import java.util.List;

/**
 * The implementation of one operator overload: takes the schema's arguments in order (every
 * default already filled in, as the IR's nodes carry them) as runtime values (see {@code
 * runtime.value}) and returns the schema's outputs in order.
 */
@FunctionalInterface
public interface OpImpl {
    List<Object> call(List<Object> args);
}
