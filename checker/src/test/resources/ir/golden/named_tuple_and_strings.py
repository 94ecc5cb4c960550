# A NamedTuple built and read, string formatting and constant folding. Entry: summary
import torch
from typing import NamedTuple


class Point(NamedTuple):
    x: int
    y: float = 0.5


@torch.jit.script
def summary(n: int, name: str) -> str:
    p = Point(n)
    label = "%s has %d" % (name, p.x)
    scale = float(10) * p.y
    return label + f" at {scale}"
