# Interfaces: a List of an interface type holds objects of classes implementing it, and a method
# call on an interface-typed value is a prim::CallMethod dispatched on the object's class at run
# time (the interface's own methods are never compiled). Entry: use_them
import torch
from typing import List


@torch.jit.interface
class OneTwo(object):
    def one(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        pass

    def two(self, x: torch.Tensor) -> torch.Tensor:
        pass


@torch.jit.script
class Mul(object):
    def __init__(self):
        pass

    def one(self, x, y):
        return x * y

    def two(self, x):
        return 2 / x


@torch.jit.script
class Add(object):
    def __init__(self):
        pass

    def one(self, x, y):
        return x + y

    def two(self, x):
        return 2 * x


@torch.jit.script
def apply_one(impl: OneTwo, x: torch.Tensor) -> torch.Tensor:
    return impl.one(x, x)


@torch.jit.script
def use_them(x):
    a = Add()
    b = Mul()
    c = torch.jit.annotate(List[OneTwo], [a, b])
    d: List[OneTwo] = [b]
    for i in range(len(c)):
        x = c[i].one(x, x)
        x = c[i].two(x)
    return apply_one(d[0], x)
