# The TorchScript documentation's Net: one Conv2d.
#   ./torchscript package examples/modules/net.py --module Net \
#       --example-inputs '[{"tensor": {"dtype": "float32", "shape": [1, 1, 3, 3], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9.0]}}]' -o net.pt
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv = nn.Conv2d(1, 1, 3)

    def forward(self, x):
        return self.conv(x)
