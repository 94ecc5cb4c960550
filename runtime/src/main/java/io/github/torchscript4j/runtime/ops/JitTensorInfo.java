package io.github.torchscript4j.runtime.ops;

import static io.github.torchscript4j.runtime.ops.TensorJitOps.dtype;
import static io.github.torchscript4j.runtime.ops.TensorJitOps.error;
import static io.github.torchscript4j.runtime.ops.TensorJitOps.ref;
import static io.github.torchscript4j.runtime.ops.TensorJitOps.tensor;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongArrayRef;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * What a tensor says about itself — {@code x.size()}, {@code x.dim()}, {@code len(x)}, {@code
 * x.dtype}, {@code x.device}, {@code x.is_cuda}, {@code x.requires_grad}, {@code x.data}, {@code
 * x.grad}, ... — and the JIT's conversions {@code x.to(device, dtype)}, {@code x.to(dtype)}, {@code
 * x.cpu()}, {@code x.cuda()}, which return {@code x} itself when nothing changes (as the reference's
 * {@code x.to("cpu") is x}).
 *
 * <p>A dtype is its {@code int} code, a layout too ({@code torch.strided} is 0); a device is a
 * {@link DeviceValue}.
 */
final class JitTensorInfo {
    private JitTensorInfo() {}

    /** The {@code prim::is_*} flags and the tensor accessor that answers each. */
    private static final Map<String, Predicate<Tensor>> FLAGS = Map.ofEntries(
            Map.entry("is_cpu", Tensor::is_cpu), Map.entry("is_cuda", Tensor::is_cuda),
            Map.entry("is_ipu", Tensor::is_ipu), Map.entry("is_maia", Tensor::is_maia),
            Map.entry("is_meta", Tensor::is_meta), Map.entry("is_mkldnn", Tensor::is_mkldnn),
            Map.entry("is_mps", Tensor::is_mps), Map.entry("is_mtia", Tensor::is_mtia),
            Map.entry("is_nested", Tensor::is_nested), Map.entry("is_quantized", Tensor::is_quantized),
            Map.entry("is_sparse", Tensor::is_sparse), Map.entry("is_sparse_csr", Tensor::is_sparse_csr),
            Map.entry("is_vulkan", Tensor::is_vulkan), Map.entry("is_xla", Tensor::is_xla),
            Map.entry("is_xpu", Tensor::is_xpu), Map.entry("requires_grad", Tensor::requires_grad));

