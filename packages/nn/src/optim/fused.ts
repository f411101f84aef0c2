import { getBackend, type Tensor } from '@neurite/tensor';

/**
 * The fused optimizer kernels (one SIMD pass per parameter, in place), reached through the Backend
 * that @neurite/tensor hands out. @neurite/tensor does not re-export the kernels' checked
 * `sgdStep`/`adamStep`/... wrappers and nn may only import tensor, so this file is the one place
 * that calls those exports; it checks what the wrappers would: every tensor is live, float32 and
 * of the parameter's size (the pointers then cover exactly the tensors' blocks).
 * Returns false when the kernels are unavailable (float64 parameters, or a backend without them);
 * the caller then runs its TypeScript loop.
 */
interface OptimKernels {
  sgd_f32(n: number, p: number, g: number, v: number, lr: number, momentum: number, dampening: number, nesterov: number, wd: number, first: number): void;
  adam_f32(n: number, p: number, g: number, m: number, v: number, lr: number, b1: number, b2: number, eps: number, wd: number, decoupled: number, step: number): void;
  adagrad_f32(n: number, p: number, g: number, sum: number, lr: number, eps: number, wd: number): void;
  rmsprop_f32(n: number, p: number, g: number, squareAvg: number, buffer: number, lr: number, alpha: number, eps: number, wd: number, momentum: number): void;
}

export function fusedKernels(param: Tensor, ...others: Tensor[]): OptimKernels | undefined {
  if (param.dtype !== 'float32' || param.size === 0) return undefined;
  for (const t of others) {
    if (t.isDisposed || t.dtype !== 'float32' || t.size !== param.size) return undefined;
  }
  const kernels = getBackend().kernels as unknown as Partial<OptimKernels>;
  if (typeof kernels.adam_f32 !== 'function' || typeof kernels.sgd_f32 !== 'function' || typeof kernels.adagrad_f32 !== 'function' || typeof kernels.rmsprop_f32 !== 'function') {
    return undefined;
  }
  return kernels as OptimKernels;
}
