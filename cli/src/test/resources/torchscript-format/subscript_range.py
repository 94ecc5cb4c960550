import torch
from typing import Dict


@torch.jit.script
def f(d: Dict[str, int]) -> int:
    return d[0]
