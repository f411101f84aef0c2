// The decompositions behind PCA, each returning every (or the k leading) right singular vector of
// the centred data with its squared singular value:
// - 'covariance_eigh': the scatter matrix Xcᵀ Xc [d, d] on the float64 GEMM, then a symmetric
//   eigendecomposition (Householder + implicit QL). When n < d the Gram matrix Xc Xcᵀ [n, n] is
//   decomposed instead and V = Xcᵀ U S⁻¹. Squaring the data squares its condition number: singular
//   values below ~1e-8 of the largest lose their relative accuracy (scikit-learn accepts the same for
//   its covariance_eigh solver).
// - 'full': the thin SVD of Xc (one-sided Jacobi, @neurite/tensor's svdDense): exact but O(n d²) sweeps.
import { svdDense, type Matrix } from '@neurite/tensor';
import { gemmAB, gemmABt } from '../base/float64-gemm.ts';
import { symmetricEigen } from '../base/symmetric-eigen.ts';

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
 * The scatter matrix Xcᵀ Xc [d, d], as Xcᵀ (transposed here) times Xc: the float64 GEMM kernel runs
 * about a quarter faster without a transposed operand. Averaged with its transpose, so it is
 * exactly symmetric whatever order the kernel sums in.
 */
function scatter(xc: Matrix): Float64Array {
  const n = xc.rows, d = xc.cols, x = xc.data, xt = new Float64Array(d * n);
  for (let r = 0; r < n; r++) for (let f = 0; f < d; f++) xt[f * n + r] = x[r * d + f]!;
  const s = gemmAB({ rows: d, cols: n, data: xt }, xc);
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const v = (s[i * d + j]! + s[j * d + i]!) / 2;
      s[i * d + j] = s[j * d + i] = v;
    }
  }
  return s;
}

export function covarianceEigh(xc: Matrix): SpectralResult {
  const n = xc.rows, d = xc.cols, k = Math.min(n, d);
  if (n >= d) {
    const { values, vectors } = symmetricEigen(scatter(xc), d);
    const squared = new Float64Array(k);
    for (let i = 0; i < k; i++) squared[i] = Math.max(values[i]!, 0);
    return { squared, vt: vectors.slice(0, k * d) };
  }
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
