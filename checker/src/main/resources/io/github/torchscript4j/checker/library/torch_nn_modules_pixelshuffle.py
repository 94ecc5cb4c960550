# TorchScript4J's own Python source for torch.nn.modules.pixelshuffle: PixelShuffle, PixelUnshuffle.
# Written for TorchScript4J from PyTorch 1.13.1's documented behaviour (never its source): each class's
# __init__ has the reference's signature and creates the same parameters, buffers and attributes
# (names, shapes, dtypes, order); reset_parameters draws random numbers with the same init functions
# in the same order (equal values after torch.manual_seed); forward is TorchScript that the
# reference's torch.jit.script compiles to the same code as for its own module. TorchScript4J's
# Python interpreter (runtime.python) runs this file; scripts/check-nn-library holds it to PyTorch.
from torch import Tensor
import torch.nn.functional as F
from torch.nn.modules.module import Module


class PixelShuffle(Module):
    """(*, C*r*r, H, W) -> (*, C, H*r, W*r)."""

    __constants__ = ["upscale_factor"]
    upscale_factor: int

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input: Tensor) -> Tensor:
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return "upscale_factor={}".format(self.upscale_factor)


class PixelUnshuffle(Module):
    """(*, C, H*r, W*r) -> (*, C*r*r, H, W)."""

    __constants__ = ["downscale_factor"]
    downscale_factor: int

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input: Tensor) -> Tensor:
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return "downscale_factor={}".format(self.downscale_factor)
