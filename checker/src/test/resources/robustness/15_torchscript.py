import torch
from typing import List, Optional, Tuple


@torch.jit.script
def fn(x: torch.Tensor, scale: float = 1.0) -> torch.Tensor:
    if x.dim() > 1:
        x = x.sum(dim=0)
    return x * scale


class Module(torch.nn.Module):
    __constants__ = ["n"]

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n
        self.linear = torch.nn.Linear(n, n)

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> Tuple[torch.Tensor, List[int]]:
        y = self.linear(x)
        if mask is not None:
            y = y.masked_fill(mask, 0.0)
        sizes: List[int] = []
        for i in range(self.n):
            sizes.append(i)
        return y, sizes
