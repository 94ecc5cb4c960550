package io.github.torchscript4j.runtime.python;

import java.util.List;
import java.util.Map;

/** Something Python code can call that the host supplies (a {@code torch} function, a tensor method). */
@FunctionalInterface
public interface PyCallable {
    /**
     * Calls it with positional {@code args} and keyword {@code kwargs} (in the caller's order).
     *
     * @throws PyException for anything Python would raise ({@code TypeError} for arguments that do not fit)
     */
    Object call(List<Object> args, Map<String, Object> kwargs);
}
