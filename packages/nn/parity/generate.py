"""PyTorch parity fixtures for @neurite/nn.

Writes small safetensors files next to this script (fixtures/*.safetensors) holding seeded inputs,
weights, outputs and gradients computed by PyTorch, stored in Neurite's layouts (images NHWC, conv
weights HWIO) so the TypeScript tests compare without converting. Run from this folder:

    python -m venv venv && venv/bin/pip install torch safetensors numpy
    venv/bin/python generate.py

Each file's metadata has one key, "parity": JSON naming this script, the torch version and (for the
case files) every case's configuration under "cases". Tensors are named "<case>.<role>":
- layers.safetensors: every nn layer, forward output "y", upstream gradient "g" (the loss is
  sum(y * g)), input gradient "dx", parameters "p.<name>", parameter gradients "grad.<name>", buffers
  after the forward "b.<name>"; recurrent layers also h0/c0, hn/cn and their gradients.
- losses.safetensors: every loss under every reduction: input "x", target "t", output "y", "dx"
  (cross-entropy and NLL also on K-dimensional [N, C, d1, d2] inputs, cross-entropy on probability targets).
- optim.safetensors: 20-step trajectories "traj" [20, n] of every optimizer on
  f(p) = sum(0.5 a p^2 + b p + sin(p)), and 20 learning rates "lr" of every schedule (40 for
  CosineAnnealingLR, past its period)
  (ReduceLROnPlateau driven by a fixed metric sequence "metrics").
- cnn.torch.safetensors: the state dict of a small CNN (Conv2d, BatchNorm2d, ReLU, MaxPool2d,
  Flatten, Linear) written exactly as `safetensors.torch.save_file(model.state_dict())`;
  cnn.io.safetensors: its input (NHWC) and eval-mode output.

`python generate.py --check-neurite FILE` loads a Neurite-written state dict (saveWeights with
layout 'torch') into the CNN with strict=True and prints the largest output difference.

Everything is float32 and seeded; the metadata names this script and the torch version.
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures")
SOURCE = {"generator": "packages/nn/parity/generate.py", "torch": torch.__version__}
# One metadata key: safetensors writes metadata keys in no fixed order, so several would make
# regenerated files differ byte-wise even when every value is the same.
META = {"parity": json.dumps(SOURCE)}


def nhwc(t):
    return t.permute(0, 2, 3, 1).contiguous() if t.dim() == 4 else t


def neurite_param(name, t):
    # Conv2d weights OIHW -> HWIO, Conv1d weights OIK -> KIO; everything else already has PyTorch's layout.
    if t.dim() == 4:
        return t.permute(2, 3, 1, 0).contiguous()
    return t.permute(2, 1, 0).contiguous() if t.dim() == 3 else t


class Writer:
    def __init__(self):
        self.tensors = {}
        self.cases = []

    def put(self, key, t):
        assert key not in self.tensors, key
        self.tensors[key] = t.detach().contiguous().clone()

    def save(self, filename):
        os.makedirs(OUT, exist_ok=True)
        save_file(self.tensors, os.path.join(OUT, filename), metadata={"parity": json.dumps({**SOURCE, "cases": self.cases})})


def layer_case(w, name, config, module, x_shape, channels_first=False, train=True, index_input=None):
    """Forward module on a seeded input, backward sum(y * g); store in Neurite layout."""
    torch.manual_seed(len(w.cases) + 1)
    module.train(train)
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.8, 0.8)  # also non-trivial norm affines
    if index_input is not None:
        x = torch.randint(0, index_input, x_shape)
    else:
        x = torch.randn(x_shape).requires_grad_(True)
    y = module(x)
    g = torch.randn(y.shape)
    (y * g).sum().backward()
    def to_n(t):  # channels-first -> channels-last (NCHW -> NHWC, NCL -> NLC)
        if not channels_first or t.dim() < 3:
            return t
        return t.permute(0, 2, 3, 1) if t.dim() == 4 else t.permute(0, 2, 1)
    w.put(f"{name}.x", to_n(x).to(torch.int32) if index_input is not None else to_n(x))
    w.put(f"{name}.y", to_n(y))
    w.put(f"{name}.g", to_n(g))
    if index_input is None:
        w.put(f"{name}.dx", to_n(x.grad))
    for pname, p in module.named_parameters():
        w.put(f"{name}.p.{pname}", neurite_param(pname, p))
        w.put(f"{name}.grad.{pname}", neurite_param(pname, p.grad))
    for bname, b in module.named_buffers():
        w.put(f"{name}.b.{bname}", b.to(torch.int32) if b.dtype == torch.int64 else b)
    w.cases.append({"name": name, "train": train, **config})


def layers():
    w = Writer()
    L = layer_case
    L(w, "linear", {"type": "Linear", "args": [4, 3]}, nn.Linear(4, 3), (2, 4))
    L(w, "linear_nobias_3d", {"type": "Linear", "args": [4, 3, {"bias": False}]}, nn.Linear(4, 3, bias=False), (2, 2, 4))
    L(w, "conv3x3", {"type": "Conv2d", "args": [2, 3, 3]}, nn.Conv2d(2, 3, 3), (2, 2, 5, 5), True)
    L(w, "conv_stride_pad_dil", {"type": "Conv2d", "args": [2, 2, [3, 2], {"stride": 2, "padding": 1, "dilation": [2, 1], "bias": False}]},
      nn.Conv2d(2, 2, (3, 2), stride=2, padding=1, dilation=(2, 1), bias=False), (1, 2, 7, 6), True)
    L(w, "conv_same_odd", {"type": "Conv2d", "args": [2, 3, 3, {"padding": "same"}]}, nn.Conv2d(2, 3, 3, padding="same"), (1, 2, 4, 5), True)
    L(w, "conv_same_even", {"type": "Conv2d", "args": [2, 3, 4, {"padding": "same"}]}, nn.Conv2d(2, 3, 4, padding="same"), (1, 2, 5, 6), True)
    L(w, "conv_same_even_rect_dil", {"type": "Conv2d", "args": [1, 2, [2, 3], {"padding": "same", "dilation": [3, 1]}]},
      nn.Conv2d(1, 2, (2, 3), padding="same", dilation=(3, 1)), (2, 1, 6, 5), True)
    L(w, "maxpool2", {"type": "MaxPool2d", "args": [2]}, nn.MaxPool2d(2), (2, 2, 4, 4), True)
    L(w, "maxpool3_s1_p1", {"type": "MaxPool2d", "args": [3, {"stride": 1, "padding": 1}]}, nn.MaxPool2d(3, stride=1, padding=1), (1, 2, 4, 3), True)
    L(w, "avgpool3_s2_p1", {"type": "AvgPool2d", "args": [3, {"stride": 2, "padding": 1}]}, nn.AvgPool2d(3, stride=2, padding=1), (2, 2, 5, 5), True)
    L(w, "avgpool3_s2_p1_exclude", {"type": "AvgPool2d", "args": [3, {"stride": 2, "padding": 1, "countIncludePad": False}]},
      nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), (2, 2, 5, 5), True)
    L(w, "avgpool2", {"type": "AvgPool2d", "args": [2]}, nn.AvgPool2d(2), (1, 3, 4, 6), True)
    L(w, "global_avgpool", {"type": "GlobalAvgPool2d", "args": []}, nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()), (2, 3, 3, 4), True)
    for train in (True, False):
        mode = "train" if train else "eval"
        bn1 = nn.BatchNorm1d(3)
        bn2 = nn.BatchNorm2d(2)
        if not train:  # eval with non-trivial running statistics
            with torch.no_grad():
                bn1.running_mean.uniform_(-1, 1); bn1.running_var.uniform_(0.5, 2); bn1.num_batches_tracked.fill_(3)
                bn2.running_mean.uniform_(-1, 1); bn2.running_var.uniform_(0.5, 2); bn2.num_batches_tracked.fill_(3)
        L(w, f"batchnorm1d_{mode}", {"type": "BatchNorm1d", "args": [3], "buffers": not train}, bn1, (5, 3), train=train)
        L(w, f"batchnorm2d_{mode}", {"type": "BatchNorm2d", "args": [2], "buffers": not train}, bn2, (2, 2, 3, 3), True, train=train)
        L(w, f"layernorm_{mode}", {"type": "LayerNorm", "args": [4]}, nn.LayerNorm(4), (3, 2, 4), train=train)
        L(w, f"layernorm2_{mode}", {"type": "LayerNorm", "args": [[2, 4]]}, nn.LayerNorm([2, 4]), (3, 2, 4), train=train)
        L(w, f"groupnorm_{mode}", {"type": "GroupNorm", "args": [2, 4]}, nn.GroupNorm(2, 4), (2, 4, 3, 2), True, train=train)
    bn_seq = nn.BatchNorm1d(3, momentum=None)
    L(w, "batchnorm1d_3d_cumulative", {"type": "BatchNorm1d", "args": [3, {"momentum": None}]}, bn_seq, (4, 3, 5), True)
    L(w, "relu", {"type": "ReLU", "args": []}, nn.ReLU(), (3, 5))
    L(w, "leaky_relu", {"type": "LeakyReLU", "args": [0.2]}, nn.LeakyReLU(0.2), (3, 5))
    L(w, "sigmoid", {"type": "Sigmoid", "args": []}, nn.Sigmoid(), (3, 5))
    L(w, "tanh", {"type": "Tanh", "args": []}, nn.Tanh(), (3, 5))
    L(w, "gelu", {"type": "GELU", "args": []}, nn.GELU(), (3, 5))
    L(w, "gelu_tanh", {"type": "GELU", "args": [{"approximate": "tanh"}]}, nn.GELU(approximate="tanh"), (3, 5))
    L(w, "softmax", {"type": "Softmax", "args": []}, nn.Softmax(-1), (3, 5))
    L(w, "log_softmax", {"type": "LogSoftmax", "args": []}, nn.LogSoftmax(-1), (3, 5))
    L(w, "softmax_axis1", {"type": "Softmax", "args": [1]}, nn.Softmax(1), (2, 3, 4))
    L(w, "flatten", {"type": "Flatten", "args": []}, nn.Flatten(), (2, 3, 4))
    L(w, "embedding", {"type": "Embedding", "args": [6, 3]}, nn.Embedding(6, 3), (2, 4), index_input=6)
    for kind, cls in (("RNN", nn.RNN), ("LSTM", nn.LSTM), ("GRU", nn.GRU)):
        for layers_, bias in ((1, True), (2, True), (2, False)):
            recurrent_case(w, f"{kind.lower()}_l{layers_}{'' if bias else '_nobias'}", kind, cls(3, 4, num_layers=layers_, bias=bias, batch_first=True), layers_, bias)
    # 1-D layers: channels-last [N, L, C] in Neurite (to_n turns NCL into NLC).
    L(w, "conv1d", {"type": "Conv1d", "args": [2, 3, 3]}, nn.Conv1d(2, 3, 3), (2, 2, 7), True)
    L(w, "conv1d_stride_pad_dil", {"type": "Conv1d", "args": [2, 2, 3, {"stride": 2, "padding": 1, "dilation": 2, "bias": False}]},
      nn.Conv1d(2, 2, 3, stride=2, padding=1, dilation=2, bias=False), (1, 2, 9), True)
    L(w, "conv1d_same_even", {"type": "Conv1d", "args": [2, 3, 4, {"padding": "same"}]}, nn.Conv1d(2, 3, 4, padding="same"), (1, 2, 6), True)
    L(w, "maxpool1d", {"type": "MaxPool1d", "args": [2]}, nn.MaxPool1d(2), (2, 3, 6), True)
    L(w, "maxpool1d_s1_p1", {"type": "MaxPool1d", "args": [3, {"stride": 1, "padding": 1}]}, nn.MaxPool1d(3, stride=1, padding=1), (1, 2, 5), True)
    L(w, "avgpool1d_s2_p1", {"type": "AvgPool1d", "args": [3, {"stride": 2, "padding": 1}]}, nn.AvgPool1d(3, stride=2, padding=1), (2, 2, 7), True)
    L(w, "avgpool1d_s2_p1_exclude", {"type": "AvgPool1d", "args": [3, {"stride": 2, "padding": 1, "countIncludePad": False}]},
      nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False), (2, 2, 7), True)
    L(w, "adaptive_avgpool_divisible", {"type": "AdaptiveAvgPool2d", "args": [[2, 3]]}, nn.AdaptiveAvgPool2d((2, 3)), (2, 2, 4, 6), True)
    L(w, "adaptive_avgpool_uneven", {"type": "AdaptiveAvgPool2d", "args": [[3, 2]]}, nn.AdaptiveAvgPool2d((3, 2)), (1, 2, 5, 7), True)
    L(w, "adaptive_avgpool_keep_h", {"type": "AdaptiveAvgPool2d", "args": [[None, 2]]}, nn.AdaptiveAvgPool2d((None, 2)), (1, 2, 3, 5), True)
    L(w, "identity", {"type": "Identity", "args": []}, nn.Identity(), (3, 4))
    # ceil_mode: partial last windows count; the last window must start inside the input or its left padding
    # (maxpool_ceil_rule and avgpool1d_ceil_rule are where that rule removes a window).
    L(w, "maxpool_dilation", {"type": "MaxPool2d", "args": [3, {"stride": 1, "padding": 1, "dilation": 2}]}, nn.MaxPool2d(3, stride=1, padding=1, dilation=2), (2, 2, 7, 6), True)
    L(w, "maxpool_dilation_ceil", {"type": "MaxPool2d", "args": [[2, 3], {"stride": [2, 3], "dilation": [3, 2], "ceilMode": True}]},
      nn.MaxPool2d((2, 3), stride=(2, 3), dilation=(3, 2), ceil_mode=True), (1, 3, 9, 10), True)
    L(w, "maxpool1d_dilation", {"type": "MaxPool1d", "args": [2, {"stride": 2, "padding": 1, "dilation": 3}]}, nn.MaxPool1d(2, stride=2, padding=1, dilation=3), (2, 2, 11), True)
    L(w, "maxpool_ceil", {"type": "MaxPool2d", "args": [3, {"stride": 2, "ceilMode": True}]}, nn.MaxPool2d(3, stride=2, ceil_mode=True), (1, 2, 6, 7), True)
    L(w, "maxpool_ceil_pad", {"type": "MaxPool2d", "args": [3, {"stride": 2, "padding": 1, "ceilMode": True}]},
      nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), (2, 2, 5, 6), True)
    L(w, "maxpool_ceil_rule", {"type": "MaxPool2d", "args": [3, {"stride": 3, "padding": 1, "ceilMode": True}]},
      nn.MaxPool2d(3, stride=3, padding=1, ceil_mode=True), (1, 2, 5, 7), True)
    L(w, "avgpool_ceil", {"type": "AvgPool2d", "args": [2, {"ceilMode": True}]}, nn.AvgPool2d(2, ceil_mode=True), (1, 3, 5, 5), True)
    L(w, "avgpool_ceil_pad", {"type": "AvgPool2d", "args": [3, {"stride": 2, "padding": 1, "ceilMode": True}]},
      nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True), (2, 2, 5, 6), True)
    L(w, "avgpool_ceil_pad_exclude", {"type": "AvgPool2d", "args": [3, {"stride": 2, "padding": 1, "countIncludePad": False, "ceilMode": True}]},
      nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False, ceil_mode=True), (2, 2, 5, 6), True)
    L(w, "maxpool1d_ceil", {"type": "MaxPool1d", "args": [2, {"ceilMode": True}]}, nn.MaxPool1d(2, ceil_mode=True), (2, 3, 7), True)
    L(w, "avgpool1d_ceil_pad", {"type": "AvgPool1d", "args": [3, {"stride": 2, "padding": 1, "ceilMode": True}]},
      nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True), (2, 2, 8), True)
    L(w, "avgpool1d_ceil_pad_exclude", {"type": "AvgPool1d", "args": [3, {"stride": 2, "padding": 1, "countIncludePad": False, "ceilMode": True}]},
      nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False, ceil_mode=True), (2, 2, 8), True)
    L(w, "avgpool1d_ceil_rule", {"type": "AvgPool1d", "args": [3, {"stride": 3, "padding": 1, "ceilMode": True}]},
      nn.AvgPool1d(3, stride=3, padding=1, ceil_mode=True), (1, 2, 5), True)
    # Fused activations: the exact GELU (PyTorch's default) and the tanh form in Linear's and Conv2d's stores.
    L(w, "linear_gelu", {"type": "Linear", "args": [4, 3, {"activation": "gelu"}]}, Activated(nn.Linear(4, 3), "none"), (5, 4))
    L(w, "linear_gelu_tanh", {"type": "Linear", "args": [4, 3, {"activation": "geluTanh"}]}, Activated(nn.Linear(4, 3), "tanh"), (5, 4))
    L(w, "conv_gelu", {"type": "Conv2d", "args": [2, 3, 3, {"padding": 1, "activation": "gelu"}]}, Activated(nn.Conv2d(2, 3, 3, padding=1), "none"), (2, 2, 4, 5), True)
    L(w, "conv1d_gelu_tanh", {"type": "Conv1d", "args": [2, 3, 3, {"activation": "geluTanh"}]}, Activated(nn.Conv1d(2, 3, 3), "tanh"), (2, 2, 6), True)
    w.save("layers.safetensors")


class Activated(nn.Module):
    """A Linear or Conv followed by GELU, with the wrapped layer's parameter names (weight, bias)."""
    def __init__(self, layer, approximate):
        super().__init__()
        self.layer, self.approximate = layer, approximate
        self.weight, self.bias = layer.weight, layer.bias
        del layer._parameters["weight"], layer._parameters["bias"]
        layer.weight, layer.bias = None, None

    def forward(self, x):
        y = self.layer._conv_forward(x, self.weight, self.bias) if isinstance(self.layer, nn.modules.conv._ConvNd) else F.linear(x, self.weight, self.bias)
        return F.gelu(y, approximate=self.approximate)


