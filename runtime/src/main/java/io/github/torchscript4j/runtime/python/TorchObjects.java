package io.github.torchscript4j.runtime.python;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** The host's objects that are neither tensors nor plain values: modules, classes, context managers, typing placeholders. */
final class TorchObjects {
    private TorchObjects() {}

    /**
     * A module of the host ({@code torch}, {@code torch.jit}): fixed attributes, then those a
     * fallback finds by name (the {@code aten::} operators), then attributes the interpreter set
     * (a submodule it imported, {@code torch.nn}).
     */
    static final class HostModule implements PyAttributes {
        private final String name;
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private final Map<String, Object> found = new java.util.concurrent.ConcurrentHashMap<>();
        private final Function<String, Optional<Object>> fallback;

        HostModule(String name, Function<String, Optional<Object>> fallback) {
            this.name = name;
            this.fallback = fallback;
            attributes.put("__name__", name);
        }

        HostModule put(String attribute, Object value) {
            attributes.put(attribute, value);
            return this;
        }

        String name() {
            return name;
        }

        @Override
        public synchronized Optional<Object> attribute(String attribute) {
            if (attributes.containsKey(attribute)) {
                return Optional.ofNullable(attributes.get(attribute));
            }
            Object known = found.get(attribute);
            if (known != null) {
                return Optional.of(known);
            }
            Optional<Object> value = attribute.startsWith("__") ? Optional.empty() : fallback.apply(attribute);
            value.ifPresent(v -> found.put(attribute, v));
            return value;
        }

        /** The interpreter may bind a submodule it imported ({@code torch.nn}) or any other name. */
        @Override
        public synchronized void setAttribute(String attribute, Object value) {
            attributes.put(attribute, value);
        }

        @Override
        public String pythonTypeName() {
            return "module";
        }

        @Override
        public String toString() {
            return "<module '" + name + "'>";
        }
    }

    /** A class object of the host ({@code torch.Tensor}, {@code torch.nn.Parameter}, {@code torch.dtype}). */
    static final class HostClass implements PyAttributes {
        private final String name;
        private final String qualifiedName;
        private final Predicate<Object> instances;
        private final PyCallable constructor;

        HostClass(String name, String qualifiedName, Predicate<Object> instances, PyCallable constructor) {
            this.name = name;
            this.qualifiedName = qualifiedName;
            this.instances = instances;
            this.constructor = constructor;
        }

        boolean isInstance(Object value) {
            return instances.test(value);
        }

        @Override
        public Optional<Object> attribute(String attribute) {
            return switch (attribute) {
                case "__name__", "__qualname__" -> Optional.of(name);
                case "__module__" -> Optional.of(qualifiedName.substring(0, qualifiedName.lastIndexOf('.')));
                case "__call__" -> Optional.ofNullable(constructor);
                default -> Optional.empty();
            };
        }

        @Override
        public String pythonTypeName() {
            return "type";
        }

        @Override
        public String toString() {
            return "<class '" + qualifiedName + "'>";
        }
    }

    /** A context manager with actions on entry and exit ({@code torch.no_grad()}). */
    static final class ContextManager implements PyAttributes {
        private final String typeName;
        private final Runnable enter;
        private final Runnable exit;

        ContextManager(String typeName, Runnable enter, Runnable exit) {
            this.typeName = typeName;
            this.enter = enter;
            this.exit = exit;
        }

        @Override
        public Optional<Object> attribute(String attribute) {
            return switch (attribute) {
                case "__enter__" -> Optional.of((PyCallable) (args, kwargs) -> {
                    enter.run();
                    return null;
                });
                case "__exit__" -> Optional.of((PyCallable) (args, kwargs) -> {
                    exit.run();
                    return Boolean.FALSE; // exceptions propagate
                });
                default -> Optional.empty();
            };
        }

        @Override
        public String pythonTypeName() {
            return typeName;
        }
    }

    /**
     * A typing placeholder that only annotations use ({@code torch.jit.Final}, {@code
     * BroadcastingList2}): subscripting it gives itself, so {@code BroadcastingList2[int]} evaluates.
     */
    record Placeholder(String name) implements PyAttributes {
        @Override
        public Optional<Object> attribute(String attribute) {
            return attribute.equals("__name__") ? Optional.of(name) : Optional.empty();
        }

        @Override
        public String pythonTypeName() {
            return "typing placeholder";
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A callable with a name for messages. */
    record Function0(String name, PyCallable body) implements PyCallable {
        @Override
        public Object call(List<Object> args, Map<String, Object> kwargs) {
            return body.call(args, kwargs);
        }

        @Override
        public String toString() {
            return "<built-in function " + name + ">";
        }
    }
}
