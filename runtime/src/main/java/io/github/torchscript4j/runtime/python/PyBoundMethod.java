package io.github.torchscript4j.runtime.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A function bound to an instance ({@code self.forward}) or, for a classmethod, to a class. */
public record PyBoundMethod(Object self, Object function, PythonInterpreter interpreter) implements PyCallable {
    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        List<Object> all = new ArrayList<>(args.size() + 1);
        all.add(self);
        all.addAll(args);
        return interpreter.call(function, all, kwargs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyBoundMethod b && b.self == self && b.function == function;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(self) * 31 + System.identityHashCode(function);
    }

    @Override
    public String toString() {
        return "<bound method>";
    }
}
