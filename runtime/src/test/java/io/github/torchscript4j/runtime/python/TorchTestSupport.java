package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls into a {@link TorchHost} from Java as Python code would make them. */
final class TorchTestSupport {
    final TorchHost host;
    final PyAttributes torch;

    TorchTestSupport(TorchHost host) {
        this.host = host;
        this.torch = host.importModule("torch").orElseThrow();
    }

    /** {@code torch.NAME(args...)}. */
    Object torch(String name, Object... args) {
        return call(torch.attribute(name).orElseThrow(), args);
    }

    /** {@code torch.NAME(args..., **kwargs)}. */
    Object torchKw(String name, Map<String, Object> kwargs, Object... args) {
        return ((PyCallable) torch.attribute(name).orElseThrow()).call(list(args), kwargs);
    }

    /** {@code value.NAME(args...)}. */
    Object method(Object value, String name, Object... args) {
        return call(host.attribute(value, name).orElseThrow(), args);
    }

    /** {@code value.NAME(args..., **kwargs)}. */
    Object methodKw(Object value, String name, Map<String, Object> kwargs, Object... args) {
        return ((PyCallable) host.attribute(value, name).orElseThrow()).call(list(args), kwargs);
    }

    Object attr(Object value, String name) {
        Object v = host.attribute(value, name).orElseThrow();
        return v == Host.NONE ? null : v;
    }

    static Object call(Object callable, Object... args) {
        if (callable instanceof PyAttributes a) {
            callable = a.attribute("__call__").orElseThrow();
        }
        return ((PyCallable) callable).call(list(args), Map.of());
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    static Map<String, Object> kw(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    TorchDtype dtype(String name) {
        return (TorchDtype) torch.attribute(name).orElseThrow();
    }

    /** The tensor's values as doubles. */
    static double[] values(Object tensor) {
        TensorData d = TensorData.read((TensorRef) tensor);
        double[] out = new double[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.floats() != null ? d.floats()[i] : d.ints() != null ? d.ints()[i] : d.bools()[i] ? 1 : 0;
        }
        return out;
    }

    static long[] shape(Object tensor) {
        return ((TensorRef) tensor).tensor().sizes().vec().get();
    }
}
