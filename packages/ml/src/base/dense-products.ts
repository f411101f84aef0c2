// Dense float64 matrix products for the estimators: @neurite/tensor's float64 GEMM kernel when the
// tensor runtime is initialised (`await init()`), plain loops otherwise (same results to rounding).
// Matrices are row-major { rows, cols, data }. Every tensor made here is disposed before returning.
import { csrMatmul, isInitialized, matmul, type Matrix, rowDots, scope, tensor, type Tensor, transpose } from '@neurite/tensor';

/** Below this many multiply-adds the loops win over copying into wasm memory. */
const KERNEL_THRESHOLD = 1 << 15;

function useKernel(work: number): boolean {
  return work >= KERNEL_THRESHOLD && isInitialized();
}

function toTensor(m: Matrix): Tensor {
  return tensor(m.data, [m.rows, m.cols], { dtype: 'float64' });
}

/** A B^T for A (m x k) and B (n x k): m x n (the form of scores X W^T and of distance cross terms). */
export function multiplyTransposed(a: Matrix, b: Matrix): Matrix {
  const m = a.rows, n = b.rows, k = a.cols;
  if (useKernel(m * n * k)) {
    const data = scope(() => matmul(toTensor(a), transpose(toTensor(b))).toArray()) as Float64Array;
    return { rows: m, cols: n, data };
  }
  const out = new Float64Array(m * n), A = a.data, B = b.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * k + p]! * B[j * k + p]!;
      out[i * n + j] = s;
    }
  }
  return { rows: m, cols: n, data: out };
}

/** At most this share of stored (nonzero) values, ResidentMatrix multiplies in sparse form (CSR). */
const SPARSE_DENSITY = 1 / 3;

/** X in compressed sparse row form, as tensors: row starts, column of each nonzero, the nonzeros. */
interface SparseRows {
  indptr: Tensor;
  indices: Tensor;
  values: Tensor;
}

/**
 * A matrix X (n x d) used in many products during one fit (an iterative solver's design matrix),
 * copied into wasm memory once when the kernels are usable. With at most a third of its values
 * nonzero (pixels, counts) it is kept in compressed sparse row form and both products run on
 * tensor's csrMatmul, in proportion to the nonzeros; otherwise dense, on tensor's rowDots, which
 * reads the resident rows in place (matmul's GEMM packs X on every call: as long as the product
 * itself for k ~ 10), with X^T made once there on the first transposedTimes. Call dispose() when done.
 */
export class ResidentMatrix {
  readonly rows: number;
  readonly cols: number;
  private readonly host: Matrix;
  private device: Tensor | null = null;
  private transposed: Tensor | null = null;
  private sparse: SparseRows | null = null;

  constructor(x: Matrix) {
    this.host = x;
    this.rows = x.rows;
    this.cols = x.cols;
    if (!useKernel(x.rows * x.cols * 4) || x.cols === 0) return;
    let nonzeros = 0;
    for (let i = 0; i < x.data.length; i++) if (x.data[i] !== 0) nonzeros++;
    if (nonzeros <= SPARSE_DENSITY * x.data.length) this.sparse = toSparse(x, nonzeros);
    else this.device = toTensor(x);
  }

  /** X W^T for W (k x d): n x k, row-major. */
  timesTransposed(w: Float64Array, k: number): Float64Array {
    const n = this.rows, d = this.cols;
    if (this.sparse !== null) {
      const { indptr, indices, values } = this.sparse, wt = new Float64Array(d * k);
      for (let c = 0; c < k; c++) for (let p = 0; p < d; p++) wt[p * k + c] = w[c * d + p]!;
      return scope(() => csrMatmul(indptr, indices, values, tensor(wt, [d, k], { dtype: 'float64' }), { cols: d }).toArray()) as Float64Array;
    }
    if (this.device !== null) {
      const device = this.device;
      return scope(() => rowDots(device, tensor(w.subarray(0, k * d), [k, d], { dtype: 'float64' })).toArray()) as Float64Array;
    }
    const out = new Float64Array(n * k), X = this.host.data;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let p = 0; p < d; p++) s += X[i * d + p]! * w[c * d + p]!;
        out[i * k + c] = s;
      }
    }
    return out;
  }

  /** G^T X for G (n x k): k x d, row-major. */
  transposedTimes(g: Float64Array, k: number): Float64Array {
    const n = this.rows, d = this.cols;
    let product: Float64Array | null = null;
    if (this.sparse !== null) {
      const { indptr, indices, values } = this.sparse;
      product = scope(() => csrMatmul(indptr, indices, values, tensor(g.subarray(0, n * k), [n, k], { dtype: 'float64' }), { cols: d, transpose: true }).toArray()) as Float64Array;
    } else if (this.device !== null) {
      // the rows of X^T against those of G^T
      const xt = (this.transposed ??= this.transposeOnce()), gt = new Float64Array(k * n);
      for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) gt[c * n + i] = g[i * k + c]!;
      product = scope(() => rowDots(xt, tensor(gt, [k, n], { dtype: 'float64' })).toArray()) as Float64Array;
    }
    const out = new Float64Array(k * d);
    if (product !== null) {
      for (let p = 0; p < d; p++) for (let c = 0; c < k; c++) out[c * d + p] = product[p * k + c]!;
      return out;
    }
    const X = this.host.data;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const v = g[i * k + c]!;
        if (v === 0) continue;
        for (let p = 0; p < d; p++) out[c * d + p]! += v * X[i * d + p]!;
      }
    }
    return out;
  }

  private transposeOnce(): Tensor {
    const n = this.rows, d = this.cols, X = this.host.data, t = new Float64Array(d * n);
    for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) t[p * n + i] = X[i * d + p]!;
    return tensor(t, [d, n], { dtype: 'float64' });
  }

  dispose(): void {
    for (const t of [this.device, this.transposed, this.sparse?.indptr, this.sparse?.indices, this.sparse?.values]) t?.dispose();
    this.device = null;
    this.transposed = null;
    this.sparse = null;
  }
}

function toSparse(x: Matrix, nonzeros: number): SparseRows {
  const { rows: n, cols: d, data } = x, indptr = new Int32Array(n + 1), indices = new Int32Array(nonzeros), values = new Float64Array(nonzeros);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < d; p++) {
      const v = data[i * d + p]!;
      if (v === 0) continue;
      indices[at] = p;
      values[at++] = v;
    }
    indptr[i + 1] = at;
  }
  return {
    indptr: tensor(indptr, [n + 1], { dtype: 'int32' }),
    indices: tensor(indices, [nonzeros], { dtype: 'int32' }),
    values: tensor(values, [nonzeros], { dtype: 'float64' }),
  };
}
