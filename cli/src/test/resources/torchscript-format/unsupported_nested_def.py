import torch


@torch.jit.script
def f(x: int) -> int:
    def g(y: int) -> int:
        return y
    return g(x)
