import torch


@torch.jit.script
def f(x: torch.Tensor) -> torch.Tensor:
    return x + y


@torch.jit.script
def g(n: int) -> int:
    if n > 0:
        r = 1
    else:
        r = "one"
    return r
