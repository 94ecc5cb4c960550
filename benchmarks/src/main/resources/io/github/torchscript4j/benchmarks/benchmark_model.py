"""A TorchScript model library for benchmarking the checker.

About two thousand lines of the kind of code people compile with ``torch.jit.script``: tensor
math, attention, recurrent cells, detection post-processing, decoding, losses, optimizer steps and
small TorchScript classes, written with loops, ``Optional`` refinement, lists and dicts. Every
function and class below compiles with PyTorch 1.13 (``torch.jit.script``) and our checker reports
nothing for it. It is a benchmark input only; nothing calls it.
"""

import math
from typing import Dict, List, Optional, Tuple

import torch
from torch import Tensor


# ---------------------------------------------------------------------------------------------
# Activations and normalization
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def gelu_tanh(x: Tensor) -> Tensor:
    inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))
    return 0.5 * x * (1.0 + torch.tanh(inner))


@torch.jit.script
def swish(x: Tensor, beta: float = 1.0) -> Tensor:
    return x * torch.sigmoid(beta * x)


@torch.jit.script
def mish(x: Tensor) -> Tensor:
    return x * torch.tanh(torch.log1p(torch.exp(x)))


@torch.jit.script
def softplus(x: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    scaled = x * beta
    soft = torch.log1p(torch.exp(scaled)) / beta
    return torch.where(scaled > threshold, x, soft)


@torch.jit.script
def hard_sigmoid(x: Tensor) -> Tensor:
    return torch.clamp(x / 6.0 + 0.5, 0.0, 1.0)


@torch.jit.script
def hard_swish(x: Tensor) -> Tensor:
    return x * hard_sigmoid(x)


@torch.jit.script
def leaky_relu(x: Tensor, slope: float = 0.01) -> Tensor:
    return torch.where(x >= 0.0, x, x * slope)


@torch.jit.script
def elu(x: Tensor, alpha: float = 1.0) -> Tensor:
    return torch.where(x > 0.0, x, alpha * (torch.exp(x) - 1.0))


@torch.jit.script
def stable_softmax(x: Tensor, dim: int = -1) -> Tensor:
    shifted = x - torch.amax(x, dim, True)
    e = torch.exp(shifted)
    return e / torch.sum(e, dim, True)


@torch.jit.script
def stable_log_softmax(x: Tensor, dim: int = -1) -> Tensor:
    shifted = x - torch.amax(x, dim, True)
    return shifted - torch.logsumexp(shifted, dim, True)


@torch.jit.script
def masked_softmax(scores: Tensor, mask: Optional[Tensor], dim: int = -1) -> Tensor:
    if mask is not None:
        scores = scores.masked_fill(mask == 0, -1.0e9)
    return torch.softmax(scores, dim)


@torch.jit.script
def layer_norm(x: Tensor, weight: Optional[Tensor], bias: Optional[Tensor], eps: float = 1e-5) -> Tensor:
    mean = torch.mean(x, -1, True)
    centered = x - mean
    var = torch.mean(centered * centered, -1, True)
    y = centered / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y


@torch.jit.script
def rms_norm(x: Tensor, weight: Tensor, eps: float = 1e-6) -> Tensor:
    rms = torch.rsqrt(torch.mean(x * x, -1, True) + eps)
    return x * rms * weight


@torch.jit.script
def batch_norm_inference(
    x: Tensor, running_mean: Tensor, running_var: Tensor, weight: Optional[Tensor], bias: Optional[Tensor], eps: float
) -> Tensor:
    shape: List[int] = [1, x.size(1)]
    for _ in range(x.dim() - 2):
        shape.append(1)
    y = (x - running_mean.reshape(shape)) / torch.sqrt(running_var.reshape(shape) + eps)
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y


@torch.jit.script
def group_norm(x: Tensor, groups: int, weight: Optional[Tensor], bias: Optional[Tensor], eps: float = 1e-5) -> Tensor:
    n = x.size(0)
    c = x.size(1)
    if c % groups != 0:
        raise ValueError("channels must be divisible by groups")
    grouped = x.reshape([n, groups, -1])
    mean = torch.mean(grouped, -1, True)
    var = torch.var(grouped, -1, False, True)
    normed = ((grouped - mean) / torch.sqrt(var + eps)).reshape(x.shape)
    shape: List[int] = [1, c]
    for _ in range(x.dim() - 2):
        shape.append(1)
    if weight is not None:
        normed = normed * weight.reshape(shape)
    if bias is not None:
        normed = normed + bias.reshape(shape)
    return normed


@torch.jit.script
def l2_normalize(x: Tensor, dim: int = -1, eps: float = 1e-12) -> Tensor:
    norm = torch.sqrt(torch.sum(x * x, dim, True))
    return x / torch.clamp(norm, eps)


@torch.jit.script
def standardize(x: Tensor, mean: List[float], std: List[float]) -> Tensor:
    if len(mean) != len(std):
        raise ValueError("mean and std must have the same length")
    channels: List[Tensor] = []
    for i in range(len(mean)):
        channels.append((x[i] - mean[i]) / std[i])
    return torch.stack(channels, 0)


# ---------------------------------------------------------------------------------------------
# Linear layers and feed-forward blocks
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def linear(x: Tensor, weight: Tensor, bias: Optional[Tensor]) -> Tensor:
    y = torch.matmul(x, weight.t())
    if bias is not None:
        y = y + bias
    return y


@torch.jit.script
def feed_forward(x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor, activation: str = "gelu") -> Tensor:
    h = linear(x, w1, b1)
    if activation == "gelu":
        h = gelu_tanh(h)
    elif activation == "swish":
        h = swish(h)
    elif activation == "relu":
        h = torch.relu(h)
    else:
        raise ValueError("unknown activation " + activation)
    return linear(h, w2, b2)


@torch.jit.script
def gated_feed_forward(x: Tensor, w_gate: Tensor, w_up: Tensor, w_down: Tensor) -> Tensor:
    gate = swish(torch.matmul(x, w_gate.t()))
    up = torch.matmul(x, w_up.t())
    return torch.matmul(gate * up, w_down.t())


@torch.jit.script
def residual_block(x: Tensor, weights: List[Tensor], biases: List[Tensor], scale: float = 1.0) -> Tensor:
    h = x
    for i in range(len(weights)):
        h = linear(h, weights[i], biases[i])
        if i + 1 < len(weights):
            h = torch.relu(h)
    return x + scale * h


@torch.jit.script
def mlp(x: Tensor, weights: List[Tensor], biases: List[Optional[Tensor]], dropout: float, training: bool) -> Tensor:
    h = x
    n = len(weights)
    for i, w in enumerate(weights):
        h = linear(h, w, biases[i])
        if i < n - 1:
            h = torch.relu(h)
            if training and dropout > 0.0:
                h = torch.dropout(h, dropout, training)
    return h


@torch.jit.script
def low_rank_linear(x: Tensor, u: Tensor, v: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    y = torch.matmul(torch.matmul(x, v), u.t())
    if bias is None:
        return y
    return y + bias


@torch.jit.script
def highway(x: Tensor, w_h: Tensor, b_h: Tensor, w_t: Tensor, b_t: Tensor) -> Tensor:
    h = torch.relu(linear(x, w_h, b_h))
    t = torch.sigmoid(linear(x, w_t, b_t))
    return h * t + x * (1.0 - t)


# ---------------------------------------------------------------------------------------------
# Attention
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def causal_mask(length: int, device: torch.device) -> Tensor:
    ones = torch.ones([length, length], dtype=torch.bool, device=device)
    return torch.tril(ones)


@torch.jit.script
def padding_mask(lengths: List[int], max_len: int) -> Tensor:
    rows: List[Tensor] = []
    for n in lengths:
        row = torch.zeros([max_len], dtype=torch.bool)
        row[:n] = True
        rows.append(row)
    return torch.stack(rows, 0)


@torch.jit.script
def scaled_dot_product_attention(
    q: Tensor, k: Tensor, v: Tensor, mask: Optional[Tensor] = None, dropout: float = 0.0, training: bool = False
) -> Tuple[Tensor, Tensor]:
    d = q.size(-1)
    scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(float(d))
    if mask is not None:
        scores = scores.masked_fill(torch.logical_not(mask), float("-inf"))
    weights = torch.softmax(scores, -1)
    if training and dropout > 0.0:
        weights = torch.dropout(weights, dropout, training)
    return torch.matmul(weights, v), weights


@torch.jit.script
def split_heads(x: Tensor, num_heads: int) -> Tensor:
    b = x.size(0)
    t = x.size(1)
    d = x.size(2)
    head_dim = d // num_heads
    return x.reshape([b, t, num_heads, head_dim]).transpose(1, 2)


@torch.jit.script
def merge_heads(x: Tensor) -> Tensor:
    b = x.size(0)
    h = x.size(1)
    t = x.size(2)
    d = x.size(3)
    return x.transpose(1, 2).reshape([b, t, h * d])


@torch.jit.script
def multi_head_attention(
    x: Tensor,
    w_qkv: Tensor,
    b_qkv: Optional[Tensor],
    w_out: Tensor,
    b_out: Optional[Tensor],
    num_heads: int,
    mask: Optional[Tensor],
) -> Tensor:
    qkv = linear(x, w_qkv, b_qkv)
    parts = torch.chunk(qkv, 3, -1)
    q = split_heads(parts[0], num_heads)
    k = split_heads(parts[1], num_heads)
    v = split_heads(parts[2], num_heads)
    attended, _ = scaled_dot_product_attention(q, k, v, mask)
    return linear(merge_heads(attended), w_out, b_out)


@torch.jit.script
def rotary_frequencies(dim: int, length: int, base: float = 10000.0) -> Tuple[Tensor, Tensor]:
    exponents = torch.arange(0, dim, 2, dtype=torch.float32) / float(dim)
    inv_freq = 1.0 / torch.pow(torch.full([dim // 2], base), exponents)
    positions = torch.arange(length, dtype=torch.float32)
    angles = torch.outer(positions, inv_freq)
    return torch.cos(angles), torch.sin(angles)


@torch.jit.script
def apply_rotary(x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:
    half = x.size(-1) // 2
    x1 = x[..., :half]
    x2 = x[..., half:]
    rotated = torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], -1)
    return rotated


@torch.jit.script
def alibi_slopes(num_heads: int) -> List[float]:
    closest = 1
    while closest * 2 <= num_heads:
        closest = closest * 2
    base = 2.0 ** (-8.0 / closest)
    slopes: List[float] = []
    for i in range(closest):
        slopes.append(base ** (i + 1))
    if closest < num_heads:
        extra = 2.0 ** (-4.0 / closest)
        for i in range(num_heads - closest):
            slopes.append(extra ** (2 * i + 1))
    return slopes


@torch.jit.script
def alibi_bias(num_heads: int, length: int) -> Tensor:
    slopes = torch.tensor(alibi_slopes(num_heads))
    positions = torch.arange(length)
    distance = (positions.unsqueeze(0) - positions.unsqueeze(1)).abs().to(torch.float32)
    return -slopes.reshape([num_heads, 1, 1]) * distance.unsqueeze(0)


@torch.jit.script
def relative_position_buckets(length: int, num_buckets: int = 32, max_distance: int = 128) -> Tensor:
    context = torch.arange(length).unsqueeze(1)
    memory = torch.arange(length).unsqueeze(0)
    relative = memory - context
    half = num_buckets // 2
    buckets = (relative > 0).to(torch.long) * half
    distance = relative.abs()
    max_exact = half // 2
    is_small = distance < max_exact
    scaled = torch.log(distance.to(torch.float32) / max_exact + 1e-6) / math.log(max_distance / max_exact)
    large = max_exact + (scaled * (half - max_exact)).to(torch.long)
    large = torch.clamp(large, 0, half - 1)
    return buckets + torch.where(is_small, distance, large)


# ---------------------------------------------------------------------------------------------
# Recurrent cells
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def lstm_cell(
    x: Tensor, state: Tuple[Tensor, Tensor], w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor
) -> Tuple[Tensor, Tensor]:
    hx, cx = state
    gates = torch.mm(x, w_ih.t()) + b_ih + torch.mm(hx, w_hh.t()) + b_hh
    chunks = gates.chunk(4, 1)
    in_gate = torch.sigmoid(chunks[0])
    forget_gate = torch.sigmoid(chunks[1])
    cell_gate = torch.tanh(chunks[2])
    out_gate = torch.sigmoid(chunks[3])
    cy = forget_gate * cx + in_gate * cell_gate
    hy = out_gate * torch.tanh(cy)
    return hy, cy


@torch.jit.script
def gru_cell(x: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor) -> Tensor:
    gi = torch.mm(x, w_ih.t()) + b_ih
    gh = torch.mm(hx, w_hh.t()) + b_hh
    i_parts = gi.chunk(3, 1)
    h_parts = gh.chunk(3, 1)
    reset = torch.sigmoid(i_parts[0] + h_parts[0])
    update = torch.sigmoid(i_parts[1] + h_parts[1])
    candidate = torch.tanh(i_parts[2] + reset * h_parts[2])
    return candidate + update * (hx - candidate)


@torch.jit.script
def rnn_tanh_cell(x: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor, bias: Optional[Tensor]) -> Tensor:
    pre = torch.mm(x, w_ih.t()) + torch.mm(hx, w_hh.t())
    if bias is not None:
        pre = pre + bias
    return torch.tanh(pre)


@torch.jit.script
def run_lstm(
    inputs: Tensor,
    state: Optional[Tuple[Tensor, Tensor]],
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor,
    b_hh: Tensor,
) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
    batch = inputs.size(1)
    hidden = w_hh.size(1)
    if state is None:
        h = torch.zeros([batch, hidden], dtype=inputs.dtype)
        c = torch.zeros([batch, hidden], dtype=inputs.dtype)
    else:
        h, c = state
    outputs: List[Tensor] = []
    for t in range(inputs.size(0)):
        h, c = lstm_cell(inputs[t], (h, c), w_ih, w_hh, b_ih, b_hh)
        outputs.append(h)
    return torch.stack(outputs, 0), (h, c)


@torch.jit.script
def run_gru_masked(
    inputs: Tensor, lengths: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor
) -> Tuple[Tensor, Tensor]:
    steps = inputs.size(0)
    batch = inputs.size(1)
    h = torch.zeros([batch, w_hh.size(1)])
    outputs = torch.jit.annotate(List[Tensor], [])
    for t in range(steps):
        new_h = gru_cell(inputs[t], h, w_ih, w_hh, b_ih, b_hh)
        alive = (lengths > t).to(inputs.dtype).unsqueeze(1)
        h = alive * new_h + (1.0 - alive) * h
        outputs.append(h * alive)
    return torch.stack(outputs, 0), h


@torch.jit.script
def bidirectional_gru(
    inputs: Tensor, forward_weights: List[Tensor], backward_weights: List[Tensor]
) -> Tuple[Tensor, Tensor]:
    lengths = torch.full([inputs.size(1)], inputs.size(0), dtype=torch.long)
    fwd, h_fwd = run_gru_masked(
        inputs, lengths, forward_weights[0], forward_weights[1], forward_weights[2], forward_weights[3]
    )
    reversed_inputs = torch.flip(inputs, [0])
    bwd, h_bwd = run_gru_masked(
        reversed_inputs, lengths, backward_weights[0], backward_weights[1], backward_weights[2], backward_weights[3]
    )
    return torch.cat([fwd, torch.flip(bwd, [0])], -1), torch.cat([h_fwd, h_bwd], -1)


@torch.jit.script
def stacked_lstm(
    inputs: Tensor, layers: List[List[Tensor]], states: Optional[List[Tuple[Tensor, Tensor]]]
) -> Tuple[Tensor, List[Tuple[Tensor, Tensor]]]:
    output = inputs
    final: List[Tuple[Tensor, Tensor]] = []
    for i, params in enumerate(layers):
        layer_state: Optional[Tuple[Tensor, Tensor]] = None
        if states is not None:
            layer_state = states[i]
        output, last = run_lstm(output, layer_state, params[0], params[1], params[2], params[3])
        final.append(last)
    return output, final


# ---------------------------------------------------------------------------------------------
# Convolutions and pooling
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def conv_output_size(size: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


@torch.jit.script
def conv_bn_relu(
    x: Tensor,
    weight: Tensor,
    bias: Optional[Tensor],
    bn_mean: Tensor,
    bn_var: Tensor,
    bn_weight: Tensor,
    bn_bias: Tensor,
    stride: int,
    padding: int,
) -> Tensor:
    y = torch.conv2d(x, weight, bias, [stride, stride], [padding, padding])
    y = batch_norm_inference(y, bn_mean, bn_var, bn_weight, bn_bias, 1e-5)
    return torch.relu(y)


@torch.jit.script
def fuse_conv_bn(
    weight: Tensor, bias: Optional[Tensor], mean: Tensor, var: Tensor, gamma: Tensor, beta: Tensor, eps: float
) -> Tuple[Tensor, Tensor]:
    scale = gamma / torch.sqrt(var + eps)
    fused_weight = weight * scale.reshape([-1, 1, 1, 1])
    if bias is None:
        fused_bias = beta - mean * scale
    else:
        fused_bias = (bias - mean) * scale + beta
    return fused_weight, fused_bias


@torch.jit.script
def depthwise_separable(x: Tensor, depthwise: Tensor, pointwise: Tensor, stride: int) -> Tensor:
    channels = x.size(1)
    y = torch.conv2d(x, depthwise, None, [stride, stride], [1, 1], [1, 1], channels)
    y = hard_swish(y)
    return torch.conv2d(y, pointwise)


@torch.jit.script
def squeeze_excite(x: Tensor, w_reduce: Tensor, w_expand: Tensor) -> Tensor:
    pooled = torch.mean(x, [2, 3], True)
    s = torch.relu(torch.conv2d(pooled, w_reduce))
    s = torch.sigmoid(torch.conv2d(s, w_expand))
    return x * s


@torch.jit.script
def global_pool(x: Tensor, mode: str = "avg") -> Tensor:
    if mode == "avg":
        return torch.mean(x, [2, 3])
    if mode == "max":
        return torch.amax(x, [2, 3])
    if mode == "avgmax":
        return 0.5 * (torch.mean(x, [2, 3]) + torch.amax(x, [2, 3]))
    raise ValueError("unknown pooling mode: " + mode)


@torch.jit.script
def pixel_shuffle(x: Tensor, factor: int) -> Tensor:
    n = x.size(0)
    c = x.size(1)
    h = x.size(2)
    w = x.size(3)
    out_c = c // (factor * factor)
    y = x.reshape([n, out_c, factor, factor, h, w])
    y = y.permute([0, 1, 4, 2, 5, 3])
    return y.reshape([n, out_c, h * factor, w * factor])


@torch.jit.script
def patchify(images: Tensor, patch: int) -> Tensor:
    n = images.size(0)
    c = images.size(1)
    h = images.size(2) // patch
    w = images.size(3) // patch
    x = images.reshape([n, c, h, patch, w, patch])
    x = x.permute([0, 2, 4, 3, 5, 1])
    return x.reshape([n, h * w, patch * patch * c])


@torch.jit.script
def unpatchify(patches: Tensor, patch: int, channels: int, grid: Tuple[int, int]) -> Tensor:
    h, w = grid
    n = patches.size(0)
    x = patches.reshape([n, h, w, patch, patch, channels])
    x = x.permute([0, 5, 1, 3, 2, 4])
    return x.reshape([n, channels, h * patch, w * patch])


# ---------------------------------------------------------------------------------------------
# Boxes and detection post-processing
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def box_area(boxes: Tensor) -> Tensor:
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


@torch.jit.script
def box_iou(a: Tensor, b: Tensor) -> Tensor:
    area_a = box_area(a)
    area_b = box_area(b)
    top_left = torch.max(a[:, None, :2], b[:, :2])
    bottom_right = torch.min(a[:, None, 2:], b[:, 2:])
    wh = (bottom_right - top_left).clamp(min=0.0)
    inter = wh[:, :, 0] * wh[:, :, 1]
    return inter / (area_a[:, None] + area_b - inter)


@torch.jit.script
def generalized_box_iou(a: Tensor, b: Tensor) -> Tensor:
    iou = box_iou(a, b)
    top_left = torch.min(a[:, None, :2], b[:, :2])
    bottom_right = torch.max(a[:, None, 2:], b[:, 2:])
    wh = (bottom_right - top_left).clamp(min=0.0)
    hull = wh[:, :, 0] * wh[:, :, 1]
    area_a = box_area(a)
    area_b = box_area(b)
    top_left_i = torch.max(a[:, None, :2], b[:, :2])
    bottom_right_i = torch.min(a[:, None, 2:], b[:, 2:])
    wh_i = (bottom_right_i - top_left_i).clamp(min=0.0)
    inter = wh_i[:, :, 0] * wh_i[:, :, 1]
    union = area_a[:, None] + area_b - inter
    return iou - (hull - union) / hull


@torch.jit.script
def xywh_to_xyxy(boxes: Tensor) -> Tensor:
    cx, cy, w, h = boxes.unbind(-1)
    return torch.stack([cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w, cy + 0.5 * h], -1)


@torch.jit.script
def xyxy_to_xywh(boxes: Tensor) -> Tensor:
    x0, y0, x1, y1 = boxes.unbind(-1)
    return torch.stack([(x0 + x1) / 2.0, (y0 + y1) / 2.0, x1 - x0, y1 - y0], -1)


@torch.jit.script
def encode_boxes(reference: Tensor, proposals: Tensor, weights: Tuple[float, float, float, float]) -> Tensor:
    wx, wy, ww, wh = weights
    ref = xyxy_to_xywh(reference)
    prop = xyxy_to_xywh(proposals)
    dx = wx * (ref[:, 0] - prop[:, 0]) / prop[:, 2]
    dy = wy * (ref[:, 1] - prop[:, 1]) / prop[:, 3]
    dw = ww * torch.log(ref[:, 2] / prop[:, 2])
    dh = wh * torch.log(ref[:, 3] / prop[:, 3])
    return torch.stack([dx, dy, dw, dh], 1)


@torch.jit.script
def decode_boxes(
    deltas: Tensor, anchors: Tensor, weights: Tuple[float, float, float, float], clip: float = 4.135
) -> Tensor:
    wx, wy, ww, wh = weights
    a = xyxy_to_xywh(anchors)
    dx = deltas[:, 0] / wx
    dy = deltas[:, 1] / wy
    dw = torch.clamp(deltas[:, 2] / ww, max=clip)
    dh = torch.clamp(deltas[:, 3] / wh, max=clip)
    cx = dx * a[:, 2] + a[:, 0]
    cy = dy * a[:, 3] + a[:, 1]
    w = torch.exp(dw) * a[:, 2]
    h = torch.exp(dh) * a[:, 3]
    return xywh_to_xyxy(torch.stack([cx, cy, w, h], 1))


@torch.jit.script
def clip_boxes(boxes: Tensor, height: int, width: int) -> Tensor:
    x = boxes[:, 0::2].clamp(0.0, float(width))
    y = boxes[:, 1::2].clamp(0.0, float(height))
    return torch.stack([x[:, 0], y[:, 0], x[:, 1], y[:, 1]], 1)


@torch.jit.script
def remove_small_boxes(boxes: Tensor, min_size: float) -> Tensor:
    ws = boxes[:, 2] - boxes[:, 0]
    hs = boxes[:, 3] - boxes[:, 1]
    keep = (ws >= min_size) & (hs >= min_size)
    return torch.nonzero(keep).squeeze(1)


@torch.jit.script
def nms(boxes: Tensor, scores: Tensor, threshold: float, max_out: Optional[int] = None) -> Tensor:
    order = torch.argsort(scores, descending=True)
    keep: List[int] = []
    suppressed = torch.zeros([boxes.size(0)], dtype=torch.bool)
    ious = box_iou(boxes, boxes)
    for idx in range(order.size(0)):
        i = int(order[idx].item())
        if bool(suppressed[i]):
            continue
        keep.append(i)
        if max_out is not None:
            if len(keep) >= max_out:
                break
        suppressed = suppressed | (ious[i] > threshold)
    return torch.tensor(keep, dtype=torch.long)


@torch.jit.script
def batched_nms(boxes: Tensor, scores: Tensor, classes: Tensor, threshold: float) -> Tensor:
    if boxes.numel() == 0:
        return torch.zeros([0], dtype=torch.long)
    offset = classes.to(boxes.dtype) * (torch.max(boxes) + 1.0)
    shifted = boxes + offset[:, None]
    return nms(shifted, scores, threshold, None)


@torch.jit.script
def soft_nms(boxes: Tensor, scores: Tensor, sigma: float, score_threshold: float) -> Tuple[Tensor, Tensor]:
    scores = scores.clone()
    remaining = torch.arange(boxes.size(0))
    kept_boxes: List[Tensor] = []
    kept_scores: List[float] = []
    while remaining.numel() > 0:
        best = int(torch.argmax(scores[remaining]).item())
        index = int(remaining[best].item())
        kept_boxes.append(boxes[index])
        kept_scores.append(float(scores[index].item()))
        remaining = torch.cat([remaining[:best], remaining[best + 1:]])
        if remaining.numel() == 0:
            break
        ious = box_iou(boxes[index].unsqueeze(0), boxes[remaining]).squeeze(0)
        scores[remaining] = scores[remaining] * torch.exp(-(ious * ious) / sigma)
        remaining = remaining[scores[remaining] > score_threshold]
    if len(kept_boxes) == 0:
        return torch.zeros([0, 4]), torch.zeros([0])
    return torch.stack(kept_boxes, 0), torch.tensor(kept_scores)


@torch.jit.script
def make_anchors(
    feature_sizes: List[Tuple[int, int]], strides: List[int], sizes: List[float], ratios: List[float]
) -> List[Tensor]:
    all_anchors: List[Tensor] = []
    for level, (fh, fw) in enumerate(feature_sizes):
        stride = strides[level]
        base: List[List[float]] = []
        for size in sizes:
            for ratio in ratios:
                w = size * math.sqrt(ratio)
                h = size / math.sqrt(ratio)
                base.append([-w / 2.0, -h / 2.0, w / 2.0, h / 2.0])
        base_t = torch.tensor(base)
        ys = torch.arange(fh, dtype=torch.float32) * stride
        xs = torch.arange(fw, dtype=torch.float32) * stride
        grid_y, grid_x = torch.meshgrid([ys, xs])
        shifts = torch.stack([grid_x.reshape([-1]), grid_y.reshape([-1]), grid_x.reshape([-1]), grid_y.reshape([-1])], 1)
        anchors = (shifts[:, None, :] + base_t[None, :, :]).reshape([-1, 4])
        all_anchors.append(anchors)
    return all_anchors


@torch.jit.script
def match_anchors(ious: Tensor, high: float, low: float, allow_low_quality: bool) -> Tensor:
    values, matches = ious.max(0)
    below = values < low
    between = (values >= low) & (values < high)
    matches = matches.masked_fill(below, -1)
    matches = matches.masked_fill(between, -2)
    if allow_low_quality:
        best_per_gt, _ = ious.max(1)
        for g in range(ious.size(0)):
            candidates = torch.nonzero(ious[g] == best_per_gt[g]).squeeze(1)
            indices: List[int] = candidates.tolist()
            for c in indices:
                matches[c] = g
    return matches


@torch.jit.script
def postprocess_detections(
    class_logits: Tensor,
    box_deltas: Tensor,
    proposals: Tensor,
    image_size: Tuple[int, int],
    score_threshold: float = 0.05,
    nms_threshold: float = 0.5,
    detections_per_image: int = 100,
) -> Dict[str, Tensor]:
    num_classes = class_logits.size(-1)
    scores = torch.softmax(class_logits, -1)
    boxes = decode_boxes(box_deltas, proposals, (10.0, 10.0, 5.0, 5.0))
    boxes = clip_boxes(boxes, image_size[0], image_size[1])
    all_boxes: List[Tensor] = []
    all_scores: List[Tensor] = []
    all_labels: List[Tensor] = []
    for c in range(1, num_classes):
        class_scores = scores[:, c]
        keep = torch.nonzero(class_scores > score_threshold).squeeze(1)
        if keep.numel() == 0:
            continue
        kept_boxes = boxes[keep]
        kept_scores = class_scores[keep]
        selected = nms(kept_boxes, kept_scores, nms_threshold, None)
        all_boxes.append(kept_boxes[selected])
        all_scores.append(kept_scores[selected])
        all_labels.append(torch.full([selected.numel()], c, dtype=torch.long))
    result: Dict[str, Tensor] = {}
    if len(all_boxes) == 0:
        result["boxes"] = torch.zeros([0, 4])
        result["scores"] = torch.zeros([0])
        result["labels"] = torch.zeros([0], dtype=torch.long)
        return result
    boxes_cat = torch.cat(all_boxes, 0)
    scores_cat = torch.cat(all_scores, 0)
    labels_cat = torch.cat(all_labels, 0)
    top = torch.argsort(scores_cat, descending=True)[:detections_per_image]
    result["boxes"] = boxes_cat[top]
    result["scores"] = scores_cat[top]
    result["labels"] = labels_cat[top]
    return result


# ---------------------------------------------------------------------------------------------
# Vocabulary, tokenization and text metrics
# ---------------------------------------------------------------------------------------------


@torch.jit.script
class Vocab(object):
    def __init__(self, tokens: List[str], unk: str = "<unk>", pad: str = "<pad>"):
        self.itos: List[str] = []
        self.stoi: Dict[str, int] = {}
        self.unk = unk
        self.pad = pad
        self.add(pad)
        self.add(unk)
        for t in tokens:
            self.add(t)

    def add(self, token: str) -> int:
        if token in self.stoi:
            return self.stoi[token]
        index = len(self.itos)
        self.itos.append(token)
        self.stoi[token] = index
        return index

    def __len__(self) -> int:
        return len(self.itos)

    def index(self, token: str) -> int:
        if token in self.stoi:
            return self.stoi[token]
        return self.stoi[self.unk]

    def lookup(self, index: int) -> str:
        if index < 0 or index >= len(self.itos):
            return self.unk
        return self.itos[index]

    def encode(self, tokens: List[str]) -> List[int]:
        ids: List[int] = []
        for t in tokens:
            ids.append(self.index(t))
        return ids

    def decode(self, ids: List[int], skip_pad: bool = True) -> List[str]:
        out: List[str] = []
        pad_id = self.stoi[self.pad]
        for i in ids:
            if skip_pad and i == pad_id:
                continue
            out.append(self.lookup(i))
        return out

    def pad_id(self) -> int:
        return self.stoi[self.pad]


@torch.jit.script
def whitespace_tokenize(text: str, lower: bool = True) -> List[str]:
    if lower:
        text = text.lower()
    tokens: List[str] = []
    for piece in text.split():
        stripped = piece.strip(".,;:!?\"'()[]")
        if len(stripped) > 0:
            tokens.append(stripped)
    return tokens


@torch.jit.script
def char_ngrams(word: str, n: int) -> List[str]:
    padded = "<" + word + ">"
    grams: List[str] = []
    if len(padded) < n:
        grams.append(padded)
        return grams
    for i in range(len(padded) - n + 1):
        grams.append(padded[i:i + n])
    return grams


@torch.jit.script
def hash_bucket(token: str, buckets: int) -> int:
    h = 2166136261
    for c in token:
        h = (h ^ ord(c)) * 16777619 % 4294967296
    return h % buckets


@torch.jit.script
def encode_batch(vocab: Vocab, texts: List[str], max_len: int) -> Tuple[Tensor, Tensor]:
    pad = vocab.pad_id()
    rows: List[List[int]] = []
    lengths: List[int] = []
    for text in texts:
        ids = vocab.encode(whitespace_tokenize(text, True))
        if len(ids) > max_len:
            ids = ids[:max_len]
        lengths.append(len(ids))
        while len(ids) < max_len:
            ids.append(pad)
        rows.append(ids)
    return torch.tensor(rows, dtype=torch.long), torch.tensor(lengths, dtype=torch.long)


@torch.jit.script
def count_tokens(texts: List[str]) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for text in texts:
        for token in whitespace_tokenize(text, True):
            counts[token] = counts.get(token, 0) + 1
    return counts


@torch.jit.script
def most_common(counts: Dict[str, int], k: int) -> List[Tuple[str, int]]:
    items: List[Tuple[str, int]] = []
    for key, value in counts.items():
        items.append((key, value))
    result: List[Tuple[str, int]] = []
    used: Dict[str, bool] = {}
    for _ in range(min(k, len(items))):
        best_key = ""
        best_value = -1
        for key, value in items:
            if key in used:
                continue
            if value > best_value or (value == best_value and key < best_key):
                best_key = key
                best_value = value
        used[best_key] = True
        result.append((best_key, best_value))
    return result


@torch.jit.script
def edit_distance(a: List[int], b: List[int]) -> int:
    if len(a) == 0:
        return len(b)
    if len(b) == 0:
        return len(a)
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current.append(min(min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost))
        previous = current
    return previous[len(b)]


@torch.jit.script
def word_error_rate(hypotheses: List[List[int]], references: List[List[int]]) -> float:
    errors = 0
    words = 0
    for hyp, ref in zip(hypotheses, references):
        errors += edit_distance(hyp, ref)
        words += len(ref)
    if words == 0:
        return 0.0
    return float(errors) / float(words)


@torch.jit.script
def ngram_counts(tokens: List[int], n: int) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for i in range(len(tokens) - n + 1):
        key = ""
        for j in range(n):
            key = key + str(tokens[i + j]) + " "
        counts[key] = counts.get(key, 0) + 1
    return counts


@torch.jit.script
def bleu(hypothesis: List[int], references: List[List[int]], max_n: int = 4) -> float:
    if len(hypothesis) == 0:
        return 0.0
    log_precision = 0.0
    for n in range(1, max_n + 1):
        hyp_counts = ngram_counts(hypothesis, n)
        max_ref: Dict[str, int] = {}
        for ref in references:
            for key, value in ngram_counts(ref, n).items():
                max_ref[key] = max(max_ref.get(key, 0), value)
        clipped = 0
        total = 0
        for key, value in hyp_counts.items():
            clipped += min(value, max_ref.get(key, 0))
            total += value
        if total == 0 or clipped == 0:
            return 0.0
        log_precision += math.log(float(clipped) / float(total)) / float(max_n)
    closest = len(references[0])
    for ref in references:
        if abs(len(ref) - len(hypothesis)) < abs(closest - len(hypothesis)):
            closest = len(ref)
    brevity = 1.0
    if len(hypothesis) < closest:
        brevity = math.exp(1.0 - float(closest) / float(len(hypothesis)))
    return brevity * math.exp(log_precision)


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def ctc_greedy_decode(log_probs: Tensor, blank: int = 0) -> List[List[int]]:
    best = torch.argmax(log_probs, -1)
    results: List[List[int]] = []
    for b in range(best.size(1)):
        previous = -1
        sequence: List[int] = []
        for t in range(best.size(0)):
            symbol = int(best[t, b].item())
            if symbol != previous and symbol != blank:
                sequence.append(symbol)
            previous = symbol
        results.append(sequence)
    return results


@torch.jit.script
def top_k_filter(logits: Tensor, k: int) -> Tensor:
    if k <= 0 or k >= logits.size(-1):
        return logits
    values, _ = torch.topk(logits, k)
    threshold = values[..., -1:]
    return logits.masked_fill(logits < threshold, float("-inf"))


@torch.jit.script
def top_p_filter(logits: Tensor, p: float) -> Tensor:
    sorted_logits, indices = torch.sort(logits, descending=True)
    probs = torch.cumsum(torch.softmax(sorted_logits, -1), -1)
    remove = probs > p
    remove[..., 1:] = remove[..., :-1].clone()
    remove[..., 0] = False
    mask = torch.zeros_like(remove).scatter(-1, indices, remove)
    return logits.masked_fill(mask, float("-inf"))


@torch.jit.script
def repetition_penalty(logits: Tensor, generated: List[int], penalty: float) -> Tensor:
    if len(generated) == 0 or penalty == 1.0:
        return logits
    out = logits.clone()
    seen: Dict[int, bool] = {}
    for token in generated:
        if token in seen:
            continue
        seen[token] = True
        value = float(out[token].item())
        if value > 0.0:
            out[token] = value / penalty
        else:
            out[token] = value * penalty
    return out


@torch.jit.script
class Hypothesis(object):
    def __init__(self, tokens: List[int], score: float, finished: bool):
        self.tokens = tokens
        self.score = score
        self.finished = finished

    def extend(self, token: int, log_prob: float, eos: int) -> "Hypothesis":
        tokens = self.tokens.copy()
        tokens.append(token)
        return Hypothesis(tokens, self.score + log_prob, token == eos)

    def normalized_score(self, alpha: float) -> float:
        length_penalty = ((5.0 + float(len(self.tokens))) / 6.0) ** alpha
        return self.score / length_penalty


@torch.jit.script
def select_best(hypotheses: List[Hypothesis], alpha: float) -> Optional[Hypothesis]:
    best: Optional[Hypothesis] = None
    best_score = float("-inf")
    for h in hypotheses:
        s = h.normalized_score(alpha)
        if s > best_score:
            best_score = s
            best = h
    return best


@torch.jit.script
def beam_step(
    beams: List[Hypothesis], log_probs: Tensor, beam_size: int, eos: int
) -> Tuple[List[Hypothesis], List[Hypothesis]]:
    candidates: List[Hypothesis] = []
    for i, beam in enumerate(beams):
        values, indices = torch.topk(log_probs[i], beam_size)
        for j in range(beam_size):
            candidates.append(beam.extend(int(indices[j].item()), float(values[j].item()), eos))
    scores: List[float] = []
    for c in candidates:
        scores.append(c.score)
    order = torch.argsort(torch.tensor(scores), descending=True)
    alive: List[Hypothesis] = []
    done: List[Hypothesis] = []
    for k in range(order.size(0)):
        c = candidates[int(order[k].item())]
        if c.finished:
            done.append(c)
        else:
            alive.append(c)
        if len(alive) >= beam_size:
            break
    return alive, done


@torch.jit.script
def beam_search(
    initial: Tensor, transitions: Tensor, bos: int, eos: int, beam_size: int, max_len: int, alpha: float = 0.6
) -> List[int]:
    beams: List[Hypothesis] = [Hypothesis([bos], 0.0, False)]
    finished: List[Hypothesis] = []
    state = initial
    for step in range(max_len):
        rows: List[Tensor] = []
        for beam in beams:
            last = beam.tokens[len(beam.tokens) - 1]
            rows.append(torch.log_softmax(state + transitions[last], -1))
        log_probs = torch.stack(rows, 0)
        beams, done = beam_step(beams, log_probs, beam_size, eos)
        finished.extend(done)
        if len(beams) == 0 or len(finished) >= beam_size:
            break
    pool = finished if len(finished) > 0 else beams
    best = select_best(pool, alpha)
    if best is None:
        return [bos, eos]
    return best.tokens


@torch.jit.script
def greedy_decode(
    embeddings: Tensor, w_out: Tensor, start: int, eos: int, max_len: int, temperature: Optional[float] = None
) -> List[int]:
    tokens: List[int] = [start]
    hidden = embeddings[start]
    for _ in range(max_len):
        logits = torch.matmul(w_out, hidden)
        if temperature is not None:
            logits = logits / temperature
        token = int(torch.argmax(logits).item())
        tokens.append(token)
        if token == eos:
            break
        hidden = torch.tanh(hidden + embeddings[token])
    return tokens


@torch.jit.script
class KVCache(object):
    def __init__(self, max_len: int):
        self.max_len = max_len
        self.keys = torch.jit.annotate(Optional[Tensor], None)
        self.values = torch.jit.annotate(Optional[Tensor], None)

    def length(self) -> int:
        keys = self.keys
        if keys is None:
            return 0
        return keys.size(-2)

    def append(self, k: Tensor, v: Tensor) -> Tuple[Tensor, Tensor]:
        keys = self.keys
        values = self.values
        if keys is None or values is None:
            new_k = k
            new_v = v
        else:
            new_k = torch.cat([keys, k], -2)
            new_v = torch.cat([values, v], -2)
        if new_k.size(-2) > self.max_len:
            start = new_k.size(-2) - self.max_len
            new_k = new_k[..., start:, :]
            new_v = new_v[..., start:, :]
        self.keys = new_k
        self.values = new_v
        return new_k, new_v

    def reset(self):
        self.keys = None
        self.values = None


@torch.jit.script
def cached_attention_step(cache: KVCache, q: Tensor, k: Tensor, v: Tensor) -> Tensor:
    keys, values = cache.append(k, v)
    out, _ = scaled_dot_product_attention(q, keys, values, None)
    return out


# ---------------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def cross_entropy(
    logits: Tensor, target: Tensor, weight: Optional[Tensor] = None, ignore_index: int = -100, smoothing: float = 0.0
) -> Tensor:
    log_probs = torch.log_softmax(logits, -1)
    valid = target != ignore_index
    safe_target = torch.where(valid, target, torch.zeros_like(target))
    nll = -log_probs.gather(-1, safe_target.unsqueeze(-1)).squeeze(-1)
    if smoothing > 0.0:
        uniform = -torch.mean(log_probs, -1)
        nll = (1.0 - smoothing) * nll + smoothing * uniform
    if weight is not None:
        w = weight[safe_target] * valid.to(logits.dtype)
    else:
        w = valid.to(logits.dtype)
    return torch.sum(nll * w) / torch.clamp(torch.sum(w), min=1.0)


@torch.jit.script
def binary_cross_entropy_with_logits(logits: Tensor, target: Tensor, pos_weight: Optional[Tensor] = None) -> Tensor:
    log_sig = torch.nn.functional.logsigmoid(logits)
    log_not_sig = torch.nn.functional.logsigmoid(-logits)
    if pos_weight is None:
        loss = -(target * log_sig + (1.0 - target) * log_not_sig)
    else:
        loss = -(pos_weight * target * log_sig + (1.0 - target) * log_not_sig)
    return loss.mean()


@torch.jit.script
def focal_loss(logits: Tensor, target: Tensor, alpha: float = 0.25, gamma: float = 2.0, reduction: str = "mean") -> Tensor:
    p = torch.sigmoid(logits)
    ce = -(target * torch.log(p + 1e-8) + (1.0 - target) * torch.log(1.0 - p + 1e-8))
    p_t = p * target + (1.0 - p) * (1.0 - target)
    loss = ce * ((1.0 - p_t) ** gamma)
    if alpha >= 0.0:
        alpha_t = alpha * target + (1.0 - alpha) * (1.0 - target)
        loss = alpha_t * loss
    if reduction == "mean":
        return loss.mean()
    elif reduction == "sum":
        return loss.sum()
    return loss


@torch.jit.script
def dice_loss(probs: Tensor, target: Tensor, smooth: float = 1.0) -> Tensor:
    dims: List[int] = []
    for d in range(1, probs.dim()):
        dims.append(d)
    intersection = torch.sum(probs * target, dims)
    union = torch.sum(probs, dims) + torch.sum(target, dims)
    return torch.mean(1.0 - (2.0 * intersection + smooth) / (union + smooth))


@torch.jit.script
def smooth_l1(pred: Tensor, target: Tensor, beta: float = 1.0) -> Tensor:
    diff = torch.abs(pred - target)
    if beta < 1e-5:
        return diff.mean()
    loss = torch.where(diff < beta, 0.5 * diff * diff / beta, diff - 0.5 * beta)
    return loss.mean()


@torch.jit.script
def huber(pred: Tensor, target: Tensor, delta: float = 1.0) -> Tensor:
    err = pred - target
    abs_err = err.abs()
    quadratic = torch.clamp(abs_err, max=delta)
    linear_part = abs_err - quadratic
    return torch.mean(0.5 * quadratic * quadratic + delta * linear_part)


@torch.jit.script
def kl_divergence(p_logits: Tensor, q_logits: Tensor, temperature: float = 1.0) -> Tensor:
    p = torch.log_softmax(p_logits / temperature, -1)
    q = torch.log_softmax(q_logits / temperature, -1)
    return torch.sum(torch.exp(p) * (p - q), -1).mean() * temperature * temperature


@torch.jit.script
def contrastive_loss(a: Tensor, b: Tensor, temperature: float = 0.07) -> Tensor:
    a_n = l2_normalize(a, -1, 1e-12)
    b_n = l2_normalize(b, -1, 1e-12)
    logits = torch.matmul(a_n, b_n.t()) / temperature
    labels = torch.arange(a.size(0))
    return 0.5 * (cross_entropy(logits, labels) + cross_entropy(logits.t(), labels))


@torch.jit.script
def triplet_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin: float = 1.0) -> Tensor:
    d_pos = torch.sum((anchor - positive) ** 2, -1)
    d_neg = torch.sum((anchor - negative) ** 2, -1)
    return torch.relu(d_pos - d_neg + margin).mean()


@torch.jit.script
def ctc_style_alignment_cost(emissions: Tensor, targets: List[int], blank: int) -> float:
    extended: List[int] = [blank]
    for t in targets:
        extended.append(t)
        extended.append(blank)
    steps = emissions.size(0)
    states = len(extended)
    alpha = torch.full([states], float("-inf"))
    alpha[0] = emissions[0, blank]
    if states > 1:
        alpha[1] = emissions[0, extended[1]]
    for t in range(1, steps):
        new_alpha = torch.full([states], float("-inf"))
        for s in range(states):
            best = alpha[s]
            if s > 0:
                best = torch.logaddexp(best, alpha[s - 1])
            if s > 1 and extended[s] != blank and extended[s] != extended[s - 2]:
                best = torch.logaddexp(best, alpha[s - 2])
            new_alpha[s] = best + emissions[t, extended[s]]
        alpha = new_alpha
    final = alpha[states - 1]
    if states > 1:
        final = torch.logaddexp(final, alpha[states - 2])
    return -float(final.item())


# ---------------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def accuracy(logits: Tensor, target: Tensor, top_k: List[int]) -> List[float]:
    max_k = 1
    for k in top_k:
        max_k = max(max_k, k)
    _, predicted = torch.topk(logits, max_k, -1)
    correct = predicted == target.unsqueeze(-1)
    results: List[float] = []
    for k in top_k:
        hits = correct[:, :k].any(-1).to(torch.float32).sum()
        results.append(float(hits.item()) * 100.0 / float(target.size(0)))
    return results


@torch.jit.script
def confusion_matrix(predicted: Tensor, target: Tensor, num_classes: int) -> Tensor:
    index = target * num_classes + predicted
    counts = torch.bincount(index, minlength=num_classes * num_classes)
    return counts.reshape([num_classes, num_classes])


@torch.jit.script
def precision_recall_f1(confusion: Tensor) -> Dict[str, Tensor]:
    tp = torch.diagonal(confusion).to(torch.float32)
    predicted = confusion.sum(0).to(torch.float32)
    actual = confusion.sum(1).to(torch.float32)
    precision = tp / torch.clamp(predicted, min=1.0)
    recall = tp / torch.clamp(actual, min=1.0)
    f1 = 2.0 * precision * recall / torch.clamp(precision + recall, min=1e-8)
    return {"precision": precision, "recall": recall, "f1": f1}


@torch.jit.script
def mean_iou(predicted: Tensor, target: Tensor, num_classes: int, ignore: Optional[int] = None) -> float:
    total = 0.0
    counted = 0
    for c in range(num_classes):
        if ignore is not None and c == ignore:
            continue
        pred_c = predicted == c
        target_c = target == c
        union = (pred_c | target_c).sum()
        if int(union.item()) == 0:
            continue
        inter = (pred_c & target_c).sum()
        total += float(inter.item()) / float(union.item())
        counted += 1
    if counted == 0:
        return 0.0
    return total / counted


@torch.jit.script
def average_precision(scores: Tensor, labels: Tensor) -> float:
    order = torch.argsort(scores, descending=True)
    sorted_labels = labels[order].to(torch.float32)
    positives = float(sorted_labels.sum().item())
    if positives == 0.0:
        return 0.0
    tp = torch.cumsum(sorted_labels, 0)
    ranks = torch.arange(1, labels.numel() + 1, dtype=torch.float32)
    precision = tp / ranks
    return float((precision * sorted_labels).sum().item()) / positives


@torch.jit.script
def roc_auc(scores: Tensor, labels: Tensor) -> float:
    order = torch.argsort(scores)
    ranks = torch.empty_like(scores)
    ranks[order] = torch.arange(1, scores.numel() + 1, dtype=scores.dtype)
    positives = labels.sum().item()
    negatives = labels.numel() - positives
    if positives == 0 or negatives == 0:
        return 0.5
    rank_sum = ranks[labels.to(torch.bool)].sum().item()
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)


@torch.jit.script
class RunningStats(object):
    def __init__(self):
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0
        self.minimum = float("inf")
        self.maximum = float("-inf")

    def update(self, value: float):
        self.count += 1
        delta = value - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (value - self.mean)
        if value < self.minimum:
            self.minimum = value
        if value > self.maximum:
            self.maximum = value

    def update_all(self, values: List[float]):
        for v in values:
            self.update(v)

    def variance(self) -> float:
        if self.count < 2:
            return 0.0
        return self.m2 / (self.count - 1)

    def std(self) -> float:
        return math.sqrt(self.variance())

    def summary(self) -> Dict[str, float]:
        return {"count": float(self.count), "mean": self.mean, "std": self.std(), "min": self.minimum, "max": self.maximum}


@torch.jit.script
class MetricTracker(object):
    def __init__(self, names: List[str]):
        self.names = names
        self.totals: Dict[str, float] = {}
        self.counts: Dict[str, int] = {}
        self.history: List[Dict[str, float]] = []
        for n in names:
            self.totals[n] = 0.0
            self.counts[n] = 0

    def add(self, name: str, value: float, n: int = 1):
        if name not in self.totals:
            self.totals[name] = 0.0
            self.counts[name] = 0
            self.names.append(name)
        self.totals[name] += value * n
        self.counts[name] += n

    def average(self, name: str) -> Optional[float]:
        if name not in self.counts:
            return None
        count = self.counts[name]
        if count == 0:
            return None
        return self.totals[name] / count

    def snapshot(self) -> Dict[str, float]:
        result: Dict[str, float] = {}
        for n in self.names:
            avg = self.average(n)
            if avg is not None:
                result[n] = avg
        self.history.append(result)
        return result

    def best(self, name: str, higher_is_better: bool) -> Optional[float]:
        best: Optional[float] = None
        for entry in self.history:
            if name in entry:
                value = entry[name]
                if best is None:
                    best = value
                elif higher_is_better and value > best:
                    best = value
                elif not higher_is_better and value < best:
                    best = value
        return best


@torch.jit.script
def format_metrics(metrics: Dict[str, float], precision: int = 4) -> str:
    keys = sorted(metrics.keys())
    parts: List[str] = []
    for k in keys:
        value = metrics[k]
        scale = 10.0 ** precision
        rounded = float(round(value * scale)) / scale
        parts.append(k + "=" + str(rounded))
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# Optimizers and schedules
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def sgd_step(
    params: List[Tensor],
    grads: List[Optional[Tensor]],
    momentum_buffers: Dict[int, Tensor],
    lr: float,
    momentum: float,
    weight_decay: float,
    nesterov: bool,
) -> int:
    updated = 0
    for i, param in enumerate(params):
        grad = grads[i]
        if grad is not None:
            d_p = grad
            if weight_decay != 0.0:
                d_p = d_p + weight_decay * param
            if momentum != 0.0:
                if i in momentum_buffers:
                    buf = momentum_buffers[i] * momentum + d_p
                else:
                    buf = d_p.clone()
                momentum_buffers[i] = buf
                if nesterov:
                    d_p = d_p + momentum * buf
                else:
                    d_p = buf
            param.sub_(lr * d_p)
            updated += 1
    return updated


@torch.jit.script
def adam_step(
    params: List[Tensor],
    grads: List[Tensor],
    exp_avgs: List[Tensor],
    exp_avg_sqs: List[Tensor],
    step: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    decoupled: bool = True,
):
    bias1 = 1.0 - beta1 ** step
    bias2 = 1.0 - beta2 ** step
    step_size = lr / bias1
    for i in range(len(params)):
        param = params[i]
        grad = grads[i]
        if weight_decay != 0.0:
            if decoupled:
                param.mul_(1.0 - lr * weight_decay)
            else:
                grad = grad + weight_decay * param
        exp_avgs[i].mul_(beta1).add_(grad, alpha=1.0 - beta1)
        exp_avg_sqs[i].mul_(beta2).addcmul_(grad, grad, value=1.0 - beta2)
        denom = (exp_avg_sqs[i].sqrt() / math.sqrt(bias2)).add_(eps)
        param.addcdiv_(exp_avgs[i], denom, value=-step_size)


@torch.jit.script
def clip_grad_norm(grads: List[Tensor], max_norm: float, norm_type: float = 2.0) -> float:
    if len(grads) == 0:
        return 0.0
    if norm_type == float("inf"):
        total = 0.0
        for g in grads:
            total = max(total, float(g.abs().max().item()))
    else:
        acc = 0.0
        for g in grads:
            acc += float(torch.norm(g, norm_type).item()) ** norm_type
        total = acc ** (1.0 / norm_type)
    coef = max_norm / (total + 1e-6)
    if coef < 1.0:
        for g in grads:
            g.mul_(coef)
    return total


@torch.jit.script
def cosine_schedule(step: int, total: int, warmup: int, base_lr: float, min_lr: float = 0.0) -> float:
    if step < warmup:
        return base_lr * float(step + 1) / float(warmup)
    progress = float(step - warmup) / float(max(1, total - warmup))
    progress = min(progress, 1.0)
    return min_lr + 0.5 * (base_lr - min_lr) * (1.0 + math.cos(math.pi * progress))


@torch.jit.script
def step_schedule(step: int, base_lr: float, milestones: List[int], gamma: float = 0.1) -> float:
    lr = base_lr
    for m in milestones:
        if step >= m:
            lr = lr * gamma
    return lr


@torch.jit.script
def linear_warmup_decay(step: int, warmup: int, total: int) -> float:
    if step < warmup:
        return float(step) / float(max(1, warmup))
    remaining = total - step
    if remaining <= 0:
        return 0.0
    return float(remaining) / float(max(1, total - warmup))


@torch.jit.script
class ExponentialMovingAverage(object):
    def __init__(self, params: List[Tensor], decay: float):
        self.decay = decay
        self.shadow: List[Tensor] = []
        self.updates = 0
        for p in params:
            self.shadow.append(p.detach().clone())

    def update(self, params: List[Tensor]):
        self.updates += 1
        d = min(self.decay, (1.0 + self.updates) / (10.0 + self.updates))
        for i in range(len(params)):
            self.shadow[i].mul_(d).add_(params[i].detach(), alpha=1.0 - d)

    def copy_to(self, params: List[Tensor]):
        for i in range(len(params)):
            params[i].copy_(self.shadow[i])


@torch.jit.script
class EarlyStopping(object):
    def __init__(self, patience: int, min_delta: float, mode: str):
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.best = torch.jit.annotate(Optional[float], None)
        self.bad_epochs = 0

    def improved(self, value: float) -> bool:
        best = self.best
        if best is None:
            return True
        if self.mode == "min":
            return value < best - self.min_delta
        return value > best + self.min_delta

    def step(self, value: float) -> bool:
        if self.improved(value):
            self.best = value
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs > self.patience


# ---------------------------------------------------------------------------------------------
# Embeddings and sequence utilities
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def sinusoidal_positions(length: int, dim: int) -> Tensor:
    positions = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    div = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    table = torch.zeros([length, dim])
    table[:, 0::2] = torch.sin(positions * div)
    table[:, 1::2] = torch.cos(positions * div)
    return table


@torch.jit.script
def embedding_bag(table: Tensor, ids: List[List[int]], mode: str = "mean") -> Tensor:
    rows: List[Tensor] = []
    for bag in ids:
        if len(bag) == 0:
            rows.append(torch.zeros([table.size(1)], dtype=table.dtype))
            continue
        vectors = table[torch.tensor(bag, dtype=torch.long)]
        if mode == "sum":
            rows.append(vectors.sum(0))
        elif mode == "max":
            rows.append(vectors.amax(0))
        else:
            rows.append(vectors.mean(0))
    return torch.stack(rows, 0)


@torch.jit.script
def pad_sequences(sequences: List[Tensor], padding_value: float = 0.0, batch_first: bool = True) -> Tensor:
    max_len = 0
    for s in sequences:
        max_len = max(max_len, s.size(0))
    trailing = sequences[0].shape[1:]
    shape = [len(sequences), max_len] + trailing
    out = torch.full(shape, padding_value, dtype=sequences[0].dtype)
    for i, s in enumerate(sequences):
        out[i, : s.size(0)] = s
    if batch_first:
        return out
    return out.transpose(0, 1)


@torch.jit.script
def unpad_sequences(padded: Tensor, lengths: List[int]) -> List[Tensor]:
    pieces: List[Tensor] = []
    for i, n in enumerate(lengths):
        pieces.append(padded[i, :n])
    return pieces


@torch.jit.script
def sliding_windows(x: Tensor, size: int, step: int) -> List[Tensor]:
    windows: List[Tensor] = []
    start = 0
    while start + size <= x.size(0):
        windows.append(x[start:start + size])
        start += step
    return windows


@torch.jit.script
def moving_average(x: Tensor, window: int) -> Tensor:
    if window <= 1:
        return x.clone()
    cumulative = torch.cumsum(x, 0)
    result = torch.empty_like(x)
    for i in range(x.size(0)):
        lo = i - window
        total = cumulative[i]
        if lo >= 0:
            total = total - cumulative[lo]
        result[i] = total / float(min(i + 1, window))
    return result


@torch.jit.script
def exponential_smoothing(series: List[float], alpha: float) -> List[float]:
    if len(series) == 0:
        return []
    smoothed = [series[0]]
    for value in series[1:]:
        smoothed.append(alpha * value + (1.0 - alpha) * smoothed[-1])
    return smoothed


@torch.jit.script
def autocorrelation(x: Tensor, max_lag: int) -> List[float]:
    centered = x - x.mean()
    denom = float((centered * centered).sum().item())
    result: List[float] = []
    for lag in range(max_lag + 1):
        if lag >= x.size(0):
            result.append(0.0)
        elif denom == 0.0:
            result.append(1.0 if lag == 0 else 0.0)
        else:
            num = (centered[: x.size(0) - lag] * centered[lag:]).sum()
            result.append(float(num.item()) / denom)
    return result


# ---------------------------------------------------------------------------------------------
# Graphs
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def degree(index: Tensor, num_nodes: int) -> Tensor:
    out = torch.zeros([num_nodes], dtype=torch.float32)
    return out.index_add(0, index, torch.ones([index.numel()]))


@torch.jit.script
def gcn_layer(x: Tensor, edge_index: Tensor, weight: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    n = x.size(0)
    loops = torch.arange(n).unsqueeze(0).repeat([2, 1])
    edges = torch.cat([edge_index, loops], 1)
    src = edges[0]
    dst = edges[1]
    deg = degree(dst, n)
    norm = torch.rsqrt(deg[src]) * torch.rsqrt(deg[dst])
    h = torch.matmul(x, weight)
    messages = h[src] * norm.unsqueeze(1)
    out = torch.zeros_like(h).index_add(0, dst, messages)
    if bias is not None:
        out = out + bias
    return out


@torch.jit.script
def adjacency_lists(edge_index: Tensor, num_nodes: int) -> Dict[int, List[int]]:
    adjacency: Dict[int, List[int]] = {}
    for node in range(num_nodes):
        neighbours: List[int] = []
        adjacency[node] = neighbours
    for e in range(edge_index.size(1)):
        a = int(edge_index[0, e].item())
        b = int(edge_index[1, e].item())
        adjacency[a].append(b)
    return adjacency


@torch.jit.script
def bfs_distances(adjacency: Dict[int, List[int]], source: int) -> Dict[int, int]:
    distances: Dict[int, int] = {source: 0}
    frontier: List[int] = [source]
    while len(frontier) > 0:
        next_frontier: List[int] = []
        for node in frontier:
            for neighbour in adjacency[node]:
                if neighbour not in distances:
                    distances[neighbour] = distances[node] + 1
                    next_frontier.append(neighbour)
        frontier = next_frontier
    return distances


@torch.jit.script
def connected_components(adjacency: Dict[int, List[int]]) -> List[List[int]]:
    seen: Dict[int, bool] = {}
    components: List[List[int]] = []
    for start in sorted(adjacency.keys()):
        if start in seen:
            continue
        component: List[int] = []
        stack: List[int] = [start]
        seen[start] = True
        while len(stack) > 0:
            node = stack.pop()
            component.append(node)
            for neighbour in adjacency[node]:
                if neighbour not in seen:
                    seen[neighbour] = True
                    stack.append(neighbour)
        components.append(sorted(component))
    return components


# ---------------------------------------------------------------------------------------------
# Quantization helpers
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def choose_qparams(x: Tensor, bits: int = 8, symmetric: bool = False) -> Tuple[float, int]:
    qmin = 0
    qmax = (1 << bits) - 1
    lo = min(float(x.min().item()), 0.0)
    hi = max(float(x.max().item()), 0.0)
    if symmetric:
        bound = max(-lo, hi)
        scale = bound / (float(qmax - qmin) / 2.0)
        zero_point = (qmax + qmin + 1) // 2
    else:
        scale = (hi - lo) / float(qmax - qmin)
        zero_point = qmin - int(round(lo / scale)) if scale > 0.0 else 0
    if scale == 0.0:
        scale = 1.0
    return scale, max(qmin, min(qmax, zero_point))


@torch.jit.script
def fake_quantize(x: Tensor, scale: float, zero_point: int, bits: int = 8) -> Tensor:
    qmax = (1 << bits) - 1
    q = torch.clamp(torch.round(x / scale) + zero_point, 0, qmax)
    return (q - zero_point) * scale


@torch.jit.script
def quantization_error(x: Tensor, bits: List[int]) -> Dict[int, float]:
    errors: Dict[int, float] = {}
    for b in bits:
        scale, zero_point = choose_qparams(x, b, False)
        restored = fake_quantize(x, scale, zero_point, b)
        errors[b] = float(torch.mean((x - restored) ** 2).item())
    return errors


# ---------------------------------------------------------------------------------------------
# A small transformer put together from the pieces above
# ---------------------------------------------------------------------------------------------


@torch.jit.script
def get_param(params: Dict[str, Tensor], name: str) -> Tensor:
    if name not in params:
        raise KeyError("missing parameter " + name)
    return params[name]


@torch.jit.script
def maybe_param(params: Dict[str, Tensor], name: str) -> Optional[Tensor]:
    if name in params:
        return params[name]
    return None


@torch.jit.script
def encoder_layer(
    x: Tensor, params: Dict[str, Tensor], prefix: str, num_heads: int, mask: Optional[Tensor], pre_norm: bool
) -> Tensor:
    norm1_w = maybe_param(params, prefix + ".norm1.weight")
    norm1_b = maybe_param(params, prefix + ".norm1.bias")
    norm2_w = maybe_param(params, prefix + ".norm2.weight")
    norm2_b = maybe_param(params, prefix + ".norm2.bias")
    h = layer_norm(x, norm1_w, norm1_b) if pre_norm else x
    attended = multi_head_attention(
        h,
        get_param(params, prefix + ".attn.qkv.weight"),
        maybe_param(params, prefix + ".attn.qkv.bias"),
        get_param(params, prefix + ".attn.out.weight"),
        maybe_param(params, prefix + ".attn.out.bias"),
        num_heads,
        mask,
    )
    x = x + attended
    if not pre_norm:
        x = layer_norm(x, norm1_w, norm1_b)
    h = layer_norm(x, norm2_w, norm2_b) if pre_norm else x
    ff = feed_forward(
        h,
        get_param(params, prefix + ".ff.0.weight"),
        get_param(params, prefix + ".ff.0.bias"),
        get_param(params, prefix + ".ff.1.weight"),
        get_param(params, prefix + ".ff.1.bias"),
        "gelu",
    )
    x = x + ff
    if not pre_norm:
        x = layer_norm(x, norm2_w, norm2_b)
    return x


@torch.jit.script
def transformer_encoder(
    tokens: Tensor,
    lengths: Optional[Tensor],
    params: Dict[str, Tensor],
    num_layers: int,
    num_heads: int,
    causal: bool = False,
) -> Tensor:
    embedded = get_param(params, "embed.weight")[tokens]
    seq_len = tokens.size(1)
    embedded = embedded + sinusoidal_positions(seq_len, embedded.size(-1)).unsqueeze(0)
    mask: Optional[Tensor] = None
    if causal:
        mask = causal_mask(seq_len, tokens.device).unsqueeze(0).unsqueeze(0)
    if lengths is not None:
        keep = torch.arange(seq_len).unsqueeze(0) < lengths.unsqueeze(1)
        key_mask = keep.unsqueeze(1).unsqueeze(1)
        if mask is None:
            mask = key_mask
        else:
            mask = mask & key_mask
    x = embedded
    for i in range(num_layers):
        x = encoder_layer(x, params, "layers." + str(i), num_heads, mask, True)
    return layer_norm(x, maybe_param(params, "final_norm.weight"), maybe_param(params, "final_norm.bias"))


@torch.jit.script
def masked_mean_pool(x: Tensor, lengths: Optional[Tensor]) -> Tensor:
    if lengths is None:
        return x.mean(1)
    keep = (torch.arange(x.size(1)).unsqueeze(0) < lengths.unsqueeze(1)).to(x.dtype)
    total = (x * keep.unsqueeze(-1)).sum(1)
    return total / torch.clamp(keep.sum(1, keepdim=True), min=1.0)


@torch.jit.script
def classify(
    tokens: Tensor, lengths: Optional[Tensor], params: Dict[str, Tensor], num_layers: int, num_heads: int
) -> Tuple[Tensor, Tensor]:
    hidden = transformer_encoder(tokens, lengths, params, num_layers, num_heads, False)
    pooled = masked_mean_pool(hidden, lengths)
    logits = linear(pooled, get_param(params, "head.weight"), maybe_param(params, "head.bias"))
    return logits, torch.softmax(logits, -1)


@torch.jit.script
def describe_params(params: Dict[str, Tensor]) -> List[str]:
    lines: List[str] = []
    total = 0
    for name in sorted(params.keys()):
        p = params[name]
        count = p.numel()
        total += count
        shape = "x".join([str(s) for s in p.shape])
        lines.append(f"{name}: {shape} ({count} values)")
    lines.append("total: {} values".format(total))
    return lines


@torch.jit.script
def init_params(vocab: int, dim: int, hidden: int, num_layers: int, classes: int, seed: int = 0) -> Dict[str, Tensor]:
    torch.manual_seed(seed)
    params: Dict[str, Tensor] = {}
    params["embed.weight"] = torch.randn([vocab, dim]) * 0.02
    for i in range(num_layers):
        prefix = "layers." + str(i)
        params[prefix + ".norm1.weight"] = torch.ones([dim])
        params[prefix + ".norm1.bias"] = torch.zeros([dim])
        params[prefix + ".norm2.weight"] = torch.ones([dim])
        params[prefix + ".norm2.bias"] = torch.zeros([dim])
        params[prefix + ".attn.qkv.weight"] = torch.randn([3 * dim, dim]) / math.sqrt(dim)
        params[prefix + ".attn.qkv.bias"] = torch.zeros([3 * dim])
        params[prefix + ".attn.out.weight"] = torch.randn([dim, dim]) / math.sqrt(dim)
        params[prefix + ".ff.0.weight"] = torch.randn([hidden, dim]) / math.sqrt(dim)
        params[prefix + ".ff.0.bias"] = torch.zeros([hidden])
        params[prefix + ".ff.1.weight"] = torch.randn([dim, hidden]) / math.sqrt(hidden)
        params[prefix + ".ff.1.bias"] = torch.zeros([dim])
    params["final_norm.weight"] = torch.ones([dim])
    params["final_norm.bias"] = torch.zeros([dim])
    params["head.weight"] = torch.randn([classes, dim]) / math.sqrt(dim)
    params["head.bias"] = torch.zeros([classes])
    return params
