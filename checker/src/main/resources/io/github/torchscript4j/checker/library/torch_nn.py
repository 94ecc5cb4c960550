# TorchScript4J's own Python source for the package torch.nn: it re-exports Module, Parameter (the
# host's class, from torch.nn.parameter), the module classes of the library files
# torch_nn_modules_*.py, and the submodules `functional` (torch_nn_functional.py) and `init`.
# `init` is torch.nn._init_python (torch_nn__init_python.py): everything of torch.nn.init
# (torch_nn_init.py, which the checker reads as TorchScript) plus the Python-only initialisers
# (kaiming_uniform_, ...) that cannot live there. Plain Python, run by TorchScript4J's interpreter;
# written from PyTorch 1.13.1's documented behaviour. scripts/check-nn-library checks the library.
#
# What the library needs of TorchScript4J's Python interpreter, beyond classes, super(), star
# arguments and comprehensions: object.__setattr__/__delattr__ and the instance __dict__ (Module's
# attribute routing: __getattr__ is called only when ordinary lookup fails), __class__,
# type(x).__name__/__module__/__qualname__, @property, @classmethod, lambdas, generator
# expressions, f-strings, str.format with {}, {!r} and {name} fields, hasattr/getattr (with a
# default)/setattr/delattr, id, iter, enumerate, zip, sorted, reversed, isinstance(x, slice), set
# (add/discard), OrderedDict (from collections; a dict), assert with a message, `with
# torch.no_grad():`, warnings.warn, math.sqrt/erf. Annotated attribute statements without a value
# (`self.running_mean: Optional[Tensor]`) do nothing.
# What it needs of the host: Parameter(tensor) (an instance of torch.Tensor too), torch.empty,
# zeros, ones, tensor(v, dtype=, device=), eye(out=), torch.long, torch.dtype (is_floating_point,
# is_complex); tensor methods uniform_, normal_, fill_, zero_, erfinv_, mul_, add_, clamp_, copy_,
# detach, type(), dim, ndimension, size, shape (iterable, unpackable, comparable with a tuple),
# is_floating_point, is_complex, requires_grad (settable), grad, grad_fn, `.data = t` on a
# Parameter (Module._apply), and indexing that returns a view (`weight[padding_idx].fill_(0)`).
from torch.nn.parameter import Parameter
import torch.nn.functional as functional
import torch.nn._init_python as init
from torch.nn.modules.module import Module
from torch.nn.modules.linear import Identity, Linear, Bilinear
from torch.nn.modules.conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from torch.nn.modules.batchnorm import BatchNorm1d, BatchNorm2d, BatchNorm3d
from torch.nn.modules.normalization import LayerNorm, GroupNorm
from torch.nn.modules.sparse import Embedding
from torch.nn.modules.dropout import Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout
from torch.nn.modules.activation import (Threshold, ReLU, Hardtanh, ReLU6, Sigmoid, Hardsigmoid, Tanh, SiLU,
                                         Mish, Hardswish, ELU, CELU, SELU, GLU, GELU, Hardshrink, LeakyReLU,
                                         LogSigmoid, Softplus, Softshrink, PReLU, Softsign, Tanhshrink,
                                         Softmin, Softmax, Softmax2d, LogSoftmax)
from torch.nn.modules.pooling import (MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d,
                                      AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d,
                                      AdaptiveMaxPool1d, AdaptiveMaxPool2d)
from torch.nn.modules.flatten import Flatten, Unflatten
from torch.nn.modules.container import Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict
from torch.nn.modules.rnn import RNNBase, RNN, LSTM, GRU
from torch.nn.modules.instancenorm import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d
from torch.nn.modules.padding import (ConstantPad1d, ConstantPad2d, ConstantPad3d, ZeroPad2d, ReflectionPad1d,
                                      ReflectionPad2d, ReflectionPad3d, ReplicationPad1d, ReplicationPad2d,
                                      ReplicationPad3d)
from torch.nn.modules.upsampling import Upsample, UpsamplingNearest2d, UpsamplingBilinear2d
from torch.nn.modules.pixelshuffle import PixelShuffle, PixelUnshuffle
from torch.nn.modules.distance import PairwiseDistance, CosineSimilarity
from torch.nn.modules.loss import (L1Loss, MSELoss, NLLLoss, CrossEntropyLoss, BCELoss, BCEWithLogitsLoss,
                                   SmoothL1Loss, HuberLoss, KLDivLoss)
