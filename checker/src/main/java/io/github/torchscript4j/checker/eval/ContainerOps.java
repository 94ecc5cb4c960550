package io.github.torchscript4j.checker.eval;

import static io.github.torchscript4j.checker.eval.ScalarOps.b;
import static io.github.torchscript4j.checker.eval.ScalarOps.dict;
import static io.github.torchscript4j.checker.eval.ScalarOps.i;
import static io.github.torchscript4j.checker.eval.ScalarOps.list;
import static io.github.torchscript4j.checker.eval.ScalarOps.newList;
import static io.github.torchscript4j.checker.eval.ScalarOps.s;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operators on lists, dicts and tuples, identity, devices and optionals. */
final class ContainerOps {
    private ContainerOps() {}

    private static final String[] KEY_TYPES = {"str", "int", "bool", "float"};

    /** The indices a slice {@code [start:end:step]} of a sequence of {@code length} visits, as Python computes them. */
    static List<Integer> sliceIndices(int length, Object start, Object end, long step) {
        if (step == 0) {
            throw ScriptError.runtime("List slice should have non-zero step");
        }
        long lo;
        long hi;
        if (step > 0) {
            lo = start == null ? 0 : clamp(i(start), length, 0, length);
            hi = end == null ? length : clamp(i(end), length, 0, length);
        } else {
            lo = start == null ? length - 1 : clamp(i(start), length, -1, length - 1);
            hi = end == null ? -1 : clamp(i(end), length, -1, length - 1);
        }
        List<Integer> out = new ArrayList<>();
        for (long k = lo; step > 0 ? k < hi : k > hi; k += step) {
            out.add((int) k);
        }
        return out;
    }

    private static long clamp(long index, int length, long min, long max) {
        long k = index < 0 ? index + length : index;
        return Math.max(min, Math.min(max, k));
    }

    private static int normalize(List<Object> list, long index) {
        long k = index < 0 ? index + list.size() : index;
        if (k < 0 || k >= list.size()) {
            throw ScriptError.runtime("list index out of range");
        }
        return (int) k;
    }

    static void register(ScalarOps.Registry r) {
        lists(r);
        dicts(r);
        r.one("aten::__is__", args -> args.get(0) == args.get(1) || (args.get(0) instanceof Boolean || args.get(0) instanceof Long
                || args.get(0) instanceof Double || args.get(0) instanceof String || args.get(0) instanceof DeviceValue)
                && args.get(0).equals(args.get(1)));
        r.one("aten::__isnot__", args -> !(args.get(0) == args.get(1) || (args.get(0) instanceof Boolean || args.get(0) instanceof Long
                || args.get(0) instanceof Double || args.get(0) instanceof String || args.get(0) instanceof DeviceValue)
                && args.get(0).equals(args.get(1))));
        r.one("aten::device", args -> device(s(args.get(0))));
        r.one("aten::device.with_index", args -> new DeviceValue(s(args.get(0)), (int) i(args.get(1))));
        r.one("prim::index", args -> {
            DeviceValue d = (DeviceValue) args.get(0);
            return d.index() < 0 ? null : (Object) (long) d.index();
        });
        r.one("prim::type", args -> ((DeviceValue) args.get(0)).type());
        r.one("aten::_unwrap_optional", args -> {
            if (args.get(0) == null) {
                throw ScriptError.runtime("Unwrapping null optional");
            }
            return args.get(0);
        });
        r.one("prim::unchecked_unwrap_optional", args -> args.get(0));
        r.one("prim::unchecked_cast", args -> args.get(0));
        r.one("aten::is_scripting", args -> true);
    }

    private static final List<String> DEVICE_TYPES = Arrays.asList("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl",
            "opencl", "ideep", "hip", "ve", "fpga", "ort", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "privateuseone");

    private static DeviceValue device(String spec) {
        String type = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        if (!DEVICE_TYPES.contains(type)) {
            throw ScriptError.runtime("Expected one of " + String.join(", ", DEVICE_TYPES)
                    + " device type at start of device string: " + spec);
        }
        try {
            return DeviceValue.parse(spec);
        } catch (NumberFormatException e) {
            throw ScriptError.runtime("Invalid device string: '" + spec + "'");
        }
    }

