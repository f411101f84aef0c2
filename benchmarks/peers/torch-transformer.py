"""PyTorch on one CPU thread: the character transformer peer of the `attention` benchmark suite
(benchmarks/suites/attention.mjs).

The suite runs this script itself with every Python it is given that has torch (the
NEURITE_TORCH_PYTHON environment variable and `python3`), so two torch builds can be measured
in the same run (for instance a pip wheel with MKL and Debian's python3-torch on OpenBLAS). It
trains the suite's model on the same windows of Moby Dick, with torch.set_num_threads(1):
embedding + learned positions, 2 pre-norm causal nn.TransformerEncoderLayer (d 64, 4 heads,
feed-forward 256, no dropout), a final LayerNorm and a linear head; Adam lr 1e-3; cross-entropy
on the next character. One warm-up step, then `steps` timed steps.

Input: the configuration as JSON in argv[1] ({ "N", "T", "E", "heads", "ff", "V", "steps" })
and the character ids, one byte each, on standard input. Output: one JSON object on standard
output: characters per second by wall clock and by the process's CPU time
(time.process_time), seconds per step, the first and last loss, torch's version and its BLAS.
"""
import inspect
import json
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(0)


class Model(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        e, t = cfg["E"], cfg["T"]
        self.t = t
        self.emb = nn.Embedding(cfg["V"], e)
        self.pos = nn.Parameter(torch.randn(t, e) * 0.02)
        layer = nn.TransformerEncoderLayer(e, cfg["heads"], cfg["ff"], dropout=0.0, batch_first=True, norm_first=True)
        self.enc = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(e), enable_nested_tensor=False)
        self.head = nn.Linear(e, cfg["V"])
        # torch 2 takes is_causal beside the mask (a hint for its fast paths); torch 1.13 has no such argument.
        self.causal = {"is_causal": True} if "is_causal" in inspect.signature(self.enc.forward).parameters else {}

    def forward(self, x):
        mask = nn.Transformer.generate_square_subsequent_mask(self.t)
        return self.head(self.enc(self.emb(x) + self.pos, mask=mask, **self.causal))


def blas():
    """The BLAS torch was built with, or for a build against the generic interface (Debian's), the
    library that interface resolved to once a product has run (openblas, blis, ...)."""
    name = "unknown"
    for line in torch.__config__.show().splitlines():
        if "BLAS_INFO=" in line:
            name = line.split("BLAS_INFO=")[1].split(",")[0]
    if name == "generic":
        torch.randn(64, 64) @ torch.randn(64, 64)
        try:
            with open("/proc/self/maps") as maps:
                loaded = {line.split()[-1].rsplit("/", 1)[-1] for line in maps if ".so" in line}
        except OSError:
            loaded = set()
        for library in ("openblas", "blis", "mkl", "atlas"):
            if any(library in path for path in loaded):
                return library
    return name


def main():
    cfg = json.loads(sys.argv[1])
    ids = torch.tensor(list(sys.stdin.buffer.read()), dtype=torch.long)
    n, t, v, steps = cfg["N"], cfg["T"], cfg["V"], cfg["steps"]
    model = Model(cfg)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    stride = (len(ids) - t - 1) // n

    def batch(step):
        at = [i * stride + (step * t) % (stride - t) for i in range(n)]
        return torch.stack([ids[a:a + t] for a in at]), torch.stack([ids[a + 1:a + t + 1] for a in at])

    losses = []

    def run(step):
        x, y = batch(step)
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x).reshape(n * t, v), y.reshape(n * t))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())

    run(0)
    started, cpu_started = time.perf_counter(), time.process_time()
    for s in range(1, steps + 1):
        run(s)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({
        "charsPerSecond": steps * n * t / seconds, "cpuCharsPerSecond": steps * n * t / cpu,
        "secondsPerStep": seconds / steps, "cpuSecondsPerStep": cpu / steps,
        "firstLoss": losses[0], "lastLoss": losses[-1],
        "torch": torch.__version__, "blas": blas(), "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main()
