# A small classifier module, compiled as torch.jit.script(Classifier()) compiles it: forward and
# what it calls.
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self, features: int, classes: int):
        super().__init__()
        self.hidden = nn.Linear(features, 16)
        self.out = nn.Linear(16, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.relu(self.hidden(x))
        return torch.softmax(self.out(h), dim=1)


scripted = torch.jit.script(Classifier(8, 3))
