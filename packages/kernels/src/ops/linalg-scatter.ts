// Checked wrappers of the scatter-matrix kernels: C = (X - mean)^T (X - mean) of X's rows, computed on
// the upper triangle only and mirrored; float32 / float64 on GEMM block rows from the diagonal
// (assembly/linalg-scatter.ts), int32 exactly in int16 lanes (assembly/linalg-scatter-i32.ts).
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount, freeOnFailure, outputsF32 } from './checks.ts';
import { type FloatDType, type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import { gemmWorkspace, leading, overlaps, span } from './gemm.ts';
import { gemmWorkspaceBytes } from './gemm-workspace.ts';

const SCATTER: KernelTable = kernelTable({ float32: 'scatter_f32', float64: 'scatter_f64' });

/** SCATTER_ROWS and SCATTER_TILE of assembly/linalg-scatter.ts. */
const ROWS = 256, TILE = 192;
/** SCATTER_I32_CHUNK and SCATTER_I32_TILE of assembly/linalg-scatter-i32.ts. */
const CHUNK_I32 = 2048, TILE_I32 = 64;

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

/** Checks n, d, x and the optional outputs (elements of `bytes` in x, float64 or `bytes` out); returns ldx. */
function scatterOperands(backend: Backend, p: ScatterParams, bytes: number, outBytes: number, what: string): number {
  checkCount(p.n, `${what}: n`);
  checkCount(p.d, `${what}: d`);
  const n = p.n, d = p.d, ldx = leading(p.ldx, d, `${what}: ldx`);
  const countX = span(n, d, ldx), countC = d * d;
  checkCount(countX, `${what}: elements spanned by x`);
  checkCount(countC, `${what}: elements of c`);
  const heap = backend.heap;
  heap.checkRange(p.x, countX, bytes, () => `${what}: x (n x d, ldx ${ldx})`);
  // Overlap is tested on byte ranges: x may hold elements of another size than the outputs.
  const apart = (a: number, an: number, b: number, bn: number): boolean => !overlaps(a, an, b, bn, 1);
  if (p.mean !== undefined) {
    heap.checkRange(p.mean, d, outBytes, () => `${what}: mean (d)`);
    if (!apart(p.mean, d * outBytes, p.x, countX * bytes)) throw new ShapeError(`${what}: mean overlaps x`);
  }
  if (p.c !== undefined) {
    heap.checkRange(p.c, countC, outBytes, () => `${what}: c (d x d)`);
    if (!apart(p.c, countC * outBytes, p.x, countX * bytes)) throw new ShapeError(`${what}: c overlaps x`);
    if (p.mean !== undefined && !apart(p.c, countC * outBytes, p.mean, d * outBytes)) throw new ShapeError(`${what}: c overlaps mean`);
  }
  return ldx;
}

/** The scatter matrix of X's rows about their mean (the covariance times n - 1), and the mean. */
export function scatterMatrix(backend: Backend, p: ScatterParams): { mean: number; c: number } {
  const what = 'scatterMatrix';
  const { info, name } = resolveKernel(SCATTER, p.dtype ?? 'float64', what);
  const bytes = info.bytes as 4 | 8;
  const ldx = scatterOperands(backend, p, bytes, bytes, what);
  const n = p.n, d = p.d, countC = d * d, heap = backend.heap;
  const [mean, c] = outputsF32(backend, [[d, p.mean, `${what}: mean (d)`, bytes], [countC, p.c, `${what}: c (d x d)`, bytes]]);
  if (d > 0 && n === 0) {
    heap[bytes === 8 ? 'f64' : 'f32'](mean!, d).fill(NaN);
    heap[bytes === 8 ? 'f64' : 'f32'](c!, countC).fill(0);
  } else if (d > 0) {
    freeOnFailure(backend, [[mean!, p.mean], [c!, p.c]], () => {
      const work = heap.alloc(d * 8 + ROWS * d * bytes);
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

/** The largest |value| scatterMatrixInt32 accepts (int16 lanes). */
export const SCATTER_INT_LIMIT = 32767;

/**
 * The scatter matrix and column means (both float64) of an int32 X [n, d], exactly: integer sums of
 * products in int16 lanes, then C = (n S - s s^T) / n with one rounding per entry. Null when X is
 * outside the exact bounds (some |x| > 32767, or (n max|x|)^2 >= 2^53): nothing is written to the
 * caller's outputs and the ones allocated here are freed, so the caller can take the float64 route.
 * `dtype` is ignored (x is int32). n = 0 gives a zero C and NaN means.
 */
export function scatterMatrixInt32(backend: Backend, p: Omit<ScatterParams, 'dtype'>): { mean: number; c: number } | null {
  const what = 'scatterMatrixInt32';
  const ldx = scatterOperands(backend, p, 4, 8, what);
  const n = p.n, d = p.d, countC = d * d, heap = backend.heap;
  const [mean, c] = outputsF32(backend, [[d, p.mean, `${what}: mean (d)`, 8], [countC, p.c, `${what}: c (d x d)`, 8]]);
  let status = 0;
  if (d > 0 && n === 0) {
    heap.f64(mean!, d).fill(NaN);
    heap.f64(c!, countC).fill(0);
  } else if (d > 0) {
    freeOnFailure(backend, [[mean!, p.mean], [c!, p.c]], () => {
      const rows = Math.min(Math.ceil(n / 8) * 8, CHUNK_I32);
      const work = heap.alloc((d + 1) * 8 + d * rows * 2 + TILE_I32 * d * 4 + 16);
      try {
        status = (backend.kernels.scatter_i32 as unknown as RawKernel)(n, d, p.x, ldx, mean!, c!, work) as number;
      } finally {
        heap.free(work);
      }
    });
  }
  if (status === 0) return { mean: mean!, c: c! };
  if (p.mean === undefined) heap.free(mean!);
  if (p.c === undefined) heap.free(c!);
  return null;
}
