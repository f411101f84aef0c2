// Checked wrappers of assembly/row-dots-i16.ts: int32 rows packed once as int16 (packRowsInt16), then
// exact row dots of them with other int32 rows (rowDotsInt16) as often as needed, each reading half
// the bytes of int32 rowDots and narrowing nothing.
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkCount } from './checks.ts';
import { leading, overlaps, span } from './gemm.ts';
import { ROW_DOTS_INT_LIMIT } from './row-dots.ts';

/** int32 rows packed as int16 rows of d rounded up to 8 (zero padded), in the backend's heap. */
export interface PackedInt16Rows {
  /** The packed rows: m * roundUp8(d) int16 values; free with backend.heap.free. */
  ptr: number;
  m: number;
  d: number;
  /** max |value|. */
  top: number;
}

export interface PackRowsInt16Params {
  m: number;
  d: number;
  /** X: [m, d] int32, row stride ldx (default d). */
  x: number;
  ldx?: number;
}

/** Int16 values per packed row. */
function packedWidth(d: number): number {
  return Math.ceil(d / 8) * 8;
}

/** Packs X [m, d] int32 into int16 rows; ArgumentError (nothing left allocated) when a |value| exceeds 32767. */
export function packRowsInt16(backend: Backend, p: PackRowsInt16Params): PackedInt16Rows {
  const what = 'packRowsInt16';
  checkCount(p.m, `${what}: m`);
  checkCount(p.d, `${what}: d`);
  const { m, d } = p, ldx = leading(p.ldx, d, `${what}: ldx`), count = span(m, d, ldx);
  checkCount(count, `${what}: elements spanned by x`);
  const heap = backend.heap;
  heap.checkRange(p.x, count, 4, () => `${what}: x (m x d, ldx ${ldx})`);
  const ptr = heap.alloc(Math.max(m * packedWidth(d) * 2, 16));
  const top = m * d === 0 ? 0 : (backend.kernels.pack_rows_i16(m, d, p.x, ldx, ptr) as number);
  if (top > ROW_DOTS_INT_LIMIT) {
    heap.free(ptr);
    throw new ArgumentError(`${what}: int16 rows need |values| <= ${ROW_DOTS_INT_LIMIT}`);
  }
  return { ptr, m, d, top };
}

export interface RowDotsInt16Params {
  /** Rows packed by packRowsInt16 (m and d taken from it). */
  x: PackedInt16Rows;
  /** Rows of y. */
  n: number;
  /** Y: [n, d] int32, row stride ldy (default d). */
  y: number;
  ldy?: number;
  /** Out: [m, n] int32, row stride ldo (default n); allocated when absent. Must not overlap the packed rows or y. */
  out?: number;
  ldo?: number;
}

/**
 * out[i, j] = x_i . y_j exactly (int32 rowDots' contract): ArgumentError, out unchanged, unless every
 * |y| <= 32767 and d * max|x| * max|y| < 2^31. Empty m or n makes no kernel call.
 */
export function rowDotsInt16(backend: Backend, p: RowDotsInt16Params): number {
  const what = 'rowDotsInt16';
  const { m, d, ptr, top } = p.x;
  checkCount(p.n, `${what}: n`);
  const n = p.n, ldy = leading(p.ldy, d, `${what}: ldy`), ldo = leading(p.ldo, n, `${what}: ldo`);
  const countY = span(n, d, ldy), countO = span(m, n, ldo), packed = m * packedWidth(d) * 2;
  checkCount(countY, `${what}: elements spanned by y`);
  checkCount(countO, `${what}: elements spanned by out`);
  const heap = backend.heap;
  heap.checkRange(ptr, Math.ceil(packed / 4), 4, () => `${what}: the packed rows`);
  heap.checkRange(p.y, countY, 4, () => `${what}: y (n x d, ldy ${ldy})`);
  if (p.out !== undefined) {
    heap.checkRange(p.out, countO, 4, () => `${what}: out (m x n, ldo ${ldo})`);
    if (overlaps(p.out, countO, p.y, countY, 4) || overlaps(p.out, countO * 4, ptr, packed, 1)) throw new ShapeError(`${what}: out overlaps y or the packed rows`);
  }
  const out = p.out ?? heap.alloc(countO * 4);
  if (countO === 0) return out;
  let work: number;
  try {
    work = heap.alloc(Math.max(n * packedWidth(d) * 2, 16));
  } catch (error) {
    if (p.out === undefined) heap.free(out);
    throw error;
  }
  const status = backend.kernels.row_dots_i16(m, n, d, ptr, top, p.y, ldy, out, ldo, work) as number;
  heap.free(work);
  if (status !== 0) {
    if (p.out === undefined) heap.free(out);
    throw new ArgumentError(`${what}: int32 products are exact only for |values| <= ${ROW_DOTS_INT_LIMIT} and d * max|x| * max|y| < 2^31 (d = ${d}); use float64`);
  }
  return out;
}
