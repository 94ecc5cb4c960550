import torch
from typing import List


class Sub(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.t = torch.nn.Parameter(torch.ones(3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.t


class M(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.arange(6.0).reshape(2, 3) / 4)
        self.register_buffer("b", torch.arange(3))
        self.scale = 2.5
        self.names: List[str] = ["a", "b"]
        self.sub = Sub()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.matmul(x, self.w) * self.scale
        return self.sub(y) + self.b
