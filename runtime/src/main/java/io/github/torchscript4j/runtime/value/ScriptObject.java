package io.github.torchscript4j.runtime.value;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance of a user class or module: its qualified type name ({@code __torch__.Pair}) and its
 * attributes by name, in declaration order. Objects are shared by reference and compared by identity.
 */
public final class ScriptObject {
    private final String typeName;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    public ScriptObject(String typeName) {
        this.typeName = typeName;
    }

    public String typeName() {
        return typeName;
    }

    public Object get(String name) {
        if (!attributes.containsKey(name)) {
            throw new IllegalStateException(typeName + " has no attribute " + name);
        }
        return attributes.get(name);
    }

    public void set(String name, Object value) {
        attributes.put(name, value);
    }

    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "<" + typeName + " object>";
    }
}
