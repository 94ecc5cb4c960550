import torch


@torch.jit.script
def clamp_sum(x: torch.Tensor, limit: float) -> torch.Tensor:
    total = torch.zeros_like(x)
    for i in range(3):
        total = total + torch.clamp(x, -limit, limit)
    return total
