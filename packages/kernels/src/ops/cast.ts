// The checked wrapper of every dtype cast (assembly/cast.ts, and strided.ts's f32 <-> i32): one
// export per (from, to) pair. float -> int32 truncates toward zero like PyTorch; NaN becomes 0
// and values beyond the int32 range saturate to its bounds (PyTorch leaves those undefined).
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import type { KernelExports } from '../generated/kernel-exports.ts';
import { checkCount, checkData, outputData } from './checks.ts';
import { dtypeInfo, type KernelDType, type RawKernel } from './dtype.ts';
import type { OutOption } from './elementwise.ts';

export interface CastOptions extends OutOption {
  from: KernelDType;
  to: KernelDType;
}

/** The export of each (from, to) pair; a same-dtype cast is a copy. */
const CASTS: Readonly<Record<KernelDType, Readonly<Record<KernelDType, keyof KernelExports>>>> = {
  float32: { float32: 'copy_f32', float64: 'cast_f32_f64', int32: 'cast_f32_i32' },
  float64: { float32: 'cast_f64_f32', float64: 'copy_f64', int32: 'cast_f64_i32' },
  int32: { float32: 'cast_i32_f32', float64: 'cast_i32_f64', int32: 'copy_f32' },
};

/**
 * y = x converted from `from` to `to` for `n` contiguous elements; returns y (allocated unless
 * `out` is given). `out` may equal x when both dtypes have the same size; otherwise the two
 * blocks must not overlap (ShapeError).
 */
export function cast(backend: Backend, x: number, n: number, options: CastOptions): number {
  const from = dtypeInfo(options.from, 'cast: from'), to = dtypeInfo(options.to, 'cast: to');
  checkCount(n, 'cast: n');
  checkData(backend, x, n, from.bytes, 'cast: x');
  if (options.out !== undefined) {
    const y = checkData(backend, options.out, n, to.bytes, 'cast: out');
    const overlaps = n > 0 && x < y + n * to.bytes && y < x + n * from.bytes;
    if (overlaps && !(x === y && from.bytes === to.bytes)) {
      throw new ShapeError(`cast: out overlaps x; expected separate blocks (or out = x for ${from.name} -> ${to.name} of one element size)`);
    }
  }
  const out = outputData(backend, n, to.bytes, options.out, 'cast: out');
  if (n > 0) (backend.kernels[CASTS[from.name][to.name]] as unknown as RawKernel)(n, x, out);
  return out;
}
