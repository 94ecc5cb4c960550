# A list comprehension written for a Union builds the list of its elements' type; isinstance narrows
# the variable from its declared Union on both sides. Entry: fn
import torch
from typing import List, Union


@torch.jit.script
def fn():
    x: Union[List[str], List[torch.Tensor]] = [x + "!" for x in ["foo", "bar", "baz"]]
    if torch.jit.isinstance(x, List[torch.Tensor]):
        x.append(torch.tensor(3))
    return x
