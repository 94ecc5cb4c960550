# Enum members as constants, .name and .value, == of members; legacy tensor types as annotations
# (a Tensor) and constructors (torch.tensor with their dtype); a named field of an operator's
# results (x.max(dim=1).indices). Entry: pick
import torch
from enum import Enum


class Color(Enum):
    RED = 1
    GREEN = 2


@torch.jit.script
def pick(x: Color, cond: bool, t: torch.DoubleTensor):
    y = Color.RED if cond else Color.GREEN
    if x == y:
        n = x.value
    else:
        n = len(x.name)
    return n, torch.LongTensor([n]), torch.FloatTensor(), t.max(dim=0).indices
