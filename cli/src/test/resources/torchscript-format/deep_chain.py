import torch


def leaf(x: torch.Tensor) -> torch.Tensor:
    return x.no_such_method()


def middle(x: torch.Tensor) -> torch.Tensor:
    y = leaf(x)
    return y


@torch.jit.script
def top(x: torch.Tensor) -> torch.Tensor:
    z = x + 1
    return middle(z)
