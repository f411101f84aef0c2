// Copies and dtype casts.
import { cast as castKernel, copy } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import type { DType } from '../dtype.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkDType } from '../validate.ts';

/** A copy with its own storage (differentiable: the gradient passes through). */
export function clone(x: Tensor): Tensor {
  checkTensor(x, 'clone');
  const out = emptyTensor(x.shape, x.dtype, 'clone');
  copy(runtimeUnchecked().backend, x.storage.ptr, out.storage.ptr, x.size, { dtype: x.dtype });
  return record('clone', [x], out, [], (g) => [g]);
}

/**
 * Converts to `dtype` in one kernel call. float -> int32 truncates toward zero as PyTorch does;
 * where PyTorch's result is undefined, NaN becomes 0 and values beyond the int32 range saturate to
 * its bounds. float64 -> float32 rounds to nearest (beyond the float32 range: +-Infinity).
 * Differentiable between float dtypes; casting to int32 stops the gradient.
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkTensor(x, 'cast');
  checkDType(dtype, 'cast');
  if (x.dtype === dtype) return clone(x);
  const out = emptyTensor(x.shape, dtype, 'cast');
  castKernel(runtimeUnchecked().backend, x.storage.ptr, x.size, { from: x.dtype, to: dtype, out: out.storage.ptr });
  if (dtype === 'int32' || x.dtype === 'int32') return out;
  const from = x.dtype;
  return record('cast', [x], out, [], (g) => [cast(g, from)]);
}
