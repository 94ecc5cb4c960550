# TorchScript4J's own TorchScript source for torch.nn.functional.
#
# In PyTorch these functions are Python source that torch.jit.script compiles on first use. The
# checker resolves `torch.nn.functional.NAME` (however it is imported) to the function of the same
# name here, checks calls against its signature, checks its body once per file like user code, and
# the emitter lowers it as `__torch__.torch.nn.functional.NAME`. Signatures (parameter names,
# types, defaults) are those the reference (PyTorch 1.13.1) shows for each function; the bodies are
# written for TorchScript4J from the aten operators the reference reaches. Python warnings the
# reference prints (deprecations, implicit softmax dims) are not reproduced.
#
# Module-level assignments are data for the checker, and plain Python too (this file imports):
#   NAME = torch.X / torch._C._nn.X        F.NAME is that operator (a builtin of the reference)
#   NAME = OTHER                            F.NAME is the library function OTHER
#   NAME = _boolean_dispatch("arg", i, if_true, if_false)
#                                           F.NAME calls if_true when argument "arg" (keyword, or
#                                           positional at index i) is the literal True, if_false
#                                           when it is False or absent.
# A name that is in none of these is unknown to the checker and never reported.
#
# scripts/check-functional-library compiles each function here with the reference's
# torch.jit.script and compares results with torch.nn.functional on random inputs.
import math
import torch
from torch import Tensor
from typing import List, Optional, Tuple, Union
from torch._jit_internal import BroadcastingList1, BroadcastingList2, BroadcastingList3


def _boolean_dispatch(arg_name: str, arg_index: int, if_true, if_false):
    # Not TorchScript: evaluated by Python only, read by the checker as a dispatch table. Called
    # eagerly, the function chooses as the reference's does: on the argument's value.
    def fn(*args, **kwargs):
        if arg_name in kwargs:
            dispatch_flag = kwargs[arg_name]
        elif arg_index < len(args):
            dispatch_flag = args[arg_index]
        else:
            dispatch_flag = False
        if dispatch_flag:
            return if_true(*args, **kwargs)
        return if_false(*args, **kwargs)
    return fn


# ---- operators that torch.nn.functional re-exports (the reference calls them directly)

adaptive_avg_pool1d = torch.adaptive_avg_pool1d
avg_pool1d = torch.avg_pool1d
avg_pool2d = torch._C._nn.avg_pool2d
avg_pool3d = torch._C._nn.avg_pool3d
bilinear = torch.bilinear
celu_ = torch.celu_
channel_shuffle = torch.channel_shuffle
conv1d = torch.conv1d
conv2d = torch.conv2d
conv3d = torch.conv3d
conv_tbc = torch.conv_tbc
conv_transpose1d = torch.conv_transpose1d
conv_transpose2d = torch.conv_transpose2d
conv_transpose3d = torch.conv_transpose3d
cosine_similarity = torch.cosine_similarity
elu_ = torch._C._nn.elu_
gelu = torch._C._nn.gelu
hardshrink = torch.hardshrink
hardtanh_ = torch._C._nn.hardtanh_
leaky_relu_ = torch._C._nn.leaky_relu_
linear = torch._C._nn.linear
logsigmoid = torch._C._nn.log_sigmoid
native_channel_shuffle = torch.native_channel_shuffle
one_hot = torch._C._nn.one_hot
pad = torch._C._nn.pad
pairwise_distance = torch.pairwise_distance
pdist = torch.pdist
pixel_shuffle = torch.pixel_shuffle
pixel_unshuffle = torch.pixel_unshuffle
prelu = torch.prelu
relu_ = torch.relu_
rrelu_ = torch.rrelu_
selu_ = torch.selu_
softplus = torch._C._nn.softplus
softshrink = torch._C._nn.softshrink
threshold_ = torch.threshold_


# ---- helpers

def _reduction_enum(size_average: Optional[bool], reduce: Optional[bool], reduction: str) -> int:
    # aten's losses take the reduction as 0 (none), 1 (mean) or 2 (sum); the legacy
    # size_average / reduce flags, when either is given, decide instead of `reduction`.
    if size_average is not None or reduce is not None:
        averaged = True
        if size_average is not None:
            averaged = size_average
        reduced = True
        if reduce is not None:
            reduced = reduce
        if not reduced:
            return 0
        if averaged:
            return 1
        return 2
    if reduction == "none":
        return 0
    if reduction == "mean":
        return 1
    if reduction == "sum":
        return 2
    raise ValueError(reduction + " is not a valid value for reduction")


