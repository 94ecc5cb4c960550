import torch


@torch.jit.script
def f(x: torch.Tensor) -> torch.Tensor:
    y = torch.cat(
        x,
        dim=0,
    )
    return y
