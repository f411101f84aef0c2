// Kernel functions of the SVMs (libsvm's and scikit-learn's definitions) and a block evaluator that
// computes K(a_r, b_c) for a block of query rows against a fixed set of rows B from their dot
// products: one float64 GEMM from @neurite/tensor when its backend is initialised (`await init()`),
// a plain loop otherwise. Results are the same either way up to rounding. Columns that are zero in
// every row of B add nothing to a dot product, so B and the query rows drop them first (exact; MNIST
// digits of one class leave a fifth to a third of the pixels at zero).
//   linear   K = <a, b>
//   poly     K = (gamma <a, b> + coef0)^degree        (integer degree, by repeated squaring)
//   rbf      K = exp(-gamma ||a - b||^2), ||a - b||^2 = ||a||^2 + ||b||^2 - 2 <a, b>, clamped at 0
//   sigmoid  K = tanh(gamma <a, b> + coef0)
import { isInitialized, linear, type Matrix, tensor, type Tensor } from '@neurite/tensor';

export type KernelName = 'linear' | 'poly' | 'rbf' | 'sigmoid';
export const KERNELS: readonly KernelName[] = ['linear', 'poly', 'rbf', 'sigmoid'];

export interface KernelSpec {
  kernel: KernelName;
  gamma: number;
  coef0: number;
  degree: number;
}

/**
 * scikit-learn's gamma: 'scale' is 1 / (features * variance of every value of X) (1 when that
 * variance is 0), 'auto' is 1 / features, a number is itself.
 */
export function resolveGamma(gamma: 'scale' | 'auto' | number, X: Matrix): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.cols;
  const d = X.data;
  let mean = 0;
  for (let i = 0; i < d.length; i++) mean += d[i]!;
  mean /= d.length;
  let v = 0;
  for (let i = 0; i < d.length; i++) v += (d[i]! - mean) * (d[i]! - mean);
  v /= d.length;
  return v !== 0 ? 1 / (X.cols * v) : 1;
}

/** x^n for a non-negative integer n by repeated squaring (libsvm's powi). */
export function powi(x: number, n: number): number {
  let result = 1;
  let base = x;
  for (let t = n; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) result *= base;
    base *= base;
  }
  return result;
}

/** Squared norms of the rows of a row-major block. */
export function rowSquaredNorms(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const o = r * cols;
    for (let c = 0; c < cols; c++) s += data[o + c]! * data[o + c]!;
    out[r] = s;
  }
  return out;
}

/** K of one pair from the dot product and the two squared norms. */
export function kernelValue(spec: KernelSpec, dot: number, normA: number, normB: number): number {
  switch (spec.kernel) {
    case 'linear':
      return dot;
    case 'poly':
      return powi(spec.gamma * dot + spec.coef0, spec.degree);
    case 'rbf':
      return Math.exp(-spec.gamma * Math.max(0, normA + normB - 2 * dot));
    default:
      return Math.tanh(spec.gamma * dot + spec.coef0);
  }
}

/**
 * K(a_r, b_c) for query rows a_r against the n rows of B (row-major, `cols` values each). Holds
 * a float64 tensor copy of B while the tensor backend is initialised; call dispose() when done.
 */
export class KernelEvaluator {
  readonly rows: number;
  readonly cols: number;
  /** B restricted to its non-zero columns, and which columns those are (null: all of them). */
  private readonly data: Float64Array;
  private readonly kept: Int32Array | null;
  private readonly width: number;
  private compactBuffer = new Float64Array(0);
  private readonly norms: Float64Array;
  private bTensor: Tensor | null = null;

