package io.github.torchscript4j.runtime.weights;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.archive.ArchiveException;
import io.github.torchscript4j.runtime.archive.RawTensors;
import io.github.torchscript4j.runtime.archive.Unpickler;
import io.github.torchscript4j.runtime.archive.ZipArchive;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a state dict that {@code torch.save(model.state_dict(), path)} wrote: PyTorch's zip format
 * (the default since 1.6) with {@code <folder>/data.pkl}, a pickle of protocol 2, and one record
 * {@code <folder>/data/<key>} per storage, the elements' raw little-endian bytes.
 *
 * <p>The pickle is read by the restricted {@link Unpickler} with a policy that allows exactly what
 * a state dict is made of:
 *
 * <ul>
 *   <li>{@code collections.OrderedDict} called without arguments, and {@code BUILD} on it (the
 *       {@code _metadata} attribute that {@code state_dict()} sets, which is ignored);
 *   <li>{@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad,
 *       backward_hooks)} with empty hooks, which becomes a view of the storage with that shape,
 *       strides and offset ({@code requires_grad} is not kept: the tensors are for inference);
 *   <li>{@code torch._utils._rebuild_parameter(data, requires_grad, hooks)} (a state dict saved
 *       with {@code keep_vars=True}), which becomes its data;
 *   <li>the storage classes {@code torch.FloatStorage}, {@code torch.LongStorage}, ... named in
 *       persistent ids {@code ('storage', class, key, location, numel)}; storages are loaded to
 *       the CPU whatever their location, and shared between the tensors that share them.
 * </ul>
 *
 * Any other global is refused with a message that names it. The result must be a dict of names to
 * tensors.
 */
public final class TorchSaveFile {
    /** The first bytes of the legacy (pre-1.6) format: a pickled magic number. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a};

    private TorchSaveFile() {}

    /**
     * Reads the state dict in {@code path}; the caller owns every tensor of the map (in the
     * file's order).
     *
     * @throws ArchiveException if the file is not a {@code torch.save} zip, is truncated or
     *     malformed, pickles anything but a state dict, or a tensor does not fit its storage
     */
    public static Map<String, TensorRef> read(Path path) {
        String name = path.toString();
        checkNotLegacy(path, name);
        try (ZipArchive zip = ZipArchive.open(path)) {
            byte[] pickle = zip.read("data.pkl");
            zip.find("byteorder").ifPresent(order -> {
                String text = new String(order, StandardCharsets.US_ASCII).trim();
                if (!text.equals("little")) {
                    throw new ArchiveException(name + ": tensors stored in '" + text
                            + "' byte order; only little-endian is supported");
                }
            });
            Reader reader = new Reader(zip);
            try {
                Object result = Unpickler.load(name + ": " + zip.folder() + "/data.pkl", pickle, reader);
                return stateDict(name, result);
            } catch (RuntimeException e) {
                reader.releaseAll();
                throw e;
            } finally {
                reader.releaseStorages();
            }
        }
    }

