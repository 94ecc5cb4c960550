package io.github.torchscript4j.runtime.python;

import java.util.Optional;

/** A host that provides no modules and models no values: the interpreter on its own. */
class NoHost implements Host {
    @Override
    public Optional<PyAttributes> importModule(String name) {
        return Optional.empty();
    }

    @Override
    public boolean isForeign(Object value) {
        return false;
    }

    @Override
    public Optional<Object> attribute(Object value, String name) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public void setAttribute(Object value, String name, Object newValue) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public Optional<Object> binary(String op, Object left, Object right) {
        throw new AssertionError("not foreign: " + left + " " + op + " " + right);
    }

    @Override
    public Optional<Object> unary(String op, Object operand) {
        throw new AssertionError("not foreign: " + operand);
    }

    @Override
    public boolean truth(Object value) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public String str(Object value) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public String repr(Object value) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public String typeName(Object value) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public boolean isInstance(Object value, Object cls) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public long length(Object value) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public Iterable<Object> iterate(Object value) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public Object getItem(Object value, Object index) {
        throw new AssertionError("not foreign: " + value);
    }

    @Override
    public void setItem(Object value, Object index, Object newValue) {
        throw new AssertionError("not foreign: " + value);
    }
}
