// Compressed sparse rows (CSR), the layout of scipy.sparse.csr_array: row i holds the entries
// indices[indptr[i] .. indptr[i + 1]) (column numbers, ascending within a row) with values in the
// same positions of data. Explicit zeros may be stored (a hashing collision that cancels).
import { ArgumentError, type Matrix, ShapeError } from '@neurite/tensor';

export interface CsrMatrix {
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
  shape: [number, number];
}

/** The largest dense matrix toDense builds (elements); beyond it, use the sparse form. */
export const MAX_DENSE_ELEMENTS = 0x7fffffff;

/** Checks the CSR invariants: indptr of length rows + 1, non-decreasing from 0 to nnz, indices in [0, cols). */
export function checkCsr(m: CsrMatrix, what: string): void {
  if (m === null || typeof m !== 'object' || !(m.indptr instanceof Int32Array) || !(m.indices instanceof Int32Array) || !(m.data instanceof Float64Array) || !Array.isArray(m.shape)) {
    throw new ArgumentError(`${what}: expected a CsrMatrix { indptr: Int32Array, indices: Int32Array, data: Float64Array, shape: [rows, cols] }`);
  }
  const [rows, cols] = m.shape;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) throw new ShapeError(`${what}: shape must be two non-negative integers, got [${m.shape.join(', ')}]`);
  if (m.indptr.length !== rows + 1) throw new ShapeError(`${what}: indptr has ${m.indptr.length} entries, expected rows + 1 = ${rows + 1}`);
  const nnz = m.indices.length;
  if (m.data.length !== nnz) throw new ShapeError(`${what}: ${nnz} indices but ${m.data.length} values`);
  if (m.indptr[0] !== 0 || m.indptr[rows] !== nnz) throw new ShapeError(`${what}: indptr must run from 0 to ${nnz}`);
  for (let i = 0; i < rows; i++) if (m.indptr[i + 1]! < m.indptr[i]!) throw new ShapeError(`${what}: indptr decreases at row ${i}`);
  for (let k = 0; k < nnz; k++) if (m.indices[k]! < 0 || m.indices[k]! >= cols) throw new ShapeError(`${what}: index ${m.indices[k]} at position ${k} is outside [0, ${cols})`);
}

/** The dense row-major matrix of a CSR matrix (duplicate entries, if any, are summed). */
export function toDense(m: CsrMatrix): Matrix {
  checkCsr(m, 'toDense');
  const [rows, cols] = m.shape;
  if (rows * cols > MAX_DENSE_ELEMENTS) throw new ShapeError(`toDense: a ${rows}x${cols} dense matrix has more than ${MAX_DENSE_ELEMENTS} elements; keep the sparse form (or use fewer features)`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = m.indptr[i]!; k < m.indptr[i + 1]!; k++) data[i * cols + m.indices[k]!]! += m.data[k]!;
  }
  return { rows, cols, data };
}

/** Scales each row of `m` in place to unit l2 or l1 norm ('none' leaves it); rows of norm 0 stay 0. */
export function normalizeRows(m: CsrMatrix, norm: 'l2' | 'l1' | 'none'): void {
  if (norm === 'none') return;
  for (let i = 0; i < m.shape[0]; i++) {
    const start = m.indptr[i]!, end = m.indptr[i + 1]!;
    let total = 0;
    if (norm === 'l2') {
      for (let k = start; k < end; k++) total += m.data[k]! * m.data[k]!;
      total = Math.sqrt(total);
    } else for (let k = start; k < end; k++) total += Math.abs(m.data[k]!);
    if (total === 0) continue;
    for (let k = start; k < end; k++) m.data[k]! /= total;
  }
}
