// Checked wrapper of the scatter-matrix kernel (assembly/linalg-scatter.ts): C = (X - mean)^T (X - mean)
// of X's rows, computed on the upper triangle only (GEMM block rows from the diagonal) and mirrored.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount, freeOnFailure, outputsF32 } from './checks.ts';
import { type FloatDType, type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import { gemmWorkspace, leading, overlaps, span } from './gemm.ts';
import { gemmWorkspaceBytes } from './gemm-workspace.ts';

const SCATTER: KernelTable = kernelTable({ float32: 'scatter_f32', float64: 'scatter_f64' });

/** SCATTER_ROWS and SCATTER_TILE of assembly/linalg-scatter.ts. */
const ROWS = 256, TILE = 128;

export interface ScatterParams {
  dtype?: FloatDType;
  /** Observations (rows of X). */
  n: number;
  /** Features (columns of X; C is [d, d]). */
  d: number;
  /** X: [n, d] row-major, read in place. */
  x: number;
  /** Row stride of X in elements (default d). */
  ldx?: number;
  /** The column means out: d elements (allocated when absent; the caller frees it). NaN when n = 0. */
  mean?: number;
  /** C out: [d, d] contiguous (allocated when absent). Zero when n = 0. */
  c?: number;
}

/** The scatter matrix of X's rows about their mean (the covariance times n - 1), and the mean. */
export function scatterMatrix(backend: Backend, p: ScatterParams): { mean: number; c: number } {
  const what = 'scatterMatrix';
  const { info, name } = resolveKernel(SCATTER, p.dtype ?? 'float64', what);
  const bytes = info.bytes as 4 | 8;
  checkCount(p.n, `${what}: n`);
  checkCount(p.d, `${what}: d`);
  const n = p.n, d = p.d, ldx = leading(p.ldx, d, `${what}: ldx`);
  const countX = span(n, d, ldx), countC = d * d;
  checkCount(countX, `${what}: elements spanned by x`);
  checkCount(countC, `${what}: elements of c`);
  const heap = backend.heap;
  heap.checkRange(p.x, countX, bytes, () => `${what}: x (n x d, ldx ${ldx})`);
  if (p.mean !== undefined) {
    heap.checkRange(p.mean, d, bytes, () => `${what}: mean (d)`);
    if (overlaps(p.mean, d, p.x, countX, bytes)) throw new ShapeError(`${what}: mean overlaps x`);
  }
  if (p.c !== undefined) {
    heap.checkRange(p.c, countC, bytes, () => `${what}: c (d x d)`);
    if (overlaps(p.c, countC, p.x, countX, bytes)) throw new ShapeError(`${what}: c overlaps x`);
    if (p.mean !== undefined && overlaps(p.c, countC, p.mean, d, bytes)) throw new ShapeError(`${what}: c overlaps mean`);
  }
  const [mean, c] = outputsF32(backend, [[d, p.mean, `${what}: mean (d)`, bytes], [countC, p.c, `${what}: c (d x d)`, bytes]]);
  if (d > 0 && n === 0) {
    heap[bytes === 8 ? 'f64' : 'f32'](mean!, d).fill(NaN);
    heap[bytes === 8 ? 'f64' : 'f32'](c!, countC).fill(0);
  } else if (d > 0) {
    freeOnFailure(backend, [[mean!, p.mean], [c!, p.c]], () => {
      const work = heap.alloc(d * 8 + 2 * ROWS * d * bytes);
      try {
        const k = Math.min(n, ROWS);
        let most = 0;
        for (const rows of [TILE, 8, 4, 1]) most = Math.max(most, gemmWorkspaceBytes(bytes, Math.min(rows, d), d, k));
        (backend.kernels[name] as unknown as RawKernel)(n, d, p.x, ldx, mean!, c!, work, gemmWorkspace(backend, most));
      } finally {
        heap.free(work);
      }
    });
  }
  return { mean: mean!, c: c! };
}
