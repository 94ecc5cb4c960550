"""The cases of scripts/check-nn-library and scripts/record-nn-library-golden (imported by both).

Each case is (module class name, constructor keyword arguments, input shapes). An input is a
shape tuple (a float32 tensor drawn with torch.randn), or ("long", shape, high) (an int64 tensor
drawn with torch.randint(0, high)), ("double", shape) (a float64 tensor), or ("prob", shape) (a float32
tensor drawn with torch.rand, in [0, 1)). Keep tensors small: the golden file stores every value.
"""
from collections import OrderedDict

import torch

CASES = [
    ("Identity", {}, [(2, 3)]),
    ("Linear", {"in_features": 3, "out_features": 4}, [(2, 3)]),
    ("Linear", {"in_features": 5, "out_features": 2, "bias": False}, [(3, 5)]),
    ("Linear", {"in_features": 3, "out_features": 2, "dtype": "float64"}, [("double", (2, 3))]),
    ("Bilinear", {"in1_features": 2, "in2_features": 3, "out_features": 4}, [(2, 2), (2, 3)]),
    ("Conv1d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3}, [(1, 2, 6)]),
    ("Conv1d", {"in_channels": 2, "out_channels": 4, "kernel_size": 3, "padding": "same",
                "padding_mode": "reflect", "groups": 2}, [(1, 2, 5)]),
    ("Conv2d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3}, [(1, 2, 5, 5)]),
    ("Conv2d", {"in_channels": 2, "out_channels": 2, "kernel_size": (2, 3), "stride": 2, "padding": 1,
                "dilation": 1, "bias": False}, [(1, 2, 5, 6)]),
    ("Conv2d", {"in_channels": 1, "out_channels": 2, "kernel_size": 3, "padding": "valid",
                "padding_mode": "circular"}, [(1, 1, 4, 4)]),
    ("Conv3d", {"in_channels": 1, "out_channels": 2, "kernel_size": 2}, [(1, 1, 3, 3, 3)]),
    ("ConvTranspose1d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "stride": 2}, [(1, 2, 4)]),
    ("ConvTranspose2d", {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "stride": 2, "padding": 1,
                         "output_padding": 1}, [(1, 2, 3, 3)]),
    ("ConvTranspose3d", {"in_channels": 1, "out_channels": 2, "kernel_size": 2}, [(1, 1, 2, 2, 2)]),
    ("BatchNorm1d", {"num_features": 3}, [(4, 3)]),
    ("BatchNorm2d", {"num_features": 2, "momentum": None}, [(2, 2, 3, 3)]),
    ("BatchNorm2d", {"num_features": 2, "affine": False, "track_running_stats": False}, [(2, 2, 2, 2)]),
    ("BatchNorm3d", {"num_features": 2}, [(2, 2, 2, 2, 2)]),
    ("LayerNorm", {"normalized_shape": 4}, [(2, 4)]),
    ("LayerNorm", {"normalized_shape": (2, 3), "elementwise_affine": False, "eps": 1e-3}, [(2, 2, 3)]),
    ("GroupNorm", {"num_groups": 2, "num_channels": 4}, [(2, 4, 3)]),
    ("Embedding", {"num_embeddings": 6, "embedding_dim": 3}, [("long", (2, 3), 6)]),
    ("Embedding", {"num_embeddings": 5, "embedding_dim": 2, "padding_idx": 1}, [("long", (4,), 5)]),
    ("Dropout", {}, [(2, 5)]),
    ("Dropout", {"p": 0.2, "inplace": False}, [(3, 4)]),
    ("Dropout1d", {}, [(2, 3, 4)]),
    ("Dropout2d", {"p": 0.3}, [(2, 3, 2, 2)]),
    ("Dropout3d", {}, [(1, 2, 2, 2, 2)]),
    ("AlphaDropout", {"p": 0.4}, [(3, 4)]),
    ("Threshold", {"threshold": 0.1, "value": 20.0}, [(2, 4)]),
    ("ReLU", {}, [(2, 4)]),
    ("ReLU6", {}, [(2, 4)]),
    ("LeakyReLU", {"negative_slope": 0.2}, [(2, 4)]),
    ("ELU", {"alpha": 0.5}, [(2, 4)]),
    ("CELU", {}, [(2, 4)]),
    ("SELU", {}, [(2, 4)]),
    ("GELU", {}, [(2, 4)]),
    ("GELU", {"approximate": "tanh"}, [(2, 4)]),
    ("SiLU", {}, [(2, 4)]),
    ("Mish", {}, [(2, 4)]),
    ("Sigmoid", {}, [(2, 4)]),
    ("Tanh", {}, [(2, 4)]),
    ("Hardtanh", {"min_val": -0.5, "max_val": 0.5}, [(2, 4)]),
    ("Hardsigmoid", {}, [(2, 4)]),
    ("Hardswish", {}, [(2, 4)]),
    ("Softplus", {"beta": 2, "threshold": 10}, [(2, 4)]),
    ("Softsign", {}, [(2, 4)]),
    ("Tanhshrink", {}, [(2, 4)]),
    ("Softmax", {"dim": 1}, [(2, 4)]),
    ("LogSoftmax", {"dim": -1}, [(2, 4)]),
    ("Softmin", {"dim": 0}, [(2, 4)]),
    ("PReLU", {}, [(2, 4)]),
    ("PReLU", {"num_parameters": 3, "init": 0.1}, [(2, 3, 2)]),
    ("GLU", {"dim": -1}, [(2, 4)]),
    ("MaxPool1d", {"kernel_size": 2}, [(1, 2, 6)]),
    ("MaxPool2d", {"kernel_size": 2}, [(1, 2, 4, 4)]),
    ("MaxPool2d", {"kernel_size": 3, "stride": 1, "padding": 1, "ceil_mode": True}, [(1, 1, 4, 5)]),
    ("AvgPool1d", {"kernel_size": 3, "stride": 2}, [(1, 2, 7)]),
    ("AvgPool2d", {"kernel_size": 2}, [(1, 2, 4, 4)]),
    ("AvgPool2d", {"kernel_size": (2, 3), "padding": 1, "count_include_pad": False}, [(1, 1, 4, 5)]),
    ("AdaptiveAvgPool1d", {"output_size": 3}, [(1, 2, 7)]),
    ("AdaptiveAvgPool2d", {"output_size": (2, 3)}, [(1, 2, 5, 7)]),
    ("AdaptiveAvgPool2d", {"output_size": 1}, [(1, 3, 4, 4)]),
    ("Hardshrink", {"lambd": 0.3}, [(2, 4)]),
    ("Softshrink", {}, [(2, 4)]),
    ("LogSigmoid", {}, [(2, 4)]),
    ("FeatureAlphaDropout", {"p": 0.2}, [(2, 3, 4)]),
    ("MaxPool3d", {"kernel_size": 2, "stride": 1}, [(1, 1, 3, 3, 3)]),
    ("AvgPool3d", {"kernel_size": 2}, [(1, 1, 4, 4, 4)]),
    ("AdaptiveAvgPool3d", {"output_size": (1, 2, 2)}, [(1, 1, 3, 4, 4)]),
    ("AdaptiveMaxPool1d", {"output_size": 2}, [(1, 2, 5)]),
    ("AdaptiveMaxPool2d", {"output_size": (2, 2)}, [(1, 2, 5, 4)]),
    ("Flatten", {}, [(2, 3, 2)]),
    ("Flatten", {"start_dim": 0, "end_dim": -2}, [(2, 3, 2)]),
    ("Unflatten", {"dim": 1, "unflattened_size": (2, 3)}, [(2, 6)]),
    ("Softmax2d", {}, [(1, 3, 2, 2)]),
    ("InstanceNorm1d", {"num_features": 3}, [(2, 3, 4)]),
    ("InstanceNorm2d", {"num_features": 2, "affine": True, "track_running_stats": True}, [(2, 2, 3, 3)]),
    ("InstanceNorm3d", {"num_features": 1}, [(1, 2, 2, 2)]),
    ("ConstantPad1d", {"padding": 2, "value": 3.5}, [(1, 2, 3)]),
    ("ConstantPad2d", {"padding": (1, 0, 2, 1), "value": -1.0}, [(1, 2, 2)]),
    ("ConstantPad3d", {"padding": 1, "value": 0.5}, [(1, 1, 2, 2, 2)]),
    ("ZeroPad2d", {"padding": (1, 1, 0, 2)}, [(1, 1, 2, 3)]),
    ("ReflectionPad1d", {"padding": 2}, [(1, 2, 4)]),
    ("ReflectionPad2d", {"padding": (1, 1, 2, 0)}, [(1, 1, 3, 3)]),
    ("ReflectionPad3d", {"padding": 1}, [(1, 1, 2, 2, 2)]),
    ("ReplicationPad1d", {"padding": (1, 3)}, [(1, 2, 3)]),
    ("ReplicationPad2d", {"padding": 1}, [(1, 1, 2, 2)]),
    ("ReplicationPad3d", {"padding": 1}, [(1, 1, 2, 2, 2)]),
    ("Upsample", {"scale_factor": 2}, [(1, 1, 2, 2)]),
    ("Upsample", {"size": (3, 5), "mode": "bilinear", "align_corners": False}, [(1, 2, 2, 3)]),
    ("UpsamplingNearest2d", {"scale_factor": 2}, [(1, 1, 2, 2)]),
    ("UpsamplingBilinear2d", {"size": 4}, [(1, 1, 2, 2)]),
    ("PixelShuffle", {"upscale_factor": 2}, [(1, 4, 2, 2)]),
    ("PixelUnshuffle", {"downscale_factor": 2}, [(1, 1, 4, 4)]),
    ("PairwiseDistance", {}, [(3, 4), (3, 4)]),
    ("CosineSimilarity", {"dim": 1, "eps": 1e-6}, [(3, 4), (3, 4)]),
    ("L1Loss", {}, [(2, 3), (2, 3)]),
    ("MSELoss", {"reduction": "sum"}, [(2, 3), (2, 3)]),
    ("NLLLoss", {}, [(3, 4), ("long", (3,), 4)]),
    ("CrossEntropyLoss", {"label_smoothing": 0.1}, [(3, 4), ("long", (3,), 4)]),
    ("CrossEntropyLoss", {"ignore_index": 1, "reduction": "none"}, [(3, 4), ("long", (3,), 4)]),
    ("BCELoss", {}, [("prob", (2, 3)), ("prob", (2, 3))]),
    ("BCEWithLogitsLoss", {}, [(2, 3), ("prob", (2, 3))]),
    ("SmoothL1Loss", {"beta": 0.5}, [(2, 3), (2, 3)]),
    ("HuberLoss", {"delta": 0.5}, [(2, 3), (2, 3)]),
    ("KLDivLoss", {"reduction": "batchmean", "log_target": True}, [(2, 3), (2, 3)]),
    ("RNN", {"input_size": 2, "hidden_size": 3}, [(4, 1, 2)]),
    ("RNN", {"input_size": 2, "hidden_size": 3, "num_layers": 2, "nonlinearity": "relu", "batch_first": True,
             "bidirectional": True}, [(1, 4, 2)]),
    ("LSTM", {"input_size": 3, "hidden_size": 2}, [(3, 2, 3)]),
    ("LSTM", {"input_size": 2, "hidden_size": 4, "num_layers": 2, "proj_size": 2, "bias": False}, [(3, 2)]),
    ("GRU", {"input_size": 2, "hidden_size": 3, "bidirectional": True}, [(3, 1, 2)]),
]

# Containers are built from other modules of the library, so their cases are Python expressions
# over `nn` (ours or torch.nn), `torch` and `OrderedDict`, evaluated after torch.manual_seed(0).
# Inputs None: the container has no forward (only its structure and state are compared).
CONTAINER_CASES = [
    ("Sequential", "nn.Sequential(OrderedDict([('fc', nn.Linear(2, 3)), ('act', nn.Tanh())]))", [(2, 2)]),
    ("Sequential", "nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))", [(2, 3)]),
    ("Sequential", "nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten())",
     [(2, 1, 4, 4)]),
    ("NLLLoss", "nn.NLLLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0]))", [(3, 4), ("long", (3,), 4)]),
    ("BCEWithLogitsLoss", "nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 3.0]))",
     [(2, 3), ("prob", (2, 3))]),
    ("Embedding", "nn.Embedding.from_pretrained(torch.arange(6.0).reshape(3, 2), padding_idx=0)",
     [("long", (2, 2), 3)]),
    ("ModuleList", "nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 3)])", None),
    ("ModuleDict", "nn.ModuleDict({'b': nn.Linear(1, 2), 'a': nn.BatchNorm1d(2)})", None),
    ("ParameterList", "nn.ParameterList([nn.Parameter(torch.randn(2)), torch.randn(1, 3)])", None),
    ("ParameterDict", "nn.ParameterDict({'w': nn.Parameter(torch.randn(2)), 'b': torch.zeros(3)})", None),
]


def build(nn, case_kwargs_or_expr, name):
    """The module of a case: name(**kwargs) of `nn`, or a container case's expression."""
    if isinstance(case_kwargs_or_expr, str):
        return eval(case_kwargs_or_expr, {"nn": nn, "torch": torch, "OrderedDict": OrderedDict})
    kwargs = {k: getattr(torch, v) if k == "dtype" else v for k, v in case_kwargs_or_expr.items()}
    return getattr(nn, name)(**kwargs)


def make_inputs(specs):
    """The inputs of a case, drawn after torch.manual_seed(1)."""
    torch.manual_seed(1)
    out = []
    for s in specs:
        if isinstance(s, tuple) and s and s[0] == "long":
            out.append(torch.randint(0, s[2], s[1]))
        elif isinstance(s, tuple) and s and s[0] == "prob":
            out.append(torch.rand(*s[1]))
        elif isinstance(s, tuple) and s and s[0] == "double":
            out.append(torch.randn(*s[1], dtype=torch.float64))
        else:
            out.append(torch.randn(*s))
    return out
