// Randomized truncated SVD: Halko, Martinsson & Tropp (2011), "Finding structure with
// randomness", Algorithm 4.4 (randomized subspace iteration) followed by the small SVD of Qᵀ A.
// As scikit-learn's randomized_svd: nOversamples extra columns, nIter power iterations ('auto':
// 7 when k < 0.1 min(m, n), else 4), each followed by a re-orthonormalisation (Cholesky QR here,
// Gram-Schmidt when that fails).
// Products run on the float64 GEMM (base/float64-gemm.ts).
import { choleskyDense, Generator, inverseDense, isInitialized, LinalgError, svdDense, type Matrix } from '@neurite/tensor';
import { gemmAB, gemmABt, gemmAtB, ResidentMatrix } from '../base/float64-gemm.ts';

export interface TruncatedSvd {
  /** [m, k] left singular vectors. */
  u: Matrix;
  /** k singular values, descending. */
  s: Float64Array;
  /** [k, n] right singular vectors as rows. */
  vt: Matrix;
}

/**
 * An orthonormal basis of the columns of A [m, w] (m >= w) by modified Gram-Schmidt on a transposed
 * copy, so every inner loop is contiguous. Two passes ("twice is enough", Giraud et al. 2005) give
 * orthogonality to rounding; the power iterations only need a well-conditioned basis and use one.
 * Columns that vanish (rank deficiency) are replaced by zero columns.
 */
function orthonormalColumns(a: Matrix, passes = 2): Matrix {
  const m = a.rows, w = a.cols;
  const t = new Float64Array(w * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < w; j++) t[j * m + i] = a.data[i * w + j]!;
  for (let pass = 0; pass < passes; pass++) {
    for (let j = 0; j < w; j++) {
      const cj = j * m;
      for (let p = 0; p < j; p++) {
        const cp = p * m;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += t[cp + i]! * t[cj + i]!;
        for (let i = 0; i < m; i++) t[cj + i] -= dot * t[cp + i]!;
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += t[cj + i]! * t[cj + i]!;
      norm = Math.sqrt(norm);
      const scale = norm > 1e-300 ? 1 / norm : 0;
      for (let i = 0; i < m; i++) t[cj + i] *= scale;
    }
  }
  const out = new Float64Array(m * w);
  for (let i = 0; i < m; i++) for (let j = 0; j < w; j++) out[i * w + j] = t[j * m + i]!;
  return { rows: m, cols: w, data: out };
}

/**
 * The same basis task by Cholesky QR on the float64 kernels (Yamamoto et al. 2015): G = AᵀA = L Lᵀ,
 * Q = A L⁻ᵀ, `passes` times (two passes, CholeskyQR2, give orthogonality to rounding while the
 * columns' condition number is below ~1e7). Three small products and a w x w Cholesky instead of
 * w² / 2 JavaScript dot products of length m. Falls back to Gram-Schmidt before init, and when G is
 * not numerically positive definite (a pivot below 1e-12 of the largest: rank deficiency).
 */
function orthonormalize(a: Matrix, passes: number): Matrix {
  if (!isInitialized()) return orthonormalColumns(a, passes);
  const w = a.cols;
  let q = a;
  for (let pass = 0; pass < passes; pass++) {
    let l: Matrix;
    try {
      l = choleskyDense({ rows: w, cols: w, data: gemmAtB(q, q) });
    } catch (error) {
      if (error instanceof LinalgError) return orthonormalColumns(a, passes);
      throw error;
    }
    let top = 0, bottom = Infinity;
    for (let j = 0; j < w; j++) {
      top = Math.max(top, l.data[j * w + j]!);
      bottom = Math.min(bottom, l.data[j * w + j]!);
    }
    if (!(bottom > 1e-12 * top)) return orthonormalColumns(a, passes);
    q = { rows: q.rows, cols: w, data: gemmABt(q, inverseDense(l)) };
  }
  return q;
}

/** The k leading singular triplets of A [m, n] (k <= min(m, n)). */
export function randomizedSvd(a: Matrix, k: number, options: { nOversamples: number; nIter: number | 'auto'; seed: number }): TruncatedSvd {
  const m = a.rows, n = a.cols;
  const width = Math.min(k + options.nOversamples, m, n);
  const nIter = options.nIter === 'auto' ? (k < 0.1 * Math.min(m, n) ? 7 : 4) : options.nIter;
  const rng = new Generator(options.seed);
  const omega = new Float64Array(n * width);
  for (let i = 0; i < omega.length; i++) omega[i] = rng.normal();
  // A is copied into wasm memory once for its 2 nIter + 2 products.
  const resident = new ResidentMatrix(a);
  try {
    let q: Matrix = orthonormalize({ rows: m, cols: width, data: resident.times({ rows: n, cols: width, data: omega }) }, 1);
    for (let it = 0; it < nIter; it++) {
      const z = orthonormalize({ rows: n, cols: width, data: resident.transposeTimes(q) }, 1);
      q = orthonormalize({ rows: m, cols: width, data: resident.times(z) }, it === nIter - 1 ? 2 : 1);
    }
    return finish(q, { rows: width, cols: n, data: resident.transposeTimes(q) }, m, n, k);
  } finally {
    resident.dispose();
  }
}

/** From the range basis Q [m, width] and Bᵀ = Aᵀ Q [n, width]: the k leading triplets of A. */
function finish(q: Matrix, bt: Matrix, m: number, n: number, k: number): TruncatedSvd {
  const width = q.cols;
  const bData = new Float64Array(width * n);
  for (let f = 0; f < n; f++) for (let j = 0; j < width; j++) bData[j * n + f] = bt.data[f * width + j]!;
  const b: Matrix = { rows: width, cols: n, data: bData };
  // B = Qᵀ A [width, n]; its SVD B = Ub S Vᵀ gives U = Q Ub.
  const svd = svdDense(b);
  const u = gemmAB(q, svd.u);
  const uk = new Float64Array(m * k), vt = new Float64Array(k * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) uk[i * k + j] = u[i * svd.u.cols + j]!;
  for (let j = 0; j < k; j++) for (let f = 0; f < n; f++) vt[j * n + f] = svd.v.data[f * svd.v.cols + j]!;
  return { u: { rows: m, cols: k, data: uk }, s: svd.s.slice(0, k), vt: { rows: k, cols: n, data: vt } };
}
