package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.types.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything compiled from one file: its functions and its classes (user classes and modules),
 * by qualified name, in the order they were compiled.
 *
 * <p>Calls between them are {@code prim::CallFunction} nodes whose input 0 is the callee, a
 * {@code prim::Constant[name="foo"]} of {@code Type.FunctionType} (its qualified name names the
 * function here), as the reference writes them, and {@code prim::CallMethod} nodes whose {@code
 * name} attribute is the method's name, looked up in the receiver's class.
 */
public final class CompilationUnit {
    /**
     * A class: its qualified name, its attributes (fields of a user class, parameters, buffers,
     * submodules and other attributes of a module) in declaration order with their types, its
     * constants ({@code __constants__}, {@code Final}) and its methods by name.
     */
    public static final class ClassInfo {
        private final String qualifiedName;
        private final boolean module;
        private final Map<String, Type> attributes = new LinkedHashMap<>();
        private final Map<String, Object> constants = new LinkedHashMap<>();
        private final Map<String, Function> methods = new LinkedHashMap<>();

        public ClassInfo(String qualifiedName, boolean module) {
            this.qualifiedName = qualifiedName;
            this.module = module;
        }

        public String qualifiedName() {
            return qualifiedName;
        }

        /** Whether this is an {@code nn.Module} rather than a plain class. */
        public boolean isModule() {
            return module;
        }

        public Map<String, Type> attributes() {
            return attributes;
        }

        public Map<String, Object> constants() {
            return constants;
        }

        public Map<String, Function> methods() {
            return methods;
        }

        public Optional<Function> method(String name) {
            return Optional.ofNullable(methods.get(name));
        }
    }

    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, ClassInfo> classes = new LinkedHashMap<>();

    public void addFunction(Function f) {
        functions.put(f.qualifiedName(), f);
    }

    public ClassInfo addClass(ClassInfo c) {
        classes.put(c.qualifiedName(), c);
        return c;
    }

    public Optional<Function> function(String qualifiedName) {
        return Optional.ofNullable(functions.get(qualifiedName));
    }

    public Optional<ClassInfo> classInfo(String qualifiedName) {
        return Optional.ofNullable(classes.get(qualifiedName));
    }

    /** Module-level functions, in compilation order. */
    public Map<String, Function> functions() {
        return Collections.unmodifiableMap(functions);
    }

    public Map<String, ClassInfo> classes() {
        return Collections.unmodifiableMap(classes);
    }

    /** Every function and method. */
    public List<Function> allFunctions() {
        List<Function> all = new java.util.ArrayList<>(functions.values());
        for (ClassInfo c : classes.values()) {
            all.addAll(c.methods().values());
        }
        return all;
    }
}
