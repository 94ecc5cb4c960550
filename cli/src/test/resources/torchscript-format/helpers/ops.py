import torch


def double(x: torch.Tensor) -> torch.Tensor:
    y = x * 2
    return y + unknown_thing
