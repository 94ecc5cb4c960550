# The TorchScript documentation's module attributes: a parameter, a buffer, a submodule and plain
# attributes whose types are annotated on the class (an empty list, a dict) or inferred (an int).
#   ./torchscript package examples/modules/attributes.py --module Foo --args '{"a_dict": {"dict": [["hi", 2]]}}' \
#       --example-inputs '["hi"]' -o attributes.pt
from typing import Dict, List

import torch
import torch.nn as nn


class Foo(nn.Module):
    # `words` is initialized as an empty list, so its type must be specified
    words: List[str]

    # the annotation makes `some_dict` a Dict[str, int] whatever the argument holds
    some_dict: Dict[str, int]

    def __init__(self, a_dict):
        super(Foo, self).__init__()
        self.words = []
        self.some_dict = a_dict
        # `int`s can be inferred
        self.my_int = 10
        self.scale = nn.Parameter(torch.ones(1))
        self.register_buffer("calls", torch.zeros(1))
        self.norm = nn.LayerNorm(1)

    def forward(self, input):
        # type: (str) -> int
        self.words.append(input)
        return len(self.words) + self.some_dict[input] + self.my_int
