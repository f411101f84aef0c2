// csrMatmul: a sparse float64 matrix A [m, cols] in compressed sparse row form (SciPy's csr_matrix
// arrays: indptr int32 [m + 1], indices int32 [nnz], values float64 [nnz]) times a dense float64
// matrix, A B ([m, k] for B [cols, k]) or with `transpose` A^T B ([cols, k] for B [m, k]), on the
// kernels' CSR product: the work is the stored values times k, not m cols k (the scores and
// gradients of a linear model over sparse rows: pixels, bags of words). Not recorded by autograd.
import { csrMatmul as csrKernel } from '@neurite/kernels';
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { adoptPointer, checkTensor, type Tensor } from '../tensor.ts';
import { checkFlag, checkInteger, optionsOf } from '../validate.ts';

export interface CsrMatmulOptions {
  /** Columns of A. */
  cols: number;
  /** A^T B instead of A B (default false). */
  transpose?: boolean;
}

export function csrMatmul(indptr: Tensor, indices: Tensor, values: Tensor, b: Tensor, options: CsrMatmulOptions): Tensor {
  const what = 'csrMatmul';
  for (const [t, name] of [[indptr, 'indptr'], [indices, 'indices'], [values, 'values'], [b, 'b']] as const) checkTensor(t, `${what}: ${name}`);
  const o = optionsOf(options, what);
  if (options === undefined) throw new ArgumentError(`${what}: options { cols } are required`);
  const cols = checkInteger(o.cols, `${what}: cols`, 0, 0x7fffffff), transpose = checkFlag(o.transpose, false, `${what}: transpose`);
  if (indptr.dtype !== 'int32' || indices.dtype !== 'int32' || values.dtype !== 'float64' || b.dtype !== 'float64') {
    throw new DTypeError(`${what}: expected int32 indptr and indices, float64 values and b, got ${indptr.dtype}, ${indices.dtype}, ${values.dtype} and ${b.dtype}`);
  }
  if (indptr.rank !== 1 || indptr.size < 1 || indices.rank !== 1 || values.rank !== 1 || indices.size !== values.size || b.rank !== 2) {
    throw new ShapeError(`${what}: expected indptr [m + 1], indices and values [nnz], b [rows, k], got [${indptr.shape}], [${indices.shape}], [${values.shape}] and [${b.shape}]`);
  }
  const m = indptr.size - 1, k = b.shape[1]!;
  if (b.shape[0] !== (transpose ? m : cols)) throw new ShapeError(`${what}: b must have ${transpose ? `m = ${m}` : `cols = ${cols}`} rows, got [${b.shape}]`);
  const last = (indptr.toArray() as Int32Array)[m]!;
  if (last !== indices.size) throw new ShapeError(`${what}: indptr ends at ${last}, but there are ${indices.size} stored values`);
  const out = csrKernel(runtimeUnchecked().backend, {
    transpose, m, d: cols, k, indptr: indptr.storage.ptr, indices: indices.storage.ptr, values: values.storage.ptr, b: b.storage.ptr,
  });
  return adoptPointer(out, [transpose ? cols : m, k], 'float64');
}
