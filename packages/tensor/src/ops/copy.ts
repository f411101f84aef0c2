// Copies and dtype casts.
import { copy } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import type { DType } from '../dtype.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkDType } from '../validate.ts';
import { castKernel } from './strided-kernels.ts';

/** A copy with its own storage (differentiable: the gradient passes through). */
export function clone(x: Tensor): Tensor {
  checkTensor(x, 'clone');
  const out = emptyTensor(x.shape, x.dtype, 'clone');
  copy(runtimeUnchecked().backend, x.storage.ptr, out.storage.ptr, x.size, { dtype: x.dtype });
  return record('clone', [x], out, [], (g) => [g]);
}

/**
 * Converts to `dtype`. float -> int32 truncates toward zero (NaN becomes 0, values beyond the
 * int32 range saturate). Differentiable between float dtypes; casting to int32 stops the gradient.
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkTensor(x, 'cast');
  checkDType(dtype, 'cast');
  if (x.dtype === dtype) return clone(x);
  const out = emptyTensor(x.shape, dtype, 'cast');
  castKernel(x, out);
  if (dtype === 'int32' || x.dtype === 'int32') return out;
  const from = x.dtype;
  return record('cast', [x], out, [], (g) => [cast(g, from)]);
}
