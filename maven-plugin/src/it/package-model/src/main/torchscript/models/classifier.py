import torch
import torch.nn as nn


class Classifier(nn.Module):
    """A linear layer and a softmax over its classes."""

    def __init__(self, features: int, classes: int = 3):
        super().__init__()
        self.linear = nn.Linear(features, classes)
        self.temperature = 2.0

    def forward(self, x):
        return torch.softmax(self.linear(x) / self.temperature, dim=-1)
