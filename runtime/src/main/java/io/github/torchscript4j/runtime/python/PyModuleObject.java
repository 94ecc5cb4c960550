package io.github.torchscript4j.runtime.python;

import java.util.LinkedHashMap;

/** A module the interpreter ran from Python source (or one of its builtin modules): a name and a namespace. */
public final class PyModuleObject {
    private final String name;
    private final String path;
    private final LinkedHashMap<String, Object> dict = new LinkedHashMap<>();
    final boolean isPackage;

    PyModuleObject(String name, String path, boolean isPackage) {
        this.name = name;
        this.path = path;
        this.isPackage = isPackage;
        dict.put("__name__", name);
        dict.put("__file__", path);
    }

    /** The module's {@code __name__} ({@code torch.nn.modules.linear}). */
    public String name() {
        return name;
    }

    /** The path of its source, for tracebacks ({@code <builtin>} for builtin modules). */
    public String path() {
        return path;
    }

    /** The module namespace, in definition order (live). */
    public LinkedHashMap<String, Object> dict() {
        return dict;
    }

    @Override
    public String toString() {
        return "<module '" + name + "'>";
    }
}