def _get_softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    # The implicit dimension of softmax and friends: 0 for 0-, 1- and 3-d inputs, else 1.
    if ndim == 0 or ndim == 1 or ndim == 3:
        return 0
    return 1


def _verify_batch_size(size: List[int]) -> None:
    count = size[0]
    for i in range(2, len(size)):
        count = count * size[i]
    if count == 1:
        raise ValueError("Expected more than 1 value per channel when training, got input size " + str(size))


def _verify_spatial_size(size: List[int]) -> None:
    count = 1
    for i in range(2, len(size)):
        count = count * size[i]
    if count == 1:
        raise ValueError("Expected more than 1 spatial element when training, got input size " + str(size))


# ---- activations

def lp_pool1d(input: Tensor, norm_type: Union[int, float], kernel_size: int,
              stride: Optional[BroadcastingList1[int]] = None, ceil_mode: bool = False) -> Tensor:
    # the norm_type-th root of the sum of x ** norm_type over each window
    if stride is not None:
        out = torch.avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = torch.avg_pool1d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (torch.sign(out) * relu(torch.abs(out))).mul(kernel_size).pow(1.0 / norm_type)


def lp_pool2d(input: Tensor, norm_type: Union[int, float], kernel_size: BroadcastingList2[int],
              stride: Optional[BroadcastingList2[int]] = None, ceil_mode: bool = False) -> Tensor:
    kw, kh = kernel_size[0], kernel_size[1]
    if stride is not None:
        out = torch._C._nn.avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = torch._C._nn.avg_pool2d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (torch.sign(out) * relu(torch.abs(out))).mul(kw * kh).pow(1.0 / norm_type)


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch.relu_(input)
    else:
        out = torch.relu(input)
    return out


def rrelu(input: Tensor, lower: float = 0.125, upper: float = 0.3333333333333333, training: bool = False,
          inplace: bool = False) -> Tensor:
    if inplace:
        result = torch.rrelu_(input, lower, upper, training)
    else:
        result = torch.rrelu(input, lower, upper, training)
    return result


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch._C._nn.relu6_(input)
    else:
        out = torch._C._nn.relu6(input)
    return out


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch._C._nn.elu_(input, alpha)
    else:
        out = torch._C._nn.elu(input, alpha)
    return out


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch.selu_(input)
    else:
        out = torch.selu(input)
    return out


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch.celu_(input, alpha)
    else:
        out = torch.celu(input, alpha)
    return out


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch._C._nn.leaky_relu_(input, negative_slope)
    else:
        out = torch._C._nn.leaky_relu(input, negative_slope)
    return out


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch._C._nn.hardtanh_(input, min_val, max_val)
    else:
        out = torch._C._nn.hardtanh(input, min_val, max_val)
    return out


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch._C._nn.hardsigmoid_(input)
    else:
        out = torch._C._nn.hardsigmoid(input)
    return out


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch._C._nn.hardswish_(input)
    else:
        out = torch._C._nn.hardswish(input)
    return out


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch._C._nn.silu_(input)
    else:
        out = torch._C._nn.silu(input)
    return out


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch._C._nn.mish_(input)
    else:
        out = torch._C._nn.mish(input)
    return out


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def softsign(input):
    return input / (input.abs() + 1)


def tanhshrink(input):
    return input - input.tanh()


def glu(input: Tensor, dim: int = -1) -> Tensor:
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    return torch._C._nn.glu(input, dim)


def _threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    if inplace:
        out = torch.threshold_(input, threshold, value)
    else:
        out = torch.threshold(input, threshold, value)
    return out


threshold = _threshold


# ---- dropout

