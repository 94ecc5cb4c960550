import torch


@torch.jit.script
def f(x: int) -> int:
    try:
        x = x + 1
    except Exception:
        x = 0
    return x