    private static void lists(ScalarOps.Registry r) {
        r.one("aten::len.t", args -> (long) list(args.get(0)).size());
        r.one("aten::len.any", args -> (long) list(args.get(0)).size());
        r.one("aten::list.t", args -> newList(list(args.get(0))));
        r.one("aten::copy.t", args -> newList(list(args.get(0))));
        r.one("aten::Size", args -> newList(list(args.get(0))));
        r.none("aten::clear.t", args -> list(args.get(0)).clear());
        r.none("aten::reverse.t", args -> java.util.Collections.reverse(list(args.get(0))));
        r.one("aten::__getitem__.t", args -> list(args.get(0)).get(normalize(list(args.get(0)), i(args.get(1)))));
        r.one("aten::select.t", args -> list(args.get(0)).get(normalize(list(args.get(0)), i(args.get(1)))));
        r.one("aten::_set_item.t", args -> {
            List<Object> l = list(args.get(0));
            l.set(normalize(l, i(args.get(1))), args.get(2));
            return l;
        });
        r.one("aten::pop.t", args -> {
            List<Object> l = list(args.get(0));
            if (l.isEmpty()) {
                throw ScriptError.runtime("pop from empty list");
            }
            return l.remove(normalize(l, i(args.get(1))));
        });
        r.none("aten::Delete.t", args -> {
            List<Object> l = list(args.get(0));
            l.remove(normalize(l, i(args.get(1))));
        });
        r.none("aten::insert.t", args -> {
            List<Object> l = list(args.get(0));
            long k = i(args.get(1));
            k = k < 0 ? Math.max(0, k + l.size()) : Math.min(k, l.size());
            l.add((int) k, args.get(2));
        });
        r.one("aten::append.t", args -> {
            list(args.get(0)).add(args.get(1));
            return args.get(0);
        });
        r.none("aten::extend.t", args -> list(args.get(0)).addAll(newList(list(args.get(1)))));
        r.one("aten::add.t", args -> {
            List<Object> out = newList(list(args.get(0)));
            out.addAll(list(args.get(1)));
            return out;
        });
        r.one("aten::add_.t", args -> {
            list(args.get(0)).addAll(newList(list(args.get(1))));
            return args.get(0);
        });
        r.one("aten::mul.left_t", args -> repeat(list(args.get(0)), i(args.get(1))));
        r.one("aten::mul.right_", args -> repeat(list(args.get(1)), i(args.get(0))));
        r.one("aten::mul_.t", args -> {
            List<Object> l = list(args.get(0));
            List<Object> repeated = repeat(l, Math.max(0, i(args.get(1))));
            l.clear();
            l.addAll(repeated);
            return l;
        });
        r.one("aten::slice.t", args -> {
            List<Object> l = list(args.get(0));
            List<Object> out = new ArrayList<>();
            for (int k : sliceIndices(l.size(), args.get(1), args.get(2), i(args.get(3)))) {
                out.add(l.get(k));
            }
            return out;
        });
        for (String type : new String[] {"int", "float", "bool", "str"}) {
            String listName = type.equals("bool") ? null : "aten::__contains__." + type + "_list";
            if (listName != null) {
                r.one(listName, args -> indexOf(list(args.get(0)), args.get(1)) >= 0);
            }
            r.one("aten::count." + type, args -> list(args.get(0)).stream().filter(x -> Values.equal(x, args.get(1))).count());
            r.one("aten::index.list_" + type, args -> {
                int k = indexOf(list(args.get(0)), args.get(1));
                if (k < 0) {
                    throw ScriptError.runtime("'" + Values.str(args.get(1)) + "' is not in list");
                }
                return (long) k;
            });
            r.none("aten::remove." + type, args -> {
                int k = indexOf(list(args.get(0)), args.get(1));
                if (k < 0) {
                    throw ScriptError.runtime("list.remove(x): x not in list");
                }
                list(args.get(0)).remove(k);
            });
            r.none("aten::sort." + type, args -> sort(list(args.get(0)), b(args.get(1))));
            r.one("aten::sorted." + type, args -> {
                List<Object> out = newList(list(args.get(0)));
                sort(out, false);
                return out;
            });
        }
        r.none("aten::sort.any", args -> sort(list(args.get(0)), b(args.get(1))));
        r.one("aten::sorted.any", args -> {
            List<Object> out = newList(list(args.get(0)));
            sort(out, false);
            return out;
        });
        for (String type : new String[] {"int", "float", "bool"}) {
            r.one("prim::min.self_" + type, args -> extreme(list(args.get(0)), "min", -1));
            r.one("prim::max.self_" + type, args -> extreme(list(args.get(0)), "max", 1));
            r.one("prim::min." + type + "_list", args -> lexicographicExtreme(list(args.get(0)), list(args.get(1)), -1));
            r.one("prim::max." + type + "_list", args -> lexicographicExtreme(list(args.get(0)), list(args.get(1)), 1));
            r.one("aten::all." + type, args -> list(args.get(0)).stream().allMatch(ContainerOps::truthy));
            r.one("aten::any." + type, args -> list(args.get(0)).stream().anyMatch(ContainerOps::truthy));
        }
        r.one("aten::any.str", args -> list(args.get(0)).stream().anyMatch(ContainerOps::truthy));
        r.one("aten::_infer_size", args -> inferSize(list(args.get(0)), list(args.get(1))));
        r.one("aten::_size_if_not_equal", args -> Values.equal(args.get(0), args.get(1)) ? null : newList(list(args.get(0))));
    }

