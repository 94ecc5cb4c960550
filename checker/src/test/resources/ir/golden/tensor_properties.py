# Tensor properties the reference reads with one operator each: prim::is_* for the device and
# layout kinds (is_sparse_csr, is_cpu, is_xpu, ...), aten::is_leaf, prim::name. Entry: props
import torch


@torch.jit.script
def props(x: torch.Tensor):
    kinds = [x.is_sparse, x.is_sparse_csr, x.is_quantized, x.is_meta, x.is_mkldnn, x.is_vulkan,
             x.is_nested, x.is_cuda, x.is_cpu, x.is_xpu, x.is_ipu, x.is_mps]
    return kinds, x.is_leaf, x.requires_grad, x.name, x.layout, x.ndim
