"""PyTorch on one CPU thread: the peer of the `train` benchmark suite (benchmarks/suites/train.mjs).

The suite runs this script itself when it finds a Python with torch (the NEURITE_TORCH_PYTHON
environment variable, else `python3`); it can also be run by hand the same way. It trains the
suite's three models on the same data, in the same steps, with torch.set_num_threads(1):

  - MLP 784-128-10 (ReLU), Adam lr 1e-3, batch 64, shuffled every epoch: seconds per epoch
    (median of the epochs; wall time and the process's CPU time, time.process_time) and test
    accuracy after them;
  - CNN conv3x3x16-relu-maxpool2-conv3x3x32-relu-maxpool2-dense10 (no padding), Adam 1e-3,
    batch 64: seconds per epoch and test accuracy;
  - character LSTM: embedding 32 -> LSTM(128) -> dense(vocabulary), T 64, batch 32, Adam 2e-3,
    the suite's consecutive windows: training characters per second.

Input, on standard input, in this order (little-endian), with the sizes in argv[1] (JSON
{ "train": n, "test": m, "pixels": 784, "chars": c, "vocabulary": V, "mlpEpochs", "cnnEpochs",
"lstmSteps" }): train images float32 [n * 784], train labels int32 [n], test images float32
[m * 784], test labels int32 [m], character ids int32 [c]. Output: one JSON object on standard
output with the figures, torch's version and the BLAS it was built with.
"""
import json
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(0)


def read_inputs(cfg):
    data = sys.stdin.buffer.read()
    at = 0

    def take(dtype, count):
        nonlocal at
        array = np.frombuffer(data, dtype=dtype, count=count, offset=at)
        at += array.nbytes
        return torch.from_numpy(array.copy())

    n, m, pixels = cfg["train"], cfg["test"], cfg["pixels"]
    train_x = take("<f4", n * pixels).reshape(n, pixels)
    train_y = take("<i4", n).long()
    test_x = take("<f4", m * pixels).reshape(m, pixels)
    test_y = take("<i4", m).long()
    chars = take("<i4", cfg["chars"]).long()
    if at != len(data):
        raise ValueError(f"expected {at} bytes on standard input, got {len(data)}")
    return train_x, train_y, test_x, test_y, chars


def train_epochs(model, x, y, test_x, test_y, epochs, batch=64):
    """Seconds per epoch (median, wall and process CPU) and test accuracy after `epochs` epochs of Adam 1e-3."""
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(100)
    times, cpu = [], []
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        started, cpu_started = time.perf_counter(), time.process_time()
        for start in range(0, len(x), batch):
            idx = order[start:start + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    with torch.no_grad():
        accuracy = (model(test_x).argmax(1) == test_y).float().mean().item()
    return statistics.median(times), statistics.median(cpu), accuracy


class CharLstm(nn.Module):
    def __init__(self, vocabulary, embedding=32, hidden=128):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding)
        self.lstm = nn.LSTM(embedding, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocabulary)

    def forward(self, ids):
        h, _ = self.lstm(self.embedding(ids))
        return self.head(h)


def char_lstm(chars, vocabulary, steps, n=32, t=64):
    """Training characters per second over `steps` steps after one warm-up step."""
    model = CharLstm(vocabulary)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    stride = (len(chars) - t - 1) // n
    losses = []

    def run(step):
        at = [i * stride + (step * t) % (stride - t) for i in range(n)]
        x = torch.stack([chars[a:a + t] for a in at])
        y = torch.stack([chars[a + 1:a + t + 1] for a in at])
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x).reshape(n * t, vocabulary), y.reshape(n * t))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())

    run(0)
    started, cpu_started = time.perf_counter(), time.process_time()
    for step in range(1, steps + 1):
        run(step)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "charsPerSecond": steps * n * t / seconds, "secondsPerStep": seconds / steps, "cpuSecondsPerStep": cpu / steps,
        "firstLoss": losses[0], "lastLoss": losses[-1],
    }


def blas():
    config = torch.__config__.show()
    for line in config.splitlines():
        if "BLAS_INFO=" in line:
            return line.split("BLAS_INFO=")[1].split(",")[0]
    return "unknown"


def main():
    cfg = json.loads(sys.argv[1])
    train_x, train_y, test_x, test_y, chars = read_inputs(cfg)
    mlp = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    mlp_seconds, mlp_cpu, mlp_accuracy = train_epochs(mlp, train_x, train_y, test_x, test_y, cfg["mlpEpochs"])
    cnn = nn.Sequential(
        nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(5 * 5 * 32, 10),
    )
    images = lambda x: x.reshape(-1, 1, 28, 28)  # noqa: E731
    cnn_seconds, cnn_cpu, cnn_accuracy = train_epochs(cnn, images(train_x), train_y, images(test_x), test_y, cfg["cnnEpochs"])
    lstm = char_lstm(chars, cfg["vocabulary"], cfg["lstmSteps"])
    print(json.dumps({
        "torch": torch.__version__, "blas": blas(), "threads": torch.get_num_threads(),
        "mlp": {"secondsPerEpoch": mlp_seconds, "cpuSecondsPerEpoch": mlp_cpu, "accuracy": mlp_accuracy},
        "cnn": {"secondsPerEpoch": cnn_seconds, "cpuSecondsPerEpoch": cnn_cpu, "accuracy": cnn_accuracy},
        "lstm": lstm,
    }))


if __name__ == "__main__":
    main()
