# The TorchScript documentation's "User Defined Types" example. Entry: sum_pair
import torch


@torch.jit.script
class Pair:
    def __init__(self, first, second):
        self.first = first
        self.second = second


@torch.jit.script
def sum_pair(p):
    # type: (Pair) -> Tensor
    return p.first + p.second
