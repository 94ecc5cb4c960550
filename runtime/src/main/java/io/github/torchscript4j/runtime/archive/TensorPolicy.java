package io.github.torchscript4j.runtime.archive;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of an unpickling {@link Unpickler.Policy} that rebuilds tensors, shared by state dicts
 * and TorchScript archives: {@code collections.OrderedDict} called without arguments (and {@code
 * BUILD} on it with a dict, {@code state_dict()}'s {@code _metadata}, ignored); {@code
 * torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)} with empty
 * hooks, a view of the storage with that shape, strides and offset ({@code requires_grad} is not
 * kept: the tensors are for inference); {@code torch._utils._rebuild_parameter(data,
 * requires_grad, hooks)}, its data; the storage classes {@code torch.FloatStorage}, ..., in
 * persistent ids {@code ('storage', class, key, location, numel)} whose bytes are the record
 * {@code data/<key>}, loaded to the CPU whatever the location, once per key (tensors that shared a
 * storage share it again).
 *
 * <p>Any other global is refused by {@link #otherGlobal}, which subclasses may widen. After
 * loading, {@link #releaseStorages()} drops the policy's own references to the storages (the
 * tensors keep theirs); after a failure {@link #releaseAll()} frees every tensor it made.
 */
public class TensorPolicy implements Unpickler.Policy {
    /** What is being read, for messages: {@code a state dict}. */
    private final String what;

    /** Markers for the globals the policy allows. */
    private enum Global { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_PARAMETER }

    /** A storage class, {@code torch.FloatStorage}. */
    private record StorageClass(String name, long dtype) {
        @Override
        public String toString() {
            return "torch." + name;
        }
    }

    private final ZipArchive zip;
    private final Map<String, TensorRef> storages = new HashMap<>();
    private final List<TensorRef> made = new ArrayList<>();

    /**
     * @param zip the archive whose {@code data/} records hold the storages
     * @param what what is being read, for messages ({@code a state dict})
     */
    public TensorPolicy(ZipArchive zip, String what) {
        this(zip, what, "data/");
    }

    /**
     * @param zip the archive
     * @param what what is being read, for messages
     * @param storageFolder the folder of the storages' records ({@code data/}; a TorchScript
     *     archive's {@code constants.pkl} has its own, {@code constants/})
     */
    public TensorPolicy(ZipArchive zip, String what, String storageFolder) {
        this.zip = zip;
        this.what = what;
        this.storageFolder = storageFolder;
    }

    private final String storageFolder;

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
                return otherGlobal(module, name);
        }
    }

    /**
     * A global other than the tensor ones; refused here, with a message that names it and what is
     * allowed.
     */
    protected Object otherGlobal(String module, String name) {
        throw new IllegalArgumentException("global '" + module + "." + name + "' is not allowed in " + what
                + " (only collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
                + "torch._utils._rebuild_parameter and torch's storage classes are)");
    }

    /** {@code REBUILD} of a callable other than the tensor ones; refused here. */
    protected Object otherReduce(Object callable, Tuple args) {
        throw new IllegalArgumentException("cannot call " + Unpickler.describe(callable));
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
        return otherReduce(callable, args);
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
        String record = storageFolder + key;
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

    /** Drops the policy's own references to the storages (the tensors keep theirs). */
    public void releaseStorages() {
        storages.values().forEach(TensorRef::release);
    }

    /** Frees every tensor made, after a failed load. */
    public void releaseAll() {
        made.forEach(TensorRef::release);
    }
}