    private static boolean truthy(Object x) {
        if (x instanceof Boolean) {
            return (Boolean) x;
        }
        if (x instanceof Long) {
            return (Long) x != 0;
        }
        if (x instanceof Double) {
            return (Double) x != 0;
        }
        return !((String) x).isEmpty();
    }

    private static int indexOf(List<Object> list, Object value) {
        for (int k = 0; k < list.size(); k++) {
            if (Values.equal(list.get(k), value)) {
                return k;
            }
        }
        return -1;
    }

    private static List<Object> repeat(List<Object> list, long times) {
        if (times < 0) {
            throw ScriptError.runtime("vector::reserve");
        }
        List<Object> out = new ArrayList<>();
        for (long k = 0; k < times; k++) {
            out.addAll(list);
        }
        return out;
    }

    private static void sort(List<Object> list, boolean reverse) {
        for (Object x : list) {
            if (x instanceof List<?>) {
                throw ScriptError.runtime("Only list of Tensors, ints, floats, bools, strs, a User Defined Class that defines"
                        + " the __lt__ compare method or Tuples of aforementioned types can be sorted, got "
                        + "list of List[int]");
            }
        }
        Comparator<Object> order = (a, b) -> Values.lessThan(a, b) ? -1 : Values.lessThan(b, a) ? 1 : 0;
        list.sort(reverse ? order.reversed() : order);
    }

    private static Object extreme(List<Object> list, String name, int sign) {
        if (list.isEmpty()) {
            throw ScriptError.runtime(name + "() arg is an empty sequence");
        }
        Object best = list.get(0);
        for (Object x : list.subList(1, list.size())) {
            if (sign < 0 ? Values.lessThan(x, best) : Values.lessThan(best, x)) {
                best = x;
            }
        }
        return best;
    }

