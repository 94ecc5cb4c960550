# TorchScript4J's torch.nn.modules.module (minimal version, to be replaced by the full library).
#
# Module is the base class of every torch.nn module; the checker counts it as torch.nn.Module.
# Its methods are plain Python run by the runtime's interpreter, never compiled.
from collections import OrderedDict


class Module:
    def __init__(self):
        self.training = True
        self._parameters = OrderedDict()
        self._buffers = OrderedDict()
        self._modules = OrderedDict()

    def forward(self, *input):
        raise NotImplementedError("Module [" + type(self).__name__ + "] is missing the required \"forward\" function")