    private static void checkNotLegacy(Path path, String name) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new ArchiveException(name + ": cannot be read: " + e.getMessage(), e);
        }
        if (n == 4 && java.util.Arrays.equals(head, LEGACY_MAGIC)) {
            throw new ArchiveException(name + ": written in torch.save's legacy format (PyTorch before 1.6, or "
                    + "_use_new_zipfile_serialization=False), which is not supported; save it again with a "
                    + "current torch.save");
        }
    }

    private static Map<String, TensorRef> stateDict(String name, Object result) {
        if (!(result instanceof Map<?, ?> map)) {
            throw new ArchiveException(name + ": holds " + Unpickler.describe(result) + ", not a state dict");
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new ArchiveException(name + ": a state dict key is " + Unpickler.describe(e.getKey())
                        + ", not a string");
            }
            if (!(e.getValue() instanceof TensorRef tensor)) {
                throw new ArchiveException(name + ": state dict entry '" + key + "' is "
                        + Unpickler.describe(e.getValue()) + ", not a tensor");
            }
            out.put(key, tensor);
        }
        return out;
    }

    /** Markers for the globals the policy allows. */
    private enum Global { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_PARAMETER }

    /** A storage class, {@code torch.FloatStorage}. */
    private record StorageClass(String name, long dtype) {
        @Override
        public String toString() {
            return "torch." + name;
        }
    }

    /** The state-dict policy, with the storages it loaded. */
    private static final class Reader implements Unpickler.Policy {
        private final ZipArchive zip;
        private final Map<String, TensorRef> storages = new HashMap<>();
        private final List<TensorRef> made = new ArrayList<>();

        Reader(ZipArchive zip) {
            this.zip = zip;
        }

        @Override
        public Object global(String module, String name) {
            String qualified = module + "." + name;
            switch (qualified) {
                case "collections.OrderedDict":
                    return Global.ORDERED_DICT;
                case "torch._utils._rebuild_tensor_v2":
                    return Global.REBUILD_TENSOR_V2;
                case "torch._utils._rebuild_parameter":
                    return Global.REBUILD_PARAMETER;
                default:
                    if (module.equals("torch") && RawTensors.storageDtype(name).isPresent()) {
                        return new StorageClass(name, RawTensors.storageDtype(name).get());
                    }
                    throw new IllegalArgumentException("global '" + qualified + "' is not allowed in a state dict"
                            + " (only collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
                            + "torch._utils._rebuild_parameter and torch's storage classes are)"
                            + (module.equals("__main__") || module.startsWith("__torch__")
                            ? "; a whole module was pickled: save model.state_dict() instead" : ""));
            }
        }

        @Override
        public Object reduce(Object callable, Tuple args) {
            if (callable == Global.ORDERED_DICT) {
                if (args.size() != 0) {
                    throw new IllegalArgumentException("collections.OrderedDict called with arguments");
                }
                return new LinkedHashMap<>();
            }
            if (callable == Global.REBUILD_TENSOR_V2) {
                return rebuildTensor(args);
            }
            if (callable == Global.REBUILD_PARAMETER) {
                if (args.size() != 3 || !(args.get(0) instanceof TensorRef data) || !(args.get(1) instanceof Boolean)) {
                    throw new IllegalArgumentException("torch._utils._rebuild_parameter expects (tensor, bool, hooks)");
                }
                requireNoHooks(args.get(2));
                return data;
            }
            throw new IllegalArgumentException("cannot call " + Unpickler.describe(callable));
        }

        private Object rebuildTensor(Tuple args) {
            if (args.size() < 6 || args.size() > 7 || !(args.get(0) instanceof TensorRef storage)
                    || !(args.get(1) instanceof Long offset) || !(args.get(2) instanceof Tuple size)
                    || !(args.get(3) instanceof Tuple stride) || !(args.get(4) instanceof Boolean)) {
                throw new IllegalArgumentException("torch._utils._rebuild_tensor_v2 expects (storage, int, "
                        + "tuple, tuple, bool, hooks), got " + args.size() + " arguments");
            }
            requireNoHooks(args.get(5));
            if (args.size() == 7 && args.get(6) != null && !(args.get(6) instanceof Map<?, ?> m && m.isEmpty())) {
                throw new IllegalArgumentException("tensor metadata is not supported");
            }
            TensorRef view = RawTensors.view(storage, longs(size), longs(stride), offset);
            made.add(view);
            return view;
        }

        private static void requireNoHooks(Object hooks) {
            if (hooks != null && !(hooks instanceof Map<?, ?> m && m.isEmpty())) {
                throw new IllegalArgumentException("tensors with backward hooks are not supported");
            }
        }

        private static long[] longs(Tuple t) {
            long[] out = new long[t.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(t.get(i) instanceof Long v)) {
                    throw new IllegalArgumentException("a tensor size or stride holds " + Unpickler.describe(t.get(i)));
                }
                out[i] = v;
            }
            return out;
        }

        @Override
        public Object build(Object target, Object state) {
            if (target instanceof LinkedHashMap<?, ?> && state instanceof Map<?, ?>) {
                return target; // OrderedDict's __dict__: state_dict()'s _metadata, not needed
            }
            throw new IllegalArgumentException("cannot set the state of " + Unpickler.describe(target));
        }

        @Override
        public Object persistentLoad(Object pid) {
            if (!(pid instanceof Tuple t) || t.size() != 5 || !"storage".equals(t.get(0))
                    || !(t.get(1) instanceof StorageClass type) || !(t.get(2) instanceof String key)
                    || !(t.get(3) instanceof String) || !(t.get(4) instanceof Long numel)) {
                throw new IllegalArgumentException("persistent id " + Unpickler.describe(pid)
                        + " is not ('storage', class, key, location, numel)");
            }
            TensorRef known = storages.get(key);
            if (known != null) {
                return known;
            }
            String record = "data/" + key;
            byte[] bytes = zip.read(record);
            long expected = numel * RawTensors.elementSize(type.dtype());
            if (numel < 0 || bytes.length != expected) {
                throw new ArchiveException(zip.fileName() + ": " + zip.folder() + "/" + record + " holds "
                        + bytes.length + " bytes, but the pickle says " + numel + " elements of " + type
                        + " (" + expected + " bytes)");
            }
            TensorRef storage = RawTensors.storage(bytes, 0, bytes.length, type.dtype());
            storages.put(key, storage);
            return storage;
        }

        void releaseStorages() {
            storages.values().forEach(TensorRef::release);
        }

        void releaseAll() {
            made.forEach(TensorRef::release);
        }
    }
}
