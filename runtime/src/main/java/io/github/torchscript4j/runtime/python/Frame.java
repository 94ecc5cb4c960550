package io.github.torchscript4j.runtime.python;

import java.util.HashMap;
import java.util.Map;

/**
 * One activation: a module's top level, a class body, a function call or a comprehension. Names
 * resolve as in CPython: a function's locals (those {@link Scopes} found), then the frames it closes
 * over, then its module's globals, then builtins. A class body's names are not visible to the
 * functions defined in it.
 */
final class Frame {
    enum Kind { MODULE, CLASS, FUNCTION, COMPREHENSION }

    final Kind kind;
    final Map<String, Object> locals;
    final Frame parent;
    final PyModuleObject globals;
    final PyFunction function;
    final String name;
    /** Line of the statement being run, for tracebacks. */
    int line;
    /** The exception being handled, for a bare {@code raise}. */
    PyException handling;
    /** A generator function's yielded values (it runs eagerly), or null. */
    java.util.List<Object> yields;
    /** The value of the {@code return} that ended the body. */
    Object returned;

    Frame(Kind kind, Map<String, Object> locals, Frame parent, PyModuleObject globals, PyFunction function, String name) {
        this.kind = kind;
        this.locals = locals;
        this.parent = parent;
        this.globals = globals;
        this.function = function;
        this.name = name;
    }

    static Frame module(PyModuleObject m) {
        return new Frame(Kind.MODULE, m.dict(), null, m, null, "<module>");
    }

    static Frame call(PyFunction f) {
        return new Frame(Kind.FUNCTION, new HashMap<>(), f.closure, f.globals, f, f.name);
    }
}
