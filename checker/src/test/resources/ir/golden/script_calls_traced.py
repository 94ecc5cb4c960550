# Scripted code calling traced functions ("Mixing Tracing and Scripting"): each call is a
# prim::CallFunction of the traced function, its parameters typed from the example inputs (a
# tensor, a list of tensors), its result from the function (a tuple here); also through a local
# name and with a keyword argument. Entry: bar
import torch


def pair(x, ys):
    return x + ys[0], x * ys[1]


def scale(x, y):
    return 2 * x + y


traced_pair = torch.jit.trace(pair, (torch.rand(3), [torch.rand(3), torch.rand(3)]))
traced_scale = torch.jit.trace(scale, (torch.rand(3), torch.rand(3)))


@torch.jit.script
def bar(x):
    a, b = traced_pair(x, [x, x])
    f = traced_scale
    return f(a, y=b) + traced_scale(x, x)
