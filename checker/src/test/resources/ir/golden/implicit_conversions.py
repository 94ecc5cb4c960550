# A tensor where a number is declared: the reference converts it implicitly, one operator per kind
# (aten::IntImplicit, FloatImplicit, ComplexImplicit, ScalarImplicit), for arguments and returns. Entry: convert
import torch


@torch.jit.script
def as_complex(c: complex) -> complex:
    return c * 2


@torch.jit.script
def as_float(x: torch.Tensor) -> float:
    return torch.sqrt(x) + 1.0


@torch.jit.script
def convert(x: torch.Tensor, n: torch.Tensor) -> complex:
    k = torch.ones(3).size(n)
    f = as_float(x)
    return as_complex(x) + f + k