    /** prim::min/max of two lists: decided at the first unequal element, else the shorter (min) or longer (max). */
    private static List<Object> lexicographicExtreme(List<Object> a, List<Object> b, int sign) {
        for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
            if (!Values.equal(a.get(k), b.get(k))) {
                boolean takeB = sign < 0 ? Values.lessThan(b.get(k), a.get(k)) : Values.lessThan(a.get(k), b.get(k));
                return newList(takeB ? b : a);
            }
        }
        boolean takeB = sign < 0 ? b.size() < a.size() : b.size() > a.size();
        return newList(takeB ? b : a);
    }

    private static List<Object> inferSize(List<Object> a, List<Object> b) {
        int n = Math.max(a.size(), b.size());
        List<Object> out = new ArrayList<>();
        for (int k = n - 1; k >= 0; k--) {
            int offset = n - 1 - k;
            int ia = a.size() - 1 - offset;
            int ib = b.size() - 1 - offset;
            long x = ia >= 0 ? i(a.get(ia)) : 1;
            long y = ib >= 0 ? i(b.get(ib)) : 1;
            if (x != y && x != 1 && y != 1) {
                throw ScriptError.runtime("The size of tensor a (" + y + ") must match the size of tensor b (" + x
                        + ") at non-singleton dimension " + k);
            }
            out.add(0, x == 1 ? y : x);
        }
        return out;
    }

    /** The key of {@code map} equal to {@code key} as TorchScript compares keys ({@code nan} matches nothing, {@code -0.0} matches {@code 0.0}). */
    private static Object findKey(Map<Object, Object> map, Object key) {
        if (key instanceof Double) {
            double d = (Double) key;
            if (Double.isNaN(d)) {
                return NO_KEY;
            }
            for (Object k : map.keySet()) {
                if (k instanceof Double && (Double) k == d) {
                    return k;
                }
            }
            return NO_KEY;
        }
        return map.containsKey(key) ? key : NO_KEY;
    }

    private static final Object NO_KEY = new Object();

    private static ScriptError keyError(Object key) {
        return ScriptError.runtime("KeyError: " + Values.str(key));
    }

    private static void dicts(ScalarOps.Registry r) {
        for (String type : KEY_TYPES) {
            r.one("aten::__getitem__.Dict_" + type, args -> {
                Object k = findKey(dict(args.get(0)), args.get(1));
                if (k == NO_KEY) {
                    throw keyError(args.get(1));
                }
                return dict(args.get(0)).get(k);
            });
            r.one("aten::get." + type, args -> {
                Object k = findKey(dict(args.get(0)), args.get(1));
                return k == NO_KEY ? null : dict(args.get(0)).get(k);
            });
            r.one("aten::get.default_" + type, args -> {
                Object k = findKey(dict(args.get(0)), args.get(1));
                return k == NO_KEY ? args.get(2) : dict(args.get(0)).get(k);
            });
            r.one("aten::pop.Dict_" + type, args -> {
                Object k = findKey(dict(args.get(0)), args.get(1));
                if (k == NO_KEY) {
                    throw keyError(args.get(1));
                }
                return dict(args.get(0)).remove(k);
            });
            r.one("aten::pop.Dict_default_" + type, args -> {
                Object k = findKey(dict(args.get(0)), args.get(1));
                return k == NO_KEY ? args.get(2) : dict(args.get(0)).remove(k);
            });
            r.none("aten::Delete.Dict_" + type, args -> {
                Object k = findKey(dict(args.get(0)), args.get(1));
                if (k == NO_KEY) {
                    throw keyError(args.get(1));
                }
                dict(args.get(0)).remove(k);
            });
            r.one("aten::setdefault." + type, args -> {
                Map<Object, Object> d = dict(args.get(0));
                Object k = findKey(d, args.get(1));
                if (k == NO_KEY) {
                    d.put(args.get(1), args.get(2));
                    return args.get(2);
                }
                return d.get(k);
            });
            r.none("aten::_set_item." + type, args -> {
                Map<Object, Object> d = dict(args.get(0));
                Object k = findKey(d, args.get(1));
                d.put(k == NO_KEY ? args.get(1) : k, args.get(2));
            });
            r.one("aten::__contains__." + type, args -> findKey(dict(args.get(0)), args.get(1)) != NO_KEY);
            r.one("aten::len.Dict_" + type, args -> (long) dict(args.get(0)).size());
            r.one("aten::keys." + type, args -> newList(new ArrayList<>(dict(args.get(0)).keySet())));
            r.one("aten::values." + type, args -> newList(new ArrayList<>(dict(args.get(0)).values())));
            r.one("aten::items." + type, args -> {
                List<Object> out = new ArrayList<>();
                dict(args.get(0)).forEach((k, v) -> out.add(Tuple.of(k, v)));
                return out;
            });
            r.one("aten::copy.Dict_" + type, args -> new LinkedHashMap<>(dict(args.get(0))));
            r.one("aten::dict.Dict_" + type, args -> new LinkedHashMap<>(dict(args.get(0))));
            r.none("aten::clear." + type, args -> dict(args.get(0)).clear());
            r.one("aten::popitem." + type, args -> {
                Iterator<Map.Entry<Object, Object>> it = dict(args.get(0)).entrySet().iterator();
                if (!it.hasNext()) {
                    throw ScriptError.runtime("popitem(): dictionary is empty");
                }
                Map.Entry<Object, Object> first = it.next();
                it.remove();
                return Tuple.of(first.getKey(), first.getValue());
            });
            r.none("aten::update." + type, args -> {
                Map<Object, Object> d = dict(args.get(0));
                new LinkedHashMap<>(dict(args.get(1))).forEach((k, v) -> {
                    Object existing = findKey(d, k);
                    d.put(existing == NO_KEY ? k : existing, v);
                });
            });
            r.one("aten::dict." + type, args -> {
                Map<Object, Object> d = new LinkedHashMap<>();
                for (Object pair : list(args.get(0))) {
                    Tuple t = (Tuple) pair;
                    Object existing = findKey(d, t.get(0));
                    d.put(existing == NO_KEY ? t.get(0) : existing, t.get(1));
                }
                return d;
            });
        }
    }
}
