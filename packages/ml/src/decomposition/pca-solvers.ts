// The decompositions behind PCA, each returning every (or the k leading) right singular vector of
// the centred data with its squared singular value:
// - 'covariance_eigh': the scatter matrix Xcᵀ Xc [d, d] (@neurite/tensor's covariance: one triangle
//   on the float64 GEMM, or exactly in int16 lanes when the data are integers over one scale;
//   constant columns left out), then a symmetric eigendecomposition
//   (Householder + implicit QL in wasm). When n < d the Gram matrix Xc Xcᵀ [n, n] is decomposed
//   instead and V = Xcᵀ U S⁻¹. Squaring the data squares its condition number: singular
//   values below ~1e-8 of the largest lose their relative accuracy (scikit-learn accepts the same for
//   its covariance_eigh solver).
// - 'full': the thin SVD of Xc (one-sided Jacobi, @neurite/tensor's svdDense): exact but O(n d²) sweeps.
import { covariance, isInitialized, scope, svdDense, tensor, type Matrix } from '@neurite/tensor';
import { gemmABt, gemmAtB } from '../base/float64-gemm.ts';
import { symmetricEigen } from '../base/symmetric-eigen.ts';
import { scaledColumns } from '../neighbors/integer-scale.ts';

export interface SpectralResult {
  /** Squared singular values, descending (length min(n, d)). */
  squared: Float64Array;
  /** Right singular vectors as rows [min(n, d), d]. */
  vt: Float64Array;
}

/** Rows of `vt` past `from` that are zero become unit vectors orthogonal to the rows before them (Gram-Schmidt on e_j). */
function completeBasis(vt: Float64Array, rows: number, d: number, from: number): void {
  let candidate = 0;
  for (let r = from; r < rows; r++) {
    for (; candidate < d; candidate++) {
      const v = new Float64Array(d);
      v[candidate] = 1;
      for (let q = 0; q < r; q++) {
        const dot = vt[q * d + candidate]!;
        for (let f = 0; f < d; f++) v[f] -= dot * vt[q * d + f]!;
      }
      let norm = 0;
      for (let f = 0; f < d; f++) norm += v[f]! * v[f]!;
      if (norm > 1e-6) {
        norm = Math.sqrt(norm);
        for (let f = 0; f < d; f++) vt[r * d + f] = v[f]! / norm;
        candidate++;
        break;
      }
    }
  }
}

/**
 * 'covariance_eigh' for n >= d on the raw data X [n, d]: the scatter matrix of the columns that are
 * not constant ((X - mean)ᵀ (X - mean) on @neurite/tensor's covariance, which centres in panels and
 * computes one triangle), then its eigendecomposition. A constant column adds nothing but rounding
 * noise to the scatter matrix, so it is left out of both O(n d²) and O(d³) steps and contributes a
 * zero eigenvalue with its unit vector (last, as the smallest). `trace` is the scatter's trace
 * (n - 1 times the total variance).
 */
export function scatterEigh(x: Matrix): SpectralResult & { trace: number } {
  const n = x.rows, d = x.cols, data = x.data;
  const varying = new Uint8Array(d);
  let kept = 0;
  // Only the columns still constant are compared with row 0 (after a few rows, few of them).
  const constant = Int32Array.from({ length: d }, (_, f) => f);
  let left = d;
  for (let i = 1; i < n && left > 0; i++) {
    const row = i * d;
    let still = 0;
    for (let q = 0; q < left; q++) {
      const f = constant[q]!;
      if (data[row + f] !== data[f]) {
        varying[f] = 1;
        kept++;
      } else constant[still++] = f;
    }
    left = still;
  }
  const columns = Int32Array.from({ length: d }, (_, f) => f).filter((f) => varying[f] === 1);
  const values = new Float64Array(kept);
  let trace = 0;
  let vectors: Float64Array = new Float64Array(0);
  if (kept > 0) {
    const s = isInitialized() ? scatterOfColumns(data, n, d, columns) : scatterBeforeInit(compactColumns(data, n, d, columns), n, kept);
    for (let c = 0; c < kept; c++) trace += s[c * kept + c]!;
    const e = symmetricEigen(s, kept);
    values.set(e.values);
    vectors = e.vectors;
  }
  const squared = new Float64Array(d), vt = new Float64Array(d * d);
  for (let i = 0; i < kept; i++) {
    squared[i] = Math.max(values[i]!, 0);
    for (let c = 0; c < kept; c++) vt[i * d + columns[c]!] = vectors[i * kept + c]!;
  }
  let row = kept;
  for (let f = 0; f < d; f++) if (varying[f] === 0) vt[row++ * d + f] = 1;
  return { squared, vt, trace };
}