def recurrent_case(w, name, kind, module, num_layers, bias):
    torch.manual_seed(len(w.cases) + 100)
    x = torch.randn(2, 5, 3, requires_grad=True)
    h0 = torch.randn(num_layers, 2, 4, requires_grad=True)
    c0 = torch.randn(num_layers, 2, 4, requires_grad=True)
    out, state = module(x, (h0, c0)) if kind == "LSTM" else module(x, h0)
    hn, cn = state if kind == "LSTM" else (state, None)
    g, gh = torch.randn(out.shape), torch.randn(hn.shape)
    # The main loss leaves cn out; "gc" and the "*_c" gradients are those of sum(cn * gc) alone
    # (the final c's own path back to x and c0).
    loss = (out * g).sum() + (hn * gh).sum()
    loss.backward(retain_graph=kind == "LSTM")
    for k, t in (("x", x), ("h0", h0), ("y", out), ("g", g), ("hn", hn), ("gh", gh), ("dx", x.grad), ("dh0", h0.grad)):
        w.put(f"{name}.{k}", t)
    for pname, p in module.named_parameters():
        w.put(f"{name}.p.{pname}", p)
        w.put(f"{name}.grad.{pname}", p.grad)
    if kind == "LSTM":
        w.put(f"{name}.c0", c0)
        w.put(f"{name}.cn", cn)
        w.put(f"{name}.dc0", c0.grad)  # c0's gradient through out and hn only
        gc = torch.randn(cn.shape)
        for t in [x, h0, c0, *module.parameters()]:
            t.grad = None
        (cn * gc).sum().backward()
        w.put(f"{name}.gc", gc)
        w.put(f"{name}.dc0_c", c0.grad)
        w.put(f"{name}.dx_c", x.grad)
    w.cases.append({"name": name, "type": kind, "args": [3, 4, {"numLayers": num_layers, "bias": bias}], "recurrent": True})


