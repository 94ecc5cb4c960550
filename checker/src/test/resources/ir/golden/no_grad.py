# with torch.no_grad(): an object of the scripted class __torch__.torch.autograd.grad_mode.no_grad
# (bundled library source), entered and exited around the block. Entry: infer
import torch


@torch.jit.script
def infer(x):
    with torch.no_grad():
        y = torch.neg(x)
    with torch.autograd.no_grad():
        y = y * 2
    return y
