package io.github.torchscript4j.runtime.packaging;

import io.github.torchscript4j.checker.semantics.ConcreteModuleType;
import io.github.torchscript4j.checker.semantics.ConcreteModules;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.runtime.python.PyBoundMethod;
import io.github.torchscript4j.runtime.python.PyClass;
import io.github.torchscript4j.runtime.python.PyException;
import io.github.torchscript4j.runtime.python.PyFunction;
import io.github.torchscript4j.runtime.python.PyInstance;
import io.github.torchscript4j.runtime.python.PyModuleObject;
import io.github.torchscript4j.runtime.python.PythonInterpreter;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Describes a module instance built by the Python interpreter as {@code torch.jit.script(instance)}
 * sees it: a {@link ConcreteModuleType} tree, in the reference's order — parameters ({@code
 * _parameters}), buffers ({@code _buffers}), submodules ({@code _modules}), constants ({@code
 * __constants__} and {@code Final} class annotations), then the other entries of the instance's
 * {@code __dict__} ({@code training} first), typed by their class annotation or inferred from
 * their values; values without a TorchScript type are failed attributes, an error only where
 * compiled code uses them. PyTorch's own bookkeeping entries are skipped as the reference skips them.
 */
final class ConcreteTypes {
    /** {@code __dict__} entries of {@code nn.Module} that are never attributes of the scripted module. */
    private static final Set<String> IGNORED = Set.of("_version", "_parameters", "_buffers",
            "_non_persistent_buffers_set", "_backward_hooks", "_forward_hooks", "_forward_pre_hooks",
            "_state_dict_hooks", "_load_state_dict_pre_hooks", "_load_state_dict_post_hooks", "_modules",
            "_initializing", "dump_patches", "_is_full_backward_hook", "_forward_hooks_with_kwargs");

    private final PythonInterpreter python;
    private final Map<String, ParseResult> sources;
    /** Warnings the reference prints while scripting (a container listed in {@code __constants__}). */
    private final List<String> warnings = new ArrayList<>();

    ConcreteTypes(PythonInterpreter python, Map<String, ParseResult> sources) {
        this.python = python;
        this.sources = sources;
    }

    List<String> warnings() {
        return warnings;
    }

    /** The concrete type of {@code module}, an instance of an {@code nn.Module} subclass. */
    ConcreteModuleType describe(PyInstance module) {
        PyClass cls = module.pyClass();
        String pythonModule = cls.module();
        ConcreteModuleType.Builder b = ConcreteModuleType.builder(pythonModule, cls.name());
        Map<String, Object> dict = module.dict();
        Set<String> added = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : entries(dict.get("_parameters"))) {
            b.parameter(e.getKey(), e.getValue());
            added.add(e.getKey());
        }
        for (Map.Entry<String, Object> e : entries(dict.get("_buffers"))) {
            b.buffer(e.getKey(), e.getValue());
            added.add(e.getKey());
        }
        for (Map.Entry<String, Object> e : entries(dict.get("_modules"))) {
            if (e.getValue() != null && !(e.getValue() instanceof PyInstance)) {
                throw new PackageException.Problem("submodule '" + e.getKey() + "' of " + cls.name()
                        + " is not a module instance: " + python.repr(e.getValue()));
            }
            b.module(e.getKey(), e.getValue() == null ? null : describe((PyInstance) e.getValue()));
            added.add(e.getKey());
        }
        Map<String, ConcreteModules.ClassAnnotation> annotations = annotations(cls);
        Set<String> constants = new LinkedHashSet<>(constantNames(module));
        annotations.forEach((name, a) -> {
            if (a.isFinal()) {
                constants.add(name);
            }
        });
        for (String name : constants) {
            if (added.contains(name)) {
                if (entries(dict.get("_modules")).stream().anyMatch(e -> e.getKey().equals(name))) {
                    warnings.add("'" + name + "' was found in ScriptModule constants, but it is a non-constant submodule. "
                            + "Consider removing it.");
                }
                continue;
            }
            Object value;
            try {
                value = python.getAttr(module, name);
            } catch (PyException e) {
                continue; // the reference skips a constant the instance lacks
            }
            try {
                b.constant(name, value);
            } catch (IllegalArgumentException e) {
                throw new PackageException.Problem(cls.name() + "." + name + ": " + e.getMessage());
            }
            added.add(name);
        }
        for (Map.Entry<String, Object> e : dict.entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            if (IGNORED.contains(name) || name.startsWith("__") || added.contains(name)) {
                continue;
            }
            if (value instanceof PyFunction || value instanceof PyBoundMethod || value instanceof PyClass
                    || value instanceof PyModuleObject) {
                continue; // functions, classes and modules held by an instance are not attributes
            }
            ConcreteModules.ClassAnnotation annotated = annotations.get(name);
            if (annotated != null && !annotated.isFinal()) {
                b.attribute(name, annotated.type(), value);
            } else {
                b.attribute(name, value, python.typeName(value), v -> v instanceof TensorRef);
            }
        }
        return b.build();
    }

    private Map<String, ConcreteModules.ClassAnnotation> annotations(PyClass cls) {
        String module = cls.module().equals("__main__") ? "" : cls.module();
        if (!sources.containsKey(module)) {
            return Map.of(); // our bundled library declares no class annotations that matter
        }
        return ConcreteModules.classAnnotations(module, cls.name(), sources);
    }

    private List<String> constantNames(PyInstance module) {
        Object declared;
        try {
            declared = python.getAttr(module, "__constants__");
        } catch (PyException e) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Object o : python.iterate(declared)) {
            if (o instanceof String s) {
                names.add(s);
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Collection<Map.Entry<String, Object>> entries(Object dict) {
        if (dict instanceof Map<?, ?> m) {
            return ((Map<String, Object>) m).entrySet();
        }
        return List.of();
    }
}
