"""Loads TorchScript4J's torch.nn library (checker/.../library/torch_nn*.py) as Python modules
under the real PyTorch, for scripts/check-nn-library and scripts/record-nn-library-golden.

Our files say `from torch.nn.modules.module import Module`, `import torch.nn._init_python as init`
and so on. Each is executed as a fresh module object named as in PyTorch (so classes get the
reference's qualified names, e.g. torch.nn.modules.linear.Linear) whose builtins carry an
__import__ that resolves our library's module names to our files, and every other name (torch,
torch.nn.parameter, torch.nn.functional, math, ...) to the real module. sys.modules is not
touched, so the real torch.nn stays intact for the reference side.

torch.nn.functional is the REAL one: forward must compile, under the reference's torch.jit.script,
to the same code as the reference's module, which calls the reference's functional library (our
torch_nn_functional.py is held to it separately by scripts/check-functional-library).
torch.nn.init is our torch_nn_init.py.
"""
import builtins
import os
import types

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBRARY = os.path.join(ROOT, "checker", "src", "main", "resources", "io", "github", "torchscript4j",
                       "checker", "library")

# our module name -> resource file, in load order
OURS = [
    ("torch.nn.init", "torch_nn_init.py"),
    ("torch.nn._init_python", "torch_nn__init_python.py"),
    ("torch.nn.modules.utils", "torch_nn_modules_utils.py"),
    ("torch.nn.modules.module", "torch_nn_modules_module.py"),
    ("torch.nn.modules.linear", "torch_nn_modules_linear.py"),
    ("torch.nn.modules.conv", "torch_nn_modules_conv.py"),
    ("torch.nn.modules.batchnorm", "torch_nn_modules_batchnorm.py"),
    ("torch.nn.modules.normalization", "torch_nn_modules_normalization.py"),
    ("torch.nn.modules.sparse", "torch_nn_modules_sparse.py"),
    ("torch.nn.modules.dropout", "torch_nn_modules_dropout.py"),
    ("torch.nn.modules.activation", "torch_nn_modules_activation.py"),
    ("torch.nn.modules.pooling", "torch_nn_modules_pooling.py"),
    ("torch.nn.modules.flatten", "torch_nn_modules_flatten.py"),
    ("torch.nn.modules.container", "torch_nn_modules_container.py"),
    ("torch.nn.modules.rnn", "torch_nn_modules_rnn.py"),
    ("torch.nn.modules.instancenorm", "torch_nn_modules_instancenorm.py"),
    ("torch.nn.modules.padding", "torch_nn_modules_padding.py"),
    ("torch.nn.modules.upsampling", "torch_nn_modules_upsampling.py"),
    ("torch.nn.modules.pixelshuffle", "torch_nn_modules_pixelshuffle.py"),
    ("torch.nn.modules.distance", "torch_nn_modules_distance.py"),
    ("torch.nn.modules.loss", "torch_nn_modules_loss.py"),
    ("torch.nn", "torch_nn.py"),
]


class _Path:
    """What `import a.b.c as x` gets back before Python walks the attributes b, c."""

    def __init__(self, real, overrides):
        self._real = real
        self._overrides = overrides

    def __getattr__(self, name):
        if name in self._overrides:
            return self._overrides[name]
        return getattr(self._real, name)


def load():
    """Our library: a dict module name -> module object (only the files that exist)."""
    loaded = {}
    real_import = builtins.__import__

    def our_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name in loaded:
            if fromlist:
                return loaded[name]
            # `import torch.nn.x as y`: a chain of attributes from `torch` ending at our module
            parts = name.split(".")
            node = loaded[name]
            for i in range(len(parts) - 1, 0, -1):
                prefix = ".".join(parts[:i])
                real = loaded.get(prefix) or real_import(prefix, fromlist=["_"])
                node = _Path(real, {parts[i]: node})
            return node
        if level == 0 and name in dict(OURS):
            raise ImportError("our library has no file for " + name)
        return real_import(name, globals, locals, fromlist, level)

    our_builtins = dict(vars(builtins))
    our_builtins["__import__"] = our_import
    for name, file in OURS:
        path = os.path.join(LIBRARY, file)
        if not os.path.exists(path):
            continue
        module = types.ModuleType(name)
        module.__file__ = path
        module.__dict__["__builtins__"] = our_builtins
        with open(path, encoding="utf-8") as f:
            code = compile(f.read(), path, "exec")
        loaded[name] = module  # before exec: the package re-exports while it runs
        exec(code, module.__dict__)
    utils = loaded.get("torch.nn.modules.utils")
    if utils is not None:
        # The reference maps torch.nn.modules.utils._pair (etc.) to the builtin aten::_pair by
        # identity; ours are other function objects, so they are registered the same way.
        from torch.jit import _builtins
        for fn, op in [("_single", "aten::_single"), ("_pair", "aten::_pair"), ("_triple", "aten::_triple"),
                       ("_quadruple", "aten::_quadruple")]:
            if hasattr(utils, fn):
                _builtins._register_builtin(getattr(utils, fn), op)
    return loaded


def rebase(cls, ours_module_class, cache):
    """A copy of our class `cls` whose chain of bases ends at the real torch.nn.Module (or the real
    container class of the same name), so that the reference's torch.jit.script accepts it."""
    if cls in cache:
        return cache[cls]
    if cls is ours_module_class:
        return torch.nn.Module
    bases = []
    for b in cls.__bases__:
        if b is ours_module_class and cls.__name__ in ("Sequential", "ModuleList", "ModuleDict",
                                                        "ParameterList", "ParameterDict"):
            bases.append(getattr(torch.nn, cls.__name__))
        elif b is object:
            continue
        else:
            bases.append(rebase(b, ours_module_class, cache))
    # attribute hooks of our own (RNNBase.__setattr__) call super() of the original class: left out
    namespace = {k: v for k, v in cls.__dict__.items()
                 if k not in ("__dict__", "__weakref__", "__setattr__", "__getattr__", "__delattr__")}
    new = type(cls.__name__, tuple(bases) or (object,), namespace)
    new.__qualname__ = cls.__qualname__
    new.__module__ = cls.__module__
    cache[cls] = new
    return new


def rebased_instance(obj, ours_module_class, cache):
    """A rebased copy of our built module instance `obj` (sharing its parameters and buffers)."""
    new_cls = rebase(type(obj), ours_module_class, cache)
    new = new_cls.__new__(new_cls)
    torch.nn.Module.__init__(new)
    for k, v in obj.__dict__.items():
        if k == "_modules":
            subs = type(v)()
            for n, m in v.items():
                subs[n] = None if m is None else rebased_instance(m, ours_module_class, cache)
            new.__dict__[k] = subs
        else:
            new.__dict__[k] = v
    return new
