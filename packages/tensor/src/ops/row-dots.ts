// rowDots(x, y) = x y^T: the dot product of every row of x [m, d] with every row of y [n, d], on the
// kernels' row-dots products, which read x in place instead of packing it as matmul's GEMM does:
// float64 for a tall x against a few rows (scores and gradients of a linear model over training
// rows kept in a tensor for a whole fit; with n ~ 10 it is about twice as fast as
// matmul(x, transpose(y))), and int32 as exact integer dot products in int16 lanes (distance
// screening of integer features), for |values| <= 32767 and d * max|x| * max|y| < 2^31 (an
// ArgumentError otherwise). Not recorded by autograd: a plain product for fitting code.
// withInt16Rows(x, fn): an int32 x held as int16 rows in wasm memory while fn runs (freed after it,
// also when it throws), for many int32 rowDots against the same rows (k-means' screen on every step):
// each reads half the bytes and narrows nothing.
import { packRowsInt16, type PackedInt16Rows, rowDots as rowDotsKernel, rowDotsInt16 } from '@neurite/kernels';
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { adoptPointer, checkTensor, type Tensor } from '../tensor.ts';

/** x [m, d] times y [n, d] transposed: [m, n], float64 or int32 (both of one dtype). */
export function rowDots(x: Tensor, y: Tensor): Tensor {
  const what = 'rowDots';
  checkTensor(x, `${what}: x`);
  checkTensor(y, `${what}: y`);
  if (x.dtype !== y.dtype || (x.dtype !== 'float64' && x.dtype !== 'int32')) {
    throw new DTypeError(`${what}: x and y must both be float64 or both int32, got ${x.dtype} and ${y.dtype} (use matmul for float32)`);
  }
  if (x.rank !== 2 || y.rank !== 2 || x.shape[1] !== y.shape[1]) {
    throw new ShapeError(`${what}: x and y must be [m, d] and [n, d], got [${x.shape}] and [${y.shape}]`);
  }
  const m = x.shape[0]!, n = y.shape[0]!, d = x.shape[1]!;
  const out = rowDotsKernel(runtimeUnchecked().backend, { dtype: x.dtype, m, n, d, x: x.storage.ptr, y: y.storage.ptr });
  return adoptPointer(out, [m, n], x.dtype);
}

/** Int32 rows held as int16 for the duration of a withInt16Rows call. */
export interface Int16Rows {
  readonly rows: number;
  readonly cols: number;
  /** rowDots(x, y) for the held x: [rows, n] int32, exact under rowDots' int32 bound (ArgumentError otherwise). */
  rowDots(y: Tensor): Tensor;
}

/**
 * Calls fn with x (int32 [m, d], every |value| <= 32767, else ArgumentError) held as int16 rows, and
 * frees them when fn returns or throws; the rows are not usable after that.
 */
export function withInt16Rows<T>(x: Tensor, fn: (rows: Int16Rows) => T): T {
  const what = 'withInt16Rows';
  checkTensor(x, `${what}: x`);
  if (x.dtype !== 'int32') throw new DTypeError(`${what}: x must be int32, got ${x.dtype}`);
  if (x.rank !== 2) throw new ShapeError(`${what}: x must be [m, d], got [${x.shape}]`);
  if (typeof fn !== 'function') throw new ArgumentError(`${what}: fn must be a function`);
  const m = x.shape[0]!, d = x.shape[1]!, backend = runtimeUnchecked().backend;
  let packed: PackedInt16Rows | undefined = packRowsInt16(backend, { m, d, x: x.storage.ptr });
  const rows: Int16Rows = {
    rows: m,
    cols: d,
    rowDots(y: Tensor): Tensor {
      if (packed === undefined) throw new ArgumentError(`${what}: the rows were freed when the call returned`);
      checkTensor(y, 'Int16Rows.rowDots: y');
      if (y.dtype !== 'int32' || y.rank !== 2 || y.shape[1] !== d) throw new ShapeError(`Int16Rows.rowDots: y must be int32 [n, ${d}], got ${y.dtype} [${y.shape}]`);
      const n = y.shape[0]!;
      return adoptPointer(rowDotsInt16(backend, { x: packed, n, y: y.storage.ptr }), [m, n], 'int32');
    },
  };
  try {
    return fn(rows);
  } finally {
    backend.heap.free(packed.ptr);
    packed = undefined;
  }
}
