# The TorchScript documentation's ModuleList with __constants__: the loop over self.mods is
# unrolled over the ten SubModules.
#   ./torchscript package examples/modules/module_list.py --module MyModule \
#       --example-inputs '[{"tensor": {"dtype": "float32", "shape": [2], "data": [0.5, -1.0]}}]' -o module_list.pt
import torch
import torch.nn as nn


class SubModule(torch.nn.Module):
    def __init__(self):
        super(SubModule, self).__init__()
        self.weight = nn.Parameter(torch.randn(2))

    def forward(self, input):
        return self.weight + input


class MyModule(torch.nn.Module):
    __constants__ = ['mods']

    def __init__(self):
        super(MyModule, self).__init__()
        self.mods = torch.nn.ModuleList([SubModule() for i in range(10)])

    def forward(self, v):
        for module in self.mods:
            v = module(v)
        return v
