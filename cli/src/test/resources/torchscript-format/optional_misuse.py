import torch
from typing import Optional


@torch.jit.script
def f(x: Optional[int]) -> int:
    return x + 1
