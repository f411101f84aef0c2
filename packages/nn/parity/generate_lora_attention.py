"""PEFT parity fixtures for LoRA on nn.MultiheadAttention (@neurite/nn's LoraMultiheadAttention).

Writes fixtures/lora-attention/ from PyTorch and PEFT (run from this folder with torch,
safetensors and peft installed):

    python generate_lora_attention.py

PEFT's lora.MultiheadAttention (what get_peft_model builds when target_modules names an
nn.MultiheadAttention) puts lora_A [r, E] / lora_B [3E, r] on the packed in_proj_weight and a
LoRA Linear on out_proj (keys <path>.base_layer.out_proj.lora_A/B). Files:
  base.safetensors             the base model's state dict (attn.in_proj_weight, ..., fc.bias)
  adapter_model.safetensors    PEFT's save_pretrained output (A and B randomized: init_lora_weights=False)
  adapter_config.json
  io.safetensors               input x [2, 5, 8], base output y_base, upstream gradient g, and
                               y_in_proj: PEFT's output with the out_proj adapter's lora_B zeroed,
                               y: the LoRA output W0 + (alpha / r) B A on both projections, and
                               "grad.<adapter key>": the gradients of sum(y * g) for every lora_A /
                               lora_B weight.

y and its gradients come from an unfused reference (F.multi_head_attention_forward on the merged
weights, differentiated by autograd), not from PEFT's forward: PEFT 0.21's lora.MultiheadAttention
adds the out_proj update twice (its merge() writes W + dW into out_proj, then out_proj.merge() adds
dW again; huggingface/peft pull request 3774). y_in_proj, where that bug has no effect, checks the
in_proj layout against PEFT itself.
"""
import json
import os

import peft
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "lora-attention")


class AttentionNet(nn.Module):
    """attn: MultiheadAttention(8, 2, batch_first) self-attention, then fc 8 -> 3."""

    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(8, 2, batch_first=True)
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc(self.attn(x, x, x, need_weights=False)[0])


def main():
    torch.manual_seed(700)
    base = AttentionNet()
    # PyTorch zeroes in_proj_bias and out_proj.bias at init: give them values so they are exercised.
    with torch.no_grad():
        base.attn.in_proj_bias.normal_(0, 0.1)
        base.attn.out_proj.bias.normal_(0, 0.1)
    os.makedirs(OUT, exist_ok=True)
    save_file({k: v.contiguous() for k, v in base.state_dict().items()}, os.path.join(OUT, "base.safetensors"), metadata={"format": "pt"})
    x = torch.randn(2, 5, 8)
    with torch.no_grad():
        y_base = base(x)
    config = peft.LoraConfig(r=4, lora_alpha=8, target_modules=["attn"], lora_dropout=0.0, init_lora_weights=False)
    model = peft.get_peft_model(base, config)
    model.save_pretrained(OUT)
    os.remove(os.path.join(OUT, "README.md"))  # PEFT's model-card template: not a fixture
    adapters = {name.replace("base_model.model.", "").replace(".default", ""): p for name, p in model.named_parameters() if p.requires_grad}
    with torch.no_grad():
        saved_b = adapters["attn.base_layer.out_proj.lora_B.weight"].clone()
        adapters["attn.base_layer.out_proj.lora_B.weight"].zero_()
        y_in_proj = model(x)
        adapters["attn.base_layer.out_proj.lora_B.weight"].copy_(saved_b)
    # The unfused reference: nn.MultiheadAttention's functional forward on W0 + (alpha / r) B A.
    scaling = config.lora_alpha / config.r
    leaves = {key: p.detach().clone().requires_grad_(True) for key, p in adapters.items()}
    attn = model.base_model.model.attn.get_base_layer()
    in_w = attn.in_proj_weight.detach() + scaling * leaves["attn.lora_B.weight"] @ leaves["attn.lora_A.weight"]
    out_w = attn.out_proj.get_base_layer().weight.detach() + scaling * leaves["attn.base_layer.out_proj.lora_B.weight"] @ leaves["attn.base_layer.out_proj.lora_A.weight"]
    xt = x.transpose(0, 1)  # [L, B, E]: the functional form is sequence-first
    h, _ = F.multi_head_attention_forward(
        xt, xt, xt, 8, 2, in_w, attn.in_proj_bias.detach(), None, None, False, 0.0, out_w, attn.out_proj.get_base_layer().bias.detach(),
        training=False, need_weights=False)
    y = model.base_model.model.fc(h.transpose(0, 1))
    g = torch.randn(y.shape)
    (y * g).sum().backward()
    grads = {f"grad.{key}": t.grad.detach().clone() for key, t in leaves.items()}
    meta = {"parity": json.dumps({"generator": "packages/nn/parity/generate_lora_attention.py", "torch": torch.__version__, "peft": peft.__version__})}
    save_file({"x": x, "y_base": y_base, "y_in_proj": y_in_proj, "y": y.detach(), "g": g, **grads}, os.path.join(OUT, "io.safetensors"), metadata=meta)
    print(f"lora-attention/: gradients of {sorted(grads)}")


if __name__ == "__main__":
    main()
