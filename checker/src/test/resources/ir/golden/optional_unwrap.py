# The TorchScript documentation's "Optional Type Refinement" example, with the attribute as a
# parameter. Entry: optional_unwrap
import torch
from typing import Optional


@torch.jit.script
def optional_unwrap(x, y, z_attr):
    # type: (Optional[int], Optional[int], Optional[int]) -> int
    if x is None:
        x = 1
    x = x + 1
    z = z_attr
    if y is not None and z is not None:
        x = y + z
    return x