def loss_case(w, name, fn, config, x, t, reduction):
    x = x.clone().requires_grad_(True)
    y = fn(x, t, reduction)
    g = torch.randn(y.shape) if reduction == "none" else torch.tensor(1.0)
    (y * g).sum().backward()
    for k, v in (("x", x), ("t", t.to(torch.int32) if t.dtype == torch.int64 else t), ("y", y), ("g", g), ("dx", x.grad)):
        w.put(f"{name}.{k}", v)
    w.cases.append({"name": name, "reduction": reduction, **config})


def losses():
    w = Writer()
    torch.manual_seed(7)
    x, t = torch.randn(4, 3), torch.randn(4, 3)
    probs = torch.rand(4, 3)
    signs = torch.randint(0, 2, (4, 3)).float() * 2 - 1
    logits = torch.randn(5, 4) * 2
    labels = torch.tensor([1, 0, 3, 2, 1])
    ignored = torch.tensor([1, -100, 3, 2, -100])
    ignored7 = torch.tensor([1, 0, 3, 0, 2])  # ignoreIndex 0
    weights = [0.5, 1.5, 1.0, 2.0]
    logits_k = torch.randn(2, 4, 3, 2) * 2
    labels_k = torch.randint(0, 4, (2, 3, 2))
    ignored_k = labels_k.clone(); ignored_k[0, 1, 0] = -100; ignored_k[1, 2, 1] = -100
    soft = torch.softmax(torch.randn(5, 4), dim=1)
    soft_k = torch.softmax(torch.randn(2, 4, 3, 2), dim=1)
    for r in ("mean", "sum", "none"):
        loss_case(w, f"mse_{r}", lambda a, b, r: F.mse_loss(a, b, reduction=r), {"fn": "mseLoss"}, x, t, r)
        loss_case(w, f"l1_{r}", lambda a, b, r: F.l1_loss(a, b, reduction=r), {"fn": "maeLoss"}, x, t, r)
        loss_case(w, f"huber_{r}", lambda a, b, r: F.huber_loss(a, b, reduction=r, delta=0.7), {"fn": "huberLoss", "options": {"delta": 0.7}}, x * 2, t, r)
        loss_case(w, f"bce_logits_{r}", lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, reduction=r), {"fn": "bceWithLogitsLoss"}, x * 3, probs, r)
        loss_case(w, f"bce_logits_posweight_{r}", lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, reduction=r, pos_weight=torch.tensor(2.5)),
                  {"fn": "bceWithLogitsLoss", "options": {"posWeight": 2.5}}, x * 3, probs, r)
        # Hinge losses: PyTorch has no binary hinge; the formulas max(0, 1 - y x) and its square, in torch ops.
        hinge = lambda a, b, r: (lambda v: v.mean() if r == "mean" else v.sum() if r == "sum" else v)(torch.clamp(1 - a * b, min=0))
        sq_hinge = lambda a, b, r: (lambda v: v.mean() if r == "mean" else v.sum() if r == "sum" else v)(torch.clamp(1 - a * b, min=0) ** 2)
        loss_case(w, f"hinge_{r}", hinge, {"fn": "hingeLoss"}, x, signs, r)
        loss_case(w, f"squared_hinge_{r}", sq_hinge, {"fn": "squaredHingeLoss"}, x, signs, r)
        ce = lambda **kw: (lambda a, b, r: F.cross_entropy(a, b, reduction=r, **kw))
        loss_case(w, f"ce_{r}", ce(), {"fn": "crossEntropyLoss"}, logits, labels, r)
        loss_case(w, f"ce_weights_smooth_{r}", ce(weight=torch.tensor(weights), label_smoothing=0.2),
                  {"fn": "crossEntropyLoss", "options": {"weights": weights, "labelSmoothing": 0.2}}, logits, labels, r)
        loss_case(w, f"ce_ignore_{r}", ce(), {"fn": "crossEntropyLoss"}, logits, ignored, r)
        loss_case(w, f"ce_ignore0_weights_smooth_{r}", ce(ignore_index=0, weight=torch.tensor(weights), label_smoothing=0.1),
                  {"fn": "crossEntropyLoss", "options": {"ignoreIndex": 0, "weights": weights, "labelSmoothing": 0.1}}, logits, ignored7, r)
        logp = F.log_softmax(logits, dim=1)
        nll = lambda **kw: (lambda a, b, r: F.nll_loss(a, b, reduction=r, **kw))
        loss_case(w, f"nll_{r}", nll(), {"fn": "nllLoss"}, logp, labels, r)
        loss_case(w, f"nll_weights_ignore_{r}", nll(weight=torch.tensor(weights)), {"fn": "nllLoss", "options": {"weights": weights}}, logp, ignored, r)
        # K-dimensional inputs [N, C, d1, d2] (classes on axis 1, as PyTorch) with targets [N, d1, d2].
        loss_case(w, f"ce_kdim_{r}", ce(), {"fn": "crossEntropyLoss"}, logits_k, labels_k, r)
        loss_case(w, f"ce_kdim_weights_smooth_ignore_{r}", ce(weight=torch.tensor(weights), label_smoothing=0.15),
                  {"fn": "crossEntropyLoss", "options": {"weights": weights, "labelSmoothing": 0.15}}, logits_k, ignored_k, r)
        loss_case(w, f"nll_kdim_weights_ignore_{r}", nll(weight=torch.tensor(weights)), {"fn": "nllLoss", "options": {"weights": weights}},
                  F.log_softmax(logits_k, dim=1), ignored_k, r)
        loss_case(w, f"ce_unbatched_{r}", ce(), {"fn": "crossEntropyLoss"}, logits[0], labels[0], r)
        # Probability targets (soft labels) of the input's shape.
        loss_case(w, f"ce_probs_{r}", ce(), {"fn": "crossEntropyLoss"}, logits, soft, r)
        loss_case(w, f"ce_probs_weights_smooth_{r}", ce(weight=torch.tensor(weights), label_smoothing=0.2),
                  {"fn": "crossEntropyLoss", "options": {"weights": weights, "labelSmoothing": 0.2}}, logits, soft, r)
        loss_case(w, f"ce_probs_kdim_{r}", ce(label_smoothing=0.1), {"fn": "crossEntropyLoss", "options": {"labelSmoothing": 0.1}}, logits_k, soft_k, r)
    w.save("losses.safetensors")


