# collections.OrderedDict is a dict built by aten::dict; isinstance against list and tuple is decided by
# the kind of the static type. Entry: f
import torch
from collections import OrderedDict
from typing import Dict, List, Tuple
@torch.jit.script
def f(d: Dict[str, int], l: List[Tuple[str, int]]):
    a = OrderedDict([(1, 2), (2, 3)])
    b = OrderedDict(l)
    c = OrderedDict(d)
    e = OrderedDict()
    return a, b, c, isinstance(l, list), isinstance(l, (list, tuple)), isinstance(l, tuple)
