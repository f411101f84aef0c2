// The strided-copy and cast primitives on tensors. A strided copy moves words, whatever they mean:
// float64 data moves as pairs of 32-bit words through the same kernel. Casts between 32-bit types
// run the cast kernels; casts to or from float64 have no kernel yet and run TypeScript.
import { runtimeUnchecked } from '../runtime.ts';
import type { Tensor } from '../tensor.ts';
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
  const backend = runtimeUnchecked().backend;
  if (src.dtype !== 'float64') {
    stridedCopy32(backend, {
      shape, src: src.storage.ptr, srcOffset, srcStrides, srcSize: src.size,
      dst: dst.storage.ptr, dstOffset, dstStrides, dstSize: dst.size,
    });
    return;
  }
  // An element is two words: one more axis of 2 (stride 1), every other stride and offset doubled.
  stridedCopy32(backend, {
    shape: [...shape, 2], src: src.storage.ptr, srcOffset: 2 * srcOffset, srcStrides: [...srcStrides.map((v) => 2 * v), 1], srcSize: 2 * src.size,
    dst: dst.storage.ptr, dstOffset: 2 * dstOffset, dstStrides: [...dstStrides.map((v) => 2 * v), 1], dstSize: 2 * dst.size,
  });
}
