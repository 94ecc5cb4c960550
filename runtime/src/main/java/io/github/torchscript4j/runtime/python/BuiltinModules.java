package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.Tuple;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Predicate;

/**
 * The interpreter's own modules: {@code math}, {@code typing}, {@code collections} (and {@code
 * collections.abc}), {@code warnings}, {@code numbers}, {@code itertools}, {@code functools},
 * {@code copy}, {@code operator}, {@code abc}, {@code sys}, {@code os} (the environment and {@code os.path}'s
 * string functions and existence tests; nothing that writes or runs). {@code OrderedDict} is {@code dict};
 * {@code copy.deepcopy} copies lists, dicts, sets, tuples and interpreted instances and shares host
 * values (tensors) by reference; {@code warnings.warn} prints {@code Category: message} to stderr.
 */
final class BuiltinModules {
    private BuiltinModules() {}

    static PyModuleObject make(String name, PythonInterpreter py, Ops ops) {
        PyModuleObject m = new PyModuleObject(name, "<builtin>", false);
        Map<String, Object> d = m.dict();
        switch (name) {
            case "math" -> math(d, ops);
            case "typing", "typing_extensions" -> typing(d, py);
            case "collections" -> collections(d, py, ops);
            case "collections.abc" -> abcClasses(d, py);
            case "warnings" -> warnings(d, py, ops);
            case "numbers" -> {
                d.put("Number", predicateClass(py, "Number", "numbers", v -> v instanceof Long || v instanceof Double || v instanceof Boolean));
                d.put("Complex", predicateClass(py, "Complex", "numbers", v -> v instanceof Long || v instanceof Double || v instanceof Boolean));
                d.put("Real", predicateClass(py, "Real", "numbers", v -> v instanceof Long || v instanceof Double || v instanceof Boolean));
                d.put("Integral", predicateClass(py, "Integral", "numbers", v -> v instanceof Long || v instanceof Boolean));
            }
            case "itertools" -> itertools(d, py, ops);
            case "functools" -> functools(d, py, ops);
            case "copy" -> {
                fn(d, "copy", (a, k) -> shallowCopy(py, ops, a.get(0)));
                fn(d, "deepcopy", (a, k) -> deepCopy(py, ops, a.get(0), new IdentityHashMap<>()));
            }
            case "operator" -> operator(d, py, ops);
            case "abc" -> {
                PyClass abc = new PyClass("ABC", "abc", List.of(py.builtinClass("object")), new LinkedHashMap<>(), null);
                abc.interpreter = py;
                d.put("ABC", abc);
                d.put("ABCMeta", py.builtinClass("type"));
                fn(d, "abstractmethod", (a, k) -> a.get(0));
            }
            case "enum" -> enumModule(d, py, ops);
            case "os" -> os(d, py, ops);
            case "os.path" -> osPath(d);
            case "sys" -> {
                d.put("maxsize", Long.MAX_VALUE);
                d.put("version_info", Tuple.of(3L, 11L, 0L));
                d.put("platform", "linux");
                d.put("modules", new LinkedHashMap<>());
                d.put("stdout", stream(py, "stdout", py.out));
                d.put("stderr", stream(py, "stderr", System.err));
            }
            default -> {
                return null;
            }
        }
        return m;
    }

    /**
     * {@code os} as far as model files use it when they are imported or built: the environment, the
     * working directory, {@code os.path}'s string functions and existence tests. Nothing that writes,
     * removes or runs anything is there ({@code AttributeError}).
     */
    private static void os(Map<String, Object> d, PythonInterpreter py, Ops ops) {
        d.put("sep", "/");
        d.put("linesep", "\n");
        d.put("name", "posix");
        d.put("curdir", ".");
        d.put("pardir", "..");
        d.put("environ", new LinkedHashMap<Object, Object>(System.getenv()));
        PyModuleObject path = new PyModuleObject("os.path", "<builtin>", false);
        osPath(path.dict());
        d.put("path", path);
        fn(d, "getcwd", (a, k) -> java.nio.file.Path.of("").toAbsolutePath().toString());
        fn(d, "getenv", (a, k) -> {
            String value = System.getenv(string(a, 0, "getenv"));
            return value != null ? value : a.size() > 1 ? a.get(1) : k.get("default");
        });
        fn(d, "fspath", (a, k) -> string(a, 0, "fspath"));
    }

