import torch
from helpers.ops import double


@torch.jit.script
def f(x: torch.Tensor) -> torch.Tensor:
    return double(x)
