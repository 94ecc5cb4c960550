# isinstance on a Union refines each branch; containers as conditions. Entry: describe
import torch
from typing import List, Union


@torch.jit.script
def describe(x: Union[List[str], float, int]) -> str:
    if isinstance(x, (int, float)):
        if isinstance(x, int):
            return str(x)
        else:
            return "foo"
    else:
        if x:
            return x[0]
        else:
            return "bar"