def optim():
    w = Writer()
    torch.manual_seed(11)
    n = 6
    p0, a, b = torch.randn(n), torch.rand(n) + 0.5, torch.randn(n)
    w.put("problem.p0", p0); w.put("problem.a", a); w.put("problem.b", b)
    configs = [
        ("sgd", "SGD", {"lr": 0.1}, torch.optim.SGD, {"lr": 0.1}),
        ("sgd_momentum_dampening_wd", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weightDecay": 0.01},
         torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01}),
        ("sgd_nesterov", "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True}, torch.optim.SGD, {"lr": 0.05, "momentum": 0.8, "nesterov": True}),
        ("adam", "Adam", {"lr": 0.05}, torch.optim.Adam, {"lr": 0.05}),
        ("adam_wd_betas", "Adam", {"lr": 0.03, "beta1": 0.8, "beta2": 0.95, "eps": 1e-6, "weightDecay": 0.1},
         torch.optim.Adam, {"lr": 0.03, "betas": (0.8, 0.95), "eps": 1e-6, "weight_decay": 0.1}),
        ("adamw", "AdamW", {"lr": 0.05, "weightDecay": 0.1}, torch.optim.AdamW, {"lr": 0.05, "weight_decay": 0.1}),
        ("rmsprop", "RMSprop", {"lr": 0.01}, torch.optim.RMSprop, {"lr": 0.01}),
        ("rmsprop_momentum_wd", "RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weightDecay": 0.05, "eps": 1e-6},
         torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weight_decay": 0.05, "eps": 1e-6}),
        ("adam_amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}, torch.optim.Adam, {"lr": 0.05, "amsgrad": True}),
        # beta2 0.9 lets v fall within 20 steps, so the running maximum differs from v.
        ("adam_amsgrad_wd_betas", "Adam", {"lr": 0.03, "beta1": 0.8, "beta2": 0.9, "eps": 1e-6, "weightDecay": 0.1, "amsgrad": True},
         torch.optim.Adam, {"lr": 0.03, "betas": (0.8, 0.9), "eps": 1e-6, "weight_decay": 0.1, "amsgrad": True}),
        ("adamw_amsgrad", "AdamW", {"lr": 0.05, "beta2": 0.9, "weightDecay": 0.1, "amsgrad": True},
         torch.optim.AdamW, {"lr": 0.05, "betas": (0.9, 0.9), "weight_decay": 0.1, "amsgrad": True}),
        ("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True}, torch.optim.RMSprop, {"lr": 0.01, "centered": True}),
        ("rmsprop_centered_momentum_wd", "RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weightDecay": 0.05, "eps": 1e-6, "centered": True},
         torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weight_decay": 0.05, "eps": 1e-6, "centered": True}),
        ("adagrad", "Adagrad", {"lr": 0.1}, torch.optim.Adagrad, {"lr": 0.1}),
        ("adagrad_wd_eps", "Adagrad", {"lr": 0.2, "weightDecay": 0.1, "eps": 1e-6}, torch.optim.Adagrad, {"lr": 0.2, "weight_decay": 0.1, "eps": 1e-6}),
        ("adagrad_lr_decay_initial_acc", "Adagrad", {"lr": 0.3, "lrDecay": 0.05, "initialAccumulatorValue": 0.4},
         torch.optim.Adagrad, {"lr": 0.3, "lr_decay": 0.05, "initial_accumulator_value": 0.4}),
    ]
    for name, kind, options, cls, torch_options in configs:
        p = p0.clone().requires_grad_(True)
        opt = cls([p], **torch_options)
        traj = []
        for _ in range(20):
            opt.zero_grad()
            (0.5 * a * p * p + b * p + torch.sin(p)).sum().backward()
            opt.step()
            traj.append(p.detach().clone())
        w.put(f"{name}.traj", torch.stack(traj))
        w.cases.append({"name": name, "type": kind, "options": options})
    sched = torch.optim.lr_scheduler
    schedules = [
        ("constant", "ConstantLR", [0.1], lambda o: sched.LambdaLR(o, lambda t: 1.0)),
        ("step", "StepLR", [0.1, 3, 0.5], lambda o: sched.StepLR(o, 3, 0.5)),
        ("exponential", "ExponentialLR", [0.1, 0.9], lambda o: sched.ExponentialLR(o, 0.9)),
        # 40 steps: past the period the rate rises again, and the recursion's special step (t = 13, 37) runs twice.
        ("cosine", "CosineAnnealingLR", [0.1, 12, 0.01], lambda o: sched.CosineAnnealingLR(o, 12, 0.01)),
        ("cosine_zero_min", "CosineAnnealingLR", [0.1, 7], lambda o: sched.CosineAnnealingLR(o, 7)),
        ("warmup_constant", "LinearWarmup", [{"type": "ConstantLR", "args": [0.1]}, 5, 0.1], lambda o: sched.LinearLR(o, 0.1, 1.0, 5)),
        ("warmup_cosine", "LinearWarmup", [{"type": "CosineAnnealingLR", "args": [0.1, 16, 0.0]}, 4, 0.25],
         lambda o: sched.SequentialLR(o, [sched.LinearLR(o, 0.25, 1.0, 4), sched.CosineAnnealingLR(o, 16, 0.0)], [4])),
        # OneCycleLR also cycles the momentum by default: the one_cycle_momentum_* cases compare it.
        ("one_cycle", "OneCycleLR", [0.1, 20], lambda o: sched.OneCycleLR(o, 0.1, 20)),
        ("one_cycle_linear_three_phase", "OneCycleLR",
         [0.2, 20, {"pctStart": 0.25, "annealStrategy": "linear", "divFactor": 10, "finalDivFactor": 100, "threePhase": True}],
         lambda o: sched.OneCycleLR(o, 0.2, 20, pct_start=0.25, anneal_strategy="linear", div_factor=10, final_div_factor=100, three_phase=True)),
    ]
    for name, kind, args, make in schedules:
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1)
        s = make(opt)
        lrs = []
        for _ in range(40 if kind == "CosineAnnealingLR" else 20):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            s.step()
        w.put(f"{name}.lr", torch.tensor(lrs, dtype=torch.float64))
        w.cases.append({"name": name, "type": kind, "args": args, "schedule": True})
    # ReduceLROnPlateau follows a fixed metric sequence: "metrics" [20] in, the rate before each step "lr" out.
    losses_ = [1.0, 0.9, 0.91, 0.92, 0.9, 0.95, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9, 0.84, 0.83995, 0.85, 0.86, 0.87, 0.88, 0.7, 0.71]
    accuracy = [0.5, 0.6, 0.62, 0.61, 0.7, 0.72, 0.73, 0.71, 0.8, 0.79, 0.78, 0.77, 0.76, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
    plateaus = [
        ("plateau_min_rel", losses_, {"factor": 0.5, "patience": 2, "cooldown": 1}, {"factor": 0.5, "patience": 2, "cooldown": 1}),
        ("plateau_max_abs", accuracy, {"mode": "max", "factor": 0.3, "patience": 1, "threshold": 0.015, "thresholdMode": "abs", "minLr": 0.005},
         {"mode": "max", "factor": 0.3, "patience": 1, "threshold": 0.015, "threshold_mode": "abs", "min_lr": 0.005}),
    ]
    for name, metrics, options, torch_options in plateaus:
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1)
        s = sched.ReduceLROnPlateau(opt, **torch_options)
        lrs = []
        for m in metrics:
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            s.step(m)
        w.put(f"{name}.metrics", torch.tensor(metrics, dtype=torch.float64))
        w.put(f"{name}.lr", torch.tensor(lrs, dtype=torch.float64))
        w.cases.append({"name": name, "type": "ReduceLROnPlateau", "args": [0.1, options], "plateau": True})
    # ReduceLROnPlateau on two param groups with their own rates and floors: "lr" [20, 2].
    p1, p2 = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{"params": [p1], "lr": 0.1}, {"params": [p2], "lr": 0.02}], lr=0.1)
    s = sched.ReduceLROnPlateau(opt, factor=0.5, patience=1, min_lr=[0.01, 0.004])
    lrs = []
    for m in losses_:
        lrs.append([g["lr"] for g in opt.param_groups])
        opt.step()
        s.step(m)
    w.put("plateau_groups.metrics", torch.tensor(losses_, dtype=torch.float64))
    w.put("plateau_groups.lr", torch.tensor(lrs, dtype=torch.float64))
    w.cases.append({"name": "plateau_groups", "type": "ReduceLROnPlateau", "args": [0.1, {"factor": 0.5, "patience": 1}], "groups": [0.1, 0.02], "minLr": [0.01, 0.004]})
    # OneCycleLR's momentum cycling (its default): SGD's momentum and Adam's beta1 before each step, "momentum" [20].
    cycles = [
        ("one_cycle_momentum_sgd", [0.1, 20], lambda o: sched.OneCycleLR(o, 0.1, 20), lambda: torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}, "momentum"),
        ("one_cycle_momentum_adam_three_phase", [0.2, 20, {"pctStart": 0.25, "annealStrategy": "linear", "threePhase": True, "baseMomentum": 0.8, "maxMomentum": 0.9}],
         lambda o: sched.OneCycleLR(o, 0.2, 20, pct_start=0.25, anneal_strategy="linear", three_phase=True, base_momentum=0.8, max_momentum=0.9),
         lambda: torch.optim.Adam, {"lr": 0.2}, "beta1"),
    ]
    for name, args, make, cls, options, key in cycles:
        p = torch.zeros(1, requires_grad=True)
        opt = cls()([p], **options)
        s = make(opt)
        momenta, lrs = [], []
        for _ in range(20):
            g = opt.param_groups[0]
            momenta.append(g["betas"][0] if key == "beta1" else g["momentum"])
            lrs.append(g["lr"])
            opt.step()
            s.step()
        w.put(f"{name}.momentum", torch.tensor(momenta, dtype=torch.float64))
        w.put(f"{name}.lr", torch.tensor(lrs, dtype=torch.float64))
        w.cases.append({"name": name, "type": "OneCycleLR", "args": args, "momentumCycle": key})
    w.save("optim.safetensors")


