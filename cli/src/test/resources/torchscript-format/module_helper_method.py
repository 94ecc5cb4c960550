import torch
from torch import nn


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = 2.0

    def helper(self, x: torch.Tensor) -> torch.Tensor:
        return x * undefined_scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x + 1
        return self.helper(y)


torch.jit.script(M())
