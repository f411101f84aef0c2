// Elementwise-shaped kernel calls on a threaded backend: the n elements split into ranges of whole
// 64-byte lines (16 floats; 16 doubles are two lines), one per thread. Only the last part has a scalar tail, the same tail as
// the single call, so every element gets exactly the arithmetic of one call.
import type { Backend } from '../backend.ts';
import type { PoolKernel } from '../threads/protocol.ts';

const UNIT = 16;

/**
 * Calls `kernel(...before, n, ...pointers, ...after)`, split over the backend's pool when n is large
 * (8 units of work per element; see minParallelWork). Pointers of 0 (an unused buffer) pass through.
 * `bytes` is the element size of every pointed-to buffer (4, or 8 for float64).
 */
export function elementwiseCall(
  backend: Backend, kernel: PoolKernel, before: number[], n: number, pointers: number[], after: number[], bytes = 4,
): void {
  if (n === 0) return;
  const args = (start: number, count: number) =>
    [...before, count, ...pointers.map((p) => (p === 0 ? 0 : p + start * bytes)), ...after];
  const pool = backend.pool;
  if (pool !== undefined && pool.forRanges(backend, kernel, n, UNIT, 8, args) > 0) return;
  const token = pool?.singleStart() ?? -1;
  (backend.kernels[kernel] as (...a: number[]) => void)(...args(0, n));
  if (token >= 0) pool!.singleEnd(token);
}
