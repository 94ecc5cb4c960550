import torch


def add(a: int, b: int) -> int:
    return a + b


@torch.jit.script
def f(x: int) -> int:
    return add(x, 1, 2)
