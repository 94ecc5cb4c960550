# TorchScript4J's own TorchScript source for the context managers of torch.autograd.grad_mode.
#
# In PyTorch these are Python classes that torch.jit.script compiles when a scripted function uses
# them (`with torch.no_grad():`); the reference names them __torch__.torch.autograd.grad_mode.no_grad.
# The checker resolves torch.no_grad and torch.autograd[.grad_mode].no_grad to the class here (the
# reference has no enable_grad in TorchScript: "Unknown builtin op: aten::enable_grad."); the body
# is written for TorchScript4J from the operators the reference's compiled class calls
# (aten::is_grad_enabled, aten::set_grad_enabled).
import torch
from typing import Any


class no_grad(object):
    def __init__(self) -> None:
        self.prev = False

    def __enter__(self) -> None:
        self.prev = torch.is_grad_enabled()
        torch.set_grad_enabled(False)

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        torch.set_grad_enabled(self.prev)

