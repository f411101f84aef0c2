// Checked wrapper of assembly/pairwise.ts: squared Euclidean distances between the rows of two
// matrices through one GEMM (kNN, k-means, kernel matrices), float32 or float64.
import type { Backend } from '../backend.ts';
import { type FloatDType, type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import { gemmWorkspace } from './gemm.ts';
import { pairwiseWorkspaceBytes } from './gemm-workspace.ts';
import { rowPairsOperands, type RowPairsParams } from './row-pairs.ts';

const PAIRWISE: KernelTable = kernelTable({ float32: 'pairwise_sqdist_f32', float64: 'pairwise_sqdist_f64' });

export interface PairwiseParams extends RowPairsParams {
  /** Element type of x, y and out (default float32). */
  dtype?: FloatDType;
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
  const { ldx, ldy, ldo, out, countO } = rowPairsOperands(backend, p, bytes, what);
  const heap = backend.heap;
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
