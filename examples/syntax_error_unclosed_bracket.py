# Deliberate SYNTAX error (line 9): the subscript `t[0:2` is never closed.
# Based on the TorchScript documentation (PyTorch 1.2), "Subscripts".
# CPython says: SyntaxError: closing parenthesis ')' does not match opening parenthesis '['
import torch


@torch.jit.script
def subscripts(t, i: int, j: int):
    return (t[0], t[-1], t[0:2, t[1:], t[:1], t[:])


@torch.jit.script
def first(t):
    return t[0]
