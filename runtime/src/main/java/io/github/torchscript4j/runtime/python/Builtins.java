package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code builtins} namespace: builtin functions ({@code len}, {@code isinstance}, {@code
 * print}, ...), builtin classes ({@code object}, {@code int}, {@code list}, the exception
 * hierarchy) and the methods of builtin values ({@code str.join}, {@code list.append}, {@code
 * dict.items}, ...). {@code dict.keys()}, {@code values()} and {@code items()} return lists (not
 * views) and {@code zip}/{@code map}/{@code filter}/{@code enumerate}/{@code reversed} run eagerly.
 */
final class Builtins {
    private final PythonInterpreter py;
    private final Ops ops;
    private final LinkedHashMap<String, Object> ns = new LinkedHashMap<>();
    private final Map<String, PyClass> classes = new HashMap<>();

    Builtins(PythonInterpreter py, Ops ops) {
        this.py = py;
        this.ops = ops;
        defineClasses();
        defineExceptions();
        defineFunctions();
    }

    Map<String, Object> namespace() {
        return ns;
    }

    PyClass classNamed(String name) {
        PyClass c = classes.get(name);
        if (c == null) {
            throw new IllegalStateException("no builtin class " + name);
        }
        return c;
    }

    /** The builtin exception class {@code name}; an unknown name (from a host) becomes a new subclass of Exception. */
    PyClass exceptionClass(String name) {
        PyClass c = classes.get(name);
        if (c == null || !c.isSubclassOf(classes.get("BaseException"))) {
            c = cls(name, List.of(classes.get("Exception")), null);
            classes.put(name, c);
        }
        return c;
    }

    PyClass classOf(Object v) {
        if (v == null) {
            return classes.get("NoneType");
        }
        String n = ops.typeName(v);
        PyClass c = classes.get(n);
        if (c != null && c.builtinInstances != null && c.builtinInstances.test(v)) {
            return c;
        }
        if (v instanceof PyBuiltin || v instanceof PyCallable) {
            return classes.get("function");
        }
        return classes.get("object");
    }

    // ---- helpers ----

    private static Object arg(List<Object> args, Map<String, Object> kw, int i, String name, Object dflt) {
        if (i < args.size()) {
            return args.get(i);
        }
        if (kw.containsKey(name)) {
            return kw.get(name);
        }
        return dflt;
    }

    private static final Object REQUIRED = new Object();

    private static Object req(String fn, List<Object> args, Map<String, Object> kw, int i, String name) {
        Object v = arg(args, kw, i, name, REQUIRED);
        if (v == REQUIRED) {
            throw new PyException("TypeError", fn + "() missing required argument '" + name + "' (pos " + (i + 1) + ")");
        }
        return v;
    }

    private static void maxArgs(String fn, List<Object> args, int max) {
        if (args.size() > max) {
            throw new PyException("TypeError", fn + "() takes at most " + max + " argument" + (max == 1 ? "" : "s")
                    + " (" + args.size() + " given)");
        }
    }

    private PyClass cls(String name, List<PyClass> bases, Predicate<Object> instances) {
        PyClass c = new PyClass(name, "builtins", bases, new LinkedHashMap<>(), instances);
        c.interpreter = py;
        classes.put(name, c);
        return c;
    }

    private void fn(String name, PyCallable body) {
        ns.put(name, PyBuiltin.function(name, body));
    }

    private static void method(PyClass c, String name, PyCallable body) {
        c.mutableDict().put(name, PyBuiltin.method(name, body));
    }

    // ---- classes ----

