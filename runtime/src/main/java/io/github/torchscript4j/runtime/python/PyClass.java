package io.github.torchscript4j.runtime.python;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A Python class: one defined by interpreted code ({@code class Linear(Module): ...}), or one of the
 * interpreter's builtin classes ({@code object}, {@code int}, {@code ValueError}, ...), whose
 * instances are plain Java values recognised by a predicate. Its method resolution order is
 * computed by C3 linearisation as CPython does.
 */
public final class PyClass implements PyCallable {
    private final String name;
    private final String module;
    private final List<PyClass> bases;
    private final List<PyClass> mro;
    private final LinkedHashMap<String, Object> dict;
    final Predicate<Object> builtinInstances;
    PyCallable constructor;
    PythonInterpreter interpreter;

    PyClass(String name, String module, List<PyClass> bases, LinkedHashMap<String, Object> dict,
            Predicate<Object> builtinInstances) {
        this.name = name;
        this.module = module;
        this.bases = List.copyOf(bases);
        this.dict = dict;
        this.builtinInstances = builtinInstances;
        this.mro = Collections.unmodifiableList(linearize(this));
    }

    /** The class's {@code __name__}. */
    public String name() {
        return name;
    }

    /** The Python module where it was defined ({@code torch.nn.modules.linear}; {@code builtins}). */
    public String module() {
        return module;
    }

    /** {@code __qualname__}: {@code Outer.Inner} for a class defined in a class body, else the name. */
    public String qualname() {
        return dict.get("__qualname__") instanceof String q ? q : name;
    }

    /** The full name Python prints: {@code module.Qualname} (just the name for builtins). */
    public String qualifiedName() {
        return module.equals("builtins") ? name : module + "." + qualname();
    }

    /** The direct bases, in order. */
    public List<PyClass> bases() {
        return bases;
    }

    /** {@code __mro__}: this class first, {@code object} last. */
    public List<PyClass> mro() {
        return mro;
    }

    /** The class namespace ({@code __dict__}), in definition order; read-only view. */
    public Map<String, Object> dict() {
        return Collections.unmodifiableMap(dict);
    }

    LinkedHashMap<String, Object> mutableDict() {
        return dict;
    }

    /** Whether it is a builtin class (its instances are plain Java values). */
    boolean isBuiltin() {
        return builtinInstances != null;
    }

    /** The first class along the MRO whose namespace has {@code attr}, and the value; null when none. */
    Object lookup(String attr) {
        for (PyClass c : mro) {
            if (c.dict.containsKey(attr)) {
                return c.dict.get(attr);
            }
        }
        return MISSING;
    }

    /** The class along the MRO that defines {@code attr}, or null. */
    PyClass definer(String attr) {
        for (PyClass c : mro) {
            if (c.dict.containsKey(attr)) {
                return c;
            }
        }
        return null;
    }

    /** Whether this class is {@code other} or derives from it. */
    public boolean isSubclassOf(PyClass other) {
        return mro.contains(other);
    }

    /** Marks a missing attribute in lookups (null is Python's None). */
    static final Object MISSING = new Object();

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        return interpreter.call(this, args, kwargs);
    }

    @Override
    public String toString() {
        return "<class '" + qualifiedName() + "'>";
    }

    private static List<PyClass> linearize(PyClass c) {
        List<PyClass> result = new ArrayList<>();
        result.add(c);
        List<List<PyClass>> seqs = new ArrayList<>();
        for (PyClass b : c.bases) {
            seqs.add(new ArrayList<>(b.mro));
        }
        seqs.add(new ArrayList<>(c.bases));
        while (true) {
            seqs.removeIf(List::isEmpty);
            if (seqs.isEmpty()) {
                return result;
            }
            PyClass next = null;
            for (List<PyClass> s : seqs) {
                PyClass head = s.get(0);
                boolean inTail = false;
                for (List<PyClass> t : seqs) {
                    if (t.indexOf(head) > 0) {
                        inTail = true;
                        break;
                    }
                }
                if (!inTail) {
                    next = head;
                    break;
                }
            }
            if (next == null) {
                StringBuilder names = new StringBuilder();
                for (PyClass b : c.bases) {
                    names.append(names.length() == 0 ? "" : ", ").append(b.name);
                }
                throw new PyException("TypeError",
                        "Cannot create a consistent method resolution order (MRO) for bases " + names);
            }
            result.add(next);
            for (List<PyClass> s : seqs) {
                if (!s.isEmpty() && s.get(0) == next) {
                    s.remove(0);
                }
            }
        }
    }
}
