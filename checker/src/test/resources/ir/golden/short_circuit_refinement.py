# and/or refine on both sides of the short circuit: the right operand sees the left one's refinement,
# the other side its opposite (an Any is cast to Any where isinstance fails); assert refines what
# follows. Entry: refine
import torch
from typing import Any, Optional, Union


@torch.jit.script
def refine(u: Union[int, str], o: Optional[int], k: int, a: Any, b: Any, p: torch.nn.Parameter) -> int:
    if isinstance(u, int) and k > 0:
        return u
    if o is not None and o > 1:
        return o
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    if o is None or o < 0:
        return 1
    assert o is not None, "o"
    return int(p.sum()) + o
