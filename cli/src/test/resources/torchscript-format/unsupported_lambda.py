import torch


@torch.jit.script
def f(x: int) -> int:
    g = lambda y: y + 1
    return g(x)
