# Scripted functions with control flow and Optional refinement.
from typing import Optional

import torch


@torch.jit.script
def clip_norm(x: torch.Tensor, max_norm: float) -> torch.Tensor:
    norm = x.norm()
    if bool(norm > max_norm):
        x = x * (max_norm / norm)
    return x


@torch.jit.script
def standardize(x: torch.Tensor, eps: Optional[float] = None) -> torch.Tensor:
    e = 1e-5
    if eps is not None:
        e = eps
    return (x - x.mean()) / (x.std() + e)
