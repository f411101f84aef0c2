// Checked wrapper of assembly/pairwise.ts: squared Euclidean distances between the rows of two
// matrices through one GEMM (kNN, k-means, kernel matrices), float32 or float64.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount } from './checks.ts';
import { type FloatDType, type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import { gemmWorkspace, leading, overlaps, span } from './gemm.ts';
import { pairwiseWorkspaceBytes } from './gemm-workspace.ts';

const PAIRWISE: KernelTable = kernelTable({ float32: 'pairwise_sqdist_f32', float64: 'pairwise_sqdist_f64' });

export interface PairwiseParams {
  /** Element type of x, y and out (default float32). */
  dtype?: FloatDType;
  /** Rows of x (and of out). */
  m: number;
  /** Rows of y (columns of out). */
  n: number;
  /** Features per row. */
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

/**
 * out[i, j] = ||x_i - y_j||^2, computed as max(||x_i||^2 + ||y_j||^2 - 2 x_i . y_j, 0) (norms summed
 * in float64): an absolute error of about eps (||x_i||^2 + ||y_j||^2), so near-duplicates may give 0.
 * Returns out. Empty m or n makes no kernel call; d = 0 gives zeros.
 */
export function pairwiseSquaredDistances(backend: Backend, p: PairwiseParams): number {
  const { info, name } = p.dtype === undefined ? PAIRWISE.float32! : resolveKernel(PAIRWISE, p.dtype, 'pairwiseSquaredDistances');
  const bytes = info.bytes, what = 'pairwiseSquaredDistances';
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
  const out = p.out ?? heap.alloc(countO * bytes);
  if (countO === 0) return out;
  let work: number;
  try {
    work = gemmWorkspace(backend, pairwiseWorkspaceBytes(bytes, m, n, d));
  } catch (error) {
    if (p.out === undefined) heap.free(out);
    throw error;
  }
  (backend.kernels[name] as unknown as RawKernel)(m, n, d, p.x, ldx, p.y, ldy, out, ldo, work);
  return out;
}
