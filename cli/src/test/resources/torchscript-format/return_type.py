import torch


@torch.jit.script
def f(x: int) -> str:
    y = x + 1
    return y
