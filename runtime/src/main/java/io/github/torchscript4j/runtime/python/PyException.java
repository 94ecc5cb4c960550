package io.github.torchscript4j.runtime.python;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python exception: raised by interpreted code ({@code raise ValueError("...")}), by the
 * interpreter's builtins, or by the host (a libtorch error is a {@code RuntimeError}). It carries
 * the Python type name, the message, the value raised when Python code raised an instance of its
 * own exception class, and the traceback of source locations that the interpreter appends as the
 * exception leaves each frame ({@code file:line: in function}), innermost first.
 */
public final class PyException extends RuntimeException {
    private final String type;
    private final Object value;
    private final List<String> traceback = new ArrayList<>();

    /** An exception of the builtin type {@code type} ({@code TypeError}, {@code RuntimeError}, ...). */
    public PyException(String type, String message) {
        this(type, message, null);
    }

    /** An exception of type {@code type} whose Python value is {@code value} (null: not yet made). */
    public PyException(String type, String message, Object value) {
        super(message, null, false, false);
        this.type = type;
        this.value = value;
    }

    /** The Python type's name: {@code TypeError}, or a user class's name. */
    public String type() {
        return type;
    }

    /** The Python exception object raised, or null when the interpreter has not made one. */
    public Object value() {
        return value;
    }

    /** Adds a frame's location ({@code model.py:12: in __init__}) as the exception leaves it. */
    public PyException at(String location) {
        traceback.add(location);
        return this;
    }

    /** Source locations from the raising frame outwards. */
    public List<String> traceback() {
        return List.copyOf(traceback);
    }

    /** {@code TypeError: message}, then the traceback's lines, innermost first. */
    public String describe() {
        StringBuilder b = new StringBuilder(type).append(": ").append(getMessage());
        for (String t : traceback) {
            b.append("\n  at ").append(t);
        }
        return b.toString();
    }
}
