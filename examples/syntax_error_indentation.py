# Deliberate SYNTAX error (line 14): `x *= i` is not indented under its `for`.
# Based on the TorchScript documentation (PyTorch 1.2), "Statements": while and for loops.
# CPython says: IndentationError: expected an indented block after 'for' statement on line 13
import torch


@torch.jit.script
def loops():
    a = 0
    while a < 4:
        a += 1
    x = 1
    for i in range(10):
    x *= i
    return a, x
