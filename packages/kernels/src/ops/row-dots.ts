// Checked wrapper of assembly/row-dots-f64.ts and assembly/row-dots-i32.ts: the dot product of every
// row of X with every row of Y, out = X Y^T, read in place (no packing of X): float64 for a tall X
// against a few rows (a linear model's scores and gradients over resident training rows), int32 as
// exact integer products in int16 lanes (nearest-neighbour screening of integer features).
import type { Backend } from '../backend.ts';
import { ArgumentError } from '../errors.ts';
import { type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import { rowPairsOperands, type RowPairsParams } from './row-pairs.ts';

const ROW_DOTS: KernelTable = kernelTable({ float64: 'row_dots_f64', int32: 'row_dots_i32' });

export interface RowDotsParams extends RowPairsParams {
  /** Element type of x, y and out: float64, or int32 (exact; see rowDots). */
  dtype: 'float64' | 'int32';
}

/** STREAM_ROWS_Y of assembly/row-dots-i32.ts: up to this many rows of y, x is read in place (not packed). */
const STREAM_ROWS_Y = 16;

/** The largest |value| int32 rowDots accepts (int16 lanes). */
export const ROW_DOTS_INT_LIMIT = 32767;

/**
 * out[i, j] = x_i . y_j for i < m, j < n; returns out. float64: sums in f64x2 lanes, equal to a
 * sequential loop up to rounding. int32: exact, for values with |v| <= 32767 and d * max|x| * max|y|
 * < 2^31 (checked by the kernel while it packs the rows into int16; ArgumentError otherwise, with
 * out left as it was). Empty m or n makes no kernel call; d = 0 gives zeros.
 */
export function rowDots(backend: Backend, p: RowDotsParams): number {
  const what = 'rowDots';
  const { info, name } = resolveKernel(ROW_DOTS, p.dtype, what);
  const bytes = info.bytes, { m, n, d } = p;
  const { ldx, ldy, ldo, out, countO } = rowPairsOperands(backend, p, bytes, what);
  const heap = backend.heap;
  if (countO === 0) return out;
  const kernel = backend.kernels[name] as unknown as RawKernel;
  if (info.name === 'float64') {
    kernel(m, n, d, p.x, ldx, p.y, ldy, out, ldo);
    return out;
  }
  // int32: the rows packed as int16, d rounded up to 8 (y only, and an int32 result block, for few rows of y).
  let work: number;
  try {
    const dp = Math.ceil(d / 8) * 8;
    work = heap.alloc(Math.max(n <= STREAM_ROWS_Y ? Math.ceil(n / 4) * 4 * dp * 2 + m * n * 4 : (m + n) * dp * 2, 16));
  } catch (error) {
    if (p.out === undefined) heap.free(out);
    throw error;
  }
  const status = kernel(m, n, d, p.x, ldx, p.y, ldy, out, ldo, work);
  heap.free(work);
  if (status !== 0) {
    if (p.out === undefined) heap.free(out);
    throw new ArgumentError(`${what}: int32 products are exact only for |values| <= ${ROW_DOTS_INT_LIMIT} and d * max|x| * max|y| < 2^31 (d = ${d}); use float64`);
  }
  return out;
}
