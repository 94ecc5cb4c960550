# A global bound to another global (lstm_cell = cell) is the same object: calls through it are
# calls of the original function (__torch__.cell), whether scripted or compiled on demand, and an
# aliased class constructs the original. Entry: run
import torch
from typing import Tuple


@torch.jit.script
def cell(x: torch.Tensor, h: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    return torch.tanh(x + h), h * 2


def scale(x: torch.Tensor) -> torch.Tensor:
    return x * 3


class Acc(object):
    def __init__(self, t: torch.Tensor):
        self.t = t


lstm_cell = cell
scaled = scale
Accumulator = Acc


@torch.jit.script
def run(xs: torch.Tensor, h: torch.Tensor):
    for i in range(xs.size(0)):
        y, h = lstm_cell(xs[i], h)
    acc = Accumulator(scaled(h))
    return acc.t
