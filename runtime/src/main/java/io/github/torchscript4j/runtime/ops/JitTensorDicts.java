package io.github.torchscript4j.runtime.ops;

import static io.github.torchscript4j.runtime.ops.TensorJitOps.error;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators on dicts with tensor keys ({@code Dict[Tensor, V]}): indexing, {@code get}, {@code
 * in}, {@code len}, {@code keys}, {@code values}, {@code items}, {@code pop}, {@code popitem},
 * {@code setdefault}, {@code clear}, {@code copy}, {@code update}, {@code del} and the {@code dict}
 * constructors.
 *
 * <p>As in the reference, a tensor key is found by identity — the same libtorch tensor ({@code
 * TensorImpl}), never by value: {@code d[torch.tensor(1)]} misses a key that merely equals 1 — and
 * a missing key is {@code KeyError: } followed by the key as the reference writes it. Insertion
 * order is kept; {@code popitem} takes the first entry.
 *
 * <p>Ownership: a tensor that enters the dict (key or value) is retained for it; a value handed to
 * the caller is retained for the caller, except one that {@code pop} or {@code popitem} takes out
 * of the dict, whose reference passes from the dict to the caller. Lists of keys or values share
 * the dict's tensors.
 */
final class JitTensorDicts {
    private JitTensorDicts() {}

    static void register(TensorJitOps.Registry r) {
        r.one("aten::__getitem__.Dict_Tensor", args -> retained(valueOf(dict(args.get(0)), args.get(1))));
        r.one("aten::get.Tensor", args -> {
            Map<Object, Object> dict = dict(args.get(0));
            Object key = find(dict, args.get(1));
            return key == null ? null : retained(dict.get(key));
        });
        r.one("aten::get.default_Tensor", args -> {
            Map<Object, Object> dict = dict(args.get(0));
            Object key = find(dict, args.get(1));
            return retained(key == null ? args.get(2) : dict.get(key));
        });
        r.none("aten::_set_item.Tensor", args -> put(dict(args.get(0)), args.get(1), args.get(2)));
        r.one("aten::__contains__.Tensor", args -> find(dict(args.get(0)), args.get(1)) != null);
        r.one("aten::len.Dict_Tensor", args -> (long) dict(args.get(0)).size());
        r.one("aten::keys.Tensor", args -> new ArrayList<>(dict(args.get(0)).keySet()));
        r.one("aten::values.Tensor", args -> new ArrayList<>(dict(args.get(0)).values()));
        r.one("aten::items.Tensor", args -> {
            List<Object> items = new ArrayList<>();
            dict(args.get(0)).forEach((k, v) -> items.add(new Tuple(java.util.Arrays.asList(k, v))));
            return items;
        });
        r.one("aten::pop.Dict_Tensor", args -> {
            Map<Object, Object> dict = dict(args.get(0));
            Object value = valueOf(dict, args.get(1));
            dict.remove(find(dict, args.get(1)));
            return value;
        });
        r.one("aten::pop.Dict_default_Tensor", args -> {
            Map<Object, Object> dict = dict(args.get(0));
            Object key = find(dict, args.get(1));
            return key == null ? retained(args.get(2)) : dict.remove(key);
        });
        r.one("aten::popitem.Tensor", args -> {
            Map<Object, Object> dict = dict(args.get(0));
            Iterator<Map.Entry<Object, Object>> entries = dict.entrySet().iterator();
            if (!entries.hasNext()) {
                throw error("popitem(): dictionary is empty");
            }
            Map.Entry<Object, Object> first = entries.next();
            entries.remove();
            return new Tuple(java.util.Arrays.asList(first.getKey(), first.getValue()));
        });
        r.one("aten::setdefault.Tensor", args -> {
            Map<Object, Object> dict = dict(args.get(0));
            Object key = find(dict, args.get(1));
            if (key != null) {
                return retained(dict.get(key));
            }
            put(dict, args.get(1), args.get(2));
            return retained(args.get(2));
        });
        r.none("aten::clear.Tensor", args -> dict(args.get(0)).clear());
        r.one("aten::copy.Dict_Tensor", args -> shared(dict(args.get(0))));
        r.one("aten::dict.Dict_Tensor", args -> shared(dict(args.get(0))));
        r.none("aten::Delete.Dict_Tensor", args -> {
            Map<Object, Object> dict = dict(args.get(0));
            valueOf(dict, args.get(1));
            dict.remove(find(dict, args.get(1)));
        });
        r.none("aten::update.Tensor", args -> {
            Map<Object, Object> dict = dict(args.get(0));
            for (Map.Entry<Object, Object> entry : new ArrayList<>(dict(args.get(1)).entrySet())) {
                put(dict, entry.getKey(), entry.getValue());
            }
        });
        r.one("aten::dict.Tensor", args -> {
            Map<Object, Object> dict = new LinkedHashMap<>();
            for (Object pair : (List<?>) args.get(0)) {
                Tuple tuple = (Tuple) pair;
                put(dict, tuple.get(0), tuple.get(1));
            }
            return dict;
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object value) {
        return (Map<Object, Object>) value;
    }

    /** The dict's own key object for the tensor {@code key}, or null when the dict has none. */
    private static Object find(Map<Object, Object> dict, Object key) {
        if (dict.containsKey(key)) {
            return key;
        }
        if (key instanceof TensorRef wanted) {
            for (Object k : dict.keySet()) {
                if (k instanceof TensorRef have && have.tensor().is_same(wanted.tensor())) {
                    return k;
                }
            }
        }
        return null;
    }

    /** The value for {@code key}; a {@code KeyError} when there is none. */
    private static Object valueOf(Map<Object, Object> dict, Object key) {
        Object found = find(dict, key);
        if (found == null) {
            String text = key instanceof TensorRef t ? JitTensorLists.pythonText(t) : String.valueOf(key);
            throw error("KeyError: " + text);
        }
        return dict.get(found);
    }

    /** Stores {@code value} under the dict's key for {@code key} (a new key when it has none), retaining what enters. */
    private static void put(Map<Object, Object> dict, Object key, Object value) {
        Object existing = find(dict, key);
        if (existing == null) {
            retained(key);
            existing = key;
        }
        dict.put(existing, retained(value));
    }

    /** A new dict with the same entries (the tensors shared, each retained for the new dict). */
    private static Map<Object, Object> shared(Map<Object, Object> dict) {
        Map<Object, Object> copy = new LinkedHashMap<>();
        dict.forEach((k, v) -> copy.put(retained(k), retained(v)));
        return copy;
    }

    /** {@code value}, with one more owner if it is a tensor. */
    private static Object retained(Object value) {
        if (value instanceof TensorRef tensor) {
            tensor.retain();
        }
        return value;
    }
}