  constructor(
    readonly spec: KernelSpec,
    data: Float64Array,
    rows: number,
    cols: number,
  ) {
    this.rows = rows;
    this.cols = cols;
    this.norms = rowSquaredNorms(data, rows, cols);
    const used = new Uint8Array(cols);
    for (let i = 0; i < data.length; i++) if (data[i] !== 0) used[i % cols] = 1;
    const kept: number[] = [];
    for (let c = 0; c < cols; c++) if (used[c]) kept.push(c);
    if (kept.length < cols) {
      this.kept = Int32Array.from(kept);
      this.width = kept.length;
      this.data = this.compact(data, 0, rows, new Float64Array(rows * kept.length));
    } else {
      this.kept = null;
      this.width = cols;
      this.data = data;
    }
    if (isInitialized() && rows > 0 && this.width > 0) this.bTensor = tensor(this.data, [rows, this.width], { dtype: 'float64' });
  }

  /**
   * out[outOffset + r * rows + c] = K(a_r, b_c) for the `count` rows of `a` (row-major, `cols`
   * values each, starting at row `first`) whose squared norms are `normsA[first + r]`.
   */
  compute(a: Float64Array, first: number, count: number, normsA: Float64Array, out: Float32Array | Float64Array, outOffset = 0): void {
    const n = this.rows;
    if (count === 0 || n === 0) return;
    const dots = this.dots(a, first, count);
    const spec = this.spec;
    for (let r = 0; r < count; r++) {
      const na = normsA[first + r]!;
      const o = outOffset + r * n, od = r * n;
      if (spec.kernel === 'rbf') {
        const g = -spec.gamma, norms = this.norms;
        for (let c = 0; c < n; c++) {
          const dist = na + norms[c]! - 2 * dots[od + c]!;
          out[o + c] = Math.exp(g * (dist > 0 ? dist : 0));
        }
      } else if (spec.kernel === 'linear') {
        for (let c = 0; c < n; c++) out[o + c] = dots[od + c]!;
      } else {
        for (let c = 0; c < n; c++) out[o + c] = kernelValue(spec, dots[od + c]!, na, 0);
      }
    }
  }

  /** Rows [first, first + count) of `a` (full width) restricted to the kept columns, into `out`. */
  private compact(a: Float64Array, first: number, count: number, out: Float64Array): Float64Array {
    const kept = this.kept!, w = kept.length, d = this.cols;
    for (let r = 0; r < count; r++) {
      const o = (first + r) * d;
      for (let c = 0; c < w; c++) out[r * w + c] = a[o + kept[c]!]!;
    }
    return out;
  }

  /** Dot products [count, rows] of the query rows with B. */
  private dots(a: Float64Array, first: number, count: number): Float64Array {
    const n = this.rows, d = this.width;
    if (d === 0) return new Float64Array(count * n);
    let rowsA: Float64Array;
    if (this.kept !== null) {
      if (this.compactBuffer.length < count * d) this.compactBuffer = new Float64Array(count * d);
      rowsA = this.compact(a, first, count, this.compactBuffer).subarray(0, count * d);
    } else rowsA = a.subarray(first * d, (first + count) * d);
    if (this.bTensor !== null && isInitialized() && !this.bTensor.isDisposed) {
      const q = tensor(rowsA, [count, d], { dtype: 'float64' });
      try {
        const product = linear(q, this.bTensor, null, { weightLayout: 'oi' });
        try {
          return product.toArray() as Float64Array;
        } finally {
          product.dispose();
        }
      } finally {
        q.dispose();
      }
    }
    const out = new Float64Array(count * n);
    const b = this.data;
    for (let r = 0; r < count; r++) {
      const ao = r * d;
      for (let c = 0; c < n; c++) {
        const bo = c * d;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
        for (; k + 3 < d; k += 4) {
          s0 += rowsA[ao + k]! * b[bo + k]!;
          s1 += rowsA[ao + k + 1]! * b[bo + k + 1]!;
          s2 += rowsA[ao + k + 2]! * b[bo + k + 2]!;
          s3 += rowsA[ao + k + 3]! * b[bo + k + 3]!;
        }
        for (; k < d; k++) s0 += rowsA[ao + k]! * b[bo + k]!;
        out[r * n + c] = s0 + s1 + (s2 + s3);
      }
    }
    return out;
  }

  dispose(): void {
    this.bTensor?.dispose();
    this.bTensor = null;
  }
}
