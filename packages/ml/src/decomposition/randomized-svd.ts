// Randomized truncated SVD: Halko, Martinsson & Tropp (2011), "Finding structure with
// randomness", Algorithm 4.4 (randomized subspace iteration) followed by the small SVD of Qᵀ A.
// As scikit-learn's randomized_svd: nOversamples extra columns, nIter power iterations ('auto':
// 7 when k < 0.1 min(m, n), else 4), each followed by a re-orthonormalisation (QR here).
// Products run on the float64 GEMM (base/float64-gemm.ts).
import { Generator, qrDense, svdDense, type Matrix } from '@neurite/tensor';
import { gemmAB, gemmAtB } from '../base/float64-gemm.ts';

export interface TruncatedSvd {
  /** [m, k] left singular vectors. */
  u: Matrix;
  /** k singular values, descending. */
  s: Float64Array;
  /** [k, n] right singular vectors as rows. */
  vt: Matrix;
}

function orthonormalColumns(a: Matrix): Matrix {
  return qrDense(a).q;
}

/** The k leading singular triplets of A [m, n] (k <= min(m, n)). */
export function randomizedSvd(a: Matrix, k: number, options: { nOversamples: number; nIter: number | 'auto'; seed: number }): TruncatedSvd {
  const m = a.rows, n = a.cols;
  const width = Math.min(k + options.nOversamples, m, n);
  const nIter = options.nIter === 'auto' ? (k < 0.1 * Math.min(m, n) ? 7 : 4) : options.nIter;
  const rng = new Generator(options.seed);
  const omega = new Float64Array(n * width);
  for (let i = 0; i < omega.length; i++) omega[i] = rng.normal();
  let q: Matrix = orthonormalColumns({ rows: m, cols: width, data: gemmAB(a, { rows: n, cols: width, data: omega }) });
  for (let it = 0; it < nIter; it++) {
    const z = orthonormalColumns({ rows: n, cols: width, data: gemmAtB(a, q) });
    q = orthonormalColumns({ rows: m, cols: width, data: gemmAB(a, z) });
  }
  // B = Qᵀ A [width, n]; its SVD B = Ub S Vᵀ gives U = Q Ub.
  const b: Matrix = { rows: width, cols: n, data: gemmAtB(q, a) };
  const svd = svdDense(b);
  const u = gemmAB(q, svd.u);
  const uk = new Float64Array(m * k), vt = new Float64Array(k * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) uk[i * k + j] = u[i * svd.u.cols + j]!;
  for (let j = 0; j < k; j++) for (let f = 0; f < n; f++) vt[j * n + f] = svd.v.data[f * svd.v.cols + j]!;
  return { u: { rows: m, cols: k, data: uk }, s: svd.s.slice(0, k), vt: { rows: k, cols: n, data: vt } };
}
