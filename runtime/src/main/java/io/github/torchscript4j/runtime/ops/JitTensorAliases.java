package io.github.torchscript4j.runtime.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * JIT operators that are dispatcher operators under another name or with a narrower signature:
 * the "hacked twins" of indexing that take {@code Tensor[]} where the dispatcher's take {@code
 * Tensor?[]}, {@code aten::split} with a list of sizes ({@code split_with_sizes}), the {@code .a}
 * spellings of {@code mT}, {@code mH}, {@code matrix_H}, {@code numpy_T}, {@code prim::abs}, and
 * {@code copy_} from a tensor or a number; and the {@code _no_grad_*} helpers of {@code
 * torch.nn.init}, which run their in-place operator with gradients off on the calling thread. Each
 * passes its arguments on unchanged.
 */
final class JitTensorAliases {
    private JitTensorAliases() {}

    /** JIT overload → the dispatcher overload with the same arguments. */
    private static final Map<String, String> SAME_ARGUMENTS = Map.ofEntries(
            Map.entry("aten::index.Tensor_hacked_twin", "aten::index.Tensor"),
            Map.entry("aten::index_put.hacked_twin", "aten::index_put"),
            Map.entry("aten::index_put_.hacked_twin", "aten::index_put_"),
            Map.entry("aten::_index_put_impl_.hacked_twin", "aten::_index_put_impl_"),
            Map.entry("aten::_unsafe_index.Tensor_hacked_twin", "aten::_unsafe_index.Tensor"),
            Map.entry("aten::_unsafe_index_put.hacked_twin", "aten::_unsafe_index_put"),
            Map.entry("aten::split", "aten::split_with_sizes"),
            Map.entry("aten::mT.a", "aten::mT"),
            Map.entry("aten::mH.a", "aten::mH"),
            Map.entry("aten::matrix_H.a", "aten::matrix_H"),
            Map.entry("aten::numpy_T.a", "aten::numpy_T"),
            Map.entry("aten::dequantize.tensor", "aten::dequantize.self"),
            Map.entry("aten::dequantize.list", "aten::dequantize.tensors"),
            Map.entry("prim::abs", "aten::abs"));

    /** JIT overload → the dispatcher overload it calls with gradients off (the {@code torch.nn.init} helpers). */
    private static final Map<String, String> WITHOUT_GRAD = Map.of(
            "aten::_no_grad_fill_", "aten::fill_.Scalar",
            "aten::_no_grad_zero_", "aten::zero_",
            "aten::_no_grad_uniform_", "aten::uniform_",
            "aten::_no_grad_normal_", "aten::normal_",
            "aten::_no_grad_embedding_renorm_", "aten::embedding_renorm_");

    static void register(TensorJitOps.Registry r) {
        for (Map.Entry<String, String> alias : WITHOUT_GRAD.entrySet()) {
            String target = alias.getValue();
            r.add(alias.getKey(), args -> {
                try (NoGradGuard noGrad = new NoGradGuard()) {
                    return Dispatch.op(target).call(args);
                }
            });
        }
        for (Map.Entry<String, String> alias : SAME_ARGUMENTS.entrySet()) {
            String target = alias.getValue();
            r.add(alias.getKey(), args -> Dispatch.op(target).call(args));
        }
        r.add("aten::copy_.Tensor", args -> {
            List<Object> full = new ArrayList<>(args);
            full.add(false);
            return Dispatch.op("aten::copy_").call(full);
        });
        for (String kind : List.of("int", "float")) {
            r.add("aten::copy_." + kind, args -> {
                var source = JitTensorCreation.scalarTensor(args.get(1));
                try {
                    return Dispatch.call("aten::copy_", args.get(0), source, false);
                } finally {
                    source.release();
                }
            });
        }
    }
}
