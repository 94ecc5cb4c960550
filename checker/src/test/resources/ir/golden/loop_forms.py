# Loops over ranges, lists, zip and enumerate, with carried values. Entry: loops
import torch
from typing import List


@torch.jit.script
def loops(xs: List[int], ys: List[int], n: int) -> int:
    total = 0
    for i in range(2, n, 3):
        total += i
    for x in xs:
        total = total * x
    for a, b in zip(xs, ys):
        total += a * b
    for k, v in enumerate(ys, 1):
        total -= k * v
    while total > 100:
        total = total // 2
    return total
