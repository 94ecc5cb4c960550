# A class shaped like torch.nn.Module: __setattr__ routes "parameters" and submodules into their
# own dicts through object.__setattr__, __getattr__ finds them, __call__ calls forward.
from collections import OrderedDict
from typing import Any, Dict, Iterator, List, Optional, Tuple


class Parameter:
    def __init__(self, data):
        self.data = data

    def __repr__(self):
        return f"Parameter({self.data})"


class Module:
    _version: int = 1
    training: bool

    def __init__(self) -> None:
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())

    def register_buffer(self, name: str, tensor: Optional[Any]) -> None:
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"buffer name should be a string. Got {type(name).__name__}")
        self._buffers[name] = tensor

    def register_parameter(self, name: str, param: Optional[Parameter]) -> None:
        self._parameters[name] = param

    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self.__dict__.pop(name, None)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            self.register_parameter(name, value)
        else:
            modules = self.__dict__.get("_modules")
            if isinstance(value, Module):
                if modules is None:
                    raise AttributeError("cannot assign module before Module.__init__() call")
                modules[name] = value
            elif modules is not None and name in modules:
                modules[name] = value
            else:
                buffers = self.__dict__.get("_buffers")
                if buffers is not None and name in buffers:
                    buffers[name] = value
                else:
                    super().__setattr__(name, value)

    def __getattr__(self, name: str) -> Any:
        if "_parameters" in self.__dict__:
            _parameters = self.__dict__["_parameters"]
            if name in _parameters:
                return _parameters[name]
        if "_buffers" in self.__dict__:
            if name in self.__dict__["_buffers"]:
                return self.__dict__["_buffers"][name]
        if "_modules" in self.__dict__:
            modules = self.__dict__["_modules"]
            if name in modules:
                return modules[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        if name in self._parameters:
            del self._parameters[name]
        elif name in self._modules:
            del self._modules[name]
        else:
            super().__delattr__(name)

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def named_parameters(self, prefix: str = "") -> Iterator[Tuple[str, Parameter]]:
        for name, p in self._parameters.items():
            if p is not None:
                yield prefix + name, p
        for mname, m in self._modules.items():
            yield from m.named_parameters(prefix + mname + ".")

    def parameters(self):
        for _, p in self.named_parameters():
            yield p

    def children(self):
        return iter(self._modules.values())

    def train(self, mode: bool = True):
        self.training = mode
        for m in self.children():
            m.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def extra_repr(self) -> str:
        return ""

    def __repr__(self):
        lines = []
        for key, module in self._modules.items():
            mod_str = repr(module).replace("\n", "\n  ")
            lines.append("(" + key + "): " + mod_str)
        main = self.__class__.__name__ + "(" + self.extra_repr()
        if lines:
            main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"


class Linear(Module):
    __constants__ = ["in_features", "out_features"]
    in_features: int
    out_features: int

    def __init__(self, in_features: int, out_features: int, bias: bool = True) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter([[0.0] * in_features for _ in range(out_features)])
        if bias:
            self.bias = Parameter([0.0] * out_features)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        for i, row in enumerate(self.weight.data):
            for j in range(len(row)):
                row[j] = (i + 1) * 0.5 - j
        if self.bias is not None:
            self.bias.data = [float(i) for i in range(self.out_features)]

    def forward(self, x: List[float]) -> List[float]:
        out = []
        for i, row in enumerate(self.weight.data):
            acc = sum(w * v for w, v in zip(row, x))
            if self.bias is not None:
                acc += self.bias.data[i]
            out.append(acc)
        return out

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class Sequential(Module):
    def __init__(self, *args: Module) -> None:
        super(Sequential, self).__init__()
        for idx, module in enumerate(args):
            self.add_module(str(idx), module)

    def add_module(self, name, module):
        self._modules[name] = module

    def __len__(self):
        return len(self._modules)

    def __getitem__(self, idx):
        return list(self._modules.values())[idx]

    def __iter__(self):
        return iter(self._modules.values())

    def forward(self, x):
        for m in self:
            x = m(x)
        return x


class ReLU(Module):
    def forward(self, x):
        return [max(0.0, v) for v in x]


class Net(Module):
    def __init__(self, sizes: List[int], scale: float = 2.0):
        super().__init__()
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers.append(Linear(a, b))
            layers.append(ReLU())
        self.body = Sequential(*layers)
        self.head = Linear(sizes[-1], 1, bias=False)
        self.register_buffer("steps", 0)
        self.scale = scale
        self.names: Dict[str, int] = {}

    def forward(self, x):
        self.steps = self.steps + 1
        return [v * self.scale for v in self.head(self.body(x))]


net = Net([2, 3, 2])
print(net)
print(net([1.0, -2.0]), net.steps, net([0.5, 0.5]), net.steps)
print([n for n, _ in net.named_parameters()])
print(len(list(net.parameters())), list(net.__dict__.keys()), list(net._modules.keys()), list(net._buffers.items()))
print(net.head.bias, net.body[0].bias, len(net.body), net.training, net.eval().training, net.body[0].training)
try:
    net.head.bias = 3
    print("assigned", net.head.__dict__.get("bias"))
except TypeError as e:
    print("TypeError:", e)
try:
    net.head.weight = 3
except TypeError as e:
    print("TypeError:", e)
try:
    print(net.missing)
except AttributeError as e:
    print("AttributeError:", e)
del net.head
print(list(net._modules.keys()), hasattr(net, "head"))
net.scale = 5
print(net.__dict__["scale"], type(net).__mro__[1].__name__, isinstance(net.body, Module))