    private void defineClasses() {
        PyClass object = new PyClass("object", "builtins", List.of(), new LinkedHashMap<>(), v -> true);
        object.interpreter = py;
        classes.put("object", object);
        List<PyClass> o = List.of(object);
        method(object, "__init__", (a, k) -> {
            if (a.size() > 1 || !k.isEmpty()) {
                PyClass c = py.typeOf(a.get(0));
                if (c.lookup("__init__") instanceof PyBuiltin) {
                    throw new PyException("TypeError", c.name() + "() takes no arguments");
                }
                throw new PyException("TypeError", "object.__init__() takes exactly one argument (the instance to initialize)");
            }
            return null;
        });
        method(object, "__setattr__", (a, k) -> {
            if (!(a.get(0) instanceof PyInstance inst)) {
                throw new PyException("TypeError", "can't apply this __setattr__ to " + ops.typeName(a.get(0)) + " object");
            }
            py.genericSetAttr(inst, (String) a.get(1), a.get(2));
            return null;
        });
        method(object, "__getattribute__", (a, k) -> {
            Object v = py.findAttribute(a.get(0), (String) a.get(1));
            if (v == PyClass.MISSING) {
                throw new PyException("AttributeError", "'" + ops.typeName(a.get(0)) + "' object has no attribute '" + a.get(1) + "'");
            }
            return v;
        });
        method(object, "__delattr__", (a, k) -> {
            py.genericDelAttr((PyInstance) a.get(0), (String) a.get(1));
            return null;
        });
        method(object, "__repr__", (a, k) -> "<" + py.typeOf(a.get(0)).qualifiedName() + " object at 0x"
                + Long.toHexString(System.identityHashCode(a.get(0))) + ">");
        method(object, "__str__", (a, k) -> ops.repr(a.get(0)));
        method(object, "__eq__", (a, k) -> a.get(0) == a.get(1) ? Boolean.TRUE : Descriptors.NOT_IMPLEMENTED);
        method(object, "__ne__", (a, k) -> a.get(0) == a.get(1) ? Boolean.FALSE : Descriptors.NOT_IMPLEMENTED);
        method(object, "__hash__", (a, k) -> (long) System.identityHashCode(a.get(0)));
        method(object, "__format__", (a, k) -> Formatting.format(ops, ops.str(a.get(0)), (String) a.get(1)));
        object.mutableDict().put("__new__", new Descriptors.StaticMethod(PyBuiltin.function("__new__", (a, k) -> {
            if (!(a.get(0) instanceof PyClass c) || c.isBuiltin()) {
                throw new PyException("TypeError", "object.__new__(X): X is not a type object");
            }
            PyInstance inst = new PyInstance(c);
            if (c.isSubclassOf(classes.get("BaseException"))) {
                inst.dict().put("args", new Tuple(a.subList(1, a.size())));
            }
            return inst;
        })));
        object.mutableDict().put("__init_subclass__", PyBuiltin.method("__init_subclass__", (a, k) -> null));
        object.constructor = (a, k) -> {
            if (!a.isEmpty() || !k.isEmpty()) {
                throw new PyException("TypeError", "object() takes no arguments");
            }
            return new PyInstance(object);
        };

        PyClass type = cls("type", o, v -> v instanceof PyClass);
        type.constructor = (a, k) -> {
            if (a.size() == 1) {
                return py.typeOf(a.get(0));
            }
            if (a.size() == 3 && a.get(0) instanceof String name) {
                LinkedHashMap<String, Object> dict = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) a.get(2)).entrySet()) {
                    dict.put((String) e.getKey(), e.getValue());
                }
                return py.newClass(name, "builtins", ops.toList(a.get(1)), dict);
            }
            throw new PyException("TypeError", "type() takes 1 or 3 arguments");
        };
        PyClass intClass = cls("int", o, v -> v instanceof Long || v instanceof Boolean);
        intClass.constructor = (a, k) -> toInt(arg(a, k, 0, "x", 0L), arg(a, k, 1, "base", null));
        PyClass bool = cls("bool", List.of(intClass), v -> v instanceof Boolean);
        bool.constructor = (a, k) -> a.isEmpty() ? Boolean.FALSE : (Object) ops.truth(a.get(0));
        PyClass flt = cls("float", o, v -> v instanceof Double);
        flt.constructor = (a, k) -> toFloat(arg(a, k, 0, "x", 0.0));
        PyClass str = cls("str", o, v -> v instanceof String);
        str.constructor = (a, k) -> a.isEmpty() ? "" : ops.str(a.get(0));
        PyClass list = cls("list", o, v -> v instanceof List);
        list.constructor = (a, k) -> a.isEmpty() ? new ArrayList<>() : new ArrayList<>(ops.toList(a.get(0)));
        PyClass tuple = cls("tuple", o, v -> v instanceof Tuple);
        tuple.constructor = (a, k) -> a.isEmpty() ? new Tuple(List.of()) : a.get(0) instanceof Tuple t ? t : new Tuple(ops.toList(a.get(0)));
        PyClass dict = cls("dict", o, v -> v instanceof Map);
        dict.constructor = (a, k) -> {
            LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
            if (!a.isEmpty()) {
                update(m, a.get(0));
            }
            for (Map.Entry<String, Object> e : k.entrySet()) {
                m.put(e.getKey(), e.getValue());
            }
            return m;
        };
        PyClass ordered = cls("OrderedDict", List.of(dict), v -> v instanceof BuiltinModules.OrderedDictValue);
        ordered.constructor = (a, k) -> {
            BuiltinModules.OrderedDictValue m = new BuiltinModules.OrderedDictValue();
            m.putAll((Map<?, ?>) dict.constructor.call(a, k));
            return m;
        };
        PyClass set = cls("set", o, v -> v instanceof Descriptors.PySet s && !s.frozen);
        set.constructor = (a, k) -> new Descriptors.PySet(a.isEmpty() ? List.of() : keys(ops.toList(a.get(0))), false);
        PyClass frozenset = cls("frozenset", o, v -> v instanceof Descriptors.PySet s && s.frozen);
        frozenset.constructor = (a, k) -> new Descriptors.PySet(a.isEmpty() ? List.of() : keys(ops.toList(a.get(0))), true);
        PyClass range = cls("range", o, v -> v instanceof Descriptors.Range);
        range.constructor = (a, k) -> {
            if (a.isEmpty() || a.size() > 3) {
                throw new PyException("TypeError", "range expected at least 1 argument, got " + a.size());
            }
            long start = a.size() == 1 ? 0 : ops.asLong(a.get(0));
            long stop = ops.asLong(a.size() == 1 ? a.get(0) : a.get(1));
            long step = a.size() == 3 ? ops.asLong(a.get(2)) : 1;
            if (step == 0) {
                throw new PyException("ValueError", "range() arg 3 must not be zero");
            }
            return new Descriptors.Range(start, stop, step);
        };
        PyClass slice = cls("slice", o, v -> v instanceof PySlice);
        slice.constructor = (a, k) -> a.size() == 1 ? new PySlice(null, a.get(0), null)
                : new PySlice(a.get(0), a.get(1), a.size() > 2 ? a.get(2) : null);
        cls("NoneType", o, v -> v == null);
        cls("function", o, v -> v instanceof PyFunction || v instanceof PyBuiltin || v instanceof PyBoundMethod);
        PyClass property = cls("property", o, v -> v instanceof Descriptors.Property);
        property.constructor = (a, k) -> new Descriptors.Property(arg(a, k, 0, "fget", null), arg(a, k, 1, "fset", null),
                arg(a, k, 2, "fdel", null));
        PyClass staticmethod = cls("staticmethod", o, v -> v instanceof Descriptors.StaticMethod);
        staticmethod.constructor = (a, k) -> new Descriptors.StaticMethod(a.get(0));
        PyClass classmethod = cls("classmethod", o, v -> v instanceof Descriptors.ClassMethod);
        classmethod.constructor = (a, k) -> new Descriptors.ClassMethod(a.get(0));
        PyClass sup = cls("super", o, v -> v instanceof Descriptors.Super);
        sup.constructor = (a, k) -> {
            if (a.size() != 2 || !(a.get(0) instanceof PyClass c)) {
                throw new PyException("RuntimeError", "super(): no arguments");
            }
            Object self = a.get(1);
            boolean ok = self instanceof PyClass sc && !(self instanceof PyInstance) ? sc.isSubclassOf(c) : ops.isInstance(self, c);
            if (!ok) {
                throw new PyException("TypeError", "super(type, obj): obj must be an instance or subtype of type");
            }
            return new Descriptors.Super(c, self);
        };
        for (String n : List.of("object", "type", "int", "bool", "float", "str", "list", "tuple", "dict", "set",
                "frozenset", "range", "slice", "property", "staticmethod", "classmethod", "super")) {
            ns.put(n, classes.get(n));
        }
    }

    private List<Object> keys(List<Object> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(ops.key(v));
        }
        return out;
    }

    private void update(Map<Object, Object> m, Object source) {
        if (source instanceof Map<?, ?> other) {
            for (Map.Entry<?, ?> e : other.entrySet()) {
                m.put(e.getKey(), e.getValue());
            }
            return;
        }
        if (source instanceof PyInstance inst && inst.pyClass().lookup("keys") != PyClass.MISSING) {
            for (Object k : ops.toList(py.invoke(py.getAttribute(inst, "keys"), List.of(), Map.of()))) {
                m.put(ops.key(k), ops.getItem(inst, k));
            }
            return;
        }
        int i = 0;
        for (Object pair : ops.toList(source)) {
            List<Object> kv = ops.toList(pair);
            if (kv.size() != 2) {
                throw new PyException("ValueError", "dictionary update sequence element #" + i + " has length "
                        + kv.size() + "; 2 is required");
            }
            ops.dictPut(m, kv.get(0), kv.get(1));
            i++;
        }
    }

    Object toInt(Object v, Object base) {
        if (base != null) {
            if (!(v instanceof String s)) {
                throw new PyException("TypeError", "int() can't convert non-string with explicit base");
            }
            return parseInt(s, (int) ops.asLong(base));
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        } else if (v instanceof Long) {
            return v;
        } else if (v instanceof Double d) {
            if (Double.isInfinite(d)) {
                throw new PyException("OverflowError", "cannot convert float infinity to integer");
            }
            if (Double.isNaN(d)) {
                throw new PyException("ValueError", "cannot convert float NaN to integer");
            }
            if (Math.abs(d) >= 9.223372036854775807E18) {
                throw new PyException("OverflowError", "int too large for the interpreter's 64-bit int");
            }
            return (long) d.doubleValue();
        } else if (v instanceof String s) {
            return parseInt(s, 10);
        }
        java.util.Optional<Object> number = ops.toNumber(v, "int");
        if (number.isPresent()) {
            return toInt(number.get(), null);
        }
        for (String m : List.of("__int__", "__index__", "item")) {
            if (m.equals("item") && !ops.foreign(v)) {
                continue;
            }
            Object f = py.findAttribute(v, m);
            if (f != PyClass.MISSING) {
                return toInt(py.invoke(f, List.of(), Map.of()), null);
            }
        }
        throw new PyException("TypeError", "int() argument must be a string, a bytes-like object or a real number, not '"
                + ops.typeName(v) + "'");
    }

    private static Object parseInt(String s, int base) {
        String t = s.strip().replace("_", "");
        String digits = t;
        boolean neg = false;
        if (digits.startsWith("-") || digits.startsWith("+")) {
            neg = digits.startsWith("-");
            digits = digits.substring(1);
        }
        if (base == 0 || base == 16 || base == 8 || base == 2) {
            String lower = digits.toLowerCase();
            int detected = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 0;
            if (detected != 0 && (base == 0 || base == detected)) {
                digits = digits.substring(2);
                base = detected;
            } else if (base == 0) {
                base = 10;
            }
        }
        try {
            long r = Long.parseLong(digits, base);
            return neg ? -r : r;
        } catch (NumberFormatException e) {
            throw new PyException("ValueError", "invalid literal for int() with base " + base + ": " + Ops.quote(s));
        }
    }

    Object toFloat(Object v) {
        if (v instanceof Double) {
            return v;
        } else if (v instanceof Long l) {
            return l.doubleValue();
        } else if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        } else if (v instanceof String s) {
            String t = s.strip().toLowerCase().replace("_", "");
            switch (t) {
                case "inf", "+inf", "infinity", "+infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "nan", "+nan", "-nan" -> {
                    return Double.NaN;
                }
                default -> { }
            }
            try {
                if (t.isEmpty() || t.endsWith("d") || t.endsWith("f") || t.contains("x")) {
                    throw new NumberFormatException();
                }
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new PyException("ValueError", "could not convert string to float: " + Ops.quote(s));
            }
        }
        java.util.Optional<Object> number = ops.toNumber(v, "float");
        if (number.isPresent()) {
            return toFloat(number.get());
        }
        Object f = py.findAttribute(v, "__float__");
        if (f == PyClass.MISSING && ops.foreign(v)) {
            f = py.findAttribute(v, "item");
        }
        if (f != PyClass.MISSING) {
            return toFloat(py.invoke(f, List.of(), Map.of()));
        }
        throw new PyException("TypeError", "float() argument must be a string or a real number, not '" + ops.typeName(v) + "'");
    }

    // ---- exceptions ----

    private void defineExceptions() {
        PyClass base = cls("BaseException", List.of(classes.get("object")), null);
        method(base, "__init__", (a, k) -> {
            ((PyInstance) a.get(0)).dict().put("args", new Tuple(a.subList(1, a.size())));
            return null;
        });
        method(base, "__str__", (a, k) -> {
            Object args = ((PyInstance) a.get(0)).dict().get("args");
            if (args instanceof Tuple t) {
                return t.size() == 0 ? "" : t.size() == 1 ? ops.str(t.get(0)) : ops.repr(t);
            }
            return "";
        });
        method(base, "with_traceback", (a, k) -> a.get(0));
        String[][] tree = {
            {"Exception", "BaseException"}, {"KeyboardInterrupt", "BaseException"}, {"SystemExit", "BaseException"},
            {"GeneratorExit", "BaseException"}, {"ArithmeticError", "Exception"}, {"ZeroDivisionError", "ArithmeticError"},
            {"OverflowError", "ArithmeticError"}, {"FloatingPointError", "ArithmeticError"},
            {"AssertionError", "Exception"}, {"AttributeError", "Exception"}, {"ImportError", "Exception"},
            {"ModuleNotFoundError", "ImportError"}, {"LookupError", "Exception"}, {"IndexError", "LookupError"},
            {"KeyError", "LookupError"}, {"NameError", "Exception"}, {"UnboundLocalError", "NameError"},
            {"RuntimeError", "Exception"}, {"NotImplementedError", "RuntimeError"}, {"RecursionError", "RuntimeError"},
            {"StopIteration", "Exception"}, {"SyntaxError", "Exception"}, {"SystemError", "Exception"},
            {"TypeError", "Exception"}, {"ValueError", "Exception"}, {"UnicodeError", "ValueError"},
            {"OSError", "Exception"}, {"FileNotFoundError", "OSError"}, {"EOFError", "Exception"},
            {"Warning", "Exception"}, {"UserWarning", "Warning"}, {"DeprecationWarning", "Warning"},
            {"RuntimeWarning", "Warning"}, {"FutureWarning", "Warning"}, {"UserWarning", "Warning"},
        };
        for (String[] e : tree) {
            if (!classes.containsKey(e[0])) {
                cls(e[0], List.of(classes.get(e[1])), null);
            }
        }
        ns.put("BaseException", base);
        for (String[] e : tree) {
            ns.put(e[0], classes.get(e[0]));
        }
        ns.put("EnvironmentError", classes.get("OSError"));
        ns.put("IOError", classes.get("OSError"));
    }

    // ---- functions ----

    private void defineFunctions() {
        ns.put("None", null);
        ns.put("True", true);
        ns.put("False", false);
        ns.put("NotImplemented", Descriptors.NOT_IMPLEMENTED);
        ns.put("Ellipsis", PySlice.ELLIPSIS);
        ns.put("__debug__", true);
        fn("len", (a, k) -> {
            if (a.size() != 1) {
                throw new PyException("TypeError", "len() takes exactly one argument (" + a.size() + " given)");
            }
            return ops.len(a.get(0));
        });
        fn("repr", (a, k) -> ops.repr(a.get(0)));
        fn("ascii", (a, k) -> ops.repr(a.get(0)));
        fn("print", (a, k) -> {
            Object sep = k.getOrDefault("sep", " ");
            Object end = k.getOrDefault("end", "\n");
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                b.append(i > 0 ? (sep == null ? " " : (String) sep) : "").append(ops.str(a.get(i)));
            }
            b.append(end == null ? "\n" : (String) end);
            Object file = k.get("file");
            if (file != null) {
                py.invoke(py.getAttribute(file, "write"), List.of(b.toString()), Map.of());
            } else {
                py.out.print(b);
                py.out.flush();
            }
            return null;
        });
        fn("isinstance", (a, k) -> {
            if (a.size() != 2) {
                throw new PyException("TypeError", "isinstance expected 2 arguments, got " + a.size());
            }
            return ops.isInstance(a.get(0), a.get(1));
        });
        fn("issubclass", (a, k) -> issubclass(a.get(0), a.get(1)));
        fn("hasattr", (a, k) -> {
            try {
                py.getAttribute(a.get(0), (String) a.get(1));
                return true;
            } catch (PyException e) {
                if (e.type().equals("AttributeError")) {
                    return false;
                }
                throw e;
            }
        });
        fn("getattr", (a, k) -> {
            if (!(a.get(1) instanceof String name)) {
                throw new PyException("TypeError", "attribute name must be string, not '" + ops.typeName(a.get(1)) + "'");
            }
            if (a.size() > 2) {
                try {
                    return py.getAttribute(a.get(0), name);
                } catch (PyException e) {
                    if (e.type().equals("AttributeError")) {
                        return a.get(2);
                    }
                    throw e;
                }
            }
            return py.getAttribute(a.get(0), name);
        });
        fn("setattr", (a, k) -> {
            py.setAttribute(a.get(0), (String) a.get(1), a.get(2));
            return null;
        });
        fn("delattr", (a, k) -> {
            py.delAttr(a.get(0), (String) a.get(1));
            return null;
        });
        fn("id", (a, k) -> (long) System.identityHashCode(a.get(0)));
        fn("hash", (a, k) -> ops.hash(a.get(0)));
        fn("callable", (a, k) -> {
            Object v = a.get(0);
            return v instanceof PyCallable || v instanceof PyClass || v instanceof Descriptors.StaticMethod
                    || v instanceof PyInstance inst && inst.pyClass().lookup("__call__") != PyClass.MISSING
                    || v instanceof PyAttributes pa && pa.attribute("__call__").isPresent();
        });
        fn("iter", (a, k) -> a.get(0) instanceof Descriptors.PyIterator ? a.get(0)
                : a.get(0) instanceof PyInstance inst && inst.pyClass().lookup("__iter__") != PyClass.MISSING
                        ? py.invoke(py.getAttribute(inst, "__iter__"), List.of(), Map.of())
                        : new Descriptors.PyIterator(ops.iterate(a.get(0))));
        fn("next", (a, k) -> {
            Object it = a.get(0);
            if (it instanceof PyInstance inst && inst.pyClass().lookup("__next__") != PyClass.MISSING) {
                try {
                    return py.invoke(py.getAttribute(inst, "__next__"), List.of(), Map.of());
                } catch (PyException e) {
                    if (a.size() > 1 && py.exceptionMatches(e, classes.get("StopIteration"))) {
                        return a.get(1);
                    }
                    throw e;
                }
            }
            if (!(it instanceof Iterator<?> iter)) {
                throw new PyException("TypeError", "'" + ops.typeName(it) + "' object is not an iterator");
            }
            if (!iter.hasNext()) {
                if (a.size() > 1) {
                    return a.get(1);
                }
                throw py.exception(classes.get("StopIteration"), List.of());
            }
            return iter.next();
        });
        fn("range", (a, k) -> py.invoke(classes.get("range"), a, k));
        fn("enumerate", (a, k) -> {
            long start = ops.asLong(arg(a, k, 1, "start", 0L));
            List<Object> out = new ArrayList<>();
            for (Object v : ops.toList(req("enumerate", a, k, 0, "iterable"))) {
                out.add(Tuple.of(start++, v));
            }
            return new Descriptors.PyIterator(out.iterator());
        });
        fn("zip", (a, k) -> {
            List<Iterator<Object>> its = new ArrayList<>();
            for (Object v : a) {
                its.add(ops.iterate(v));
            }
            List<Object> out = new ArrayList<>();
            while (!its.isEmpty()) {
                List<Object> row = new ArrayList<>();
                for (Iterator<Object> it : its) {
                    if (!it.hasNext()) {
                        return new Descriptors.PyIterator(out.iterator());
                    }
                    row.add(it.next());
                }
                out.add(new Tuple(row));
            }
            return new Descriptors.PyIterator(out.iterator());
        });
        fn("map", (a, k) -> {
            Object f = a.get(0);
            List<Iterator<Object>> its = new ArrayList<>();
            for (Object v : a.subList(1, a.size())) {
                its.add(ops.iterate(v));
            }
            List<Object> out = new ArrayList<>();
            outer:
            while (true) {
                List<Object> row = new ArrayList<>();
                for (Iterator<Object> it : its) {
                    if (!it.hasNext()) {
                        break outer;
                    }
                    row.add(it.next());
                }
                out.add(py.invoke(f, row, Map.of()));
            }
            return new Descriptors.PyIterator(out.iterator());
        });
        fn("filter", (a, k) -> {
            Object f = a.get(0);
            List<Object> out = new ArrayList<>();
            for (Object v : ops.toList(a.get(1))) {
                if (ops.truth(f == null ? v : py.invoke(f, PythonInterpreter.args(v), Map.of()))) {
                    out.add(v);
                }
            }
            return new Descriptors.PyIterator(out.iterator());
        });
        fn("reversed", (a, k) -> {
            Object v = a.get(0);
            if (v instanceof PyInstance inst && inst.pyClass().lookup("__reversed__") != PyClass.MISSING) {
                return py.invoke(py.getAttribute(inst, "__reversed__"), List.of(), Map.of());
            }
            List<Object> l = new ArrayList<>(ops.toList(v));
            Collections.reverse(l);
            return new Descriptors.PyIterator(l.iterator());
        });
        fn("sorted", (a, k) -> {
            List<Object> l = new ArrayList<>(ops.toList(a.get(0)));
            sort(l, k.get("key"), ops.truth(k.get("reverse")));
            return l;
        });
        fn("min", (a, k) -> extreme("min", a, k, -1));
        fn("max", (a, k) -> extreme("max", a, k, 1));
        fn("sum", (a, k) -> {
            Object total = arg(a, k, 1, "start", 0L);
            for (Object v : ops.toList(a.get(0))) {
                total = ops.binary("+", total, v);
            }
            return total;
        });
        fn("abs", (a, k) -> {
            Object v = a.get(0);
            if (v instanceof Boolean b) {
                return b ? 1L : 0L;
            } else if (v instanceof Long l) {
                if (l == Long.MIN_VALUE) {
                    throw new PyException("OverflowError", "int too large for the interpreter's 64-bit int");
                }
                return Math.abs(l);
            } else if (v instanceof Double d) {
                return Math.abs(d);
            }
            Object f = py.findAttribute(v, "__abs__");
            if (f != PyClass.MISSING) {
                return py.invoke(f, List.of(), Map.of());
            }
            throw new PyException("TypeError", "bad operand type for abs(): '" + ops.typeName(v) + "'");
        });
        fn("round", (a, k) -> round(a.get(0), arg(a, k, 1, "ndigits", null)));
        fn("divmod", (a, k) -> Tuple.of(ops.binary("//", a.get(0), a.get(1)), ops.binary("%", a.get(0), a.get(1))));
        fn("pow", (a, k) -> {
            if (a.size() > 2 && a.get(2) != null) {
                long base = ops.asLong(a.get(0));
                long exp = ops.asLong(a.get(1));
                long mod = ops.asLong(a.get(2));
                return java.math.BigInteger.valueOf(base).modPow(java.math.BigInteger.valueOf(exp),
                        java.math.BigInteger.valueOf(mod)).longValue();
            }
            return ops.binary("**", a.get(0), a.get(1));
        });
        fn("all", (a, k) -> {
            Iterator<Object> it = ops.iterate(a.get(0));
            while (it.hasNext()) {
                if (!ops.truth(it.next())) {
                    return false;
                }
            }
            return true;
        });
        fn("any", (a, k) -> {
            Iterator<Object> it = ops.iterate(a.get(0));
            while (it.hasNext()) {
                if (ops.truth(it.next())) {
                    return true;
                }
            }
            return false;
        });
        fn("vars", (a, k) -> {
            Object v = a.get(0);
            if (v instanceof PyInstance inst) {
                return inst.dict();
            }
            return py.getAttribute(v, "__dict__");
        });
        fn("dir", (a, k) -> {
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            Object v = a.get(0);
            if (v instanceof PyInstance inst) {
                names.addAll(inst.dict().keySet());
                for (PyClass c : inst.pyClass().mro()) {
                    names.addAll(c.dict().keySet());
                }
            } else if (v instanceof PyClass c) {
                for (PyClass x : c.mro()) {
                    names.addAll(x.dict().keySet());
                }
            } else if (v instanceof PyModuleObject m) {
                names.addAll(m.dict().keySet());
            }
            return new ArrayList<Object>(names);
        });
        fn("chr", (a, k) -> new String(Character.toChars((int) ops.asLong(a.get(0)))));
        fn("ord", (a, k) -> {
            String s = (String) a.get(0);
            if (s.codePointCount(0, s.length()) != 1) {
                throw new PyException("TypeError", "ord() expected a character, but string of length " + s.length() + " found");
            }
            return (long) s.codePointAt(0);
        });
        fn("hex", (a, k) -> radix(ops.asLong(a.get(0)), 16, "0x"));
        fn("oct", (a, k) -> radix(ops.asLong(a.get(0)), 8, "0o"));
        fn("bin", (a, k) -> radix(ops.asLong(a.get(0)), 2, "0b"));
        fn("format", (a, k) -> py.format(a.get(0), a.size() > 1 ? (String) a.get(1) : ""));
        fn("globals", (a, k) -> {
            throw new PyException("NotImplementedError", "globals() is not supported");
        });
    }

    private static String radix(long v, int radix, String prefix) {
        return (v < 0 ? "-" : "") + prefix + Long.toString(Math.abs(v), radix);
    }

    private boolean issubclass(Object c, Object spec) {
        if (spec instanceof Tuple t) {
            for (Object s : t.elements()) {
                if (issubclass(c, s)) {
                    return true;
                }
            }
            return false;
        }
        if (!(c instanceof PyClass sub)) {
            throw new PyException("TypeError", "issubclass() arg 1 must be a class");
        }
        if (spec instanceof PyClass sup) {
            return sub.isSubclassOf(sup) || sup.name().equals("object") && sup.isBuiltin();
        }
        return false;
    }

    private Object round(Object v, Object ndigits) {
        if (v instanceof Boolean || v instanceof Long) {
            long l = ops.asLong(v);
            if (ndigits == null || ops.asLong(ndigits) >= 0) {
                return l;
            }
            return new BigDecimal(l).setScale((int) ops.asLong(ndigits), RoundingMode.HALF_EVEN).longValue();
        }
        if (v instanceof Double d) {
            if (ndigits == null) {
                if (Double.isNaN(d)) {
                    throw new PyException("ValueError", "cannot convert float NaN to integer");
                }
                if (Double.isInfinite(d)) {
                    throw new PyException("OverflowError", "cannot convert float infinity to integer");
                }
                return (long) Math.rint(d);
            }
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return d;
            }
            return new BigDecimal(d).setScale((int) ops.asLong(ndigits), RoundingMode.HALF_EVEN).doubleValue();
        }
        Object f = py.findAttribute(v, "__round__");
        if (f != PyClass.MISSING) {
            return py.invoke(f, ndigits == null ? List.of() : List.of(ndigits), Map.of());
        }
        throw new PyException("TypeError", "type " + ops.typeName(v) + " doesn't define __round__ method");
    }

    private Object extreme(String name, List<Object> a, Map<String, Object> k, int sign) {
        List<Object> items = a.size() == 1 ? ops.toList(a.get(0)) : a;
        Object key = k.get("key");
        if (items.isEmpty()) {
            if (k.containsKey("default")) {
                return k.get("default");
            }
            throw new PyException("ValueError", name + "() arg is an empty sequence");
        }
        Object best = items.get(0);
        Object bestKey = key == null ? best : py.invoke(key, PythonInterpreter.args(best), Map.of());
        for (int i = 1; i < items.size(); i++) {
            Object v = items.get(i);
            Object kv = key == null ? v : py.invoke(key, PythonInterpreter.args(v), Map.of());
            if (ops.truth(ops.order(sign > 0 ? ">" : "<", kv, bestKey))) {
                best = v;
                bestKey = kv;
            }
        }
        return best;
    }

    void sort(List<Object> l, Object key, boolean reverse) {
        List<Object> keys = new ArrayList<>(l.size());
        for (Object v : l) {
            keys.add(key == null ? v : py.invoke(key, PythonInterpreter.args(v), Map.of()));
        }
        Integer[] idx = new Integer[l.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Comparator<Integer> cmp = (x, y) -> {
            Object a = keys.get(x);
            Object b = keys.get(y);
            if (ops.truth(ops.order("<", a, b))) {
                return -1;
            }
            if (ops.truth(ops.order("<", b, a))) {
                return 1;
            }
            return 0;
        };
        java.util.Arrays.sort(idx, reverse ? (x, y) -> cmp.compare(y, x) : cmp);
        List<Object> sorted = new ArrayList<>(l.size());
        for (Integer i : idx) {
            sorted.add(l.get(i));
        }
        l.clear();
        l.addAll(sorted);
    }

    // ---- methods of builtin values ----

    /** A method of a builtin value bound to it ({@code "a,b".split}), or {@link PyClass#MISSING}. */
    Object methodOf(Object obj, String name) {
        PyCallable m = null;
        if (obj instanceof String s) {
            m = BuiltinMethods.str(this, ops, s, name);
        } else if (obj instanceof List<?> l) {
            m = BuiltinMethods.list(this, ops, l, name);
        } else if (obj instanceof Map<?, ?> m2) {
            m = BuiltinMethods.dict(this, ops, m2, name);
        } else if (obj instanceof Tuple t) {
            m = BuiltinMethods.tuple(ops, t, name);
        } else if (obj instanceof Descriptors.PySet s) {
            m = BuiltinMethods.set(ops, s, name);
        } else if (obj instanceof Long || obj instanceof Boolean || obj instanceof Double) {
            m = BuiltinMethods.number(ops, obj, name);
        }
        if (m != null) {
            return PyBuiltin.function(name, m);
        }
        if (obj instanceof Descriptors.Property p) {
            return switch (name) {
                case "setter" -> PyBuiltin.function("setter", (a, k) -> new Descriptors.Property(p.getter(), a.get(0), p.deleter()));
                case "getter" -> PyBuiltin.function("getter", (a, k) -> new Descriptors.Property(a.get(0), p.setter(), p.deleter()));
                case "deleter" -> PyBuiltin.function("deleter", (a, k) -> new Descriptors.Property(p.getter(), p.setter(), a.get(0)));
                case "fget" -> p.getter();
                case "fset" -> p.setter();
                default -> PyClass.MISSING;
            };
        } else if (obj instanceof Descriptors.StaticMethod s) {
            return name.equals("__func__") ? s.function() : PyClass.MISSING;
        } else if (obj instanceof Descriptors.ClassMethod s) {
            return name.equals("__func__") ? s.function() : PyClass.MISSING;
        } else if (obj instanceof PyBuiltin b) {
            return name.equals("__name__") || name.equals("__qualname__") ? b.name() : PyClass.MISSING;
        } else if (obj instanceof Descriptors.PyIterator it) {
            return name.equals("__next__") ? PyBuiltin.function("__next__", (a, k) -> {
                if (!it.hasNext()) {
                    throw py.exception(classes.get("StopIteration"), List.of());
                }
                return it.next();
            }) : name.equals("__iter__") ? PyBuiltin.function("__iter__", (a, k) -> it) : PyClass.MISSING;
        } else if (obj instanceof PySlice s) {
            return switch (name) {
                case "start" -> s.start();
                case "stop" -> s.stop();
                case "step" -> s.step();
                default -> PyClass.MISSING;
            };
        } else if (obj instanceof Descriptors.Range r) {
            return switch (name) {
                case "start" -> r.start();
                case "stop" -> r.stop();
                case "step" -> r.step();
                default -> PyClass.MISSING;
            };
        } else {
            return PyClass.MISSING;
        }
    }

    /** {@code str.join}, {@code dict.fromkeys}...: a method reached through a builtin class, self first. */
    Object unboundMethod(PyClass c, String name) {
        if (c == classes.get("dict") && name.equals("fromkeys")) {
            return PyBuiltin.function("fromkeys", (a, k) -> {
                LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
                for (Object key : ops.toList(a.get(0))) {
                    ops.dictPut(m, key, a.size() > 1 ? a.get(1) : null);
                }
                return m;
            });
        }
        if (!c.isBuiltin() || c.name().equals("object") || c.name().equals("type")) {
            return PyClass.MISSING;
        }
        return PyBuiltin.method(name, (a, k) -> {
            if (a.isEmpty() || !ops.isInstance(a.get(0), c)) {
                throw new PyException("TypeError", "descriptor '" + name + "' for '" + c.name() + "' objects doesn't apply");
            }
            Object m = methodOf(a.get(0), name);
            if (m == PyClass.MISSING) {
                throw new PyException("AttributeError", "type object '" + c.name() + "' has no attribute '" + name + "'");
            }
            return py.invoke(m, a.subList(1, a.size()), k);
        });
    }

    // ---- namedtuple ----

    /** A class whose instances are named tuples ({@code collections.namedtuple}, {@code typing.NamedTuple}). */
    static PyClass namedTupleClass(PythonInterpreter py, String name, String module, LinkedHashMap<String, Object> body) {
        Ops ops = py.ops();
        List<String> fields = new ArrayList<>();
        Map<String, Object> defaults = new HashMap<>();
        Object ann = body.get("__annotations__");
        if (ann instanceof Map<?, ?> m) {
            for (Object f : m.keySet()) {
                fields.add((String) f);
                if (body.containsKey((String) f)) {
                    defaults.put((String) f, body.remove((String) f));
                }
            }
        }
        Object fs = body.get("_fields");
        if (fs instanceof Tuple t) {
            for (Object f : t.elements()) {
                fields.add((String) f);
            }
        }
        body.put("_fields", new Tuple(new ArrayList<>(fields)));
        PyClass object = py.builtinClass("object");
        PyClass c = new PyClass(name, module, List.of(object), body, null);
        c.interpreter = py;
        body.put("__init__", PyBuiltin.method("__init__", (a, k) -> {
            PyInstance self = (PyInstance) a.get(0);
            if (a.size() - 1 > fields.size()) {
                throw new PyException("TypeError", name + ".__new__() takes " + (fields.size() + 1)
                        + " positional arguments but " + a.size() + " were given");
            }
            for (int i = 0; i < fields.size(); i++) {
                String f = fields.get(i);
                Object v = i + 1 < a.size() ? a.get(i + 1) : k.containsKey(f) ? k.get(f) : defaults.getOrDefault(f, PyClass.MISSING);
                if (v == PyClass.MISSING) {
                    throw new PyException("TypeError", name + ".__new__() missing 1 required positional argument: '" + f + "'");
                }
                self.dict().put(f, v);
            }
            return null;
        }));
        java.util.function.Function<Object, Tuple> asTuple = self -> {
            List<Object> vs = new ArrayList<>();
            for (String f : fields) {
                vs.add(((PyInstance) self).dict().get(f));
            }
            return new Tuple(vs);
        };
        body.put("__getitem__", PyBuiltin.method("__getitem__", (a, k) -> ops.getItem(asTuple.apply(a.get(0)), a.get(1))));
        body.put("__len__", PyBuiltin.method("__len__", (a, k) -> (long) fields.size()));
        body.put("__iter__", PyBuiltin.method("__iter__", (a, k) -> new Descriptors.PyIterator(asTuple.apply(a.get(0)).elements().iterator())));
        body.put("__eq__", PyBuiltin.method("__eq__", (a, k) -> a.get(1) instanceof PyInstance o && o.pyClass() == c
                ? ops.equal(asTuple.apply(a.get(0)), asTuple.apply(o)) : ops.equal(asTuple.apply(a.get(0)), a.get(1))));
        body.put("__hash__", PyBuiltin.method("__hash__", (a, k) -> (long) asTuple.apply(a.get(0)).hashCode()));
        body.put("_asdict", PyBuiltin.method("_asdict", (a, k) -> {
            LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
            for (String f : fields) {
                m.put(f, ((PyInstance) a.get(0)).dict().get(f));
            }
            return m;
        }));
        body.put("__repr__", PyBuiltin.method("__repr__", (a, k) -> {
            StringBuilder b = new StringBuilder(name).append('(');
            for (int i = 0; i < fields.size(); i++) {
                b.append(i > 0 ? ", " : "").append(fields.get(i)).append('=')
                        .append(ops.repr(((PyInstance) a.get(0)).dict().get(fields.get(i))));
            }
            return b.append(')').toString();
        }));
        return c;
    }
}
