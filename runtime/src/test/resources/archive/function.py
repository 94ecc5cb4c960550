import torch


def helper(x: torch.Tensor) -> torch.Tensor:
    return x * 2


@torch.jit.script
def f(x: torch.Tensor, n: int) -> torch.Tensor:
    for i in range(n):
        x = helper(x) + i
    return torch.relu(x)
