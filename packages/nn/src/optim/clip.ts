import { DTypeError, type Tensor } from '@neurite/tensor';
import { checkNumber, checkTensorList } from '../validate.ts';
import { views } from './optimizer.ts';

/** The live float gradients of `params` (all checked before any is changed). */
function gradients(params: readonly Tensor[], what: string): Tensor[] {
  checkTensorList(params, `${what}: params`);
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  for (const g of grads) if (g.dtype === 'int32') throw new DTypeError(`${what}: gradients must be float32 or float64, got int32`);
  return grads;
}

/**
 * Scales every gradient in place so that their global L2 norm is at most `maxNorm`
 * (PyTorch clip_grad_norm_: coefficient maxNorm / (norm + 1e-6), capped at 1).
 * Returns the norm before clipping (float64 accumulation). Parameters without a gradient are skipped.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  if (maxNorm !== Infinity) checkNumber(maxNorm, 'clipGradNorm: maxNorm', { min: 0, minExclusive: true });
  const grads = gradients(params, 'clipGradNorm');
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
  checkNumber(clipValue, 'clipGradValue: clipValue', { min: 0 });
  for (const g of gradients(params, 'clipGradValue')) {
    const [v] = views(g) as Float64Array[];
    for (let i = 0; i < v.length; i++) v[i] = Math.min(clipValue, Math.max(-clipValue, v[i]!));
  }
}
