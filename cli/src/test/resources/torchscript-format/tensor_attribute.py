import torch


@torch.jit.script
def f(x: torch.Tensor) -> torch.Tensor:
    return x.not_an_attribute
