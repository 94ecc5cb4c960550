# torch.ops.NS.X is the operator NS::X itself (overloads matched as for torch.X), also with a
# tuple of arguments spread by *args; torch.ops.prim.X prints as ops.prim.X. Entry: ops_calls
import torch
from typing import List


@torch.jit.script
def ops_calls(x: torch.Tensor, y: torch.Tensor):
    args = ([0, 1], False)
    s = torch.ops.aten.sum(x, *args)
    a = torch.ops.aten.add(x, y, alpha=2)
    parts: List[torch.Tensor] = torch.ops.aten.split(a, 1)
    return s, parts, torch.ops.prim.is_cuda(x), torch.ops.aten.size(y)
