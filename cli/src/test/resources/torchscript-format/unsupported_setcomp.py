import torch
from typing import List


@torch.jit.script
def f(xs: List[int]) -> int:
    s = {x for x in xs}
    return len(xs)
