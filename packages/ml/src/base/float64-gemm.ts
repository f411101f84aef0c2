// Float64 matrix products and squared Euclidean distances for the clustering and decomposition
// estimators. When @neurite/tensor is initialized (`await init()`), the work runs on its float64
// GEMM kernel (one matmul per call, every tensor disposed before returning); otherwise a plain
// TypeScript loop with the same contract runs, so estimators work before init, only slower.
// Every function takes row-major Matrix values and returns a new row-major Float64Array.
import { indexSelect, isInitialized, matmul, rowDots, scope, tensor, transpose, type Matrix, type Tensor } from '@neurite/tensor';

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
      if (m >= n) return Float64Array.from(matmul(ta, transpose(tb)).toArray());
      // The larger operand goes first, untransposed (the kernel's fast layout); the small [n, m]
      // product is transposed here.
      const t = matmul(tb, transpose(ta)).toArray();
      const out = new Float64Array(m * n);
      for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) out[i * n + j] = t[j * m + i]!;
      return out;
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

/**
 * A matrix copied once into a float64 tensor, for fits that multiply the same data many times
 * (k-means iterations). Call dispose() when done (a finally block); without `await init()` it
 * holds no tensor and falls back to gemmABt.
 */
export class ResidentMatrix {
  private t?: Tensor;

  constructor(readonly matrix: Matrix) {
    if (useKernels() && matrix.rows > 0 && matrix.cols > 0) this.t = tensor(matrix.data, [matrix.rows, matrix.cols], { dtype: 'float64' });
  }

  /** this · Bᵀ [rows, b.rows]. */
  timesTransposed(b: Matrix): Float64Array {
    const t = this.t;
    if (t === undefined || b.rows === 0) return gemmABt(this.matrix, b);
    return scope(() => Float64Array.from(matmul(t, transpose(tensor(b.data, [b.rows, b.cols], { dtype: 'float64' }))).toArray()));
  }

  /** this · B [rows, b.cols] for B [cols, b.cols]. */
  times(b: Matrix): Float64Array {
    const t = this.t;
    if (t === undefined || b.cols === 0) return gemmAB(this.matrix, b);
    return scope(() => Float64Array.from(matmul(t, tensor(b.data, [b.rows, b.cols], { dtype: 'float64' })).toArray()));
  }

  /**
   * this · Bᵀ [rows, b.rows] for a few rows B [b.rows, cols] by the row-dots kernel (reads this in
   * place; matmul would pack it first): faster for a handful of rows, but its rounding is not
   * matmul's.
   */
  rowDots(b: Matrix): Float64Array {
    const t = this.t;
    if (t === undefined || b.rows === 0) return gemmABt(this.matrix, b);
    return scope(() => Float64Array.from(rowDots(t, tensor(b.data, [b.rows, b.cols], { dtype: 'float64' })).toArray()));
  }

  /**
   * rowDots for the rows `ids` only ([ids.length, b.rows]): the rows gathered in wasm memory
   * (indexSelect), then the row-dots kernel.
   */
  rowsRowDots(ids: Int32Array, b: Matrix): Float64Array {
    const t = this.t, d = this.matrix.cols;
    if (t === undefined || b.rows === 0 || ids.length === 0) {
      const gathered = new Float64Array(ids.length * d);
      for (let r = 0; r < ids.length; r++) gathered.set(this.matrix.data.subarray(ids[r]! * d, ids[r]! * d + d), r * d);
      return gemmABt({ rows: ids.length, cols: d, data: gathered }, b);
    }
    return scope(() => Float64Array.from(rowDots(
      indexSelect(t, 0, tensor(ids, [ids.length], { dtype: 'int32' })), tensor(b.data, [b.rows, b.cols], { dtype: 'float64' }),
    ).toArray()));
  }

  /**
   * thisᵀ · B [cols, b.cols] for B [rows, b.cols], computed as (Bᵀ · this)ᵀ so the kernel sees no
   * transposed operand (Bᵀ and the small result are transposed here).
   */
  transposeTimes(b: Matrix): Float64Array {
    const t = this.t, n = b.rows, q = b.cols, d = this.matrix.cols;
    if (t === undefined || q === 0) return gemmAtB(this.matrix, b);
    const bt = new Float64Array(q * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < q; j++) bt[j * n + i] = b.data[i * q + j]!;
    const product = scope(() => matmul(tensor(bt, [q, n], { dtype: 'float64' }), t).toArray());
    const out = new Float64Array(d * q);
    for (let j = 0; j < q; j++) for (let f = 0; f < d; f++) out[f * q + j] = product[j * d + f]!;
    return out;
  }

  /** Squared distances [rows, b.rows] to the rows of B (the expansion of squaredDistances). */
  squaredDistancesTo(b: Matrix, norms: Float64Array): Float64Array {
    const out = this.timesTransposed(b);
    const bn = rowSquaredNorms(b), n = b.rows;
    for (let i = 0; i < this.matrix.rows; i++) {
      const ai = norms[i]!, row = i * n;
      for (let j = 0; j < n; j++) {
        const v = ai - 2 * out[row + j]! + bn[j]!;
        out[row + j] = v > 0 ? v : 0;
      }
    }
    return out;
  }

  /**
   * Per-group row sums [groups, cols]: Mᵀ · this with M the one-hot [rows, groups] matrix of
   * `groups` (every label in [0, groups)), one GEMM on the resident copy.
   */
  sumRowsByGroup(groupOf: Int32Array, groups: number): Float64Array {
    const t = this.t, n = this.matrix.rows, d = this.matrix.cols;
    if (t === undefined) {
      const out = new Float64Array(groups * d), data = this.matrix.data;
      for (let i = 0; i < n; i++) {
        const base = groupOf[i]! * d, row = i * d;
        for (let f = 0; f < d; f++) out[base + f] += data[row + f]!;
      }
      return out;
    }
    const oneHot = new Float64Array(n * groups);
    for (let i = 0; i < n; i++) oneHot[i * groups + groupOf[i]!] = 1;
    return scope(() => Float64Array.from(matmul(transpose(tensor(oneHot, [n, groups], { dtype: 'float64' })), t).toArray()));
  }

  dispose(): void {
    this.t?.dispose();
    this.t = undefined;
  }
}
