// Float64 matrix products and squared Euclidean distances for the clustering and decomposition
// estimators. When @neurite/tensor is initialized (`await init()`), the work runs on its float64
// GEMM kernel (one matmul per call, every tensor disposed before returning); otherwise a plain
// TypeScript loop with the same contract runs, so estimators work before init, only slower.
// Every function takes row-major Matrix values and returns a new row-major Float64Array.
import { isInitialized, matmul, scope, tensor, transpose, type Matrix } from '@neurite/tensor';

function useKernels(): boolean {
  return isInitialized();
}

/** A · Bᵀ for A [m, d] and B [n, d]: the [m, n] inner products of their rows. */
export function gemmABt(a: Matrix, b: Matrix): Float64Array {
  const m = a.rows, n = b.rows, d = a.cols;
  if (m === 0 || n === 0) return new Float64Array(m * n);
  if (useKernels() && d > 0) {
    return scope(() => {
      const ta = tensor(a.data, [m, d], { dtype: 'float64' });
      const tb = tensor(b.data, [n, d], { dtype: 'float64' });
      return Float64Array.from(matmul(ta, transpose(tb)).toArray());
    });
  }
  const out = new Float64Array(m * n);
  const ad = a.data, bd = b.data;
  for (let i = 0; i < m; i++) {
    const ai = i * d;
    for (let j = 0; j < n; j++) {
      const bj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += ad[ai + k]! * bd[bj + k]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Aᵀ · B for A [n, p] and B [n, q]: [p, q] (the scatter matrix when B = A). */
export function gemmAtB(a: Matrix, b: Matrix): Float64Array {
  const n = a.rows, p = a.cols, q = b.cols;
  if (p === 0 || q === 0) return new Float64Array(p * q);
  if (useKernels() && n > 0) {
    return scope(() => {
      const ta = tensor(a.data, [n, p], { dtype: 'float64' });
      const tb = a === b ? ta : tensor(b.data, [n, q], { dtype: 'float64' });
      return Float64Array.from(matmul(transpose(ta), tb).toArray());
    });
  }
  const out = new Float64Array(p * q);
  const ad = a.data, bd = b.data;
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < p; i++) {
      const v = ad[r * p + i]!;
      if (v === 0) continue;
      const oi = i * q, br = r * q;
      for (let j = 0; j < q; j++) out[oi + j] += v * bd[br + j]!;
    }
  }
  return out;
}

/** A · B for A [m, k] and B [k, n]. */
export function gemmAB(a: Matrix, b: Matrix): Float64Array {
  const m = a.rows, k = a.cols, n = b.cols;
  if (m === 0 || n === 0) return new Float64Array(m * n);
  if (useKernels() && k > 0) {
    return scope(() => {
      const ta = tensor(a.data, [m, k], { dtype: 'float64' });
      const tb = tensor(b.data, [k, n], { dtype: 'float64' });
      return Float64Array.from(matmul(ta, tb).toArray());
    });
  }
  const out = new Float64Array(m * n);
  const ad = a.data, bd = b.data;
  for (let i = 0; i < m; i++) {
    for (let r = 0; r < k; r++) {
      const v = ad[i * k + r]!;
      if (v === 0) continue;
      const oi = i * n, br = r * n;
      for (let j = 0; j < n; j++) out[oi + j] += v * bd[br + j]!;
    }
  }
  return out;
}

/** Squared Euclidean norm of every row. */
export function rowSquaredNorms(a: Matrix): Float64Array {
  const out = new Float64Array(a.rows);
  const d = a.cols, data = a.data;
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let k = i * d, end = k + d; k < end; k++) s += data[k]! * data[k]!;
    out[i] = s;
  }
  return out;
}

/**
 * Squared Euclidean distances [m, n] between the rows of A and B by the GEMM expansion
 * ||a||² - 2 a·b + ||b||² (clamped at 0: rounding can make it slightly negative). Pass the row
 * norms when they are already known. The expansion loses accuracy for nearly equal far-away rows,
 * as scikit-learn's euclidean_distances does; callers that need exact values recompute them.
 */
export function squaredDistances(a: Matrix, b: Matrix, aNorms?: Float64Array, bNorms?: Float64Array): Float64Array {
  const out = gemmABt(a, b);
  const an = aNorms ?? rowSquaredNorms(a), bn = bNorms ?? rowSquaredNorms(b);
  const n = b.rows;
  for (let i = 0; i < a.rows; i++) {
    const ai = an[i]!, row = i * n;
    for (let j = 0; j < n; j++) {
      const v = ai - 2 * out[row + j]! + bn[j]!;
      out[row + j] = v > 0 ? v : 0;
    }
  }
  return out;
}

/** The squared distance between row i of A and row j of B, computed directly. */
export function rowSquaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  const ai = i * d, bj = j * d;
  for (let k = 0; k < d; k++) {
    const t = a[ai + k]! - b[bj + k]!;
    s += t * t;
  }
  return s;
}