/** The given columns of X [n, d] as a contiguous float64 [n, columns] (X itself when every column is given). */
function compactColumns(data: Float64Array, n: number, d: number, columns: Int32Array): Float64Array {
  const kept = columns.length;
  if (kept === d) return data;
  const compact = new Float64Array(n * kept);
  for (let i = 0; i < n; i++) for (let c = 0; c < kept; c++) compact[i * kept + c] = data[i * d + columns[c]!]!;
  return compact;
}

/**
 * The scatter matrix [kept, kept] of the given columns on @neurite/tensor's covariance: when every
 * value is m / s for integers |m| <= 32767 and one scale s (pixels, MNIST's steps of 0.001), the
 * scatter of the integers m is computed exactly in int16 lanes and divided by s²; otherwise (or when
 * the kernel declines: (n max|m|)² >= 2^53) on the float64 data.
 */
function scatterOfColumns(data: Float64Array, n: number, d: number, columns: Int32Array): Float64Array {
  const kept = columns.length;
  const scaled = scaledColumns(data, n, d, columns);
  return scope(() => {
    const x = scaled === null ? tensor(compactColumns(data, n, d, columns), [n, kept], { dtype: 'float64' }) : tensor(scaled.values, [n, kept], { dtype: 'int32' });
    const s = Float64Array.from(covariance(x, n - 1).view());
    if (scaled !== null && scaled.scale !== 1) {
      const square = scaled.scale * scaled.scale;
      for (let i = 0; i < s.length; i++) s[i] = s[i]! / square;
    }
    return s;
  });
}

/** The scatter matrix before @neurite/tensor's init: the data centred here, then float64-gemm's TypeScript product. */
function scatterBeforeInit(x: Float64Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d), centred = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] = mean[f]! + x[i * d + f]!;
  for (let f = 0; f < d; f++) mean[f] = mean[f]! / n;
  for (let i = 0; i < n * d; i++) centred[i] = x[i]! - mean[i % d]!;
  const m = { rows: n, cols: d, data: centred };
  return gemmAtB(m, m);
}

/** 'covariance_eigh' for n < d: the Gram matrix Xc Xcᵀ [n, n] of the centred data, then V = Xcᵀ U S⁻¹. */
export function gramEigh(xc: Matrix): SpectralResult {
  const n = xc.rows, d = xc.cols, k = Math.min(n, d);
  const { values, vectors } = symmetricEigen(gemmABt(xc, xc), n);
  const squared = new Float64Array(k), vt = new Float64Array(k * d);
  const top = Math.max(values[0]!, 0);
  let rank = 0;
  for (let i = 0; i < k; i++) {
    squared[i] = Math.max(values[i]!, 0);
    if (squared[i]! <= top * 1e-20 || squared[i] === 0) continue;
    const s = Math.sqrt(squared[i]!);
    // v_i = Xcᵀ u_i / s_i
    for (let r = 0; r < n; r++) {
      const coefficient = vectors[i * n + r]! / s;
      if (coefficient === 0) continue;
      for (let f = 0; f < d; f++) vt[i * d + f] += coefficient * xc.data[r * d + f]!;
    }
    rank = i + 1;
  }
  completeBasis(vt, k, d, rank);
  return { squared, vt };
}

export function fullSvd(xc: Matrix): SpectralResult {
  const { s, v } = svdDense(xc);
  const d = xc.cols, k = s.length;
  const vt = new Float64Array(k * d);
  for (let i = 0; i < k; i++) for (let f = 0; f < d; f++) vt[i * d + f] = v.data[f * v.cols + i]!;
  return { squared: s.map((x) => x * x), vt };
}

/** scikit-learn's svd_flip(u_based_decision=False): the largest-magnitude entry of every row is made positive (first on ties). */
export function flipSigns(vt: Float64Array, rows: number, d: number, u?: Matrix): void {
  for (let r = 0; r < rows; r++) {
    let at = 0;
    for (let f = 1; f < d; f++) if (Math.abs(vt[r * d + f]!) > Math.abs(vt[r * d + at]!)) at = f;
    if (vt[r * d + at]! < 0) {
      for (let f = 0; f < d; f++) vt[r * d + f] = -vt[r * d + f]!;
      if (u) for (let i = 0; i < u.rows; i++) u.data[i * u.cols + r] = -u.data[i * u.cols + r]!;
    }
  }
}
