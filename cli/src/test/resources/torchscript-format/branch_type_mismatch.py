import torch


@torch.jit.script
def f(x: torch.Tensor, flag: bool):
    if flag:
        r = x
    else:
        r = 1
    return r
