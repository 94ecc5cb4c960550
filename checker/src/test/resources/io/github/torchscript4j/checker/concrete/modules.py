# Module classes compiled against concrete types by ConcreteModuleCompilerTest, and scripted by
# the reference in scripts/record-concrete-modules, which writes reference.txt from this file.
import torch
from torch import nn
from typing import List


class MyModule(nn.Module):
    def __init__(self, N: int, M: int):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(N, M))
        self.linear = nn.Linear(N, M)

    def forward(self, input):
        output = self.weight.mv(input)
        output = self.linear(output)
        return output


class ListNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])
        self.head = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        x = x + self.layers[0](x) + self.layers[-1](x) * len(self.layers)
        return self.head(x)


class ConstNet(nn.Module):
    __constants__ = ['scales', 'mode']

    def __init__(self, with_bias: bool):
        super().__init__()
        self.scales = [1.0, 2.0, 0.5]
        self.mode = 'sum'
        self.count = 3
        if with_bias:
            self.bias = nn.Parameter(torch.zeros(3))
        else:
            self.register_parameter('bias', None)

    def forward(self, x):
        for s in self.scales:
            x = x * s
        if self.bias is not None:
            x = x + self.bias
        if self.mode == 'sum':
            x = x + self.count
        return x


class Pair(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = ConstNet(True)
        self.b = ConstNet(False)
        self.blocks = nn.ModuleDict({'first': nn.ReLU(), 'second': nn.Linear(3, 3, bias=False)})

    def forward(self, x):
        return self.blocks['second'](self.a(x) + self.b(x)) + self.blocks['first'](x)

    @torch.jit.export
    def twice(self, x):
        return self.forward(x) * 2


def helper(x, k: int):
    return x * k


class Base(nn.Module):
    def __init__(self, k: int):
        super().__init__()
        self.k = k

    @torch.jit.export
    def scaled(self, x):
        return helper(x, self.k)


class Child(Base):
    def __init__(self, k: int, bias: bool):
        super().__init__(k)
        self.lin = nn.Linear(2, 2, bias=bias)

    def forward(self, x):
        if self.training:
            x = self.lin(x)
        return self.scaled(x)


class Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = Child(2, True)
        self.c2 = Child(3, False)

    def forward(self, x):
        return self.c1.scaled(x) + self.c2(x) + helper(x, 1)


class Loops(nn.Module):
    def __init__(self):
        super().__init__()
        self.d = nn.ModuleDict({'a': nn.ReLU(), 'b': nn.Linear(2, 2)})
        self.layers = nn.ModuleList([nn.ReLU(), nn.Linear(2, 2)])

    def forward(self, x):
        for k, m in self.d.items():
            x = m(x)
        for k in self.d.keys():
            print(k)
        for m in self.d.values():
            x = m(x)
        for i, m in enumerate(self.layers):
            x = m(x) + i
        for k in self.d:
            print(k)
        return x


class Twice(nn.Module):
    def forward(self, x, k: int = 2):
        return x * k, x


class Mixed(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(2, 2), Twice(), Twice()])

    def forward(self, x):
        for m in self.layers:
            y = m(x)
            print(y)
        return x


class Flags(nn.Module):
    __constants__ = ['flag']

    def __init__(self, flag: bool):
        super().__init__()
        self.flag = flag
        self.lin = nn.Linear(2, 2)

    def forward(self, x):
        if self.flag:
            x = self.lin(x)
        else:
            x = x + 'not compiled'
        if not self.flag:
            return x * 2
        if hasattr(self, 'helper'):
            x = x + 1
        if hasattr(self, 'nope'):
            return x + 'b'
        return x

    def helper(self):
        pass
