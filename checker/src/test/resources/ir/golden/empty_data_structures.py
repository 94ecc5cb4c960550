# The TorchScript documentation's EmptyDataStructures example, as a function (the list holds
# (int, float) tuples as annotated). Entry: empty_data_structures
import torch
from torch import Tensor
from typing import Dict, List, Tuple


@torch.jit.script
def empty_data_structures(x):
    # type: (Tensor) -> Tuple[List[Tuple[int, float]], Dict[str, int]]
    my_list = torch.jit.annotate(List[Tuple[int, float]], [])
    for i in range(10):
        my_list.append((i, float(i)))
    my_dict = torch.jit.annotate(Dict[str, int], {})
    return my_list, my_dict
