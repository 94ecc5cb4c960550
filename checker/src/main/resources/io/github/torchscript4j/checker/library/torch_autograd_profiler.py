# TorchScript4J's own TorchScript source for the context manager torch.autograd.profiler.record_function,
# which the reference compiles as the class __torch__.torch.autograd.profiler.record_function. Its
# signature and attributes are the reference's; TorchScript4J's runtime has no profiler, so entering
# and leaving the range records nothing.
import torch
from typing import Any, Optional


class record_function(object):
    def __init__(self, name: str, args: Optional[str] = None):
        self.name: str = name
        self.args: Optional[str] = args
        self.run_callbacks_on_exit: bool = True
        self.handle: torch.Tensor = torch.zeros(1)

    def __enter__(self):
        return self

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any):
        pass
