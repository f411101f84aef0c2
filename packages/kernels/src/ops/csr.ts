// Checked wrapper of assembly/csr-f64.ts: a sparse float64 matrix in compressed sparse row form
// times a dense one (A B or A^T B), the products of linear models over sparse training rows.
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkCount } from './checks.ts';
import { overlaps } from './gemm.ts';

export interface CsrMatmulParams {
  /** false: out [m, k] = A B with B [d, k]; true: out [d, k] = A^T B with B [m, k]. */
  transpose: boolean;
  /** Rows and columns of A. */
  m: number;
  d: number;
  /** Columns of B and out. */
  k: number;
  /** m + 1 int32 row starts, non-decreasing from 0; indptr[m] is the number of stored values. */
  indptr: number;
  /** The int32 column of each stored value, in [0, d). */
  indices: number;
  /** The float64 stored values. */
  values: number;
  /** B, row-major float64. */
  b: number;
  /** Out, row-major float64; allocated (and returned) when absent. Must not overlap the other operands. */
  out?: number;
}

/**
 * out = A B or A^T B for A [m, d] in CSR form (float64); returns out. indptr is read and checked
 * here, every column index by the kernel before it writes (ArgumentError, out unchanged).
 */
export function csrMatmul(backend: Backend, p: CsrMatmulParams): number {
  const what = 'csrMatmul', { m, d, k } = p, heap = backend.heap;
  checkCount(m, `${what}: m`);
  checkCount(d, `${what}: d`);
  checkCount(k, `${what}: k`);
  heap.checkRange(p.indptr, m + 1, 4, `${what}: indptr (m + 1 int32)`);
  const ptr = heap.i32(p.indptr, m + 1);
  if (ptr[0] !== 0) throw new ArgumentError(`${what}: indptr must start at 0, got ${ptr[0]}`);
  for (let i = 0; i < m; i++) if (ptr[i + 1]! < ptr[i]!) throw new ArgumentError(`${what}: indptr must be non-decreasing, got ${ptr[i]} then ${ptr[i + 1]} at row ${i}`);
  const nnz = ptr[m]!;
  const rowsB = p.transpose ? m : d, rowsOut = p.transpose ? d : m;
  checkCount(rowsB * k, `${what}: elements of b`);
  checkCount(rowsOut * k, `${what}: elements of out`);
  heap.checkRange(p.indices, nnz, 4, `${what}: indices (${nnz} int32)`);
  heap.checkRange(p.values, nnz, 8, `${what}: values (${nnz} float64)`);
  heap.checkRange(p.b, rowsB * k, 8, `${what}: b (${rowsB} x ${k})`);
  const countOut = rowsOut * k;
  if (p.out !== undefined) {
    heap.checkRange(p.out, countOut, 8, `${what}: out (${rowsOut} x ${k})`);
    for (const [ptrOf, count, bytes, name] of [[p.indptr, m + 1, 4, 'indptr'], [p.indices, nnz, 4, 'indices'], [p.values, nnz, 8, 'values'], [p.b, rowsB * k, 8, 'b']] as const) {
      if (overlaps(p.out, countOut * 8, ptrOf, count * bytes, 1)) throw new ShapeError(`${what}: out overlaps ${name}; the output must be a separate block`);
    }
  }
  const out = p.out ?? heap.alloc(countOut * 8);
  if (countOut === 0) return out;
  const status = backend.kernels.csr_matmul_f64(p.transpose ? 1 : 0, m, d, k, p.indptr, p.indices, p.values, p.b, out);
  if (status !== 0) {
    if (p.out === undefined) heap.free(out);
    throw new ArgumentError(`${what}: a column index is outside [0, ${d})`);
  }
  return out;
}
