# Deliberate error (line 12): y is undefined when x >= 0; `check` reports it once name resolution lands.
# Seed: TorchScript documentation (PyTorch 1.2), "Variable Resolution": a variable defined
# only along some paths ("undefined value y" in the doc).
# Fix: the doc compares the tensor argument with 0 (`x < 0`); kept as is.
import torch


@torch.jit.script
def foo(x):
    if x < 0:
        y = 4
    print(y)  # Error: undefined value y
