// rope: rotary position embedding (RoPE; Su et al. 2021, RoFormer) on the kernels' fused rope,
// forward and backward (the backward rotates the gradient by the opposite angles).
import { rope as ropeKernel, type RopeParams } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkInteger, checkNumber, checkOneOf, optionsOf } from '../validate.ts';
import { normalizeAxis } from './shape.ts';

export interface RopeOptions {
  /**
   * 'rotate-half' (Hugging Face: pairs (i, i + R/2), the default) or 'interleaved' (Meta llama,
   * llama2.c: pairs (2i, 2i+1)). Checkpoints from one convention need the other's q/k weight
   * rows permuted; the two are not interchangeable on the same weights.
   */
  layout?: 'interleaved' | 'rotate-half';
  /** Frequency base (default 10000): angle of pair i at position p = p * base^(-2i / R). */
  base?: number;
  /** Position of the first time step (a key/value cache's length); default 0. */
  positionOffset?: number;
  /** Features rotated (even, <= the last dimension); default all. The rest pass through. */
  rotaryDim?: number;
  /** The time axis (default -2: [..., T, D], e.g. [B, H, T, D]; use 1 for [B, T, H, D]). */
  timeAxis?: number;
}

/** Rotates the last axis of x by position-dependent angles; float32 and float64. */
export function rope(x: Tensor, options?: RopeOptions): Tensor {
  const what = 'rope';
  checkTensor(x, what);
  const o = optionsOf(options, what);
  if (x.dtype === 'int32') throw new DTypeError(`${what}: expected a float tensor, got int32`);
  if (x.rank < 2) throw new ShapeError(`${what}: x must have rank >= 2 ([..., T, D]), got [${x.shape}]`);
  const layout = checkOneOf(o.layout, ['interleaved', 'rotate-half'] as const, 'rotate-half', `${what}: layout`);
  const base = o.base === undefined ? 10000 : checkNumber(o.base, `${what}: base`, { finite: true, min: Number.MIN_VALUE });
  const positionOffset = o.positionOffset === undefined ? 0 : checkInteger(o.positionOffset, `${what}: positionOffset`, -0x80000000, 0x7fffffff);
  const dim = x.shape[x.rank - 1]!;
  const rotaryDim = o.rotaryDim === undefined ? dim - (dim % 2) : checkInteger(o.rotaryDim, `${what}: rotaryDim`, 0, dim);
  if (o.rotaryDim === undefined && dim % 2 !== 0) throw new ShapeError(`${what}: the last dimension must be even, got ${dim} (or pass an even rotaryDim)`);
  if (rotaryDim % 2 !== 0) throw new ShapeError(`${what}: rotaryDim must be even, got ${rotaryDim}`);
  const axis = normalizeAxis(o.timeAxis ?? -2, x.rank, `${what}: timeAxis`);
  if (axis === x.rank - 1) throw new ShapeError(`${what}: timeAxis cannot be the feature axis`);
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1, -1).reduce((a, b) => a * b, 1);
  const params: RopeParams = {
    outer, length: x.shape[axis]!, inner, dim, rotaryDim, layout, base, positionOffset, dtype: x.dtype === 'float64' ? 'float64' : 'float32',
  };
  const y = emptyTensor(x.shape, x.dtype, what);
  ropeKernel(runtimeUnchecked().backend, x.storage.ptr, { ...params, out: y.storage.ptr });
  return record(what, [x], y, [], (g) => {
    const dx = emptyTensor(g.shape, g.dtype, `${what} backward`);
    ropeKernel(runtimeUnchecked().backend, g.storage.ptr, { ...params, inverse: true, out: dx.storage.ptr });
    return [dx];
  });
}
