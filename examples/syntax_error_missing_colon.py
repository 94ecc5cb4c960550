# Deliberate SYNTAX error (line 15): `def bar(x)` has no colon, exactly as the TorchScript
# documentation (PyTorch 1.2, "Use of Python Values - Functions") printed it.
# CPython says: SyntaxError: expected ':'
import torch


@torch.jit.ignore
def foo(x):
    print("I am called with {}".format(x))
    return x


# TorchScript compiles bar and calls foo as plain Python.
@torch.jit.script
def bar(x)
    return foo(x + 1)
