import type { KernelExports } from './generated/kernel-exports.ts';
import type { Heap } from './heap.ts';
import type { ThreadPool } from './threads/pool.ts';

/** Which implementation runs the kernels. */
export type Variant = 'simd' | 'relaxed' | 'reference' | 'simd-threads' | 'relaxed-threads';

/**
 * A kernel implementation bound to one heap: what `@neurite/tensor` receives explicitly.
 * `kernels` is the raw pointer ABI (see KernelExports); call it through the checked wrappers
 * of this package (`gemm`, `unary`, ...), which validate every size and pointer range first.
 */
export interface Backend {
  readonly variant: Variant;
  readonly heap: Heap;
  readonly kernels: KernelExports;
  /** Threaded builds only: the workers that share the memory (GEMM, convolutions, softmax, elementwise ops and optimizer steps split across them). */
  readonly pool?: ThreadPool;
  /** Threaded builds only: ends the workers (every kernel then runs on the calling thread). */
  dispose?(): Promise<void>;
}

/** Wraps every kernel so that memory grows by one page before each call ("grow torture" test mode). */
export function withGrowTorture(kernels: KernelExports, heap: Heap): KernelExports {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(kernels as unknown as Record<string, (...a: number[]) => number>)) {
    wrapped[name] = (...args: number[]) => {
      heap.grow(1);
      return fn(...args);
    };
  }
  return wrapped as unknown as KernelExports;
}
