import torch


@torch.jit.script
def f(x: torch.Tensor) -> torch.Tensor:
    a = x * 2
    b = a + 1
    c = b + y
    d = c - 1
    e = d * 3
    return e


def unrelated() -> int:
    return 1
