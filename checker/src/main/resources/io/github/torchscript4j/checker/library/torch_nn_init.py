# TorchScript4J's own TorchScript source for the functions of torch.nn.init that PyTorch 1.13.1's
# torch.jit.script compiles (uniform_, normal_, constant_, ones_, zeros_, xavier_uniform_,
# xavier_normal_; the reference names them __torch__.torch.nn.init.NAME). Signatures are the
# reference's; the bodies are written for TorchScript4J: each fills the tensor in place without
# recording gradients and returns it. Those the reference cannot compile (kaiming_*, trunc_normal_,
# eye_, ...) are not here (the checker reports the reference's error for calls): the Python-only ones
# the nn library needs are in torch_nn__init_python.py, which the checker never reads.
import math
import torch
from torch import Tensor
from typing import Tuple


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> Tuple[int, int]:
    dimensions = tensor.dim()
    if dimensions < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    num_input_fmaps = tensor.size(1)
    num_output_fmaps = tensor.size(0)
    receptive_field_size = 1
    if dimensions > 2:
        for s in tensor.shape[2:]:
            receptive_field_size *= s
    return num_input_fmaps * receptive_field_size, num_output_fmaps * receptive_field_size


def uniform_(tensor: Tensor, a: float = 0., b: float = 1.) -> Tensor:
    with torch.no_grad():
        return tensor.uniform_(a, b)


def normal_(tensor: Tensor, mean: float = 0., std: float = 1.) -> Tensor:
    with torch.no_grad():
        return tensor.normal_(mean, std)


def constant_(tensor: Tensor, val: float) -> Tensor:
    with torch.no_grad():
        return tensor.fill_(val)


def ones_(tensor: Tensor) -> Tensor:
    with torch.no_grad():
        return tensor.fill_(1.)


def zeros_(tensor: Tensor) -> Tensor:
    with torch.no_grad():
        return tensor.zero_()


def xavier_uniform_(tensor: Tensor, gain: float = 1.) -> Tensor:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    with torch.no_grad():
        return tensor.uniform_(-a, a)


def xavier_normal_(tensor: Tensor, gain: float = 1.) -> Tensor:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    with torch.no_grad():
        return tensor.normal_(0., std)
