// Dispatch of the strided-copy and cast primitives: the kernels for 32-bit data, TypeScript for
// float64 (and across widths).
import { runtimeUnchecked } from '../runtime.ts';
import type { Tensor } from '../tensor.ts';
import { forEachOffset } from '../engine/js-elementwise.ts';
import { castF32ToI32, castI32ToF32, stridedCopy32 } from '@neurite/kernels';

/** out[...] = x[...] converted (same size). */
export function castKernel(x: Tensor, out: Tensor): void {
  const backend = runtimeUnchecked().backend;
  if (x.dtype === 'float32' && out.dtype === 'int32') {
    castF32ToI32(backend, x.storage.ptr, out.storage.ptr, x.size);
    return;
  }
  if (x.dtype === 'int32' && out.dtype === 'float32') {
    castI32ToF32(backend, x.storage.ptr, out.storage.ptr, x.size);
    return;
  }
  const src = x.view();
  const dst = out.view();
  if (out.dtype === 'int32') {
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      dst[i] = Number.isNaN(v) ? 0 : v >= 2147483647 ? 2147483647 : v <= -2147483648 ? -2147483648 : Math.trunc(v);
    }
  } else dst.set(src);
}

/**
 * dst[dstOffset + sum_d i_d dstStrides_d] = src[srcOffset + sum_d i_d srcStrides_d] over every
 * index i of `shape` (offsets and strides in elements; strides may be negative or 0 on src).
 * src and dst have the same dtype and must not overlap.
 */
export function stridedCopy(
  src: Tensor, srcOffset: number, shape: readonly number[], srcStrides: readonly number[],
  dst: Tensor, dstOffset: number, dstStrides: readonly number[],
): void {
  if (src.dtype !== 'float64') {
    stridedCopy32(runtimeUnchecked().backend, {
      shape, src: src.storage.ptr, srcOffset, srcStrides, srcSize: src.size,
      dst: dst.storage.ptr, dstOffset, dstStrides, dstSize: dst.size,
    });
    return;
  }
  const s = src.view();
  const d = dst.view();
  forEachOffset(shape, [srcStrides, dstStrides], (_, [os, od]) => {
    d[dstOffset + od!] = s[srcOffset + os!]!;
  });
}
