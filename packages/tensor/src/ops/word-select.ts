// Selection of float64 values by the float32 `where` kernel: a select moves bits and never does
// arithmetic, so a float64 is two 32-bit words that travel together (one more axis of 2 words;
// the mask's axis of 1 broadcasts over it). Wasm memory is little-endian: the high word of a
// float64 is its odd word.
import { binaryScalar, castI32ToF32, stridedCopy32, where } from '@neurite/kernels';
import { runtimeUnchecked } from '../runtime.ts';
import { emptyFresh, type Tensor } from '../tensor.ts';

/**
 * A float32 mask of `cond` (any dtype; nonzero and NaN are true) for the where kernel. Returns cond
 * itself when it is float32; otherwise a new tensor the caller disposes.
 */
export function float32Mask(cond: Tensor): Tensor {
  if (cond.dtype === 'float32') return cond;
  const backend = runtimeUnchecked().backend;
  const mask = emptyFresh(cond.shape.slice(), 'float32');
  if (cond.dtype === 'int32') {
    // A nonzero int32 never rounds to 0.
    castI32ToF32(backend, cond.storage.ptr, mask.storage.ptr, cond.size);
    return mask;
  }
  // float64: cond != 0 as 0.0 / 1.0, whose high words are 0 / 0x3ff00000 (nonzero as float32).
  const ones = emptyFresh(cond.shape.slice(), 'float64');
  try {
    binaryScalar(backend, 'ne', cond.storage.ptr, cond.size, 0, { out: ones.storage.ptr, dtype: 'float64' });
    stridedCopy32(backend, {
      shape: [cond.size], src: ones.storage.ptr, srcSize: 2 * cond.size, srcOffset: 1, srcStrides: [2],
      dst: mask.storage.ptr, dstSize: cond.size, dstStrides: [1],
    });
  } finally {
    ones.dispose();
  }
  return mask;
}

/** out = mask != 0 ? a : b for float64 a and b, broadcast to out's shape (mask: float32). */
export function selectFloat64(mask: Tensor, a: Tensor, b: Tensor, out: Tensor): void {
  where(runtimeUnchecked().backend, mask.storage.ptr, [...mask.shape, 1], a.storage.ptr, [...a.shape, 2], b.storage.ptr, [...b.shape, 2], {
    out: out.storage.ptr,
  });
}
