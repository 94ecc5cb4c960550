package io.github.torchscript4j.runtime;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The devices a program's tensors may live on: {@code cpu} (the default) and {@code cuda} or
 * {@code cuda:N}. CUDA needs Bytedeco's GPU build of libtorch — the artifacts {@code
 * pytorch:linux-x86_64-gpu} and {@code cuda}, which the Maven profile {@code -Pcuda} puts on the
 * class path instead of the CPU build — and a GPU with its driver. {@link #require} says clearly
 * which of these is missing.
 */
public final class Devices {
    private static final Pattern SPEC = Pattern.compile("cpu|cuda(:\\d+)?");

    private Devices() {}

    /**
     * The device {@code spec} names: {@code cpu}, {@code cuda} or {@code cuda:N}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static DeviceValue parse(String spec) {
        if (spec == null || !SPEC.matcher(spec).matches()) {
            throw new IllegalArgumentException("unknown device '" + spec + "': expected cpu, cuda or cuda:N");
        }
        return DeviceValue.parse(spec);
    }

    /**
     * Checks that tensors can be put on {@code device}, loading libtorch.
     *
     * @throws DeviceUnavailableException when libtorch is a CPU build, no GPU is usable, or the
     *     device index is past the last GPU
     */
    public static void require(DeviceValue device) {
        if (device.type().equals("cpu")) {
            return;
        }
        Libtorch.ensureLoaded();
        if (!cudaBuild()) {
            throw new DeviceUnavailableException("cannot use device " + device + ": this libtorch is Bytedeco's CPU build"
                    + " (pytorch:" + Libtorch.BYTEDECO_VERSION + ":linux-x86_64); build with the Maven profile -Pcuda"
                    + " for the linux-x86_64-gpu artifacts");
        }
        if (!torch.cuda_is_available()) {
            throw new DeviceUnavailableException("cannot use device " + device
                    + ": libtorch was built with CUDA, but no GPU is available (no device, or no NVIDIA driver)");
        }
        int count = torch.cuda_device_count();
        if (device.index() >= count) {
            throw new DeviceUnavailableException("cannot use device " + device + ": there " + (count == 1 ? "is 1 GPU" : "are " + count + " GPUs")
                    + " (cuda:0 to cuda:" + (count - 1) + ")");
        }
    }

    /**
     * Whether the libtorch this process loaded has CUDA kernels: its {@code libtorch_cuda} library
     * is mapped (Bytedeco's GPU build loads it with {@code libtorch_cpu}; the CPU build has none).
     */
    public static boolean cudaBuild() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("/libtorch_cuda.so")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return torch.cuda_is_available();
        }
    }

    /**
     * {@code value} with its tensors on {@code device}: a tensor becomes a new {@link TensorRef} the
     * caller owns (a new owner of the same tensor when it is there already); lists, tuples and dicts
     * are copied with their tensors moved; other values are themselves.
     */
    public static Object moveTo(Object value, DeviceValue device) {
        if (value instanceof TensorRef ref) {
            try (PointerScope scope = new PointerScope()) {
                Tensor tensor = ref.tensor();
                Device target = new Device(device.toString());
                if (tensor.device().str().getString().equals(device.toString())) {
                    return ref.retain();
                }
                return new TensorRef(tensor.to(target, tensor.scalar_type()));
            } catch (TorchScriptException e) {
                throw e;
            } catch (RuntimeException e) {
                throw TorchScriptException.fromNative(e);
            }
        }
        if (value instanceof List<?> list) {
            List<Object> moved = new ArrayList<>(list.size());
            for (Object item : list) {
                moved.add(moveTo(item, device));
            }
            return moved;
        }
        if (value instanceof Tuple tuple) {
            List<Object> moved = new ArrayList<>(tuple.size());
            for (Object item : tuple.elements()) {
                moved.add(moveTo(item, device));
            }
            return new Tuple(moved);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> moved = new LinkedHashMap<>();
            map.forEach((k, v) -> moved.put(k, moveTo(v, device)));
            return moved;
        }
        return value;
    }

    /** Releases every tensor in {@code value}, containers included: the undoing of {@link #moveTo}. */
    static void releaseAll(Object value) {
        if (value instanceof TensorRef ref) {
            ref.release();
        } else if (value instanceof List<?> list) {
            list.forEach(Devices::releaseAll);
        } else if (value instanceof Tuple tuple) {
            tuple.elements().forEach(Devices::releaseAll);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(Devices::releaseAll);
        }
    }

    /** Tensors cannot be put on the device asked for: why, in words a user can act on. */
    public static final class DeviceUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DeviceUnavailableException(String message) {
            super(message);
        }
    }
}
