# Writes through an index (a number becomes a tensor of the target's dtype and device), a Union
# variable holding a value of a member type, a list display cast to a Union, and the reference's dead
# code elimination of loops that do nothing and of writes to fresh values nothing reads.
# Entry: writes
import torch
from typing import Dict, List, Union


@torch.jit.script
def writes(x: torch.Tensor, t: torch.Tensor, n: int):
    x[0] = 5
    x[0:2] = 2.5
    x[t] = 1
    x[1, t] = x[0, 0]
    u: Union[str, int] = n
    v: Union[List[int], int] = [n, 2]
    for _ in range(3):
        pass
    unused: List[int] = []
    unused.append(n)
    table: Dict[str, torch.Tensor] = {}
    table["x"] = x
    scratch = torch.zeros(3)
    scratch.add_(1)
    return x, isinstance(u, int), v
