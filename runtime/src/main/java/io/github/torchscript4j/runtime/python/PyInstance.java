package io.github.torchscript4j.runtime.python;

import java.util.LinkedHashMap;

/**
 * An instance of an interpreted class: its class and its {@code __dict__} (insertion-ordered, as
 * CPython keeps it). This is the read-only view a caller uses to inspect a built module:
 * {@code dict().get("_parameters")}, {@code pyClass().module()}.
 */
public final class PyInstance {
    private PyClass pyClass;
    private final LinkedHashMap<String, Object> dict = new LinkedHashMap<>();

    PyInstance(PyClass pyClass) {
        this.pyClass = pyClass;
    }

    /** The instance's class. */
    public PyClass pyClass() {
        return pyClass;
    }

    void setPyClass(PyClass c) {
        this.pyClass = c;
    }

    /** {@code __dict__}, in assignment order (live: the interpreter's own map; callers should not modify it). */
    public LinkedHashMap<String, Object> dict() {
        return dict;
    }

    @Override
    public String toString() {
        return "<" + pyClass.qualifiedName() + " object>";
    }
}
