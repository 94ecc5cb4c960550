# Augmented assignment through subscripts (in place on a tensor view; index_put_ for tensor indices;
# a tensor in a list in place, in a dict not), a None annotated Optional, a BroadcastingList from a
# type comment, and an operator kept for its effect (torch.save). Entry: augment
import torch
from torch._jit_internal import BroadcastingList3
from typing import Dict, List, Optional


@torch.jit.script
def repeated(x, y):
    # type: (float, BroadcastingList3[float]) -> List[float]
    return y


@torch.jit.script
def augment(x, y, l: List[int], t: List[torch.Tensor], d: Dict[str, torch.Tensor], path: str):
    x[0] += 1
    x[1:2] *= y
    l[0] += 2
    t[0] += y
    d["a"] -= y
    x[y > 0] += 1
    torch.save(l, path)
    none = torch.jit.annotate(Optional[List[int]], None)
    return x, l, d, none, repeated(1.0, 2.0)
