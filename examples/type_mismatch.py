# Deliberate TYPE error (line 12): TorchScript rejects it; `check` reports it once the type checker lands.
# Seed: TorchScript documentation (PyTorch 1.2), "Types": type mismatch example.
import torch


@torch.jit.script
def an_error(x):
    if x:
        r = torch.rand(1)
    else:
        r = 4
    return r  # Type mismatch: r is set to type Tensor in the true branch
              # and type int in the false branch
