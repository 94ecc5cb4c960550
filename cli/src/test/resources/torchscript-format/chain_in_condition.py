import torch


def check(x: int) -> bool:
    return x > "0"


@torch.jit.script
def f(x: int) -> int:
    if check(x):
        return 1
    return 2
