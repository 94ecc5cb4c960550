package io.github.torchscript4j.runtime.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host with one module, {@code boxes}, whose values are Java {@link Box}es: the interpreter must
 * send every operation on a box to the host. It also provides a context manager, a decorator, a
 * function that fails as libtorch would, and one that fails with a Java bug.
 */
class BoxHost implements Host {
    /** The host's foreign value. */
    record Box(double v) {}

    final List<String> log = new ArrayList<>();

    final PyAttributes boxClass = new PyAttributes() {
        @Override
        public Optional<Object> attribute(String name) {
            if (name.equals("__call__")) {
                return Optional.of((PyCallable) (args, kwargs) -> new Box(((Number) args.get(0)).doubleValue()));
            }
            return Optional.empty();
        }

        @Override
        public String pythonTypeName() {
            return "type";
        }
    };

    final PyAttributes context = new PyAttributes() {
        @Override
        public Optional<Object> attribute(String name) {
            return switch (name) {
                case "__enter__" -> Optional.of((PyCallable) (a, k) -> {
                    log.add("enter");
                    return null;
                });
                case "__exit__" -> Optional.of((PyCallable) (a, k) -> {
                    log.add("exit " + (a.get(0) == null ? "clean" : "with exception"));
                    return false;
                });
                default -> Optional.empty();
            };
        }

        @Override
        public String pythonTypeName() {
            return "context";
        }
    };

    final PyAttributes boxes = new PyAttributes() {
        @Override
        public Optional<Object> attribute(String name) {
            return switch (name) {
                case "Box" -> Optional.of(boxClass);
                case "guard" -> Optional.of((PyCallable) (a, k) -> context);
                case "export" -> Optional.of((PyCallable) (a, k) -> a.get(0));
                case "fails" -> Optional.of((PyCallable) (a, k) -> {
                    throw new PyException("RuntimeError", "shape '[2]' is invalid for input of size 3");
                });
                case "buggy" -> Optional.of((PyCallable) (a, k) -> {
                    throw new IllegalStateException("a bug in the host");
                });
                case "Tensor" -> Optional.of(boxClass);
                case "no_grad" -> Optional.of((PyCallable) (a, k) -> context);
                default -> Optional.empty();
            };
        }

        @Override
        public String pythonTypeName() {
            return "module";
        }
    };

    @Override
    public Optional<PyAttributes> importModule(String name) {
        return name.equals("boxes") || name.equals("torch") ? Optional.of(boxes) : Optional.empty();
    }

    @Override
    public boolean isForeign(Object value) {
        return value instanceof Box || value == boxes || value == boxClass || value == context;
    }

    @Override
    public Optional<Object> attribute(Object value, String name) {
        Box b = (Box) value;
        return switch (name) {
            case "v" -> Optional.of(b.v());
            case "item" -> Optional.of((PyCallable) (a, k) -> b.v());
            case "scaled" -> Optional.of((PyCallable) (a, k) -> new Box(b.v() * ((Number) a.get(0)).doubleValue()));
            default -> Optional.empty();
        };
    }

    @Override
    public void setAttribute(Object value, String name, Object newValue) {
        log.add("set " + name + "=" + newValue);
    }

    @Override
    public Optional<Object> binary(String op, Object left, Object right) {
        double l = left instanceof Box b ? b.v() : left instanceof Number n ? n.doubleValue() : Double.NaN;
        double r = right instanceof Box b ? b.v() : right instanceof Number n ? n.doubleValue() : Double.NaN;
        if (Double.isNaN(l) || Double.isNaN(r)) {
            return Optional.empty();
        }
        return switch (op) {
            case "+", "+=" -> Optional.of(new Box(l + r));
            case "*" -> Optional.of(new Box(l * r));
            case "==" -> Optional.of(l == r);
            case "<" -> Optional.of(l < r);
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<Object> unary(String op, Object operand) {
        return op.equals("-") ? Optional.of(new Box(-((Box) operand).v())) : Optional.empty();
    }

    @Override
    public boolean truth(Object value) {
        return ((Box) value).v() != 0;
    }

    @Override
    public String str(Object value) {
        return "box(" + ((Box) value).v() + ")";
    }

    @Override
    public String repr(Object value) {
        return "Box(" + ((Box) value).v() + ")";
    }

    @Override
    public String typeName(Object value) {
        return value instanceof Box ? "Box" : "module";
    }

    @Override
    public boolean isInstance(Object value, Object cls) {
        return value instanceof Box && cls == boxClass;
    }

    @Override
    public long length(Object value) {
        return (long) ((Box) value).v();
    }

    @Override
    public Iterable<Object> iterate(Object value) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < (int) ((Box) value).v(); i++) {
            out.add(new Box(i));
        }
        return out;
    }

    @Override
    public Object getItem(Object value, Object index) {
        return new Box(((Box) value).v() + ((Number) index).doubleValue());
    }

    @Override
    public void setItem(Object value, Object index, Object newValue) {
        log.add("setitem " + index + "=" + newValue);
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
