import type { KernelExports } from './generated/kernel-exports.ts';
import type { Heap } from './heap.ts';

/** Which implementation runs the kernels. */
export type Variant = 'simd' | 'relaxed' | 'reference';

/**
 * A kernel implementation bound to one heap: what `@neurite/tensor` receives explicitly.
 * `kernels` is the raw pointer ABI (see KernelExports); call it through the checked wrappers
 * of this package (`gemm`, `unary`, ...), which validate every size and pointer range first.
 */
export interface Backend {
  readonly variant: Variant;
  readonly heap: Heap;
  readonly kernels: KernelExports;
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
