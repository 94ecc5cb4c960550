# Tensor indexing: integers, slices, None and an ellipsis; numbers on the left of operators. Entry: index
import torch


@torch.jit.script
def index(x: torch.Tensor, i: int):
    a = x[0, 1:, None]
    b = x[..., -1]
    c = x[None, i, ..., None]
    d = 1 - x
    e = 2 / x
    return a, b, c, d, e
