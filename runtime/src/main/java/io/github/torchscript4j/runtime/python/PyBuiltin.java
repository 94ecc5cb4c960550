package io.github.torchscript4j.runtime.python;

import java.util.List;
import java.util.Map;

/**
 * A function of the interpreter itself ({@code len}, {@code math.sqrt}, {@code list.append}). When
 * {@code method} is true and it sits in a builtin class's namespace ({@code object.__setattr__}),
 * attribute lookup on an instance binds it to the instance, as CPython's method descriptors do.
 */
public record PyBuiltin(String name, boolean method, PyCallable body) implements PyCallable {
    static PyBuiltin function(String name, PyCallable body) {
        return new PyBuiltin(name, false, body);
    }

    static PyBuiltin method(String name, PyCallable body) {
        return new PyBuiltin(name, true, body);
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        return body.call(args, kwargs);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "<built-in function " + name + ">";
    }
}
