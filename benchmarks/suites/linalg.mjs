// Dense float64 linear algebra: @neurite/tensor's Matrix functions (choleskyDense, solveDense,
// qrDense, eighDense, svdDense), which run on the linear-algebra kernels, against ml-matrix 6.15
// (a float64 JS matrix library: CholeskyDecomposition, solve (LU), QrDecomposition, EVD, SVD).
// Unit: factorizations (or solves) per second of one matrix. Algorithms differ where noted: the
// eigendecomposition is Householder tridiagonalization in both, then here divide and conquer (as
// LAPACK's dstedc; from 64 rows, with the reflectors applied in blocks on the GEMM) and implicit QL
// in ml-matrix, at 150 and 400; the SVD is one-sided Jacobi here and
// Golub-Kahan in ml-matrix. Inputs are built outside the
// timing; each impl's answer is checked once (reconstruction) before timing. Impls take turns,
// timed by the wall clock and again by CPU time (lib/cpu-time.mjs: less distorted on a loaded machine).
import { loadBackend } from '@neurite/kernels';
import { choleskyDense, eighDense, init, multiply, qrDense, setBackend, solveDense, svdDense, transposeMatrix } from '@neurite/tensor';
import { CholeskyDecomposition, EVD, Matrix, QrDecomposition, SVD, solve } from 'ml-matrix';
import { compareCpuTime } from '../lib/cpu-time.mjs';
import { createSuite, seededArray } from '../lib/harness.mjs';

function randomMatrix(rows, cols, seed) {
  return { rows, cols, data: Float64Array.from(seededArray(rows * cols, seed)) };
}

/** M M^T / n + I: symmetric positive definite, well conditioned. */
function spdMatrix(n, seed) {
  const m = randomMatrix(n, n, seed);
  const g = multiply(m, transposeMatrix(m));
  for (let i = 0; i < n * n; i++) g.data[i] = g.data[i] / n + (i % (n + 1) === 0 ? 1 : 0);
  return g;
}

function toMl(m) {
  return Matrix.from1DArray(m.rows, m.cols, m.data);
}

function maxDiff(a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

function expectSmall(name, value, bound) {
  if (!(value <= bound)) throw new Error(`${name}: reconstruction error ${value} > ${bound}`);
}

const flat = (ml) => Float64Array.from(ml.to1DArray());

export async function run() {
  const suite = createSuite('linalg');
  const simd = await loadBackend({ variant: 'simd' });
  let relaxed;
  try {
    relaxed = await loadBackend({ variant: 'relaxed' });
  } catch {
    relaxed = undefined;
  }
  await init(simd);
  const ours = (fn) => {
    const impls = { neurite: () => { setBackend(simd); return fn(); } };
    if (relaxed) impls['neurite-relaxed'] = () => { setBackend(relaxed); return fn(); };
    return impls;
  };
  const unit = 'factorizations/s';
  const compare = async (name, options) => {
    await suite.compareInterleaved(name, options);
    compareCpuTime(suite, name, { unit, work: 1, impls: options.impls, rounds: 3 });
  };

  {
    const n = 400, a = spdMatrix(n, 1), ma = toMl(a);
    const impls = { ...ours(() => choleskyDense(a)), 'ml-matrix': () => new CholeskyDecomposition(ma) };
    const check = (impl, fn) => {
      const r = fn();
      const l = impl === 'ml-matrix' ? { rows: n, cols: n, data: flat(r.lowerTriangularMatrix) } : r;
      expectSmall(`cholesky ${impl}`, maxDiff(multiply(l, transposeMatrix(l)).data, a.data), 1e-10);
    };
    await compare(`cholesky ${n}x${n}`, { unit, work: 1, impls, check, time: 300 });
  }
  {
    const n = 400, a = randomMatrix(n, n, 2), b = randomMatrix(n, 8, 3), ma = toMl(a), mb = toMl(b);
    const impls = { ...ours(() => solveDense(a, b)), 'ml-matrix': () => solve(ma, mb) };
    const check = (impl, fn) => {
      const r = fn();
      const x = impl === 'ml-matrix' ? { rows: n, cols: 8, data: flat(r) } : r;
      expectSmall(`solve ${impl}`, maxDiff(multiply(a, x).data, b.data), 1e-8);
    };
    await compare(`solve (LU) ${n}x${n}, 8 right-hand sides`, { unit, work: 1, impls, check, time: 300 });
  }
  {
    const m = 400, n = 200, a = randomMatrix(m, n, 4), ma = toMl(a);
    const impls = { ...ours(() => qrDense(a)), 'ml-matrix': () => { const d = new QrDecomposition(ma); return [d.orthogonalMatrix, d.upperTriangularMatrix]; } };
    const check = (impl, fn) => {
      const r = fn();
      const asDense = (ml) => ({ rows: ml.rows, cols: ml.columns, data: flat(ml) }); // ml-matrix's Q is thin: [m, n]
      const [q, rr] = impl === 'ml-matrix' ? [asDense(r[0]), asDense(r[1])] : [r.q, r.r];
      expectSmall(`qr ${impl}`, maxDiff(multiply(q, rr).data, a.data), 1e-10);
    };
    await compare(`qr ${m}x${n} (Q and R)`, { unit, work: 1, impls, check, time: 300 });
  }
  for (const n of [150, 400]) {
    const a = spdMatrix(n, 5), ma = toMl(a);
    const impls = { ...ours(() => eighDense(a)), 'ml-matrix': () => new EVD(ma, { assumeSymmetric: true }) };
    const check = (impl, fn) => {
      const r = fn();
      const [w, v] = impl === 'ml-matrix' ? [r.realEigenvalues, { rows: n, cols: n, data: flat(r.eigenvectorMatrix) }] : [r.values, r.vectors];
      const av = multiply(a, v).data, vw = Float64Array.from(v.data, (x, i) => x * w[i % n]);
      expectSmall(`eigh ${impl}`, maxDiff(av, vw), 1e-9);
    };
    await compare(`symmetric eigendecomposition ${n}x${n}`, { unit, work: 1, impls, check, time: 300 });
  }
  {
    const m = 300, n = 100, a = randomMatrix(m, n, 6), ma = toMl(a);
    const impls = { ...ours(() => svdDense(a)), 'ml-matrix': () => new SVD(ma, { autoTranspose: true }) };
    const check = (impl, fn) => {
      const r = fn();
      const [u, s, v] = impl === 'ml-matrix'
        ? [{ rows: m, cols: n, data: flat(r.leftSingularVectors) }, r.diagonal, { rows: n, cols: n, data: flat(r.rightSingularVectors) }]
        : [r.u, r.s, r.v];
      const us = { rows: m, cols: n, data: Float64Array.from(u.data, (x, i) => x * s[i % n]) };
      expectSmall(`svd ${impl}`, maxDiff(multiply(us, transposeMatrix(v)).data, a.data), 1e-9);
    };
    await compare(`thin SVD ${m}x${n}`, { unit, work: 1, impls, check, time: 300 });
  }
  await simd.dispose?.();
  await relaxed?.dispose?.();
  return suite.finish();
}
