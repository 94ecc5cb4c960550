# TorchScript4J's own Python source for the package torch.autograd, as far as Python code that a
# traced function or a module's __init__ runs needs it: Function (custom autograd functions,
# torch_autograd_function.py) and the grad-mode context managers (the host's torch.no_grad, ...).
# Plain Python, run by TorchScript4J's interpreter; the checker never reads this file (it resolves
# torch.autograd.X through BundledModule).
from torch import no_grad, enable_grad, set_grad_enabled
from torch.autograd.function import Function, FunctionCtx, once_differentiable
import torch.autograd.function as function
