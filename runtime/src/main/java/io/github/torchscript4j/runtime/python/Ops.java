package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.syntax.ast.CmpOperator;
import io.github.torchscript4j.runtime.json.PythonFloats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Python's operators and protocols on the interpreter's values: arithmetic with Python's int and
 * float rules, comparisons, truth, iteration, subscripts, {@code str}/{@code repr}, {@code
 * isinstance}; dunder methods for interpreted instances, the {@link Host} for foreign values.
 * Ints are Java longs: a result that does not fit raises {@code OverflowError} (CPython's ints are
 * unbounded).
 */
final class Ops {
    private final PythonInterpreter py;
    private final Host host;

    Ops(PythonInterpreter py, Host host) {
        this.py = py;
        this.host = host;
    }

    boolean foreign(Object v) {
        return v != null && !(v instanceof PyInstance) && !(v instanceof PyBuiltin) && host.isForeign(v);
    }

    /** The number the host converts foreign {@code v} to for {@code int(v)} or {@code float(v)} ({@code builtin}), if it does. */
    java.util.Optional<Object> toNumber(Object v, String builtin) {
        return foreign(v) ? host.toNumber(v, builtin) : java.util.Optional.empty();
    }

    // ---- types ----

    String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        } else if (v instanceof Boolean) {
            return "bool";
        } else if (v instanceof Long) {
            return "int";
        } else if (v instanceof Double) {
            return "float";
        } else if (v instanceof String) {
            return "str";
        } else if (v instanceof PyInstance i) {
            return i.pyClass().name();
        } else if (foreign(v)) {
            return host.typeName(v);
        } else if (v instanceof List) {
            return "list";
        } else if (v instanceof BuiltinModules.OrderedDictValue) {
            return "OrderedDict";
        } else if (v instanceof BuiltinModules.DefaultDict) {
            return "defaultdict";
        } else if (v instanceof Map) {
            return "dict";
        } else if (v instanceof Tuple) {
            return "tuple";
        } else if (v instanceof Descriptors.PySet s) {
            return s.frozen ? "frozenset" : "set";
        } else if (v instanceof Descriptors.Range) {
            return "range";
        } else if (v instanceof PyClass) {
            return "type";
        } else if (v instanceof PyFunction) {
            return "function";
        } else if (v instanceof PyBoundMethod) {
            return "method";
        } else if (v instanceof PyBuiltin) {
            return "builtin_function_or_method";
        } else if (v instanceof PyModuleObject) {
            return "module";
        } else if (v instanceof PySlice) {
            return "slice";
        } else if (v == PySlice.ELLIPSIS) {
            return "ellipsis";
        } else if (v instanceof Descriptors.PyIterator) {
            return "iterator";
        } else if (v instanceof Descriptors.Super) {
            return "super";
        } else if (v instanceof Descriptors.Property) {
            return "property";
        } else if (v == Descriptors.NOT_IMPLEMENTED) {
            return "NotImplementedType";
        } else if (v instanceof PyAttributes pa) {
            return pa.pythonTypeName();
        } else if (v instanceof PyCallable) {
            return "builtin_function_or_method";
        }
        return v.getClass().getSimpleName();
    }

    boolean isInstance(Object v, Object cls) {
        if (cls instanceof Tuple t) {
            for (Object c : t.elements()) {
                if (isInstance(v, c)) {
                    return true;
                }
            }
            return false;
        }
        if (cls instanceof PyClass c) {
            if (c.builtinInstances != null) {
                if (v instanceof PyInstance inst) {
                    return inst.pyClass().isSubclassOf(c) || c.name().equals("object");
                }
                return c.builtinInstances.test(v);
            }
            return v instanceof PyInstance inst && inst.pyClass().isSubclassOf(c);
        }
        if (cls instanceof Descriptors.TypingForm t) {
            return t.name().equals("Any");
        }
        if (cls != null && (foreign(cls) || cls instanceof PyAttributes)) {
            return foreign(v) && host.isInstance(v, cls);
        }
        throw new PyException("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union");
    }

    // ---- truth ----

    boolean truth(Object v) {
        if (v == null) {
            return false;
        } else if (v instanceof Boolean b) {
            return b;
        } else if (v instanceof Long l) {
            return l != 0;
        } else if (v instanceof Double d) {
            return d != 0;
        } else if (v instanceof String s) {
            return !s.isEmpty();
        } else if (v instanceof PyInstance inst) {
            Object m = inst.pyClass().lookup("__bool__");
            if (m != PyClass.MISSING) {
                Object r = py.invoke(py.bind(m, inst, inst.pyClass()), List.of(), Map.of());
                if (!(r instanceof Boolean b)) {
                    throw new PyException("TypeError", "__bool__ should return bool, returned " + typeName(r));
                }
                return b;
            }
            m = inst.pyClass().lookup("__len__");
            if (m != PyClass.MISSING) {
                return len(inst) != 0;
            }
            return true;
        } else if (foreign(v)) {
            return host.truth(v);
        } else if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        } else if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        } else if (v instanceof Tuple t) {
            return t.size() != 0;
        } else if (v instanceof Descriptors.PySet s) {
            return !s.elements.isEmpty();
        } else if (v instanceof Descriptors.Range r) {
            return r.length() != 0;
        }
        return true;
    }

    long len(Object v) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        } else if (v instanceof PyInstance inst) {
            Object m = inst.pyClass().lookup("__len__");
            if (m == PyClass.MISSING) {
                throw new PyException("TypeError", "object of type '" + typeName(v) + "' has no len()");
            }
            Object r = py.invoke(py.bind(m, inst, inst.pyClass()), List.of(), Map.of());
            if (!(r instanceof Long l)) {
                throw new PyException("TypeError", "'" + typeName(r) + "' object cannot be interpreted as an integer");
            }
            if (l < 0) {
                throw new PyException("ValueError", "__len__() should return >= 0");
            }
            return l;
        } else if (foreign(v)) {
            return host.length(v);
        } else if (v instanceof Collection<?> c) {
            return c.size();
        } else if (v instanceof Map<?, ?> m) {
            return m.size();
        } else if (v instanceof Tuple t) {
            return t.size();
        } else if (v instanceof Descriptors.PySet s) {
            return s.elements.size();
        } else if (v instanceof Descriptors.Range r) {
            return r.length();
        }
        throw new PyException("TypeError", "object of type '" + typeName(v) + "' has no len()");
    }

    // ---- iteration ----

    Iterator<Object> iterate(Object v) {
        if (v instanceof List<?> l) {
            return new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return i < l.size();
                }

                @Override
                public Object next() {
                    if (i >= l.size()) {
                        throw new NoSuchElementException();
                    }
                    return l.get(i++);
                }
            };
        } else if (v instanceof Tuple t) {
            return t.elements().iterator();
        } else if (v instanceof String s) {
            return s.codePoints().mapToObj(c -> (Object) new String(Character.toChars(c))).iterator();
        } else if (v instanceof Descriptors.PyIterator it) {
            @SuppressWarnings("unchecked")
            Iterator<Object> r = (Iterator<Object>) (Iterator<?>) it;
            return r;
        } else if (v instanceof PyInstance inst) {
            return instanceIterator(inst);
        } else if (v instanceof PyClass c && c.dict().get("_member_map_") instanceof Map<?, ?> members) {
            return new ArrayList<Object>(members.values()).iterator();
        } else if (foreign(v)) {
            return host.iterate(v).iterator();
        } else if (v instanceof Map<?, ?> m) {
            return new ArrayList<Object>(m.keySet()).iterator();
        } else if (v instanceof Descriptors.PySet s) {
            return new ArrayList<>(s.elements).iterator();
        } else if (v instanceof Descriptors.Range r) {
            return new Iterator<>() {
                long i;
                final long n = r.length();

                @Override
                public boolean hasNext() {
                    return i < n;
                }

                @Override
                public Object next() {
                    return r.get(i++);
                }
            };
        }
        throw new PyException("TypeError", "'" + typeName(v) + "' object is not iterable");
    }

    private Iterator<Object> instanceIterator(PyInstance inst) {
        PyClass c = inst.pyClass();
        Object m = c.lookup("__iter__");
        if (m != PyClass.MISSING) {
            Object it = py.invoke(py.bind(m, inst, c), List.of(), Map.of());
            if (it instanceof PyInstance other && other.pyClass().lookup("__next__") != PyClass.MISSING) {
                Object next = py.bind(other.pyClass().lookup("__next__"), other, other.pyClass());
                return new Iterator<>() {
                    Object pending = PyClass.MISSING;
                    boolean done;

                    @Override
                    public boolean hasNext() {
                        if (pending == PyClass.MISSING && !done) {
                            try {
                                pending = py.invoke(next, List.of(), Map.of());
                            } catch (PyException e) {
                                if (!py.exceptionMatches(e, py.builtinClass("StopIteration"))) {
                                    throw e;
                                }
                                done = true;
                            }
                        }
                        return !done;
                    }

                    @Override
                    public Object next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Object r = pending;
                        pending = PyClass.MISSING;
                        return r;
                    }
                };
            }
            return iterate(it);
        }
        Object getitem = c.lookup("__getitem__");
        if (getitem != PyClass.MISSING) {
            List<Object> out = new ArrayList<>();
            for (long i = 0; ; i++) {
                try {
                    out.add(getItem(inst, i));
                } catch (PyException e) {
                    if (py.exceptionMatches(e, Tuple.of(py.builtinClass("IndexError"), py.builtinClass("StopIteration")))) {
                        break;
                    }
                    throw e;
                }
            }
            return out.iterator();
        }
        throw new PyException("TypeError", "'" + c.name() + "' object is not iterable");
    }

    List<Object> toList(Object v) {
        if (v instanceof Tuple t) {
            return t.elements();
        }
        List<Object> out = new ArrayList<>();
        iterate(v).forEachRemaining(out::add);
        return out;
    }

    // ---- numbers ----

    private static Object num(Object v) {
        return v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v;
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    static double toDouble(Object v) {
        Object n = num(v);
        return n instanceof Long l ? l.doubleValue() : (Double) n;
    }

    // ---- binary operators ----

    Object binary(String op, Object l, Object r) {
        boolean inplace = op.length() > 1 && op.endsWith("=") && !op.equals("==") && !op.equals("<=")
                && !op.equals(">=") && !op.equals("!=");
        String base = inplace ? op.substring(0, op.length() - 1) : op;
        if (l instanceof PyInstance || r instanceof PyInstance) {
            Object res = dunderBinary(base, inplace, l, r);
            if (res != Descriptors.NOT_IMPLEMENTED) {
                return res;
            }
            if (!(l instanceof String && base.equals("%"))) {
                throw unsupported(op, l, r);
            }
        }
        if (foreign(l) || foreign(r)) {
            Optional<Object> res = host.binary(op, l, r);
            if (res.isEmpty() && inplace) {
                res = host.binary(base, l, r);
            }
            return res.orElseThrow(() -> unsupported(op, l, r));
        }
        if (inplace && l instanceof List<?> list && base.equals("+")) {
            @SuppressWarnings("unchecked")
            List<Object> target = (List<Object>) list;
            target.addAll(toList(r));
            return target;
        }
        if (inplace && l instanceof Map<?, ?> m && base.equals("|") && r instanceof Map<?, ?> rm) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> target = (Map<Object, Object>) m;
            target.putAll(rm);
            return target;
        }
        Object res = builtinBinary(base, l, r);
        if (res == Descriptors.NOT_IMPLEMENTED) {
            if (l instanceof String && base.equals("+")) {
                throw new PyException("TypeError", "can only concatenate str (not \"" + typeName(r) + "\") to str");
            }
            if ((l instanceof List || l instanceof Tuple) && base.equals("+")) {
                throw new PyException("TypeError", "can only concatenate " + typeName(l) + " (not \"" + typeName(r)
                        + "\") to " + typeName(l));
            }
            throw unsupported(op, l, r);
        }
        return res;
    }

    private PyException unsupported(String op, Object l, Object r) {
        return new PyException("TypeError", "unsupported operand type(s) for " + op + ": '" + typeName(l) + "' and '"
                + typeName(r) + "'");
    }

    private static final Map<String, String> DUNDER = Map.ofEntries(
            Map.entry("+", "add"), Map.entry("-", "sub"), Map.entry("*", "mul"), Map.entry("/", "truediv"),
            Map.entry("//", "floordiv"), Map.entry("%", "mod"), Map.entry("**", "pow"), Map.entry("@", "matmul"),
            Map.entry("&", "and"), Map.entry("|", "or"), Map.entry("^", "xor"), Map.entry("<<", "lshift"),
            Map.entry(">>", "rshift"));

    private Object dunderBinary(String op, boolean inplace, Object l, Object r) {
        String name = DUNDER.get(op);
        if (inplace && l instanceof PyInstance li) {
            Object m = li.pyClass().lookup("__i" + name + "__");
            if (m != PyClass.MISSING) {
                Object res = py.invoke(py.bind(m, li, li.pyClass()), PythonInterpreter.args(r), Map.of());
                if (res != Descriptors.NOT_IMPLEMENTED) {
                    return res;
                }
            }
        }
        if (l instanceof PyInstance li) {
            Object m = li.pyClass().lookup("__" + name + "__");
            if (m != PyClass.MISSING) {
                Object res = py.invoke(py.bind(m, li, li.pyClass()), PythonInterpreter.args(r), Map.of());
                if (res != Descriptors.NOT_IMPLEMENTED) {
                    return res;
                }
            }
        } else if (foreign(l)) {
            Optional<Object> res = host.binary(op, l, r);
            if (res.isPresent()) {
                return res.get();
            }
        }
        if (r instanceof PyInstance ri) {
            Object m = ri.pyClass().lookup("__r" + name + "__");
            if (m != PyClass.MISSING) {
                return py.invoke(py.bind(m, ri, ri.pyClass()), PythonInterpreter.args(l), Map.of());
            }
        }
        return Descriptors.NOT_IMPLEMENTED;
    }

    private Object builtinBinary(String op, Object l, Object r) {
        if (isNumber(l) && isNumber(r)) {
            Object a = num(l);
            Object b = num(r);
            if (a instanceof Long x && b instanceof Long y) {
                return intOp(op, x, y);
            }
            if (op.equals("&") || op.equals("|") || op.equals("^") || op.equals("<<") || op.equals(">>") || op.equals("@")) {
                return Descriptors.NOT_IMPLEMENTED;
            }
            return floatOp(op, toDouble(a), toDouble(b));
        }
        switch (op) {
            case "+" -> {
                if (l instanceof String a && r instanceof String b) {
                    return a + b;
                } else if (l instanceof List<?> a && r instanceof List<?> b) {
                    ArrayList<Object> out = new ArrayList<>(a);
                    out.addAll(b);
                    return out;
                } else if (l instanceof Tuple a && r instanceof Tuple b) {
                    List<Object> out = new ArrayList<>(a.elements());
                    out.addAll(b.elements());
                    return new Tuple(out);
                }
            }
            case "*" -> {
                if (num(r) instanceof Long n && !(l instanceof Long || l instanceof Double || l instanceof Boolean)) {
                    return repeat(l, n);
                } else if (num(l) instanceof Long n) {
                    return repeat(r, n);
                }
            }
            case "%" -> {
                if (l instanceof String fmt) {
                    return Formatting.percent(this, fmt, r);
                }
            }
            case "|", "&", "-", "^" -> {
                if (l instanceof Descriptors.PySet a && r instanceof Descriptors.PySet b) {
                    java.util.LinkedHashSet<Object> out = new java.util.LinkedHashSet<>(a.elements);
                    switch (op) {
                        case "|" -> out.addAll(b.elements);
                        case "&" -> out.retainAll(b.elements);
                        case "-" -> out.removeAll(b.elements);
                        default -> {
                            for (Object x : b.elements) {
                                if (!out.remove(x)) {
                                    out.add(x);
                                }
                            }
                        }
                    }
                    return new Descriptors.PySet(out, a.frozen);
                }
                if (op.equals("|") && l instanceof Map<?, ?> a && r instanceof Map<?, ?> b) {
                    LinkedHashMap<Object, Object> out = new LinkedHashMap<>(a);
                    out.putAll(b);
                    return out;
                }
            }
            default -> { }
        }
        return Descriptors.NOT_IMPLEMENTED;
    }

    private Object repeat(Object seq, long n) {
        if (seq instanceof String s) {
            return n <= 0 ? "" : s.repeat((int) n);
        } else if (seq instanceof List<?> l) {
            ArrayList<Object> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                out.addAll(l);
            }
            return out;
        } else if (seq instanceof Tuple t) {
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                out.addAll(t.elements());
            }
            return new Tuple(out);
        }
        return Descriptors.NOT_IMPLEMENTED;
    }

    static Object intOp(String op, long x, long y) {
        try {
            switch (op) {
                case "+":
                    return Math.addExact(x, y);
                case "-":
                    return Math.subtractExact(x, y);
                case "*":
                    return Math.multiplyExact(x, y);
                case "/":
                    if (y == 0) {
                        throw new PyException("ZeroDivisionError", "division by zero");
                    }
                    return (double) x / (double) y;
                case "//":
                    if (y == 0) {
                        throw new PyException("ZeroDivisionError", "integer division or modulo by zero");
                    }
                    return Math.floorDiv(x, y);
                case "%":
                    if (y == 0) {
                        throw new PyException("ZeroDivisionError", "integer modulo by zero");
                    }
                    return Math.floorMod(x, y);
                case "**":
                    if (y < 0) {
                        if (x == 0) {
                            throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                        }
                        return Math.pow(x, y);
                    }
                    long result = 1;
                    long b = x;
                    long e = y;
                    while (e > 0) {
                        if ((e & 1) != 0) {
                            result = Math.multiplyExact(result, b);
                        }
                        e >>= 1;
                        if (e > 0) {
                            b = Math.multiplyExact(b, b);
                        }
                    }
                    return result;
                case "&":
                    return x & y;
                case "|":
                    return x | y;
                case "^":
                    return x ^ y;
                case "<<":
                    if (y < 0) {
                        throw new PyException("ValueError", "negative shift count");
                    }
                    if (y >= 63 || (x != 0 && Long.numberOfLeadingZeros(Math.abs(x)) <= y)) {
                        throw new PyException("OverflowError", "int too large for the interpreter's 64-bit int");
                    }
                    return x << y;
                case ">>":
                    if (y < 0) {
                        throw new PyException("ValueError", "negative shift count");
                    }
                    return x >> Math.min(y, 63);
                default:
                    return Descriptors.NOT_IMPLEMENTED;
            }
        } catch (ArithmeticException e) {
            throw new PyException("OverflowError", "int too large for the interpreter's 64-bit int");
        }
    }

    static Object floatOp(String op, double x, double y) {
        switch (op) {
            case "+":
                return x + y;
            case "-":
                return x - y;
            case "*":
                return x * y;
            case "/":
                if (y == 0) {
                    throw new PyException("ZeroDivisionError", "float division by zero");
                }
                return x / y;
            case "//":
                if (y == 0) {
                    throw new PyException("ZeroDivisionError", "float floor division by zero");
                }
                return Math.floor(x / y);
            case "%": {
                if (y == 0) {
                    throw new PyException("ZeroDivisionError", "float modulo");
                }
                double m = x % y;
                if (m != 0 && (m < 0) != (y < 0)) {
                    m += y;
                }
                return m;
            }
            case "**":
                if (x == 0 && y < 0) {
                    throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                }
                if (x < 0 && y != Math.rint(y)) {
                    throw new PyException("ValueError", "complex results are not supported");
                }
                return Math.pow(x, y);
            default:
                return Descriptors.NOT_IMPLEMENTED;
        }
    }

    Object unary(String op, Object v) {
        if (v instanceof PyInstance inst) {
            String name = switch (op) {
                case "-" -> "__neg__";
                case "+" -> "__pos__";
                default -> "__invert__";
            };
            Object m = inst.pyClass().lookup(name);
            if (m != PyClass.MISSING) {
                return py.invoke(py.bind(m, inst, inst.pyClass()), List.of(), Map.of());
            }
        } else if (foreign(v)) {
            Optional<Object> r = host.unary(op, v);
            if (r.isPresent()) {
                return r.get();
            }
        } else if (isNumber(v)) {
            Object n = num(v);
            if (n instanceof Long l) {
                return switch (op) {
                    case "-" -> {
                        if (l == Long.MIN_VALUE) {
                            throw new PyException("OverflowError", "int too large for the interpreter's 64-bit int");
                        }
                        yield -l;
                    }
                    case "+" -> l;
                    default -> ~l;
                };
            }
            double d = (Double) n;
            if (op.equals("-")) {
                return -d;
            } else if (op.equals("+")) {
                return d;
            }
        }
        throw new PyException("TypeError", "bad operand type for unary " + op + ": '" + typeName(v) + "'");
    }

    // ---- comparisons ----

    Object compare(CmpOperator op, Object l, Object r) {
        return switch (op) {
            case EQ -> eqValue(l, r, false);
            case NOT_EQ -> eqValue(l, r, true);
            case LT -> order("<", l, r);
            case LT_E -> order("<=", l, r);
            case GT -> order(">", l, r);
            case GT_E -> order(">=", l, r);
            case IS -> is(l, r);
            case IS_NOT -> !is(l, r);
            case IN -> contains(r, l);
            case NOT_IN -> !contains(r, l);
        };
    }

    static boolean is(Object l, Object r) {
        if (l == r) {
            return true;
        }
        if (l instanceof Boolean || l instanceof Long || l instanceof String) {
            return l.equals(r) && l.getClass() == r.getClass();
        }
        return false;
    }

    private Object eqValue(Object l, Object r, boolean negate) {
        if (l instanceof PyInstance || r instanceof PyInstance) {
            String name = negate ? "__ne__" : "__eq__";
            if (l instanceof PyInstance li) {
                Object m = li.pyClass().lookup(name);
                if (userDefined(li, name)) {
                    Object res = py.invoke(py.bind(m, li, li.pyClass()), PythonInterpreter.args(r), Map.of());
                    if (res != Descriptors.NOT_IMPLEMENTED) {
                        return res;
                    }
                }
            }
            if (r instanceof PyInstance ri) {
                Object m = ri.pyClass().lookup(name);
                if (userDefined(ri, name)) {
                    Object res = py.invoke(py.bind(m, ri, ri.pyClass()), PythonInterpreter.args(l), Map.of());
                    if (res != Descriptors.NOT_IMPLEMENTED) {
                        return res;
                    }
                }
            }
            if (negate) {
                Object eq = eqValue(l, r, false);
                return !truth(eq);
            }
            return l == r;
        }
        if (foreign(l) || foreign(r)) {
            Optional<Object> res = host.binary(negate ? "!=" : "==", l, r);
            if (res.isPresent()) {
                return res.get();
            }
            return negate != (l == r);
        }
        return negate != equal(l, r);
    }

    /** Python's {@code ==} as a boolean (for containers, {@code in}, {@code list.index}). */
    boolean equal(Object l, Object r) {
        if (l == r) {
            return true;
        }
        if (l == null || r == null) {
            return false;
        }
        if (isNumber(l) && isNumber(r)) {
            Object a = num(l);
            Object b = num(r);
            if (a instanceof Long x && b instanceof Long y) {
                return x.longValue() == y.longValue();
            }
            return toDouble(a) == toDouble(b);
        }
        if (l instanceof String || r instanceof String) {
            return l.equals(r);
        }
        if (l instanceof List<?> a && r instanceof List<?> b) {
            return seqEqual(a, b);
        }
        if (l instanceof Tuple a && r instanceof Tuple b) {
            return seqEqual(a.elements(), b.elements());
        }
        if (l instanceof Map<?, ?> a && r instanceof Map<?, ?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : a.entrySet()) {
                if (!b.containsKey(e.getKey()) || !truth(eqValue(e.getValue(), b.get(e.getKey()), false))) {
                    return false;
                }
            }
            return true;
        }
        if (l instanceof PyInstance || r instanceof PyInstance || foreign(l) || foreign(r)) {
            return truth(eqValue(l, r, false));
        }
        return l.equals(r);
    }

    private boolean seqEqual(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static final Map<String, String[]> ORDER_DUNDERS = Map.of(
            "<", new String[] {"__lt__", "__gt__"}, "<=", new String[] {"__le__", "__ge__"},
            ">", new String[] {"__gt__", "__lt__"}, ">=", new String[] {"__ge__", "__le__"});

    Object order(String op, Object l, Object r) {
        if (l instanceof PyInstance || r instanceof PyInstance) {
            String[] names = ORDER_DUNDERS.get(op);
            if (l instanceof PyInstance li) {
                Object m = li.pyClass().lookup(names[0]);
                if (m != PyClass.MISSING) {
                    Object res = py.invoke(py.bind(m, li, li.pyClass()), PythonInterpreter.args(r), Map.of());
                    if (res != Descriptors.NOT_IMPLEMENTED) {
                        return res;
                    }
                }
            }
            if (r instanceof PyInstance ri) {
                Object m = ri.pyClass().lookup(names[1]);
                if (m != PyClass.MISSING) {
                    Object res = py.invoke(py.bind(m, ri, ri.pyClass()), PythonInterpreter.args(l), Map.of());
                    if (res != Descriptors.NOT_IMPLEMENTED) {
                        return res;
                    }
                }
            }
            throw notSupported(op, l, r);
        }
        if (foreign(l) || foreign(r)) {
            return host.binary(op, l, r).orElseThrow(() -> notSupported(op, l, r));
        }
        int c = compareValues(op, l, r);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private PyException notSupported(String op, Object l, Object r) {
        return new PyException("TypeError", "'" + op + "' not supported between instances of '" + typeName(l)
                + "' and '" + typeName(r) + "'");
    }

    /** Three-way comparison of builtin values ({@code sorted}, {@code min}); NaN compares as unordered-equal. */
    int compareValues(String op, Object l, Object r) {
        if (isNumber(l) && isNumber(r)) {
            Object a = num(l);
            Object b = num(r);
            if (a instanceof Long x && b instanceof Long y) {
                return Long.compare(x, y);
            }
            double x = toDouble(a);
            double y = toDouble(b);
            return x < y ? -1 : x > y ? 1 : 0;
        }
        if (l instanceof String a && r instanceof String b) {
            return Integer.signum(a.compareTo(b));
        }
        List<?> la = l instanceof Tuple t ? t.elements() : l instanceof List<?> li ? li : null;
        List<?> lb = r instanceof Tuple t ? t.elements() : r instanceof List<?> li ? li : null;
        if (la != null && lb != null && (l instanceof Tuple) == (r instanceof Tuple)) {
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                if (!equal(la.get(i), lb.get(i))) {
                    if (truth(order("<", la.get(i), lb.get(i)))) {
                        return -1;
                    }
                    return 1;
                }
            }
            return Integer.compare(la.size(), lb.size());
        }
        if (l instanceof Descriptors.PySet a && r instanceof Descriptors.PySet b) {
            if (a.elements.equals(b.elements)) {
                return 0;
            }
            return b.elements.containsAll(a.elements) ? -1 : a.elements.containsAll(b.elements) ? 1 : 2;
        }
        if (l instanceof PyInstance || r instanceof PyInstance || foreign(l) || foreign(r)) {
            return truth(order("<", l, r)) ? -1 : truth(order("<", r, l)) ? 1 : 0;
        }
        throw notSupported(op, l, r);
    }

    boolean contains(Object container, Object x) {
        if (container instanceof String s) {
            if (!(x instanceof String sub)) {
                throw new PyException("TypeError", "'in <string>' requires string as left operand, not " + typeName(x));
            }
            return s.contains(sub);
        } else if (container instanceof Map<?, ?> m) {
            return m.containsKey(key(x));
        } else if (container instanceof Descriptors.PySet s) {
            return s.elements.contains(key(x));
        } else if (container instanceof Descriptors.Range r) {
            if (!(num(x) instanceof Long v)) {
                return false;
            }
            long n = r.length();
            if (n == 0) {
                return false;
            }
            return r.step() > 0 ? v >= r.start() && v < r.stop() && (v - r.start()) % r.step() == 0
                    : v <= r.start() && v > r.stop() && (r.start() - v) % -r.step() == 0;
        } else if (container instanceof PyInstance inst) {
            Object m = inst.pyClass().lookup("__contains__");
            if (m != PyClass.MISSING) {
                return truth(py.invoke(py.bind(m, inst, inst.pyClass()), PythonInterpreter.args(x), Map.of()));
            }
        }
        Iterator<Object> it = iterate(container);
        while (it.hasNext()) {
            Object e = it.next();
            if (e == x || equal(e, x)) {
                return true;
            }
        }
        return false;
    }

    // ---- subscripts ----

    Object getItem(Object obj, Object index) {
        if (obj instanceof List<?> l) {
            if (index instanceof PySlice s) {
                ArrayList<Object> out = new ArrayList<>();
                for (long i : sliceIndices(s, l.size())) {
                    out.add(l.get((int) i));
                }
                return out;
            }
            return l.get(index(index, l.size(), "list"));
        } else if (obj instanceof Tuple t) {
            if (index instanceof PySlice s) {
                List<Object> out = new ArrayList<>();
                for (long i : sliceIndices(s, t.size())) {
                    out.add(t.get((int) i));
                }
                return new Tuple(out);
            }
            return t.get(index(index, t.size(), "tuple"));
        } else if (obj instanceof String str) {
            if (index instanceof PySlice s) {
                StringBuilder b = new StringBuilder();
                for (long i : sliceIndices(s, str.length())) {
                    b.append(str.charAt((int) i));
                }
                return b.toString();
            }
            return String.valueOf(str.charAt(index(index, str.length(), "string")));
        } else if (obj instanceof PyInstance inst) {
            Object m = inst.pyClass().lookup("__getitem__");
            if (m == PyClass.MISSING) {
                throw new PyException("TypeError", "'" + typeName(obj) + "' object is not subscriptable");
            }
            return py.invoke(py.bind(m, inst, inst.pyClass()), PythonInterpreter.args(index), Map.of());
        } else if (foreign(obj)) {
            return host.getItem(obj, index);
        } else if (obj instanceof Map<?, ?> m) {
            Object k = key(index);
            Object v = m.get(k);
            if (v == null && !m.containsKey(k)) {
                if (m instanceof BuiltinModules.DefaultDict dd && dd.factory != null) {
                    Object made = py.invoke(dd.factory, List.of(), Map.of());
                    dd.put(k, made);
                    return made;
                }
                throw py.exception(py.builtinClass("KeyError"), PythonInterpreter.args(index));
            }
            return v;
        } else if (obj instanceof Descriptors.Range r) {
            if (index instanceof PySlice) {
                throw new PyException("NotImplementedError", "slicing a range is not supported");
            }
            return r.get(index(index, (int) r.length(), "range object"));
        } else if (obj instanceof PyClass c && c.dict().get("_member_map_") instanceof Map<?, ?> members) {
            if (!members.containsKey(index)) {
                throw keyError(index);
            }
            return members.get(index);
        } else if (obj instanceof PyClass || obj instanceof Descriptors.TypingForm) {
            return obj;
        }
        throw new PyException("TypeError", "'" + typeName(obj) + "' object is not subscriptable");
    }

    private int index(Object index, int size, String what) {
        Object n = num(index);
        if (n instanceof PyInstance inst && inst.pyClass().lookup("__index__") != PyClass.MISSING) {
            n = py.invoke(py.bind(inst.pyClass().lookup("__index__"), inst, inst.pyClass()), List.of(), Map.of());
        }
        if (!(n instanceof Long l)) {
            throw new PyException("TypeError", (what.equals("string") ? "string" : what) + " indices must be integers"
                    + (what.equals("range object") ? " or slices" : " or slices") + ", not " + typeName(index));
        }
        long i = l < 0 ? l + size : l;
        if (i < 0 || i >= size) {
            throw new PyException("IndexError", what + " index out of range");
        }
        return (int) i;
    }

    /** The indices a slice selects from a sequence of {@code size}, as {@code slice.indices} computes them. */
    List<Long> sliceIndices(PySlice s, long size) {
        long step = s.step() == null ? 1 : asLong(s.step());
        if (step == 0) {
            throw new PyException("ValueError", "slice step cannot be zero");
        }
        long lo = step > 0 ? 0 : -1;
        long hi = step > 0 ? size : size - 1;
        long start = s.start() == null ? (step > 0 ? lo : hi) : clamp(asLong(s.start()), size, lo, hi);
        long stop = s.stop() == null ? (step > 0 ? hi : lo) : clamp(asLong(s.stop()), size, lo, hi);
        List<Long> out = new ArrayList<>();
        if (step > 0) {
            for (long i = start; i < stop; i += step) {
                out.add(i);
            }
        } else {
            for (long i = start; i > stop; i += step) {
                out.add(i);
            }
        }
        return out;
    }

    private static long clamp(long v, long size, long lo, long hi) {
        if (v < 0) {
            v += size;
            return v < lo ? lo : v;
        }
        return v > hi ? hi : v;
    }

    long asLong(Object v) {
        Object n = num(v);
        if (n instanceof Long l) {
            return l;
        }
        if (n instanceof PyInstance inst && inst.pyClass().lookup("__index__") != PyClass.MISSING) {
            return asLong(py.invoke(py.bind(inst.pyClass().lookup("__index__"), inst, inst.pyClass()), List.of(), Map.of()));
        }
        throw new PyException("TypeError", "'" + typeName(v) + "' object cannot be interpreted as an integer");
    }

    @SuppressWarnings("unchecked")
    void setItem(Object obj, Object index, Object value) {
        if (obj instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            if (index instanceof PySlice s) {
                List<Object> values = toList(value);
                if (s.step() == null || asLong(s.step()) == 1) {
                    List<Long> idx = sliceIndices(s, list.size());
                    int start = idx.isEmpty() ? (int) Math.min(Math.max(s.start() == null ? 0 : clamp(asLong(s.start()), list.size(), 0, list.size()), 0), list.size()) : idx.get(0).intValue();
                    for (int i = 0; i < idx.size(); i++) {
                        list.remove(start);
                    }
                    list.addAll(start, values);
                    return;
                }
                List<Long> idx = sliceIndices(s, list.size());
                if (idx.size() != values.size()) {
                    throw new PyException("ValueError", "attempt to assign sequence of size " + values.size()
                            + " to extended slice of size " + idx.size());
                }
                for (int i = 0; i < idx.size(); i++) {
                    list.set(idx.get(i).intValue(), values.get(i));
                }
                return;
            }
            list.set(index(index, list.size(), "list assignment"), value);
        } else if (obj instanceof PyInstance inst) {
            Object m = inst.pyClass().lookup("__setitem__");
            if (m == PyClass.MISSING) {
                throw new PyException("TypeError", "'" + typeName(obj) + "' object does not support item assignment");
            }
            py.invoke(py.bind(m, inst, inst.pyClass()), PythonInterpreter.args(index, value), Map.of());
        } else if (foreign(obj)) {
            host.setItem(obj, index, value);
        } else if (obj instanceof Map<?, ?> m) {
            ((Map<Object, Object>) m).put(key(index), value);
        } else {
            throw new PyException("TypeError", "'" + typeName(obj) + "' object does not support item assignment");
        }
    }

    @SuppressWarnings("unchecked")
    void delItem(Object obj, Object index) {
        if (obj instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            if (index instanceof PySlice s) {
                List<Long> idx = sliceIndices(s, list.size());
                idx.sort(java.util.Comparator.reverseOrder());
                for (long i : idx) {
                    list.remove((int) i);
                }
                return;
            }
            list.remove(index(index, list.size(), "list assignment"));
        } else if (obj instanceof PyInstance inst) {
            Object m = inst.pyClass().lookup("__delitem__");
            if (m == PyClass.MISSING) {
                throw new PyException("TypeError", "'" + typeName(obj) + "' object does not support item deletion");
            }
            py.invoke(py.bind(m, inst, inst.pyClass()), PythonInterpreter.args(index), Map.of());
        } else if (obj instanceof Map<?, ?> m) {
            Object k = key(index);
            if (!m.containsKey(k)) {
                throw py.exception(py.builtinClass("KeyError"), PythonInterpreter.args(index));
            }
            m.remove(k);
        } else {
            throw new PyException("TypeError", "'" + typeName(obj) + "' object does not support item deletion");
        }
    }

    /** A value as a dict key or set element: refuses unhashable values; {@code True} and {@code 1.0} become {@code 1}. */
    Object key(Object k) {
        if (k instanceof List || k instanceof Map || (k instanceof Descriptors.PySet s && !s.frozen)) {
            throw new PyException("TypeError", "unhashable type: '" + typeName(k) + "'");
        }
        if (k instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9e15) {
            return (long) d.doubleValue();
        }
        if (k instanceof Tuple t) {
            for (Object e : t.elements()) {
                key(e);
            }
        }
        if (k instanceof PyInstance inst) {
            Object h = inst.pyClass().lookup("__hash__");
            if (h == null) {
                throw new PyException("TypeError", "unhashable type: '" + typeName(k) + "'");
            }
        }
        return k;
    }

    @SuppressWarnings("unchecked")
    void dictPut(Map<?, ?> m, Object k, Object v) {
        Object key = key(k);
        Map<Object, Object> map = (Map<Object, Object>) m;
        if (k instanceof Boolean b && map.containsKey(b ? 1L : 0L)) {
            key = b ? 1L : 0L;
        }
        map.put(key, v);
    }

    long hash(Object v) {
        Object k = key(v);
        if (k instanceof PyInstance inst) {
            Object h = inst.pyClass().lookup("__hash__");
            if (userDefined(inst, "__hash__")) {
                return asLong(py.invoke(py.bind(h, inst, inst.pyClass()), List.of(), Map.of()));
            }
            return System.identityHashCode(inst);
        }
        if (k instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (k instanceof Long l) {
            return l;
        }
        return k == null ? 0 : k.hashCode();
    }

    /** {@code KeyError(key)}, whose message is the key's repr as CPython prints it. */
    PyException keyError(Object key) {
        return py.exception(py.builtinClass("KeyError"), PythonInterpreter.args(key));
    }

    /** Whether {@code name} comes from a class other than the builtin ones ({@code object}, {@code BaseException}). */
    static boolean userDefined(PyInstance inst, String name) {
        PyClass c = inst.pyClass().definer(name);
        return c != null && !c.module().equals("builtins");
    }

    Object toFloat(Object v) {
        Object f = py.findAttribute(v, "__float__");
        if (f == PyClass.MISSING) {
            f = py.findAttribute(v, "item");
        }
        if (f == PyClass.MISSING) {
            throw new PyException("TypeError", "must be real number, not " + typeName(v));
        }
        return py.invoke(f, List.of(), Map.of());
    }

    Object getAttrForFormat(Object v, String name) {
        return py.getAttribute(v, name);
    }

    String formatValue(Object v, String spec) {
        return py.format(v, spec);
    }

    // ---- str / repr ----

    String str(Object v) {
        if (v instanceof String s) {
            return s;
        } else if (v instanceof PyInstance inst) {
            Object m = inst.pyClass().lookup("__str__");
            if (userDefined(inst, "__str__")) {
                return checkString(py.invoke(py.bind(m, inst, inst.pyClass()), List.of(), Map.of()), "__str__");
            }
            if (inst.pyClass().isSubclassOf(py.builtinClass("BaseException"))) {
                Object args = inst.dict().get("args");
                if (args instanceof Tuple t) {
                    if (t.size() == 0) {
                        return "";
                    }
                    if (t.size() == 1) {
                        return inst.pyClass().isSubclassOf(py.builtinClass("KeyError")) ? repr(t.get(0)) : str(t.get(0));
                    }
                    return repr(t);
                }
            }
            return repr(v);
        } else if (foreign(v)) {
            return host.str(v);
        }
        return repr(v);
    }

    private String checkString(Object r, String method) {
        if (!(r instanceof String s)) {
            throw new PyException("TypeError", method + " returned non-string (type " + typeName(r) + ")");
        }
        return s;
    }

    String repr(Object v) {
        return repr(v, new IdentityHashMap<>());
    }

    private String repr(Object v, IdentityHashMap<Object, Boolean> seen) {
        if (v == null) {
            return "None";
        } else if (v instanceof Boolean b) {
            return b ? "True" : "False";
        } else if (v instanceof Long l) {
            return l.toString();
        } else if (v instanceof Double d) {
            return PythonFloats.repr(d);
        } else if (v instanceof String s) {
            return quote(s);
        } else if (v instanceof PyInstance inst) {
            Object m = inst.pyClass().lookup("__repr__");
            if (userDefined(inst, "__repr__")) {
                return checkString(py.invoke(py.bind(m, inst, inst.pyClass()), List.of(), Map.of()), "__repr__");
            }
            if (inst.pyClass().isSubclassOf(py.builtinClass("BaseException"))) {
                Object args = inst.dict().get("args");
                String inner = args instanceof Tuple t ? (t.size() == 1 ? repr(t.get(0), seen) : repr(t, seen)) : "";
                if (args instanceof Tuple t && t.size() != 1) {
                    inner = inner.substring(1, inner.length() - 1);
                    if (t.size() == 1) {
                        inner = inner.substring(0, inner.length() - 1);
                    }
                }
                return inst.pyClass().name() + "(" + inner + ")";
            }
            return "<" + inst.pyClass().qualifiedName() + " object at 0x" + Long.toHexString(System.identityHashCode(inst)) + ">";
        } else if (foreign(v)) {
            return host.repr(v);
        } else if (v instanceof List<?> l) {
            if (seen.put(v, true) != null) {
                return "[...]";
            }
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i > 0 ? ", " : "").append(repr(l.get(i), seen));
            }
            seen.remove(v);
            return b.append(']').toString();
        } else if (v instanceof Tuple t) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < t.size(); i++) {
                b.append(i > 0 ? ", " : "").append(repr(t.get(i), seen));
            }
            return b.append(t.size() == 1 ? ",)" : ")").toString();
        } else if (v instanceof BuiltinModules.OrderedDictValue m) {
            if (m.isEmpty()) {
                return "OrderedDict()";
            }
            List<Object> items = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                items.add(Tuple.of(e.getKey(), e.getValue()));
            }
            return "OrderedDict(" + repr(items, seen) + ")";
        } else if (v instanceof Map<?, ?> m) {
            if (seen.put(v, true) != null) {
                return "{...}";
            }
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "" : ", ").append(repr(e.getKey(), seen)).append(": ").append(repr(e.getValue(), seen));
                first = false;
            }
            seen.remove(v);
            return b.append('}').toString();
        } else if (v instanceof Descriptors.PySet s) {
            if (s.elements.isEmpty()) {
                return s.frozen ? "frozenset()" : "set()";
            }
            StringBuilder b = new StringBuilder(s.frozen ? "frozenset({" : "{");
            boolean first = true;
            for (Object e : s.elements) {
                b.append(first ? "" : ", ").append(repr(e, seen));
                first = false;
            }
            return b.append(s.frozen ? "})" : "}").toString();
        } else if (v instanceof Descriptors.Range r) {
            return "range(" + r.start() + ", " + r.stop() + (r.step() == 1 ? "" : ", " + r.step()) + ")";
        } else if (v instanceof PySlice s) {
            return "slice(" + repr(s.start(), seen) + ", " + repr(s.stop(), seen) + ", " + repr(s.step(), seen) + ")";
        } else if (v instanceof PyClass c) {
            return "<class '" + c.qualifiedName() + "'>";
        } else if (v instanceof PyFunction f) {
            return "<function " + f.qualname + " at 0x" + Long.toHexString(System.identityHashCode(f)) + ">";
        } else if (v instanceof PyBoundMethod b) {
            return "<bound method " + py.callableName(b.function()) + " of " + repr(b.self(), seen) + ">";
        } else if (v instanceof PyModuleObject m) {
            return "<module '" + m.name() + "' from '" + m.path() + "'>";
        } else if (v instanceof Descriptors.TypingForm t) {
            return "typing." + t.name();
        } else if (v == PySlice.ELLIPSIS) {
            return "Ellipsis";
        } else if (v instanceof PyAttributes pa) {
            return "<" + pa.pythonTypeName() + ">";
        } else if (v instanceof PyCallable && !(v instanceof PyBuiltin)) {
            return "<built-in function>";
        }
        return v.toString();
    }

    static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c == q) {
                        b.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append(q).toString();
    }
}
