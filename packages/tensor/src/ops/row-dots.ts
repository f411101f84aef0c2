// rowDots(x, y) = x y^T: the dot product of every row of x [m, d] with every row of y [n, d], on the
// kernels' row-dots products, which read x in place instead of packing it as matmul's GEMM does:
// float64 for a tall x against a few rows (scores and gradients of a linear model over training
// rows kept in a tensor for a whole fit; with n ~ 10 it is about twice as fast as
// matmul(x, transpose(y))), and int32 as exact integer dot products in int16 lanes (distance
// screening of integer features), for |values| <= 32767 and d * max|x| * max|y| < 2^31 (an
// ArgumentError otherwise). Not recorded by autograd: a plain product for fitting code.
import { rowDots as rowDotsKernel } from '@neurite/kernels';
import { DTypeError, ShapeError } from '../errors.ts';
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
