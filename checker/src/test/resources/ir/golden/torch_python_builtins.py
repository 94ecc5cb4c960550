# Functions of torch that are Python in PyTorch but that the reference maps to the operators of the
# same name (manual_seed, grad mode, numel, split, meshgrid, ...). Entry: f
import torch
from typing import List
@torch.jit.script
def f(x, y):
    torch.manual_seed(2)
    a = torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    n = torch.numel(x)
    parts = torch.split(x, 1)
    g = torch.meshgrid([x, y])
    b = torch.atleast_2d(x)
    c = torch.broadcast_tensors(x, y)
    d = torch.block_diag(x, y)
    e = torch.cartesian_prod(x, y)
    h = torch.chain_matmul(x, y)
    return a, n, parts, g, b, c, d, e, h