def cnn():
    return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 3 * 3, 5))


def roundtrip():
    torch.manual_seed(5)
    model = cnn()
    model.train()
    with torch.no_grad():
        for _ in range(2):  # non-trivial running statistics and num_batches_tracked = 2
            model(torch.randn(4, 3, 6, 6) * 2 + 0.5)
    model.eval()
    x = torch.randn(2, 3, 6, 6)
    with torch.no_grad():
        y = model(x)
    os.makedirs(OUT, exist_ok=True)
    save_file(model.state_dict(), os.path.join(OUT, "cnn.torch.safetensors"), metadata=META)
    save_file({"x": nhwc(x), "y": y}, os.path.join(OUT, "cnn.io.safetensors"), metadata=META)


def check_neurite(path):
    torch.manual_seed(0)
    model = cnn()
    model.load_state_dict(load_file(path), strict=True)
    model.eval()
    io = load_file(os.path.join(OUT, "cnn.io.safetensors"))
    with torch.no_grad():
        y = model(io["x"].permute(0, 3, 1, 2))
    diff = (y - io["y"]).abs().max().item()
    print(f"strict load ok; max |y - expected| = {diff:.3g}")
    return diff


if __name__ == "__main__":
    torch.use_deterministic_algorithms(True)
    if len(sys.argv) == 3 and sys.argv[1] == "--check-neurite":
        sys.exit(0 if check_neurite(sys.argv[2]) < 1e-5 else 1)
    layers()
    losses()
    optim()
    roundtrip()
    print("wrote", ", ".join(sorted(os.listdir(OUT))))
