"""PyTorch parity fixtures for @neurite/nn's transformer layers and LoRA adapters.

Writes fixtures/transformer.safetensors and fixtures/lora/ (see generate_lora) from PyTorch and PEFT.
Run from this folder with torch, safetensors and peft installed:

    python generate_transformer.py
    python generate_transformer.py --check-neurite-lora DIR   # PEFT loads a Neurite-saved adapter

transformer.safetensors holds, for every case "<case>", seeded float32 inputs "<case>.x.<name>"
(query/key/value, src, tgt/memory), masks "<case>.mask.<name>" (bool masks as int32 0/1, True =
masked, as PyTorch; float masks additive), parameters "<case>.p.<state-dict key>", the output "y",
the upstream gradient "g" (the loss is sum(y * g)), input gradients "<case>.dx.<name>" and
parameter gradients "<case>.grad.<key>"; MultiheadAttention cases also the head-averaged
attention weights "w". The metadata key "parity" names this script, torch's version and the cases.
Dropout is 0 (PyTorch's and Neurite's dropout streams differ); layers run in training mode.
"""
import json
import os

import torch
import torch.nn as nn
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures")
SOURCE = {"generator": "packages/nn/parity/generate_transformer.py", "torch": torch.__version__}


class Writer:
    def __init__(self):
        self.tensors = {}
        self.cases = []

    def put(self, key, t):
        assert key not in self.tensors, key
        if t.dtype == torch.bool:
            t = t.to(torch.int32)
        self.tensors[key] = t.detach().contiguous().clone()

    def save(self, filename):
        os.makedirs(OUT, exist_ok=True)
        save_file(self.tensors, os.path.join(OUT, filename), metadata={"parity": json.dumps({**SOURCE, "cases": self.cases})})


def randomize(module):
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.5, 0.5)


def finish(w, name, module, y, inputs):
    g = torch.randn_like(y)
    (y * g).sum().backward()
    w.put(f"{name}.y", y)
    w.put(f"{name}.g", g)
    for k, t in inputs.items():
        w.put(f"{name}.x.{k}", t)
        if t.grad is not None:
            w.put(f"{name}.dx.{k}", t.grad)
    for k, p in module.named_parameters():
        w.put(f"{name}.p.{k}", p)
        w.put(f"{name}.grad.{k}", p.grad)


def mha_cases(w):
    E, H, B, L, S = 8, 2, 2, 5, 7
    causal = torch.triu(torch.ones(L, L, dtype=torch.bool), 1)
    kpm = torch.zeros(B, S, dtype=torch.bool)
    kpm[0, 5:] = True
    kpm[1, 1] = True
    cases = [
        dict(case="mha_self", batch_first=True, cross=False),
        dict(case="mha_self_seq_first", batch_first=False, cross=False),
        dict(case="mha_causal_bool", batch_first=True, cross=False, attn_mask="causal_bool"),
        dict(case="mha_causal_float", batch_first=True, cross=False, attn_mask="causal_float"),
        dict(case="mha_cross_kpm_bool", batch_first=True, cross=True, key_padding_mask="bool"),
        dict(case="mha_cross_kpm_float", batch_first=False, cross=True, key_padding_mask="float"),
        dict(case="mha_cross_mask3d_bool", batch_first=True, cross=True, attn_mask="bool3d"),
        dict(case="mha_kdim_vdim", batch_first=True, cross=True, kdim=6, vdim=3, attn_mask="float2d"),
        dict(case="mha_no_bias", batch_first=True, cross=True, bias=False, key_padding_mask="bool"),
    ]
    for i, c in enumerate(cases):
        torch.manual_seed(100 + i)
        name = c["case"]
        kdim, vdim = c.get("kdim", E), c.get("vdim", E)
        m = nn.MultiheadAttention(E, H, bias=c.get("bias", True), kdim=kdim, vdim=vdim, batch_first=c["batch_first"])
        randomize(m)
        s = S if c["cross"] else L

        def shaped(n, f):
            return torch.randn(B, n, f) if c["batch_first"] else torch.randn(n, B, f)

        q = shaped(L, E).requires_grad_()
        k = shaped(s, kdim).requires_grad_() if c["cross"] else q
        v = shaped(s, vdim).requires_grad_() if c["cross"] else q
        kwargs = {}
        masks = {}
        am = c.get("attn_mask")
        if am == "causal_bool":
            kwargs["attn_mask"] = causal
        elif am == "causal_float":
            kwargs["attn_mask"] = torch.zeros(L, L).masked_fill(causal, float("-inf"))
        elif am == "bool3d":
            mask = torch.rand(B * H, L, s) < 0.3
            mask[:, :, 0] = False  # keep a key in every row (PyTorch gives NaN for empty rows)
            kwargs["attn_mask"] = mask
        elif am == "float2d":
            kwargs["attn_mask"] = torch.randn(L, s)
        kp = c.get("key_padding_mask")
        if kp == "bool":
            kwargs["key_padding_mask"] = kpm
        elif kp == "float":
            kwargs["key_padding_mask"] = torch.zeros(B, s).masked_fill(kpm, float("-inf"))
        for key in ("attn_mask", "key_padding_mask"):
            if key in kwargs:
                masks[key] = kwargs[key]
        y, weights = m(q, k, v, need_weights=True, average_attn_weights=True, **kwargs)
        for key, t in masks.items():
            w.put(f"{name}.mask.{key}", t)
        w.put(f"{name}.w", weights)
        inputs = {"query": q} if not c["cross"] else {"query": q, "key": k, "value": v}
        finish(w, name, m, y, inputs)
        w.cases.append(c)