    static void register(TensorJitOps.Registry r) {
        r.one("aten::size", args -> longs(tensor(args.get(0)).shape()));
        r.one("aten::sym_size", args -> longs(tensor(args.get(0)).shape()));
        r.one("aten::stride", args -> longs(strides(tensor(args.get(0)))));
        r.one("aten::sym_stride", args -> longs(strides(tensor(args.get(0)))));
        r.one("aten::dim", args -> tensor(args.get(0)).dim());
        r.one("aten::numel", args -> tensor(args.get(0)).numel());
        r.one("aten::len.Tensor", args -> {
            Tensor t = tensor(args.get(0));
            if (t.dim() == 0) {
                throw error("len() of a 0-d tensor");
            }
            return t.size(0);
        });
        r.one("aten::storage_offset", args -> tensor(args.get(0)).storage_offset());
        r.one("aten::element_size", args -> tensor(args.get(0)).element_size());
        r.one("prim::itemsize", args -> tensor(args.get(0)).itemsize());
        r.one("prim::nbytes", args -> tensor(args.get(0)).nbytes());
        r.one("aten::get_device", args -> {
            Tensor t = tensor(args.get(0));
            if (t.is_cpu()) {
                return -1L;
            }
            try (PointerScope scope = new PointerScope()) {
                return (long) t.device().index();
            }
        });
        r.one("aten::is_contiguous", args -> tensor(args.get(0)).is_contiguous());
        r.one("aten::is_contiguous.memory_format", args ->
                tensor(args.get(0)).is_contiguous(memoryFormat((Long) args.get(1))));
        r.one("aten::is_non_overlapping_and_dense", args -> tensor(args.get(0)).is_non_overlapping_and_dense());
        r.one("prim::dtype", args -> dtype(args.get(0)));
        r.one("prim::layout", args -> (long) tensor(args.get(0)).layout().value);
        r.one("prim::device", args -> device(tensor(args.get(0))));
        for (Map.Entry<String, Predicate<Tensor>> flag : FLAGS.entrySet()) {
            r.one("prim::" + flag.getKey(), args -> flag.getValue().test(tensor(args.get(0))));
        }
        r.one("prim::data", args -> {
            try (PointerScope scope = new PointerScope()) {
                return new TensorRef(tensor(args.get(0)).variable_data());
            }
        });
        r.one("prim::grad", args -> {
            try (PointerScope scope = new PointerScope()) {
                Tensor grad = tensor(args.get(0)).grad();
                return grad == null || grad.isNull() || !grad.defined() ? null : new TensorRef(grad);
            }
        });
        r.one("prim::name", args -> {
            BytePointer name = tensor(args.get(0)).name();
            String text = name == null || name.isNull() ? "" : name.getString(StandardCharsets.UTF_8);
            return text.isEmpty() ? null : text;
        });
        r.one("aten::to.prim_Device", args ->
                convert(args.get(0), args.get(1), args.get(2), (Boolean) args.get(3), (Boolean) args.get(4)));
        r.one("aten::to.prim_dtype", args ->
                convert(args.get(0), null, args.get(1), (Boolean) args.get(2), (Boolean) args.get(3)));
        r.one("aten::to.prim_other", args ->
                convert(args.get(0), null, null, (Boolean) args.get(1), (Boolean) args.get(2)));
        r.one("aten::cpu", args -> convert(args.get(0), DeviceValue.CPU, null, false, false));
        r.one("aten::cuda", args -> convert(args.get(0), new DeviceValue("cuda", -1), null, false, false));
    }

    /**
     * {@code self} on {@code device} with {@code dtype} (either null: unchanged), as the JIT's
     * {@code to}: {@code self} itself (retained for the caller) when nothing changes and no copy is
     * asked for, otherwise libtorch's {@code aten::to}.
     */
    static TensorRef convert(Object self, Object device, Object dtype, boolean nonBlocking, boolean copy) {
        if (device == null && dtype == null && !copy) {
            return ref(self).retain();
        }
        if (device == null) {
            // The reference reads the absent dtype as code 0 here: x.to(copy=True) is a uint8 copy
            // (PyTorch 1.13.1's to_dispatch dereferences an empty optional; recorded behaviour).
            Object type = dtype != null ? dtype : (Object) Dtypes.UINT8;
            return Dispatch.tensor("aten::to.dtype", self, type, nonBlocking, copy, null);
        }
        Object type = dtype != null ? dtype : dtype(self);
        return Dispatch.tensor("aten::to.device", self, device, type, nonBlocking, copy, null);
    }

    static DeviceValue device(Tensor t) {
        try (PointerScope scope = new PointerScope()) {
            return DeviceValue.parse(t.device().str().getString());
        }
    }

    private static long[] strides(Tensor t) {
        try (PointerScope scope = new PointerScope()) {
            LongArrayRef strides = t.strides();
            long[] values = new long[(int) t.dim()];
            for (int i = 0; i < values.length; i++) {
                values[i] = strides.at(i);
            }
            return values;
        }
    }

    private static List<Object> longs(long[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return list;
    }

    private static torch.MemoryFormat memoryFormat(long code) {
        for (torch.MemoryFormat format : torch.MemoryFormat.values()) {
            if (format.value == code && format != torch.MemoryFormat.NumOptions) {
                return format;
            }
        }
        throw error(code + " is not a valid MemoryFormat");
    }
}
