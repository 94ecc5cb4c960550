package io.github.torchscript4j.runtime.weights;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.archive.ArchiveException;
import io.github.torchscript4j.runtime.archive.TensorPolicy;
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
            TensorPolicy reader = new StateDictPolicy(zip);
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
    /** Tensors, and nothing else, with a hint when a whole module was pickled. */
    private static final class StateDictPolicy extends TensorPolicy {
        StateDictPolicy(ZipArchive zip) {
            super(zip, "a state dict");
        }

        @Override
        protected Object otherGlobal(String module, String name) {
            try {
                return super.otherGlobal(module, name);
            } catch (IllegalArgumentException e) {
                if (module.equals("__main__") || module.startsWith("__torch__")) {
                    throw new IllegalArgumentException(e.getMessage()
                            + "; a whole module was pickled: save model.state_dict() instead");
                }
                throw e;
            }
        }
    }
}
