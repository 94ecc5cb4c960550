# TorchScript4J's torch.nn.modules.activation (minimal version, to be replaced by the full library).
import torch
from torch import Tensor
from .. import functional as F
from .module import Module


class ReLU(Module):
    __constants__ = ['inplace']
    inplace: bool

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.relu(input, inplace=self.inplace)