    private static void osPath(Map<String, Object> d) {
        d.put("sep", "/");
        fn(d, "join", (a, k) -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                String part = string(a, i, "join");
                if (part.startsWith("/")) {
                    b.setLength(0);
                } else if (b.length() > 0 && b.charAt(b.length() - 1) != '/') {
                    b.append('/');
                }
                b.append(part);
            }
            return b.toString();
        });
        fn(d, "basename", (a, k) -> {
            String p = string(a, 0, "basename");
            return p.substring(p.lastIndexOf('/') + 1);
        });
        fn(d, "dirname", (a, k) -> {
            String p = string(a, 0, "dirname");
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return "";
            }
            String head = p.substring(0, slash + 1);
            return head.matches("/+") ? head : head.replaceAll("/+$", "");
        });
        fn(d, "splitext", (a, k) -> {
            String p = string(a, 0, "splitext");
            int dot = p.lastIndexOf('.');
            int slash = p.lastIndexOf('/');
            int start = slash + 1;
            while (start < p.length() && p.charAt(start) == '.') {
                start++;
            }
            return dot >= start ? Tuple.of(p.substring(0, dot), p.substring(dot)) : Tuple.of(p, "");
        });
        fn(d, "isabs", (a, k) -> string(a, 0, "isabs").startsWith("/"));
        fn(d, "abspath", (a, k) -> java.nio.file.Path.of(string(a, 0, "abspath")).toAbsolutePath().normalize().toString());
        fn(d, "normpath", (a, k) -> {
            String n = java.nio.file.Path.of(string(a, 0, "normpath")).normalize().toString();
            return n.isEmpty() ? "." : n;
        });
        fn(d, "expanduser", (a, k) -> {
            String p = string(a, 0, "expanduser");
            return p.equals("~") || p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
        });
        fn(d, "exists", (a, k) -> java.nio.file.Files.exists(java.nio.file.Path.of(string(a, 0, "exists"))));
        fn(d, "isfile", (a, k) -> java.nio.file.Files.isRegularFile(java.nio.file.Path.of(string(a, 0, "isfile"))));
        fn(d, "isdir", (a, k) -> java.nio.file.Files.isDirectory(java.nio.file.Path.of(string(a, 0, "isdir"))));
    }

    private static String string(List<Object> a, int i, String function) {
        if (i >= a.size() || !(a.get(i) instanceof String s)) {
            throw new PyException("TypeError", function + "() argument must be str, not "
                    + (i >= a.size() ? "nothing" : a.get(i) == null ? "NoneType" : a.get(i).getClass().getSimpleName()));
        }
        return s;
    }

    private static PyInstance stream(PythonInterpreter py, String name, java.io.PrintStream target) {
        PyClass c = new PyClass("TextIOWrapper", "io", List.of(py.builtinClass("object")), new LinkedHashMap<>(), null);
        c.interpreter = py;
        c.mutableDict().put("write", PyBuiltin.method("write", (a, k) -> {
            String text = (String) a.get(1);
            target.print(text);
            return (long) text.length();
        }));
        c.mutableDict().put("flush", PyBuiltin.method("flush", (a, k) -> {
            target.flush();
            return null;
        }));
        return new PyInstance(c);
    }

    private static void fn(Map<String, Object> d, String name, PyCallable body) {
        d.put(name, PyBuiltin.function(name, body));
    }

    private static PyClass predicateClass(PythonInterpreter py, String name, String module, Predicate<Object> p) {
        PyClass c = new PyClass(name, module, List.of(py.builtinClass("object")), new LinkedHashMap<>(), p);
        c.interpreter = py;
        return c;
    }

    // ---- math ----

    private static void math(Map<String, Object> d, Ops ops) {
        d.put("pi", Math.PI);
        d.put("e", Math.E);
        d.put("tau", 2 * Math.PI);
        d.put("inf", Double.POSITIVE_INFINITY);
        d.put("nan", Double.NaN);
        unary(d, ops, "sqrt", x -> x < 0 ? Double.NaN : Math.sqrt(x));
        unary(d, ops, "exp", Math::exp);
        unary(d, ops, "expm1", Math::expm1);
        unary(d, ops, "log2", x -> x <= 0 ? Double.NaN : Math.log(x) / Math.log(2));
        unary(d, ops, "log10", x -> x <= 0 ? Double.NaN : Math.log10(x));
        unary(d, ops, "log1p", x -> x <= -1 ? Double.NaN : Math.log1p(x));
        unary(d, ops, "fabs", Math::abs);
        unary(d, ops, "cos", Math::cos);
        unary(d, ops, "sin", Math::sin);
        unary(d, ops, "tan", Math::tan);
        unary(d, ops, "acos", x -> Math.abs(x) > 1 ? Double.NaN : Math.acos(x));
        unary(d, ops, "asin", x -> Math.abs(x) > 1 ? Double.NaN : Math.asin(x));
        unary(d, ops, "atan", Math::atan);
        unary(d, ops, "cosh", Math::cosh);
        unary(d, ops, "sinh", Math::sinh);
        unary(d, ops, "tanh", Math::tanh);
        unary(d, ops, "degrees", Math::toDegrees);
        unary(d, ops, "radians", Math::toRadians);
        fn(d, "log", (a, k) -> {
            double x = real(ops, a.get(0));
            if (x <= 0) {
                throw new PyException("ValueError", "math domain error");
            }
            if (a.size() > 1) {
                double b = real(ops, a.get(1));
                if (b <= 0 || b == 1) {
                    throw new PyException(b == 1 ? "ZeroDivisionError" : "ValueError", b == 1 ? "float division by zero" : "math domain error");
                }
                return Math.log(x) / Math.log(b);
            }
            return Math.log(x);
        });
        fn(d, "pow", (a, k) -> Math.pow(real(ops, a.get(0)), real(ops, a.get(1))));
        fn(d, "atan2", (a, k) -> Math.atan2(real(ops, a.get(0)), real(ops, a.get(1))));
        fn(d, "hypot", (a, k) -> {
            double s = 0;
            for (Object v : a) {
                s = Math.hypot(s, real(ops, v));
            }
            return s;
        });
        fn(d, "copysign", (a, k) -> Math.copySign(real(ops, a.get(0)), real(ops, a.get(1))));
        fn(d, "fmod", (a, k) -> real(ops, a.get(0)) % real(ops, a.get(1)));
        fn(d, "floor", (a, k) -> toLong(a.get(0) instanceof Long l ? l : Math.floor(real(ops, a.get(0)))));
        fn(d, "ceil", (a, k) -> toLong(a.get(0) instanceof Long l ? l : Math.ceil(real(ops, a.get(0)))));
        fn(d, "trunc", (a, k) -> toLong(a.get(0) instanceof Long l ? l : (double) (long) real(ops, a.get(0))));
        fn(d, "isnan", (a, k) -> Double.isNaN(real(ops, a.get(0))));
        fn(d, "isinf", (a, k) -> Double.isInfinite(real(ops, a.get(0))));
        fn(d, "isfinite", (a, k) -> Double.isFinite(real(ops, a.get(0))));
        fn(d, "isclose", (a, k) -> {
            double x = real(ops, a.get(0));
            double y = real(ops, a.get(1));
            double rel = k.containsKey("rel_tol") ? real(ops, k.get("rel_tol")) : 1e-9;
            double abs = k.containsKey("abs_tol") ? real(ops, k.get("abs_tol")) : 0.0;
            return x == y || Math.abs(x - y) <= Math.max(rel * Math.max(Math.abs(x), Math.abs(y)), abs);
        });
        fn(d, "prod", (a, k) -> {
            Object acc = k.getOrDefault("start", 1L);
            for (Object v : ops.toList(a.get(0))) {
                acc = ops.binary("*", acc, v);
            }
            return acc;
        });
        fn(d, "fsum", (a, k) -> {
            double s = 0;
            for (Object v : ops.toList(a.get(0))) {
                s += real(ops, v);
            }
            return s;
        });
        fn(d, "gcd", (a, k) -> {
            long g = 0;
            for (Object v : a) {
                g = java.math.BigInteger.valueOf(g).gcd(java.math.BigInteger.valueOf(ops.asLong(v))).longValue();
            }
            return g;
        });
        fn(d, "factorial", (a, k) -> {
            long n = ops.asLong(a.get(0));
            if (n < 0) {
                throw new PyException("ValueError", "factorial() not defined for negative values");
            }
            long r = 1;
            for (long i = 2; i <= n; i++) {
                r = Math.multiplyExact(r, i);
            }
            return r;
        });
        fn(d, "comb", (a, k) -> {
            long n = ops.asLong(a.get(0));
            long r = ops.asLong(a.get(1));
            if (r < 0 || r > n) {
                return 0L;
            }
            long c = 1;
            for (long i = 1; i <= Math.min(r, n - r); i++) {
                c = c * (n - i + 1) / i;
            }
            return c;
        });
    }

    private static Object toLong(Object v) {
        if (v instanceof Long) {
            return v;
        }
        double d = (Double) v;
        if (Double.isNaN(d)) {
            throw new PyException("ValueError", "cannot convert float NaN to integer");
        }
        if (Double.isInfinite(d)) {
            throw new PyException("OverflowError", "cannot convert float infinity to integer");
        }
        return (long) d;
    }

    private static double real(Ops ops, Object v) {
        if (v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return Ops.toDouble(v);
        }
        if (ops.foreign(v)) {
            return Ops.toDouble(ops.toFloat(v));
        }
        throw new PyException("TypeError", "must be real number, not " + ops.typeName(v));
    }

    private static void unary(Map<String, Object> d, Ops ops, String name, DoubleUnaryOperator f) {
        fn(d, name, (a, k) -> {
            if (a.size() != 1) {
                throw new PyException("TypeError", "math." + name + "() takes exactly one argument (" + a.size() + " given)");
            }
            double x = real(ops, a.get(0));
            double r = f.applyAsDouble(x);
            if (Double.isNaN(r) && !Double.isNaN(x)) {
                throw new PyException("ValueError", "math domain error");
            }
            return r;
        });
    }

    // ---- enum ----

    /** {@code enum.auto()}: numbered 1, 2, ... in definition order when the class is made. */
    record Auto() {}

    private static void enumModule(Map<String, Object> d, PythonInterpreter py, Ops ops) {
        PyClass object = py.builtinClass("object");
        PyClass e = new PyClass("Enum", "enum", List.of(object), new LinkedHashMap<>(), null);
        e.interpreter = py;
        e.mutableDict().put("__repr__", PyBuiltin.method("__repr__", (a, k) -> {
            PyInstance m = (PyInstance) a.get(0);
            return "<" + m.pyClass().name() + "." + m.dict().get("name") + ": " + ops.repr(m.dict().get("value")) + ">";
        }));
        e.mutableDict().put("__str__", PyBuiltin.method("__str__", (a, k) -> {
            PyInstance m = (PyInstance) a.get(0);
            return m.pyClass().name() + "." + m.dict().get("name");
        }));
        e.mutableDict().put("__hash__", PyBuiltin.method("__hash__", (a, k) -> (long) System.identityHashCode(a.get(0))));
        d.put("Enum", e);
        PyClass intEnum = new PyClass("IntEnum", "enum", List.of(e), new LinkedHashMap<>(), null);
        intEnum.interpreter = py;
        d.put("IntEnum", intEnum);
        fn(d, "auto", (a, k) -> new Auto());
        fn(d, "unique", (a, k) -> a.get(0));
    }

    /** Turns the plain attributes of a new subclass of {@code enum.Enum} into its members. */
    static void makeEnum(PythonInterpreter py, Ops ops, PyClass c) {
        LinkedHashMap<Object, Object> members = new LinkedHashMap<>();
        long next = 1;
        for (Map.Entry<String, Object> en : new ArrayList<>(c.mutableDict().entrySet())) {
            String name = en.getKey();
            Object v = en.getValue();
            if (name.startsWith("_") || v instanceof PyFunction || v instanceof PyBuiltin || v instanceof PyClass
                    || v instanceof Descriptors.StaticMethod || v instanceof Descriptors.ClassMethod
                    || v instanceof Descriptors.Property) {
                continue;
            }
            if (v instanceof Auto) {
                v = next;
            }
            if (v instanceof Long l) {
                next = l + 1;
            }
            PyInstance m = new PyInstance(c);
            m.dict().put("name", name);
            m.dict().put("value", v);
            m.dict().put("_name_", name);
            m.dict().put("_value_", v);
            c.mutableDict().put(name, m);
            members.put(name, m);
        }
        c.mutableDict().put("_member_map_", members);
        c.mutableDict().put("__members__", members);
        c.constructor = (a, k) -> {
            for (Object m : members.values()) {
                if (ops.equal(((PyInstance) m).dict().get("value"), a.get(0)) || m == a.get(0)) {
                    return m;
                }
            }
            throw new PyException("ValueError", ops.repr(a.get(0)) + " is not a valid " + c.name());
        };
    }

    // ---- typing ----

    private static void typing(Map<String, Object> d, PythonInterpreter py) {
        for (String n : List.of("Any", "List", "Dict", "Tuple", "Optional", "Union", "Callable", "Set", "FrozenSet",
                "Sequence", "Iterable", "Iterator", "Mapping", "MutableMapping", "Type", "Final", "ClassVar", "Generic",
                "Protocol", "NamedTuple", "Literal", "NoReturn", "Generator", "Deque", "DefaultDict", "OrderedDict",
                "Hashable", "Sized", "Collection", "MutableSequence", "AbstractSet", "SupportsInt", "SupportsFloat",
                "Annotated", "TypeAlias", "Counter")) {
            d.put(n, new Descriptors.TypingForm(n));
        }
        d.put("TYPE_CHECKING", false);
        fn(d, "cast", (a, k) -> a.get(1));
        fn(d, "overload", (a, k) -> a.get(0));
        fn(d, "no_type_check", (a, k) -> a.get(0));
        fn(d, "final", (a, k) -> a.get(0));
        fn(d, "runtime_checkable", (a, k) -> a.get(0));
        fn(d, "TypeVar", (a, k) -> new Descriptors.TypingForm((String) a.get(0)));
        fn(d, "NewType", (a, k) -> PyBuiltin.function((String) a.get(0), (x, y) -> x.get(0)));
        fn(d, "get_type_hints", (a, k) -> {
            Object ann = py.findAttribute(a.get(0), "__annotations__");
            return ann == PyClass.MISSING ? new LinkedHashMap<>() : ann;
        });
    }

    // ---- collections ----

    private static void collections(Map<String, Object> d, PythonInterpreter py, Ops ops) {
        d.put("OrderedDict", py.builtinClass("OrderedDict"));
        fn(d, "namedtuple", (a, k) -> {
            String typename = (String) a.get(0);
            Object fieldSpec = a.size() > 1 ? a.get(1) : k.get("field_names");
            List<Object> fields = fieldSpec instanceof String s
                    ? BuiltinMethods.split(s.replace(',', ' '), null, -1) : ops.toList(fieldSpec);
            LinkedHashMap<String, Object> body = new LinkedHashMap<>();
            LinkedHashMap<Object, Object> ann = new LinkedHashMap<>();
            for (Object f : fields) {
                ann.put(f, null);
            }
            body.put("__annotations__", ann);
            Object defaults = k.get("defaults");
            if (defaults != null) {
                List<Object> ds = ops.toList(defaults);
                for (int i = 0; i < ds.size(); i++) {
                    body.put((String) fields.get(fields.size() - ds.size() + i), ds.get(i));
                }
            }
            String module = k.get("module") instanceof String s ? s : "collections";
            return Builtins.namedTupleClass(py, typename, module, body);
        });
        fn(d, "defaultdict", (a, k) -> {
            Object factory = a.isEmpty() ? null : a.get(0);
            DefaultDict m = new DefaultDict(factory);
            if (a.size() > 1 && a.get(1) instanceof Map<?, ?> src) {
                m.putAll(src);
            }
            return m;
        });
        abcClasses(new LinkedHashMap<>(), py);
    }

    /**
     * A {@code collections.OrderedDict}: a dict (insertion-ordered like every dict here) that prints
     * as CPython 3.11 prints one and, unlike a plain dict, takes attributes ({@code
     * destination._metadata = ...} in {@code Module.state_dict}).
     */
    static final class OrderedDictValue extends LinkedHashMap<Object, Object> {
        final transient LinkedHashMap<String, Object> attributes = new LinkedHashMap<>();
    }

    /** A {@code collections.defaultdict}: a dict whose missing keys are made by {@code factory}. */
    static final class DefaultDict extends LinkedHashMap<Object, Object> {
        final transient Object factory;

        DefaultDict(Object factory) {
            this.factory = factory;
        }
    }

    private static void abcClasses(Map<String, Object> d, PythonInterpreter py) {
        d.put("Iterable", predicateClass(py, "Iterable", "collections.abc", v -> v instanceof List || v instanceof Tuple
                || v instanceof Map || v instanceof String || v instanceof Descriptors.PySet || v instanceof Descriptors.Range
                || v instanceof Descriptors.PyIterator));
        d.put("Sequence", predicateClass(py, "Sequence", "collections.abc", v -> v instanceof List || v instanceof Tuple
                || v instanceof String || v instanceof Descriptors.Range));
        d.put("Mapping", predicateClass(py, "Mapping", "collections.abc", v -> v instanceof Map));
        d.put("Callable", predicateClass(py, "Callable", "collections.abc", v -> v instanceof PyCallable));
    }

    // ---- warnings ----

    private static void warnings(Map<String, Object> d, PythonInterpreter py, Ops ops) {
        fn(d, "warn", (a, k) -> {
            Object message = a.get(0);
            Object category = a.size() > 1 ? a.get(1) : k.get("category");
            String cat = category instanceof PyClass c ? c.name() : message instanceof PyInstance i ? i.pyClass().name() : "UserWarning";
            System.err.println(cat + ": " + ops.str(message));
            return null;
        });
        fn(d, "simplefilter", (a, k) -> null);
        fn(d, "filterwarnings", (a, k) -> null);
        PyClass catchWarnings = new PyClass("catch_warnings", "warnings", List.of(py.builtinClass("object")), new LinkedHashMap<>(), null);
        catchWarnings.interpreter = py;
        catchWarnings.mutableDict().put("__init__", PyBuiltin.method("__init__", (a, k) -> null));
        catchWarnings.mutableDict().put("__enter__", PyBuiltin.method("__enter__", (a, k) -> null));
        catchWarnings.mutableDict().put("__exit__", PyBuiltin.method("__exit__", (a, k) -> false));
        d.put("catch_warnings", catchWarnings);
    }

    // ---- itertools, functools, operator ----

    private static void itertools(Map<String, Object> d, PythonInterpreter py, Ops ops) {
        fn(d, "chain", (a, k) -> {
            List<Object> out = new ArrayList<>();
            for (Object it : a) {
                out.addAll(ops.toList(it));
            }
            return new Descriptors.PyIterator(out.iterator());
        });
        fn(d, "repeat", (a, k) -> {
            if (a.size() < 2 && !k.containsKey("times")) {
                throw new PyException("NotImplementedError", "itertools.repeat without times (infinite) is not supported");
            }
            long n = ops.asLong(a.size() > 1 ? a.get(1) : k.get("times"));
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                out.add(a.get(0));
            }
            return new Descriptors.PyIterator(out.iterator());
        });
        fn(d, "product", (a, k) -> {
            long repeat = k.containsKey("repeat") ? ops.asLong(k.get("repeat")) : 1;
            List<List<Object>> pools = new ArrayList<>();
            for (long r = 0; r < repeat; r++) {
                for (Object it : a) {
                    pools.add(ops.toList(it));
                }
            }
            List<List<Object>> result = new ArrayList<>();
            result.add(new ArrayList<>());
            for (List<Object> pool : pools) {
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> prefix : result) {
                    for (Object v : pool) {
                        List<Object> row = new ArrayList<>(prefix);
                        row.add(v);
                        next.add(row);
                    }
                }
                result = next;
            }
            List<Object> out = new ArrayList<>();
            for (List<Object> row : result) {
                out.add(new Tuple(row));
            }
            return new Descriptors.PyIterator(out.iterator());
        });
        fn(d, "islice", (a, k) -> {
            List<Object> all = ops.toList(a.get(0));
            PySlice s = a.size() == 2 ? new PySlice(null, a.get(1), null) : new PySlice(a.get(1), a.get(2), a.size() > 3 ? a.get(3) : null);
            List<Object> out = new ArrayList<>();
            for (long i : ops.sliceIndices(s, all.size())) {
                out.add(all.get((int) i));
            }
            return new Descriptors.PyIterator(out.iterator());
        });
        fn(d, "accumulate", (a, k) -> {
            Object f = a.size() > 1 ? a.get(1) : k.get("func");
            List<Object> out = new ArrayList<>();
            Object acc = PyClass.MISSING;
            for (Object v : ops.toList(a.get(0))) {
                acc = acc == PyClass.MISSING ? v : f == null ? ops.binary("+", acc, v) : py.invoke(f, PythonInterpreter.args(acc, v), Map.of());
                out.add(acc);
            }
            return new Descriptors.PyIterator(out.iterator());
        });
    }

    private static void functools(Map<String, Object> d, PythonInterpreter py, Ops ops) {
        fn(d, "partial", (a, k) -> {
            Object f = a.get(0);
            List<Object> bound = new ArrayList<>(a.subList(1, a.size()));
            Map<String, Object> boundKw = new LinkedHashMap<>(k);
            return PyBuiltin.function("partial", (x, y) -> {
                List<Object> all = new ArrayList<>(bound);
                all.addAll(x);
                Map<String, Object> kw = new LinkedHashMap<>(boundKw);
                kw.putAll(y);
                return py.invoke(f, all, kw);
            });
        });
        fn(d, "reduce", (a, k) -> {
            List<Object> items = ops.toList(a.get(1));
            int start = 0;
            Object acc;
            if (a.size() > 2) {
                acc = a.get(2);
            } else {
                if (items.isEmpty()) {
                    throw new PyException("TypeError", "reduce() of empty iterable with no initial value");
                }
                acc = items.get(0);
                start = 1;
            }
            for (int i = start; i < items.size(); i++) {
                acc = py.invoke(a.get(0), PythonInterpreter.args(acc, items.get(i)), Map.of());
            }
            return acc;
        });
        fn(d, "wraps", (a, k) -> PyBuiltin.function("wraps", (x, y) -> {
            if (x.get(0) instanceof PyFunction wrapper && a.get(0) instanceof PyFunction wrapped) {
                wrapper.dict.put("__name__", wrapped.dict.getOrDefault("__name__", wrapped.name));
                wrapper.dict.put("__qualname__", wrapped.dict.getOrDefault("__qualname__", wrapped.qualname));
                wrapper.dict.put("__doc__", wrapped.dict.get("__doc__"));
                wrapper.dict.put("__wrapped__", wrapped);
            }
            return x.get(0);
        }));
        fn(d, "update_wrapper", (a, k) -> a.get(0));
        fn(d, "lru_cache", (a, k) -> a.size() == 1 && !(a.get(0) instanceof Long) && a.get(0) != null
                ? a.get(0) : PyBuiltin.function("lru_cache", (x, y) -> x.get(0)));
        fn(d, "cache", (a, k) -> a.get(0));
    }

    private static void operator(Map<String, Object> d, PythonInterpreter py, Ops ops) {
        for (String[] op : new String[][] {{"add", "+"}, {"sub", "-"}, {"mul", "*"}, {"truediv", "/"}, {"floordiv", "//"},
                {"mod", "%"}, {"pow", "**"}, {"and_", "&"}, {"or_", "|"}, {"xor", "^"}, {"matmul", "@"}}) {
            fn(d, op[0], (a, k) -> ops.binary(op[1], a.get(0), a.get(1)));
        }
        fn(d, "neg", (a, k) -> ops.unary("-", a.get(0)));
        fn(d, "not_", (a, k) -> !ops.truth(a.get(0)));
        fn(d, "getitem", (a, k) -> ops.getItem(a.get(0), a.get(1)));
        fn(d, "index", (a, k) -> ops.asLong(a.get(0)));
        fn(d, "eq", (a, k) -> ops.compare(io.github.torchscript4j.checker.syntax.ast.CmpOperator.EQ, a.get(0), a.get(1)));
        fn(d, "contains", (a, k) -> ops.contains(a.get(0), a.get(1)));
        fn(d, "itemgetter", (a, k) -> PyBuiltin.function("itemgetter", (x, y) -> {
            if (a.size() == 1) {
                return ops.getItem(x.get(0), a.get(0));
            }
            List<Object> out = new ArrayList<>();
            for (Object i : a) {
                out.add(ops.getItem(x.get(0), i));
            }
            return new Tuple(out);
        }));
        fn(d, "attrgetter", (a, k) -> PyBuiltin.function("attrgetter", (x, y) -> {
            Object v = x.get(0);
            for (String part : ((String) a.get(0)).split("\\.")) {
                v = py.getAttribute(v, part);
            }
            return v;
        }));
    }

    // ---- copy ----

    static Object shallowCopy(PythonInterpreter py, Ops ops, Object v) {
        if (v instanceof DefaultDict dd) {
            DefaultDict c = new DefaultDict(dd.factory);
            c.putAll(dd);
            return c;
        } else if (v instanceof OrderedDictValue od) {
            OrderedDictValue c = new OrderedDictValue();
            c.putAll(od);
            return c;
        } else if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        } else if (v instanceof Map<?, ?> m) {
            return new LinkedHashMap<>(m);
        } else if (v instanceof Descriptors.PySet s) {
            return new Descriptors.PySet(s.elements, s.frozen);
        } else if (v instanceof PyInstance inst) {
            Object copy = py.findAttribute(inst, "__copy__");
            if (copy != PyClass.MISSING) {
                return py.invoke(copy, List.of(), Map.of());
            }
            PyInstance c = new PyInstance(inst.pyClass());
            c.dict().putAll(inst.dict());
            return c;
        }
        return v;
    }

    static Object deepCopy(PythonInterpreter py, Ops ops, Object v, IdentityHashMap<Object, Object> memo) {
        if (v == null || memo.containsKey(v)) {
            return v == null ? null : memo.get(v);
        }
        if (v instanceof List<?> l) {
            ArrayList<Object> c = new ArrayList<>();
            memo.put(v, c);
            for (Object e : l) {
                c.add(deepCopy(py, ops, e, memo));
            }
            return c;
        } else if (v instanceof Map<?, ?> m) {
            LinkedHashMap<Object, Object> c = v instanceof DefaultDict dd ? new DefaultDict(dd.factory)
                    : v instanceof OrderedDictValue ? new OrderedDictValue() : new LinkedHashMap<>();
            memo.put(v, c);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                c.put(deepCopy(py, ops, e.getKey(), memo), deepCopy(py, ops, e.getValue(), memo));
            }
            return c;
        } else if (v instanceof Tuple t) {
            List<Object> c = new ArrayList<>();
            for (Object e : t.elements()) {
                c.add(deepCopy(py, ops, e, memo));
            }
            return new Tuple(c);
        } else if (v instanceof Descriptors.PySet s) {
            List<Object> c = new ArrayList<>();
            for (Object e : s.elements) {
                c.add(deepCopy(py, ops, e, memo));
            }
            return new Descriptors.PySet(c, s.frozen);
        } else if (v instanceof PyInstance inst) {
            Object deep = py.findAttribute(inst, "__deepcopy__");
            if (deep != PyClass.MISSING) {
                return py.invoke(deep, PythonInterpreter.args(new LinkedHashMap<>()), Map.of());
            }
            PyInstance c = new PyInstance(inst.pyClass());
            memo.put(v, c);
            for (Map.Entry<String, Object> e : inst.dict().entrySet()) {
                c.dict().put(e.getKey(), deepCopy(py, ops, e.getValue(), memo));
            }
            return c;
        }
        return v;
    }
}
