# Unpacking a list into names (a, b = x.chunk(2); c, d = l) is a prim::ListUnpack whose outputs
# have the list's element type, so the inferred return type of a function that returns them is
# known at its callers. Entry: caller
import torch
from typing import List


@torch.jit.script
def halves(x, l: List[int]):
    a, b = x.chunk(2)
    c, d = l
    return a * b, c + d


@torch.jit.script
def caller(x, l: List[int]):
    y, n = halves(x, l)
    e, g = [n, 2]
    return y, e + g
