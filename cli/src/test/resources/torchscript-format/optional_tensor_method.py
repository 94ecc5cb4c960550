import torch
from typing import Optional


@torch.jit.script
def f(x: Optional[torch.Tensor]) -> torch.Tensor:
    if x is None:
        print("none")
    return x.relu()
