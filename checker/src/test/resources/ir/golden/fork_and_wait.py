# torch.jit.fork and wait: the arguments are evaluated where fork is called, the call runs in the
# fork's own graph (prim::fork_N, printed after the graph), whose inputs are the values it uses.
# Entry: forks
import torch


@torch.jit.script
def scaled_neg(x, k: int):
    return torch.neg(x) * k


@torch.jit.script
def forks(x, n: int):
    a = torch.jit.fork(scaled_neg, x, 3)
    b = torch.jit._fork(torch.add, x, x, alpha=n)
    c = torch.jit.fork(scaled_neg, k=n, x=x + 1)
    s = torch.jit.wait(a) + torch.jit.wait(b)
    for i in range(n):
        d = torch.jit.fork(scaled_neg, x, i)
        s = s + torch.jit._wait(d)
    return s + torch.jit.wait(c)
