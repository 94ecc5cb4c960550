# Calls of functions that are not compiled: @torch.jit.ignore (prim::PythonOp, ^name()(args), typed by
# its annotations, a Tensor where there is none) and @torch.jit.unused (the call raises, nothing after
# it runs). Entry: calls
import torch
from typing import List


@torch.jit.ignore
def in_python(x, n: int):
    return x * n


@torch.jit.ignore
def lookup(d: List[int], i: int) -> int:
    return d[i]


@torch.jit.unused
def never(x):
    return x


@torch.jit.script
def calls(x, l: List[int], flag: bool):
    y = in_python(x, 2) + lookup(l, 0)
    if flag:
        z = never(y)
        y = z + 1
    return y
