# The TorchScript documentation's first module: a Parameter and a Linear submodule.
#   ./torchscript package examples/modules/my_module.py --module MyModule --args '{"N": 3, "M": 4}' \
#       --example-inputs '[{"tensor": {"dtype": "float32", "shape": [4], "data": [1.0, 2.0, 3.0, 4.0]}}]' -o my_module.pt
import torch


class MyModule(torch.nn.Module):
    def __init__(self, N, M):
        super(MyModule, self).__init__()
        self.weight = torch.nn.Parameter(torch.rand(N, M))
        self.linear = torch.nn.Linear(N, M)

    def forward(self, input):
        output = self.weight.mv(input)
        output = self.linear(output)
        return output
