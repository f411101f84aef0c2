// The strided-copy primitive on tensors. A strided copy moves words, whatever they mean: float64
// data moves as pairs of 32-bit words through the same kernel. (Casts are in copy.ts.)
import { runtimeUnchecked } from '../runtime.ts';
import type { Tensor } from '../tensor.ts';
import { stridedCopy32 } from '@neurite/kernels';

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