def layer_cases(w):
    E, H, F, B, L, S = 8, 2, 16, 2, 5, 6
    causal = torch.triu(torch.ones(L, L, dtype=torch.bool), 1)
    kpm = torch.zeros(B, S, dtype=torch.bool)
    kpm[1, 4:] = True
    n = 0
    for kind in ("encoder", "decoder"):
        for norm_first in (False, True):
            for activation in ("relu", "gelu"):
                batch_first = activation == "relu"
                torch.manual_seed(200 + n)
                n += 1
                name = f"{kind}_{'pre' if norm_first else 'post'}_{activation}"
                cls = nn.TransformerEncoderLayer if kind == "encoder" else nn.TransformerDecoderLayer
                m = cls(E, H, dim_feedforward=F, dropout=0.0, activation=activation, batch_first=batch_first, norm_first=norm_first)
                randomize(m)

                def shaped(t):
                    return torch.randn(B, t, E) if batch_first else torch.randn(t, B, E)

                if kind == "encoder":
                    src = shaped(S).requires_grad_()
                    src_mask = torch.randn(S, S)
                    y = m(src, src_mask=src_mask, src_key_padding_mask=kpm)
                    w.put(f"{name}.mask.src_mask", src_mask)
                    w.put(f"{name}.mask.src_key_padding_mask", kpm)
                    finish(w, name, m, y, {"src": src})
                else:
                    tgt, memory = shaped(L).requires_grad_(), shaped(S).requires_grad_()
                    y = m(tgt, memory, tgt_mask=causal, memory_key_padding_mask=kpm)
                    w.put(f"{name}.mask.tgt_mask", causal)
                    w.put(f"{name}.mask.memory_key_padding_mask", kpm)
                    finish(w, name, m, y, {"tgt": tgt, "memory": memory})
                w.cases.append(dict(case=name, kind=kind, norm_first=norm_first, activation=activation, batch_first=batch_first,
                                    d_model=E, nhead=H, dim_feedforward=F))
    # A 2-layer encoder stack with a final norm (keys layers.N.* and norm.*).
    torch.manual_seed(300)
    layer = nn.TransformerEncoderLayer(E, H, dim_feedforward=F, dropout=0.0, batch_first=True)
    m = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(E), enable_nested_tensor=False)
    randomize(m)
    src = torch.randn(B, S, E).requires_grad_()
    y = m(src, mask=torch.triu(torch.full((S, S), float("-inf")), 1))
    finish(w, "encoder_stack", m, y, {"src": src})
    w.cases.append(dict(case="encoder_stack", layers=2, d_model=E, nhead=H, dim_feedforward=F, causal=True))


class LoraNet(nn.Module):
    """fc1 (6 -> 8), ReLU, fc2 (8 -> 8), ReLU, head (8 -> 3); LoRA on fc1 and fc2."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.fc2 = nn.Linear(8, 8)
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        return self.head(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


def generate_lora():
    """fixtures/lora/: base.safetensors (the base model's state dict), PEFT's adapter files
    (save_pretrained: adapter_model.safetensors, adapter_config.json; lora_B randomized so the
    adapter changes the output) and io.safetensors: input x, base output y_base, PEFT's output y."""
    import peft

    torch.manual_seed(400)
    base = LoraNet()
    out = os.path.join(OUT, "lora")
    os.makedirs(out, exist_ok=True)
    save_file({k: v.contiguous() for k, v in base.state_dict().items()}, os.path.join(out, "base.safetensors"), metadata={"format": "pt"})
    x = torch.randn(5, 6)
    with torch.no_grad():
        y_base = base(x)
    config = peft.LoraConfig(r=4, lora_alpha=8, target_modules=["fc1", "fc2"], lora_dropout=0.0)
    model = peft.get_peft_model(base, config)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_B" in name:
                p.normal_(0, 0.5)
        y = model(x)
    model.save_pretrained(out)
    os.remove(os.path.join(out, "README.md"))  # PEFT's model-card template: not a fixture
    meta = {"parity": json.dumps({**SOURCE, "peft": peft.__version__})}
    save_file({"x": x, "y_base": y_base, "y": y}, os.path.join(out, "io.safetensors"), metadata=meta)
    print(f"lora/: adapter of {sorted(k for k in model.state_dict() if 'lora' in k)}")


def check_neurite_lora(folder):
    """Loads a Neurite-written adapter (adapter_model.safetensors + adapter_config.json in `folder`)
    into PEFT on the fixture's base model and prints the largest difference from io.safetensors' y."""
    import peft
    from safetensors.torch import load_file

    base = LoraNet()
    base.load_state_dict(load_file(os.path.join(OUT, "lora", "base.safetensors")))
    model = peft.PeftModel.from_pretrained(base, folder)
    io = load_file(os.path.join(OUT, "lora", "io.safetensors"))
    with torch.no_grad():
        print("max |PEFT(neurite adapter) - y| =", (model(io["x"]) - io["y"]).abs().max().item())


def main():
    import sys

    if len(sys.argv) == 3 and sys.argv[1] == "--check-neurite-lora":
        check_neurite_lora(sys.argv[2])
        return
    w = Writer()
    mha_cases(w)
    layer_cases(w)
    w.save("transformer.safetensors")
    print(f"transformer.safetensors: {len(w.cases)} cases, {len(w.tensors)} tensors")
    generate_lora()


if __name__ == "__main__":
    main()
