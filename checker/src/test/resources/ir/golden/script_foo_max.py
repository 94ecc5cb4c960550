# The TorchScript documentation's "Scripting a function" example. Entry: foo
import torch


@torch.jit.script
def foo(x, y):
    if x.max() > y.max():
        r = x
    else:
        r = y
    return r
