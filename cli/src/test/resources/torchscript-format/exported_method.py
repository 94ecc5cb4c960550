import torch
from torch import nn


class M(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x

    @torch.jit.export
    def extra(self, x: torch.Tensor) -> int:
        y: int = x
        return y


torch.jit.script(M())
