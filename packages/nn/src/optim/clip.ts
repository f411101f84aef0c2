import type { Tensor } from '@neurite/tensor';
import { views } from './optimizer.ts';

/**
 * Scales every gradient in place so that their global L2 norm is at most `maxNorm`
 * (PyTorch clip_grad_norm_: coefficient maxNorm / (norm + 1e-6), capped at 1).
 * Returns the norm before clipping (float64 accumulation). Parameters without a gradient are skipped.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new RangeError(`maxNorm must be positive, got ${maxNorm}`);
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  let sum = 0;
  for (const g of grads) {
    const [v] = views(g) as Float64Array[];
    for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  }
  const norm = Math.sqrt(sum);
  const coefficient = maxNorm / (norm + 1e-6);
  if (coefficient < 1) {
    for (const g of grads) {
      const [v] = views(g) as Float64Array[];
      for (let i = 0; i < v.length; i++) v[i] = v[i]! * coefficient;
    }
  }
  return norm;
}

/** Clamps every gradient element to [-clipValue, clipValue] in place (PyTorch clip_grad_value_). */
export function clipGradValue(params: readonly Tensor[], clipValue: number): void {
  if (!(clipValue >= 0)) throw new RangeError(`clipValue must be >= 0, got ${clipValue}`);
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    const [v] = views(g) as Float64Array[];
    for (let i = 0; i < v.length; i++) v[i] = Math.min(clipValue, Math.max(-clipValue, v[i]!));
  }
}
