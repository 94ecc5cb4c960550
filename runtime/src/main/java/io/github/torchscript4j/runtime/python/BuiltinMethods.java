package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.Tuple;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The methods of builtin values: {@code str}, {@code list}, {@code dict}, {@code tuple}, {@code set}, numbers. */
final class BuiltinMethods {
    private BuiltinMethods() {}

    private static Object a(List<Object> args, int i, Object dflt) {
        return i < args.size() ? args.get(i) : dflt;
    }

    private static String s(Object v, String method) {
        if (!(v instanceof String s)) {
            throw new PyException("TypeError", method + "() argument must be str, not " + (v == null ? "None" : v.getClass().getSimpleName()));
        }
        return s;
    }

    // ---- str ----

    static PyCallable str(Builtins b, Ops ops, String s, String name) {
        return switch (name) {
            case "join" -> (a, k) -> {
                StringBuilder out = new StringBuilder();
                int i = 0;
                for (Object v : ops.toList(a.get(0))) {
                    if (!(v instanceof String piece)) {
                        throw new PyException("TypeError", "sequence item " + i + ": expected str instance, " + ops.typeName(v) + " found");
                    }
                    out.append(i++ > 0 ? s : "").append(piece);
                }
                return out.toString();
            };
            case "split" -> (a, k) -> split(s, (String) a(a, 0, k.get("sep")), ops.asLong(a(a, 1, k.getOrDefault("maxsplit", -1L))));
            case "rsplit" -> (a, k) -> rsplit(s, (String) a(a, 0, k.get("sep")), ops.asLong(a(a, 1, k.getOrDefault("maxsplit", -1L))));
            case "strip" -> (a, k) -> strip(s, (String) a(a, 0, null), true, true);
            case "lstrip" -> (a, k) -> strip(s, (String) a(a, 0, null), true, false);
            case "rstrip" -> (a, k) -> strip(s, (String) a(a, 0, null), false, true);
            case "startswith" -> (a, k) -> affix(ops, s, a.get(0), true);
            case "endswith" -> (a, k) -> affix(ops, s, a.get(0), false);
            case "replace" -> (a, k) -> {
                long count = ops.asLong(a(a, 2, -1L));
                String old = s(a.get(0), "replace");
                String rep = s(a.get(1), "replace");
                if (count < 0) {
                    return old.isEmpty() ? insertEverywhere(s, rep) : s.replace(old, rep);
                }
                StringBuilder out = new StringBuilder();
                int from = 0;
                for (long n = 0; n < count; n++) {
                    int at = s.indexOf(old, from);
                    if (at < 0 || old.isEmpty()) {
                        break;
                    }
                    out.append(s, from, at).append(rep);
                    from = at + old.length();
                }
                return out.append(s.substring(from)).toString();
            };
            case "lower" -> (a, k) -> s.toLowerCase(java.util.Locale.ROOT);
            case "upper" -> (a, k) -> s.toUpperCase(java.util.Locale.ROOT);
            case "capitalize" -> (a, k) -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1).toLowerCase(java.util.Locale.ROOT);
            case "title" -> (a, k) -> {
                StringBuilder out = new StringBuilder();
                boolean prevCased = false;
                for (char c : s.toCharArray()) {
                    out.append(prevCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
                    prevCased = Character.isLetter(c);
                }
                return out.toString();
            };
            case "swapcase" -> (a, k) -> {
                StringBuilder out = new StringBuilder();
                for (char c : s.toCharArray()) {
                    out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                }
                return out.toString();
            };
            case "format" -> (a, k) -> Formatting.strFormat(b, ops, s, a, k);
            case "format_map" -> (a, k) -> {
                Map<String, Object> kw = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) a.get(0)).entrySet()) {
                    kw.put((String) e.getKey(), e.getValue());
                }
                return Formatting.strFormat(b, ops, s, List.of(), kw);
            };
            case "find", "index", "rfind", "rindex" -> (a, k) -> {
                String sub = s(a.get(0), name);
                int start = a.size() > 1 && a.get(1) != null ? (int) clampIndex(ops.asLong(a.get(1)), s.length()) : 0;
                int end = a.size() > 2 && a.get(2) != null ? (int) clampIndex(ops.asLong(a.get(2)), s.length()) : s.length();
                String window = start <= end ? s.substring(start, end) : "";
                int at = name.startsWith("r") ? window.lastIndexOf(sub) : window.indexOf(sub);
                if (at < 0 && name.endsWith("index")) {
                    throw new PyException("ValueError", "substring not found");
                }
                return at < 0 ? -1L : (long) (at + start);
            };
            case "count" -> (a, k) -> {
                String sub = s(a.get(0), "count");
                if (sub.isEmpty()) {
                    return (long) s.length() + 1;
                }
                long n = 0;
                for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
                    n++;
                }
                return n;
            };
            case "isidentifier" -> (a, k) -> !s.isEmpty() && (Character.isUnicodeIdentifierStart(s.codePointAt(0)) || s.charAt(0) == '_')
                    && s.codePoints().skip(1).allMatch(c -> Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
            case "isdigit", "isdecimal", "isnumeric" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "isupper" -> (a, k) -> s.chars().anyMatch(Character::isLetter) && s.chars().noneMatch(Character::isLowerCase);
            case "islower" -> (a, k) -> s.chars().anyMatch(Character::isLetter) && s.chars().noneMatch(Character::isUpperCase);
            case "splitlines" -> (a, k) -> {
                ArrayList<Object> out = new ArrayList<>();
                for (String line : s.split("\r\n|\r|\n", -1)) {
                    out.add(line);
                }
                if (!out.isEmpty() && out.get(out.size() - 1).equals("")) {
                    out.remove(out.size() - 1);
                }
                return out;
            };
            case "partition", "rpartition" -> (a, k) -> {
                String sep = s(a.get(0), name);
                int at = name.equals("partition") ? s.indexOf(sep) : s.lastIndexOf(sep);
                if (at < 0) {
                    return name.equals("partition") ? Tuple.of(s, "", "") : Tuple.of("", "", s);
                }
                return Tuple.of(s.substring(0, at), sep, s.substring(at + sep.length()));
            };
            case "zfill" -> (a, k) -> {
                int width = (int) ops.asLong(a.get(0));
                if (s.length() >= width) {
                    return s;
                }
                boolean sign = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+');
                String zeros = "0".repeat(width - s.length());
                return sign ? s.charAt(0) + zeros + s.substring(1) : zeros + s;
            };
            case "center", "ljust", "rjust" -> (a, k) -> {
                int width = (int) ops.asLong(a.get(0));
                String fill = (String) a(a, 1, " ");
                int pad = width - s.length();
                if (pad <= 0) {
                    return s;
                }
                return switch (name) {
                    case "ljust" -> s + fill.repeat(pad);
                    case "rjust" -> fill.repeat(pad) + s;
                    default -> {
                        int left = pad / 2 + (pad & width & 1);
                        yield fill.repeat(left) + s + fill.repeat(pad - left);
                    }
                };
            };
            case "removeprefix" -> (a, k) -> s.startsWith((String) a.get(0)) ? s.substring(((String) a.get(0)).length()) : s;
            case "removesuffix" -> (a, k) -> !((String) a.get(0)).isEmpty() && s.endsWith((String) a.get(0))
                    ? s.substring(0, s.length() - ((String) a.get(0)).length()) : s;
            case "__len__" -> (a, k) -> ops.len(s);
            default -> null;
        };
    }

    private static String insertEverywhere(String s, String rep) {
        StringBuilder out = new StringBuilder(rep);
        for (char c : s.toCharArray()) {
            out.append(c).append(rep);
        }
        return out.toString();
    }

    private static long clampIndex(long i, int len) {
        if (i < 0) {
            i += len;
        }
        return Math.max(0, Math.min(i, len));
    }

    private static boolean affix(Ops ops, String s, Object x, boolean prefix) {
        if (x instanceof Tuple t) {
            for (Object e : t.elements()) {
                if (affix(ops, s, e, prefix)) {
                    return true;
                }
            }
            return false;
        }
        if (!(x instanceof String a)) {
            throw new PyException("TypeError", (prefix ? "startswith" : "endswith")
                    + " first arg must be str or a tuple of str, not " + ops.typeName(x));
        }
        return prefix ? s.startsWith(a) : s.endsWith(a);
    }

    private static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && (chars == null ? Character.isWhitespace(s.charAt(start)) : chars.indexOf(s.charAt(start)) >= 0)) {
            start++;
        }
        while (right && end > start && (chars == null ? Character.isWhitespace(s.charAt(end - 1)) : chars.indexOf(s.charAt(end - 1)) >= 0)) {
            end--;
        }
        return s.substring(start, end);
    }

    static ArrayList<Object> split(String s, String sep, long max) {
        ArrayList<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (max >= 0 && out.size() == max) {
                    out.add(s.substring(i).stripTrailing());
                    break;
                }
                int j = i;
                while (j < n && !Character.isWhitespace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new PyException("ValueError", "empty separator");
        }
        int from = 0;
        while (max < 0 || out.size() < max) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static ArrayList<Object> rsplit(String s, String sep, long max) {
        if (max < 0) {
            return split(s, sep, max);
        }
        if (sep == null) {
            ArrayList<Object> out = new ArrayList<>();
            int end = s.length();
            while (true) {
                while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
                    end--;
                }
                if (end <= 0) {
                    break;
                }
                if (out.size() == max) {
                    out.add(0, s.substring(0, end).strip());
                    break;
                }
                int j = end;
                while (j > 0 && !Character.isWhitespace(s.charAt(j - 1))) {
                    j--;
                }
                out.add(0, s.substring(j, end));
                end = j;
            }
            return out;
        }
        ArrayList<Object> out = new ArrayList<>();
        int end = s.length();
        while (out.size() < max) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0) {
                break;
            }
            out.add(0, s.substring(at + sep.length(), end));
            end = at;
        }
        out.add(0, s.substring(0, end));
        return out;
    }

    // ---- list ----

    @SuppressWarnings("unchecked")
    static PyCallable list(Builtins b, Ops ops, List<?> raw, String name) {
        List<Object> l = (List<Object>) raw;
        return switch (name) {
            case "append" -> (a, k) -> {
                if (a.size() != 1) {
                    throw new PyException("TypeError", "list.append() takes exactly one argument (" + a.size() + " given)");
                }
                l.add(a.get(0));
                return null;
            };
            case "extend" -> (a, k) -> {
                l.addAll(new ArrayList<>(ops.toList(a.get(0))));
                return null;
            };
            case "insert" -> (a, k) -> {
                long i = ops.asLong(a.get(0));
                l.add((int) clampIndex(i, l.size()), a.get(1));
                return null;
            };
            case "pop" -> (a, k) -> {
                if (l.isEmpty()) {
                    throw new PyException("IndexError", "pop from empty list");
                }
                long i = a.isEmpty() ? l.size() - 1 : ops.asLong(a.get(0));
                if (i < 0) {
                    i += l.size();
                }
                if (i < 0 || i >= l.size()) {
                    throw new PyException("IndexError", "pop index out of range");
                }
                return l.remove((int) i);
            };
            case "remove" -> (a, k) -> {
                for (int i = 0; i < l.size(); i++) {
                    if (ops.equal(l.get(i), a.get(0))) {
                        l.remove(i);
                        return null;
                    }
                }
                throw new PyException("ValueError", "list.remove(x): x not in list");
            };
            case "index" -> (a, k) -> {
                for (int i = 0; i < l.size(); i++) {
                    if (ops.equal(l.get(i), a.get(0))) {
                        return (long) i;
                    }
                }
                throw new PyException("ValueError", ops.repr(a.get(0)) + " is not in list");
            };
            case "count" -> (a, k) -> l.stream().filter(v -> ops.equal(v, a.get(0))).count();
            case "clear" -> (a, k) -> {
                l.clear();
                return null;
            };
            case "copy" -> (a, k) -> new ArrayList<>(l);
            case "reverse" -> (a, k) -> {
                java.util.Collections.reverse(l);
                return null;
            };
            case "sort" -> (a, k) -> {
                b.sort(l, k.get("key"), ops.truth(k.get("reverse")));
                return null;
            };
            default -> null;
        };
    }

    // ---- dict ----

    @SuppressWarnings("unchecked")
    static PyCallable dict(Builtins b, Ops ops, Map<?, ?> raw, String name) {
        Map<Object, Object> m = (Map<Object, Object>) raw;
        return switch (name) {
            case "keys" -> (a, k) -> new ArrayList<>(m.keySet());
            case "values" -> (a, k) -> new ArrayList<>(m.values());
            case "items" -> (a, k) -> {
                ArrayList<Object> out = new ArrayList<>();
                for (Map.Entry<Object, Object> e : m.entrySet()) {
                    out.add(Tuple.of(e.getKey(), e.getValue()));
                }
                return out;
            };
            case "get" -> (a, k) -> {
                Object key = ops.key(a.get(0));
                return m.containsKey(key) ? m.get(key) : a(a, 1, null);
            };
            case "pop" -> (a, k) -> {
                Object key = ops.key(a.get(0));
                if (m.containsKey(key)) {
                    return m.remove(key);
                }
                if (a.size() > 1) {
                    return a.get(1);
                }
                throw ops.keyError(a.get(0));
            };
            case "popitem" -> (a, k) -> {
                if (m.isEmpty()) {
                    throw ops.keyError("popitem(): dictionary is empty");
                }
                Object last = null;
                for (Object key : m.keySet()) {
                    last = key;
                }
                Object v = m.remove(last);
                return Tuple.of(last, v);
            };
            case "setdefault" -> (a, k) -> {
                Object key = ops.key(a.get(0));
                if (!m.containsKey(key)) {
                    m.put(key, a(a, 1, null));
                }
                return m.get(key);
            };
            case "update" -> (a, k) -> {
                if (!a.isEmpty()) {
                    Object src = a.get(0);
                    if (src instanceof Map<?, ?> other) {
                        m.putAll(new LinkedHashMap<>(other));
                    } else {
                        for (Object pair : ops.toList(src)) {
                            List<Object> kv = ops.toList(pair);
                            ops.dictPut(m, kv.get(0), kv.get(1));
                        }
                    }
                }
                m.putAll(k);
                return null;
            };
            case "clear" -> (a, k) -> {
                m.clear();
                return null;
            };
            case "copy" -> (a, k) -> {
                LinkedHashMap<Object, Object> c = m instanceof BuiltinModules.OrderedDictValue
                        ? new BuiltinModules.OrderedDictValue() : new LinkedHashMap<>();
                c.putAll(m);
                return c;
            };
            case "move_to_end" -> (a, k) -> {
                Object key = ops.key(a.get(0));
                if (!m.containsKey(key)) {
                    throw ops.keyError(a.get(0));
                }
                boolean last = ops.truth(a(a, 1, k.getOrDefault("last", true)));
                Object v = m.remove(key);
                if (last) {
                    m.put(key, v);
                } else {
                    LinkedHashMap<Object, Object> rest = new LinkedHashMap<>(m);
                    m.clear();
                    m.put(key, v);
                    m.putAll(rest);
                }
                return null;
            };
            default -> null;
        };
    }

    // ---- tuple, set, numbers ----

    static PyCallable tuple(Ops ops, Tuple t, String name) {
        return switch (name) {
            case "index" -> (a, k) -> {
                for (int i = 0; i < t.size(); i++) {
                    if (ops.equal(t.get(i), a.get(0))) {
                        return (long) i;
                    }
                }
                throw new PyException("ValueError", "tuple.index(x): x not in tuple");
            };
            case "count" -> (a, k) -> t.elements().stream().filter(v -> ops.equal(v, a.get(0))).count();
            default -> null;
        };
    }

    static PyCallable set(Ops ops, Descriptors.PySet s, String name) {
        java.util.Set<Object> e = s.elements;
        PyCallable mutating = switch (name) {
            case "add" -> (a, k) -> {
                e.add(ops.key(a.get(0)));
                return null;
            };
            case "discard" -> (a, k) -> {
                e.remove(ops.key(a.get(0)));
                return null;
            };
            case "remove" -> (a, k) -> {
                if (!e.remove(ops.key(a.get(0)))) {
                    throw ops.keyError(a.get(0));
                }
                return null;
            };
            case "pop" -> (a, k) -> {
                Iterator<Object> it = e.iterator();
                if (!it.hasNext()) {
                    throw ops.keyError("pop from an empty set");
                }
                Object v = it.next();
                it.remove();
                return v;
            };
            case "clear" -> (a, k) -> {
                e.clear();
                return null;
            };
            case "update" -> (a, k) -> {
                for (Object x : a) {
                    for (Object v : ops.toList(x)) {
                        e.add(ops.key(v));
                    }
                }
                return null;
            };
            default -> null;
        };
        if (mutating != null) {
            return s.frozen ? null : mutating;
        }
        return switch (name) {
            case "copy" -> (a, k) -> new Descriptors.PySet(e, s.frozen);
            case "union" -> (a, k) -> combine(ops, s, a, "|");
            case "intersection" -> (a, k) -> combine(ops, s, a, "&");
            case "difference" -> (a, k) -> combine(ops, s, a, "-");
            case "symmetric_difference" -> (a, k) -> combine(ops, s, a, "^");
            case "issubset" -> (a, k) -> new java.util.HashSet<>(ops.toList(a.get(0))).containsAll(e);
            case "issuperset" -> (a, k) -> e.containsAll(ops.toList(a.get(0)));
            case "isdisjoint" -> (a, k) -> ops.toList(a.get(0)).stream().noneMatch(e::contains);
            default -> null;
        };
    }

    private static Object combine(Ops ops, Descriptors.PySet s, List<Object> others, String op) {
        Object acc = s;
        for (Object o : others) {
            acc = ops.binary(op, acc, new Descriptors.PySet(ops.toList(o), false));
        }
        return acc == s ? new Descriptors.PySet(s.elements, s.frozen) : acc;
    }

    static PyCallable number(Ops ops, Object n, String name) {
        return switch (name) {
            case "is_integer" -> n instanceof Double d ? (a, k) -> d == Math.rint(d) && !Double.isInfinite(d) : null;
            case "bit_length" -> n instanceof Double ? null : (a, k) -> (long) (64 - Long.numberOfLeadingZeros(Math.abs(ops.asLong(n))));
            case "conjugate" -> (a, k) -> n;
            case "__index__" -> n instanceof Double ? null : (a, k) -> ops.asLong(n);
            case "__int__" -> (a, k) -> n instanceof Double d ? (Object) (long) d.doubleValue() : ops.asLong(n);
            case "__float__" -> (a, k) -> Ops.toDouble(n);
            default -> null;
        };
    }
}
