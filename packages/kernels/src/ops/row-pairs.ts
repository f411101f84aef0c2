// The operands of the kernels that pair every row of X [m, d] with every row of Y [n, d] into
// out [m, n] (pairwise distances, row dots): sizes, strides, pointer ranges and overlap checked
// once, out allocated unless given.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount } from './checks.ts';
import { leading, overlaps, span } from './gemm.ts';

export interface RowPairsParams {
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

/** Validates p for elements of `bytes` bytes; returns the strides, out (allocated when absent) and its element count. */
export function rowPairsOperands(backend: Backend, p: RowPairsParams, bytes: number, what: string): { ldx: number; ldy: number; ldo: number; out: number; countO: number } {
  const { m, n, d } = p;
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
  return { ldx, ldy, ldo, out: p.out ?? heap.alloc(countO * bytes), countO };
}