def _check_probability(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError("dropout probability has to be between 0 and 1, but got " + str(p))


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_probability(p)
    if inplace:
        out = torch.dropout_(input, p, training)
    else:
        out = torch.dropout(input, p, training)
    return out


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:
    _check_probability(p)
    if inplace:
        out = torch.alpha_dropout_(input, p, training)
    else:
        out = torch.alpha_dropout(input, p, training)
    return out


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:
    _check_probability(p)
    if inplace:
        out = torch.feature_alpha_dropout_(input, p, training)
    else:
        out = torch.feature_alpha_dropout(input, p, training)
    return out


def _feature_dropout(input: Tensor, p: float, training: bool, inplace: bool) -> Tensor:
    if inplace:
        out = torch.feature_dropout_(input, p, training)
    else:
        out = torch.feature_dropout(input, p, training)
    return out


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_probability(p)
    rank = input.dim()
    if rank != 2 and rank != 3:
        raise RuntimeError("dropout1d: Expected 2D or 3D input, but received a " + str(rank) + "D input. Note that "
                           "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a "
                           "channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    if rank == 3:
        return _feature_dropout(input, p, training, inplace)
    out = _feature_dropout(input.unsqueeze(0), p, training, inplace)
    return out.squeeze(0)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    # 1.13 drops whole channels of dimension 1 whatever the rank (a 3-d input behaves as dropout1d).
    _check_probability(p)
    return _feature_dropout(input, p, training, inplace)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_probability(p)
    if input.dim() == 5:
        return _feature_dropout(input, p, training, inplace)
    out = _feature_dropout(input.unsqueeze(0), p, training, inplace)
    return out.squeeze(0)


# ---- softmax family

def softmax(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Optional[int] = None) -> Tensor:
    d = _get_softmax_dim("softmax", input.dim(), _stacklevel) if dim is None else dim
    return torch.softmax(input, d, dtype)


def softmin(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Optional[int] = None) -> Tensor:
    d = _get_softmax_dim("softmin", input.dim(), _stacklevel) if dim is None else dim
    return torch.softmax(-input, d, dtype)


def log_softmax(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Optional[int] = None) -> Tensor:
    d = _get_softmax_dim("log_softmax", input.dim(), _stacklevel) if dim is None else dim
    return torch.log_softmax(input, d, dtype)


# ---- normalization

def layer_norm(input: Tensor, normalized_shape: List[int], weight: Optional[Tensor] = None,
               bias: Optional[Tensor] = None, eps: float = 1e-5) -> Tensor:
    return torch.layer_norm(input, normalized_shape, weight, bias, eps, True)


def batch_norm(input: Tensor, running_mean: Optional[Tensor], running_var: Optional[Tensor],
               weight: Optional[Tensor] = None, bias: Optional[Tensor] = None, training: bool = False,
               momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    if training:
        _verify_batch_size(input.size())
    return torch.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, True)


def instance_norm(input: Tensor, running_mean: Optional[Tensor] = None, running_var: Optional[Tensor] = None,
                  weight: Optional[Tensor] = None, bias: Optional[Tensor] = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    if use_input_stats:
        _verify_spatial_size(input.size())
    return torch.instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, True)


def group_norm(input: Tensor, num_groups: int, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None,
               eps: float = 1e-5) -> Tensor:
    shape = input.size()
    grouped = [shape[0] * shape[1] // num_groups, num_groups]
    for i in range(2, len(shape)):
        grouped.append(shape[i])
    _verify_batch_size(grouped)
    return torch.group_norm(input, num_groups, weight, bias, eps, True)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out: Optional[Tensor] = None) -> Tensor:
    norms = input.norm(p, [dim], True)
    if out is None:
        return input / norms.clamp_min(eps).expand_as(input)
    return torch.div(input, norms.clamp_min_(eps).expand_as(input), out=out)


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> Tensor:
    rank = input.dim()
    if rank < 3:
        raise ValueError("Expected 3D or higher dimensionality input (got " + str(rank) + " dimensions)")
    if input.numel() == 0:
        return input
    # Sum the squares over a window of `size` channels centred on each channel (zero padded),
    # as an average pool over the channel dimension.
    squares = (input * input).unsqueeze(1)
    if rank == 3:
        padded = torch._C._nn.pad(squares, [0, 0, size // 2, (size - 1) // 2], "constant", 0.0)
        window = torch._C._nn.avg_pool2d(padded, [size, 1], [1, 1]).squeeze(1)
    else:
        shape = input.size()
        flat = squares.view(shape[0], 1, shape[1], shape[2], -1)
        padded = torch._C._nn.pad(flat, [0, 0, 0, 0, size // 2, (size - 1) // 2], "constant", 0.0)
        window = torch._C._nn.avg_pool3d(padded, [size, 1, 1], [1, 1, 1]).squeeze(1)
        window = window.view(shape)
    denominator = (window * alpha + k).pow(beta)
    return input / denominator


# ---- embeddings

def embedding(input: Tensor, weight: Tensor, padding_idx: Optional[int] = None, max_norm: Optional[float] = None,
              norm_type: float = 2.0, scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    index = -1
    if padding_idx is not None:
        rows = weight.size(0)
        if padding_idx > 0:
            assert padding_idx < rows, "Padding_idx must be within num_embeddings"
            index = padding_idx
        elif padding_idx < 0:
            assert padding_idx >= -rows, "Padding_idx must be within num_embeddings"
            index = rows + padding_idx
        else:
            index = 0
    if max_norm is not None:
        # The reference's TorchScript makes the indices contiguous but does not renormalize the weight.
        input = input.contiguous()
    return torch.embedding(weight, input, index, scale_grad_by_freq, sparse)


# ---- pooling

def _list_with_default(output_size: List[int], input: Tensor) -> List[int]:
    # The reference compiles its output-size defaulting to a bare assertion (a List[int] holds no
    # None). Called eagerly, the BroadcastingList argument may still be one int
    # (adaptive_avg_pool2d(x, 1)), passed on as it is, or a sequence holding None for "keep that
    # input dimension" ((None, 7)), filled in from the input's trailing dimensions as the
    # reference's torch.nn.modules.utils._list_with_default does. In TorchScript both tests are
    # false at compile time, leaving the assertion.
    if isinstance(output_size, int):
        return output_size
    if not torch.jit.is_scripting():
        defaults = input.size()
        if len(defaults) <= len(output_size):
            raise ValueError("Input dimension should be at least " + str(len(output_size) + 1))
        first = len(defaults) - len(output_size)
        return [defaults[first + i] if output_size[i] is None else output_size[i] for i in range(len(output_size))]
    assert input.dim() > len(output_size)
    return output_size


def adaptive_avg_pool2d(input: Tensor, output_size: BroadcastingList2[int]) -> Tensor:
    return torch._C._nn.adaptive_avg_pool2d(input, _list_with_default(output_size, input))


def adaptive_avg_pool3d(input: Tensor, output_size: BroadcastingList3[int]) -> Tensor:
    return torch._C._nn.adaptive_avg_pool3d(input, _list_with_default(output_size, input))


def adaptive_max_pool1d_with_indices(input: Tensor, output_size: BroadcastingList1[int],
                                     return_indices: bool = False) -> Tuple[Tensor, Tensor]:
    return torch.adaptive_max_pool1d(input, output_size)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size: BroadcastingList2[int],
                                     return_indices: bool = False) -> Tuple[Tensor, Tensor]:
    return torch._C._nn.adaptive_max_pool2d(input, _list_with_default(output_size, input))


def adaptive_max_pool3d_with_indices(input: Tensor, output_size: BroadcastingList3[int],
                                     return_indices: bool = False) -> Tuple[Tensor, Tensor]:
    return torch._C._nn.adaptive_max_pool3d(input, _list_with_default(output_size, input))


def _adaptive_max_pool1d(input: Tensor, output_size: BroadcastingList1[int], return_indices: bool = False) -> Tensor:
    return adaptive_max_pool1d_with_indices(input, output_size)[0]


def _adaptive_max_pool2d(input: Tensor, output_size: BroadcastingList2[int], return_indices: bool = False) -> Tensor:
    return adaptive_max_pool2d_with_indices(input, output_size)[0]


def _adaptive_max_pool3d(input: Tensor, output_size: BroadcastingList3[int], return_indices: bool = False) -> Tensor:
    return adaptive_max_pool3d_with_indices(input, output_size)[0]


def _strides(stride: Optional[List[int]]) -> List[int]:
    # An absent stride is the empty list: aten then uses the kernel size.
    if stride is None:
        return torch.jit.annotate(List[int], [])
    return stride


def max_pool1d_with_indices(input: Tensor, kernel_size: BroadcastingList1[int],
                            stride: Optional[BroadcastingList1[int]] = None, padding: BroadcastingList1[int] = 0,
                            dilation: BroadcastingList1[int] = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> Tuple[Tensor, Tensor]:
    return torch.max_pool1d_with_indices(input, kernel_size, _strides(stride), padding, dilation, ceil_mode)


def max_pool2d_with_indices(input: Tensor, kernel_size: BroadcastingList2[int],
                            stride: Optional[BroadcastingList2[int]] = None, padding: BroadcastingList2[int] = 0,
                            dilation: BroadcastingList2[int] = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> Tuple[Tensor, Tensor]:
    return torch._C._nn.max_pool2d_with_indices(input, kernel_size, _strides(stride), padding, dilation, ceil_mode)


def max_pool3d_with_indices(input: Tensor, kernel_size: BroadcastingList3[int],
                            stride: Optional[BroadcastingList3[int]] = None, padding: BroadcastingList3[int] = 0,
                            dilation: BroadcastingList3[int] = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> Tuple[Tensor, Tensor]:
    return torch._C._nn.max_pool3d_with_indices(input, kernel_size, _strides(stride), padding, dilation, ceil_mode)


def _max_pool1d(input: Tensor, kernel_size: BroadcastingList1[int], stride: Optional[BroadcastingList1[int]] = None,
                padding: BroadcastingList1[int] = 0, dilation: BroadcastingList1[int] = 1, ceil_mode: bool = False,
                return_indices: bool = False) -> Tensor:
    return torch.max_pool1d(input, kernel_size, _strides(stride), padding, dilation, ceil_mode)


def _max_pool2d(input: Tensor, kernel_size: BroadcastingList2[int], stride: Optional[BroadcastingList2[int]] = None,
                padding: BroadcastingList2[int] = 0, dilation: BroadcastingList2[int] = 1, ceil_mode: bool = False,
                return_indices: bool = False) -> Tensor:
    return torch.max_pool2d(input, kernel_size, _strides(stride), padding, dilation, ceil_mode)


def _max_pool3d(input: Tensor, kernel_size: BroadcastingList3[int], stride: Optional[BroadcastingList3[int]] = None,
                padding: BroadcastingList3[int] = 0, dilation: BroadcastingList3[int] = 1, ceil_mode: bool = False,
                return_indices: bool = False) -> Tensor:
    return torch.max_pool3d(input, kernel_size, _strides(stride), padding, dilation, ceil_mode)


max_pool1d = _boolean_dispatch("return_indices", 6, max_pool1d_with_indices, _max_pool1d)
max_pool2d = _boolean_dispatch("return_indices", 6, max_pool2d_with_indices, _max_pool2d)
max_pool3d = _boolean_dispatch("return_indices", 6, max_pool3d_with_indices, _max_pool3d)
adaptive_max_pool1d = _boolean_dispatch("return_indices", 2, adaptive_max_pool1d_with_indices, _adaptive_max_pool1d)
adaptive_max_pool2d = _boolean_dispatch("return_indices", 2, adaptive_max_pool2d_with_indices, _adaptive_max_pool2d)
adaptive_max_pool3d = _boolean_dispatch("return_indices", 2, adaptive_max_pool3d_with_indices, _adaptive_max_pool3d)


# ---- losses

def mse_loss(input: Tensor, target: Tensor, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
             reduction: str = "mean") -> Tensor:
    r = _reduction_enum(size_average, reduce, reduction)
    return torch._C._nn.mse_loss(input, target, r)


def l1_loss(input: Tensor, target: Tensor, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
            reduction: str = "mean") -> Tensor:
    r = _reduction_enum(size_average, reduce, reduction)
    return torch._C._nn.l1_loss(input, target, r)


def smooth_l1_loss(input: Tensor, target: Tensor, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                   reduction: str = "mean", beta: float = 1.0) -> Tensor:
    r = _reduction_enum(size_average, reduce, reduction)
    return torch._C._nn.smooth_l1_loss(input, target, r, beta)


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0) -> Tensor:
    r = _reduction_enum(None, None, reduction)
    return torch._C._nn.huber_loss(input, target, r, delta)


def nll_loss(input: Tensor, target: Tensor, weight: Optional[Tensor] = None, size_average: Optional[bool] = None,
             ignore_index: int = -100, reduce: Optional[bool] = None, reduction: str = "mean") -> Tensor:
    r = _reduction_enum(size_average, reduce, reduction)
    return torch._C._nn.nll_loss_nd(input, target, weight, r, ignore_index)


def cross_entropy(input: Tensor, target: Tensor, weight: Optional[Tensor] = None,
                  size_average: Optional[bool] = None, ignore_index: int = -100, reduce: Optional[bool] = None,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    r = _reduction_enum(size_average, reduce, reduction)
    return torch._C._nn.cross_entropy_loss(input, target, weight, r, ignore_index, label_smoothing)


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Optional[Tensor] = None,
                         size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                         reduction: str = "mean") -> Tensor:
    r = _reduction_enum(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError("Using a target size (" + str(target.size()) + ") that is different to the input size ("
                         + str(input.size()) + ") is deprecated. Please ensure they have the same size.")
    if weight is not None:
        weight = weight.expand_as(target)
    return torch._C._nn.binary_cross_entropy(input, target, weight, r)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Optional[Tensor] = None,
                                     size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                                     reduction: str = "mean", pos_weight: Optional[Tensor] = None) -> Tensor:
    r = _reduction_enum(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError("Target size (" + str(target.size()) + ") must be the same as input size ("
                         + str(input.size()) + ")")
    return torch.binary_cross_entropy_with_logits(input, target, weight, pos_weight, r)


def kl_div(input: Tensor, target: Tensor, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
           reduction: str = "mean", log_target: bool = False) -> Tensor:
    if size_average is not None or reduce is not None:
        r = _reduction_enum(size_average, reduce, reduction)
    elif reduction == "batchmean":
        r = 2
    else:
        r = _reduction_enum(None, None, reduction)
    loss = torch.kl_div(input, target, r, log_target=log_target)
    if reduction == "batchmean" and input.dim() != 0:
        loss = loss / input.size(0)
    return loss


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Optional[Tensor] = None,
                                size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                                reduction: str = "mean") -> Tensor:
    # the mean over classes of the binary cross entropy of each logit
    r = _reduction_enum(size_average, reduce, reduction)
    loss = -(target * torch._C._nn.log_sigmoid(input) + (1 - target) * torch._C._nn.log_sigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(dim=class_dim) / input.size(class_dim)
    if r == 0:
        out = loss
    elif r == 1:
        out = loss.mean()
    else:
        out = loss.sum()
    return out


def soft_margin_loss(input: Tensor, target: Tensor, size_average: Optional[bool] = None,
                     reduce: Optional[bool] = None, reduction: str = "mean") -> Tensor:
    r = _reduction_enum(size_average, reduce, reduction)
    return torch._C._nn.soft_margin_loss(input, target, r)


# ---- upsampling
#
# The reference declares interpolate (and upsample*) as four overloads (size int or List[int],
# scale_factor float or List[float]) compiled per call site. TorchScript4J has one function, whose
# BroadcastingList1 parameters take the same arguments: a scalar arrives as a one-element list and
# is repeated over the spatial dimensions. Known difference: an explicit one-element list for an
# input of several spatial dimensions is repeated too, where the reference raises ValueError.

def _spatial_shape(input: Tensor, dims: int) -> List[int]:
    return [input.size(i + 2) for i in range(dims)]


def _spatial_sizes(input: Tensor, size: List[int], dims: int) -> List[int]:
    # `size` as one length per spatial dimension; called eagerly it may still be an int or a tuple.
    if isinstance(size, int):
        return [size for _ in range(dims)]
    sizes = list(size)
    if len(sizes) == 1:
        return [sizes[0] for _ in range(dims)]
    if len(sizes) != dims:
        raise ValueError("Input and output must have the same number of spatial dimensions, but got input with "
                         + "spatial dimensions of " + str(_spatial_shape(input, dims)) + " and output size of " + str(sizes)
                         + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in "
                         + "(o1, o2, ...,oK) format.")
    return sizes


def _spatial_scales(input: Tensor, scale_factor: List[float], dims: int) -> List[float]:
    # `scale_factor` as one factor per spatial dimension; called eagerly it may be a number or a tuple.
    if isinstance(scale_factor, float) or isinstance(scale_factor, int):
        return [float(scale_factor) for _ in range(dims)]
    scales = [float(s) for s in scale_factor]
    if len(scales) == 1:
        return [scales[0] for _ in range(dims)]
    if len(scales) != dims:
        raise ValueError("Input and scale_factor must have the same number of spatial dimensions, but got input "
                         + "with spatial dimensions of " + str(_spatial_shape(input, dims)) + " and scale_factor of shape "
                         + str(scales) + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                         + "scale_factor in (s1, s2, ...,sK) format.")
    return scales


def interpolate(input: Tensor, size: Optional[BroadcastingList1[int]] = None,
                scale_factor: Optional[BroadcastingList1[float]] = None, mode: str = "nearest",
                align_corners: Optional[bool] = None, recompute_scale_factor: Optional[bool] = None,
                antialias: bool = False) -> Tensor:
    if mode == "nearest" or mode == "area" or mode == "nearest-exact":
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             + "linear | bilinear | bicubic | trilinear")
        corners = False
    else:
        corners = False if align_corners is None else align_corners
    dims = input.dim() - 2
    output_size: Optional[List[int]] = None
    scale_factors: Optional[List[float]] = None
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    elif size is not None:
        output_size = _spatial_sizes(input, size, dims)
    elif scale_factor is not None:
        scale_factors = _spatial_scales(input, scale_factor, dims)
    else:
        raise ValueError("either size or scale_factor should be defined")
    recompute = recompute_scale_factor is not None and recompute_scale_factor
    if recompute and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute = True
    if recompute and scale_factors is not None:
        # the output size from the factors; aten then derives its own scales from the sizes
        computed: List[int] = []
        for i in range(dims):
            computed.append(math.floor(float(input.size(i + 2)) * scale_factors[i]))
        output_size = computed
        scale_factors = None
    if antialias and not ((mode == "bilinear" or mode == "bicubic") and input.dim() == 4):
        raise ValueError("Anti-alias option is only supported for bilinear and bicubic modes")
    rank = input.dim()
    if mode == "nearest":
        if rank == 3:
            return torch._C._nn.upsample_nearest1d(input, output_size, scale_factors)
        if rank == 4:
            return torch._C._nn.upsample_nearest2d(input, output_size, scale_factors)
        if rank == 5:
            return torch._C._nn.upsample_nearest3d(input, output_size, scale_factors)
    if mode == "nearest-exact":
        if rank == 3:
            return torch._C._nn._upsample_nearest_exact1d(input, output_size, scale_factors)
        if rank == 4:
            return torch._C._nn._upsample_nearest_exact2d(input, output_size, scale_factors)
        if rank == 5:
            return torch._C._nn._upsample_nearest_exact3d(input, output_size, scale_factors)
    if mode == "area" and rank >= 3 and rank <= 5 and output_size is not None:
        # (area always has an output size by now: the factors were turned into one above)
        if rank == 3:
            return torch.adaptive_avg_pool1d(input, output_size)
        if rank == 4:
            return adaptive_avg_pool2d(input, output_size)
        return adaptive_avg_pool3d(input, output_size)
    if mode == "linear" or mode == "bilinear" or mode == "trilinear":
        needed = 3 if mode == "linear" else (4 if mode == "bilinear" else 5)
        if rank >= 3 and rank <= 5 and rank != needed:
            raise NotImplementedError("Got " + str(rank) + "D input, but " + mode + " mode needs "
                                      + str(needed) + "D input")
    if mode == "linear" and rank == 3:
        return torch._C._nn.upsample_linear1d(input, output_size, corners, scale_factors)
    if mode == "bilinear" and rank == 4:
        if antialias:
            return torch._C._nn._upsample_bilinear2d_aa(input, output_size, corners, scale_factors)
        return torch._C._nn.upsample_bilinear2d(input, output_size, corners, scale_factors)
    if mode == "trilinear" and rank == 5:
        return torch._C._nn.upsample_trilinear3d(input, output_size, corners, scale_factors)
    if mode == "bicubic" and rank == 4:
        if antialias:
            return torch._C._nn._upsample_bicubic2d_aa(input, output_size, corners, scale_factors)
        return torch._C._nn.upsample_bicubic2d(input, output_size, corners, scale_factors)
    raise NotImplementedError("Input Error: Only 3D, 4D and 5D input Tensors supported (got " + str(rank)
                              + "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | "
                              + "nearest-exact (got " + mode + ")")


def upsample(input: Tensor, size: Optional[BroadcastingList1[int]] = None,
             scale_factor: Optional[BroadcastingList1[float]] = None, mode: str = "nearest",
             align_corners: Optional[bool] = None) -> Tensor:
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size: Optional[BroadcastingList1[int]] = None,
                     scale_factor: Optional[BroadcastingList1[float]] = None) -> Tensor:
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size: Optional[BroadcastingList1[int]] = None,
                      scale_factor: Optional[BroadcastingList1[float]] = None) -> Tensor:
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
