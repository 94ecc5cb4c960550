# The TorchScript documentation's type-comment example. Entry: foo
import torch
from typing import Tuple


@torch.jit.script
def foo(x, tup):
    # type: (int, Tuple[Tensor, Tensor]) -> Tensor
    t0, t1 = tup
    return t0 + t1 + x
