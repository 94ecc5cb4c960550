import torch
from typing import List


@torch.jit.script
def f(xs: List[int]) -> List[int]:
    xs.append("a")
    return xs
