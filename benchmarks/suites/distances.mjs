// Pairwise squared Euclidean distances between 2000 MNIST query rows and 8000 MNIST base rows
// (784 pixels each; the kNN-on-MNIST shape of BENCHMARKS.md): Neurite's pairwiseSquaredDistances
// (float64 and float32, plain and relaxed SIMD, one thread) against ml-matrix 6.15 (float64 only, so
// the peer of both rows) computing them
// the way its fastest route goes: the GEMM form with its own mmul,
//   D = ||x_i||^2 + ||y_j||^2 - 2 X Y^T   (Y.transpose(), X.mmul(...), then one pass adding the norms)
// which is also what Neurite's kernel computes. Unit: GFLOP/s counted as 2 m n d (the product).
// ml-matrix runs on the first 50 of the 2000 query rows (all 8000 base rows): the work is linear
// in the query count and the full 2000 would take ~40 s or more a call; its rate per query row is the same.
// The impls take turns over three rounds (compareInterleaved): the machine is shared.
import { pairwiseSquaredDistances } from '@neurite/kernels';
import { Matrix } from 'ml-matrix';
import { disposeBackends, neuriteBackends } from '../lib/backends.mjs';
import { createSuite } from '../lib/harness.mjs';
import { mnistRows, PIXELS } from '../lib/mnist-rows.mjs';

/** The ml-matrix user's squared distances: norms, one mmul, one pass. Top-level: V8 optimizes it once. */
function mlMatrixDistances(X, Y) {
  const xn = X.to2DArray().map((r) => r.reduce((s, v) => s + v * v, 0));
  const yn = Y.to2DArray().map((r) => r.reduce((s, v) => s + v * v, 0));
  const g = X.mmul(Y.transpose());
  for (let i = 0; i < g.rows; i++) {
    for (let j = 0; j < g.columns; j++) g.set(i, j, Math.max(xn[i] + yn[j] - 2 * g.get(i, j), 0));
  }
  return g;
}

/** Compares 97 sampled distances against direct float64 sums of (x - y)^2; the GEMM form's error is eps (|x|^2 + |y|^2). */
function checkSampled(name, got, queries, base, m, n, eps) {
  let seed = 777;
  for (let s = 0; s < 97; s++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const i = (seed >>> 3) % m, j = (seed >>> 13) % n;
    let sum = 0, norms = 0;
    for (let q = 0; q < PIXELS; q++) {
      const x = queries[i * PIXELS + q], y = base[j * PIXELS + q];
      sum += (x - y) * (x - y);
      norms += x * x + y * y;
    }
    const v = got(i, j);
    if (!(Math.abs(v - sum) <= 64 * eps * norms)) throw new Error(`${name}: D[${i}][${j}] = ${v}, expected ${sum}`);
  }
}

export async function run() {
  const suite = createSuite('distances');
  const backends = await neuriteBackends();
  const { base, queries } = mnistRows();
  const m = queries.length / PIXELS, n = base.length / PIXELS, d = PIXELS;
  const mlRows = 50;
  for (const dtype of ['float64', 'float32']) {
    const name = `${m}x${d} to ${n}x${d} MNIST ${dtype}`;
    const bytes = dtype === 'float64' ? 8 : 4;
    const impls = {}, readers = {};
    for (const [impl, backend] of Object.entries(backends)) {
      const view = (p, count) => (bytes === 8 ? backend.heap.f64(p, count) : backend.heap.f32(p, count));
      const x = backend.heap.alloc(queries.length * bytes), y = backend.heap.alloc(base.length * bytes);
      const out = backend.heap.alloc(m * n * bytes);
      view(x, queries.length).set(queries);
      view(y, base.length).set(base);
      const p = { dtype, m, n, d, x, y, out };
      impls[impl] = () => pairwiseSquaredDistances(backend, p);
      readers[impl] = () => { const v = view(out, m * n); return (i, j) => v[i * n + j]; };
    }
    const eps = dtype === 'float64' ? 2 ** -52 : 2 ** -23;
    const work = {};
    for (const impl of Object.keys(impls)) work[impl] = (2 * m * n * d) / 1e9;
    {
      // ml-matrix is float64 only: its figure is the peer of both rows (measured again in each).
      const X = Matrix.from1DArray(mlRows, d, queries.subarray(0, mlRows * d)), Y = Matrix.from1DArray(n, d, base);
      let last;
      impls['ml-matrix'] = () => { last = mlMatrixDistances(X, Y); };
      readers['ml-matrix'] = () => (i, j) => last.get(i, j);
      work['ml-matrix'] = (2 * mlRows * n * d) / 1e9;
    }
    const check = (impl, fn) => {
      fn();
      checkSampled(`${name} / ${impl}`, readers[impl](), queries, base, impl === 'ml-matrix' ? mlRows : m, n, eps);
    };
    await suite.compareInterleaved(name, { unit: 'GFLOP/s', work, impls, check, time: 200, rounds: 3 });
  }
  await disposeBackends(backends);
  return suite.finish();
}
