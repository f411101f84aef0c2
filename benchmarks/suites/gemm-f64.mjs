// float64 GEMM: Neurite's gemm with dtype 'float64' (plain and relaxed SIMD, one thread) against
// ml-matrix 6.15 (a float64 JS matrix library: Matrix#mmul) on square products. GFLOP/s = 2 m n k /
// time. ml-matrix stores its matrices as arrays of Float64Array rows; its inputs are built once,
// outside the timing, as Neurite's are. The impls take turns over three rounds (compareInterleaved):
// the machine is shared, and turns expose every impl to the same load.
import { gemm } from '@neurite/kernels';
import { Matrix } from 'ml-matrix';
import { disposeBackends, neuriteBackends } from '../lib/backends.mjs';
import { createSuite, seededArray } from '../lib/harness.mjs';

/** Compares 97 sampled entries of C [m, n] against float64 sums of A [m, k] B [k, n]. */
function checkSampled(name, got, a, b, m, n, k) {
  let seed = 12345;
  for (let s = 0; s < 97; s++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const i = (seed >>> 3) % m, j = (seed >>> 13) % n;
    let sum = 0;
    for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
    const v = got(i, j);
    if (!(Math.abs(v - sum) <= 1e-12 * Math.sqrt(k) + 1e-12 * Math.abs(sum))) throw new Error(`${name}: C[${i}][${j}] = ${v}, expected ${sum}`);
  }
}

export async function run() {
  const suite = createSuite('gemm-f64');
  const backends = await neuriteBackends();
  for (const size of [256, 512, 1024]) {
    const m = size, n = size, k = size, name = `${size}^3 float64`;
    const aData = Float64Array.from(seededArray(m * k, 1 + m + k)), bData = Float64Array.from(seededArray(k * n, 2 + n + k));
    const impls = {}, readers = {};
    for (const [impl, backend] of Object.entries(backends)) {
      const a = backend.heap.alloc(m * k * 8), b = backend.heap.alloc(k * n * 8), c = backend.heap.alloc(m * n * 8);
      backend.heap.f64(a, m * k).set(aData);
      backend.heap.f64(b, k * n).set(bData);
      const p = { dtype: 'float64', m, n, k, a, b, c };
      impls[impl] = () => gemm(backend, p);
      readers[impl] = () => { const v = backend.heap.f64(c, m * n); return (i, j) => v[i * n + j]; };
    }
    const ma = Matrix.from1DArray(m, k, aData), mb = Matrix.from1DArray(k, n, bData);
    impls['ml-matrix'] = () => ma.mmul(mb);
    readers['ml-matrix'] = () => { const r = ma.mmul(mb); return (i, j) => r.get(i, j); };
    const check = (impl, fn) => { fn(); checkSampled(`${name} / ${impl}`, readers[impl](), aData, bData, m, n, k); };
    await suite.compareInterleaved(name, { unit: 'GFLOP/s', work: (2 * m * n * k) / 1e9, impls, check, time: 250, rounds: 3 });
  }
  await disposeBackends(backends);
  return suite.finish();
}
