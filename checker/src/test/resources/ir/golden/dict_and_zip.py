# dict(...) from a dict, a list of pairs, keywords, zip and nothing ([]), dict comprehensions, and loops over nested zip/enumerate/range
# (the reference flattens them into one list of lengths). Entry: build
import torch
from typing import Dict, List, Tuple


@torch.jit.script
def build(d: Dict[str, int], l: List[Tuple[str, int]], x: List[int], y: List[int], n: int):
    a = dict(l)
    b = dict(d)
    c = dict([("x", 1)])
    e = dict(foo=1, bar=n)
    g = dict(d, z=3)
    h = dict(zip(["a"], [1]))
    comp = dict({k: len(k) for k in ["a", "bb"]}, foo=2)
    empty = dict([])
    s = 0
    for (i, (j, v), k) in zip(x, enumerate(y), range(0, 100)):
        s += i * j * v * k
    for i, v in enumerate(x, 5):
        s += i * v
    for p, q in zip(range(n), range(2, n)):
        s += p * q
    return a, b, c, e, g, h, s, comp, empty
