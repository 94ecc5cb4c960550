# TorchScript4J's own Python source for the package torch.nn: it re-exports Module, Parameter (the
# host's class, from torch.nn.parameter), the module classes of the library files
# torch_nn_modules_*.py, and the submodules `functional` (torch_nn_functional.py) and `init`.
# `init` is torch.nn._init_python (torch_nn__init_python.py): everything of torch.nn.init
# (torch_nn_init.py, which the checker reads as TorchScript) plus the Python-only initialisers
# (kaiming_uniform_, ...) that cannot live there. Plain Python, run by TorchScript4J's interpreter;
# written from PyTorch 1.13.1's documented behaviour. scripts/check-nn-library checks the library.
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
