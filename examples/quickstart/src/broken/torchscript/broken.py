# Deliberately broken TorchScript, checked only with -Pbroken: the build fails and prints both
# errors with their locations (PyTorch 1.13.1 stops at the first).
import torch


@torch.jit.script
def scale(x: torch.Tensor, factor: float) -> torch.Tensor:
    return x * factr


@torch.jit.script
def pick(flag: bool) -> int:
    if flag:
        value = 1
    else:
        value = "one"
    return value
