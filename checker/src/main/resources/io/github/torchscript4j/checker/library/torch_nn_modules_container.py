# TorchScript4J's torch.nn.modules.container (minimal version, to be replaced by the full library).
#
# Against a concrete type, iterating a Sequential or ModuleList, indexing it with a constant and
# len() of it are unrolled at compile time, as the reference does.
from collections import OrderedDict
from .module import Module


class Sequential(Module):
    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for idx, module in enumerate(args):
                self.add_module(str(idx), module)

    def forward(self, input):
        for module in self:
            input = module(input)
        return input


class ModuleList(Module):
    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            for i, module in enumerate(modules):
                self.add_module(str(i), module)


class ModuleDict(Module):
    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            for key, module in modules.items():
                self.add_module(key, module)
