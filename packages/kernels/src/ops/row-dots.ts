// Checked wrapper of assembly/row-dots-f64.ts and assembly/row-dots-i32.ts: the dot product of every
// row of X with every row of Y, out = X Y^T, read in place (no packing of X): float64 for a tall X
// against a few rows (a linear model's scores and gradients over resident training rows), int32 as
// exact integer products in int16 lanes (nearest-neighbour screening of integer features).
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkCount } from './checks.ts';
import { type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import { leading, overlaps, span } from './gemm.ts';

const ROW_DOTS: KernelTable = kernelTable({ float64: 'row_dots_f64', int32: 'row_dots_i32' });

export interface RowDotsParams {
  /** Element type of x, y and out: float64, or int32 (exact; see rowDots). */
  dtype: 'float64' | 'int32';
  /** Rows of x (and of out). */
  m: number;
  /** Rows of y (columns of out). */
  n: number;
  /** Values per row. */
  d: number;
  /** X: [m, d] row-major with row stride ldx. */
  x: number;
  /** Y: [n, d] row-major with row stride ldy. */
  y: number;
  /** Out: [m, n] with row stride ldo; allocated (and returned) when absent. Must not overlap x or y. */
  out?: number;
  /** Row strides in elements (defaults: d, d and n). */
  ldx?: number;
  ldy?: number;
  ldo?: number;
}

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
  checkCount(m, `${what}: m`);
  checkCount(n, `${what}: n`);
  checkCount(d, `${what}: d`);
  const ldx = leading(p.ldx, d, `${what}: ldx`);
  const ldy = leading(p.ldy, d, `${what}: ldy`);
  const ldo = leading(p.ldo, n, `${what}: ldo`);
  const countX = span(m, d, ldx), countY = span(n, d, ldy), countO = span(m, n, ldo);
  checkCount(countX, `${what}: elements spanned by x`);
  checkCount(countY, `${what}: elements spanned by y`);
  checkCount(countO, `${what}: elements spanned by out`);
  const heap = backend.heap;
  heap.checkRange(p.x, countX, bytes, () => `${what}: x (m x d, ldx ${ldx})`);
  heap.checkRange(p.y, countY, bytes, () => `${what}: y (n x d, ldy ${ldy})`);
  if (p.out !== undefined) {
    heap.checkRange(p.out, countO, bytes, () => `${what}: out (m x n, ldo ${ldo})`);
    if (overlaps(p.out, countO, p.x, countX, bytes)) throw new ShapeError(`${what}: out overlaps x; the output must be a separate block`);
    if (overlaps(p.out, countO, p.y, countY, bytes)) throw new ShapeError(`${what}: out overlaps y; the output must be a separate block`);
  }
  const out = p.out ?? heap.alloc(countO * bytes);
  if (countO === 0) return out;
  const kernel = backend.kernels[name] as unknown as RawKernel;
  if (info.name === 'float64') {
    kernel(m, n, d, p.x, ldx, p.y, ldy, out, ldo);
    return out;
  }
  // int32: the rows packed as int16, d rounded up to 8.
  let work: number;
  try {
    work = heap.alloc(Math.max((m + n) * (Math.ceil(d / 8) * 8) * 2, 16));
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
