import torch
from typing import Optional


def pick(x: Optional[int]) -> int:
    return x


@torch.jit.script
def f(x: int) -> int:
    z = x + pick(x)
    return z
