// Checked wrappers of assembly/strided.ts: one per kernel.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { collapseDims } from './broadcast.ts';
import { checkCount, checkF32, checkInt32, checkShape, scratchI32 } from './checks.ts';
import { fill } from './elementwise.ts';

export interface StridedCopyParams {
  /** The index space walked (any rank, sizes >= 0). */
  shape: readonly number[];
  /** Source block (byte address of element 0 of the block) and its size in elements. */
  src: number;
  srcSize: number;
  /** Element offset of index (0, ..., 0) in the source, and the source strides (may be < 0 or 0). */
  srcOffset?: number;
  srcStrides: readonly number[];
  dst: number;
  dstSize: number;
  dstOffset?: number;
  /** Destination strides (may be < 0; 0 only on size-1 dims, so no element is written twice). */
  dstStrides: readonly number[];
}

/** Largest and smallest element offsets reached by (offset, strides) over `shape` (all sizes > 0). */
function reach(shape: readonly number[], offset: number, strides: readonly number[]): [number, number] {
  let lo = offset, hi = offset;
  for (let d = 0; d < shape.length; d++) {
    const span = (shape[d]! - 1) * strides[d]!;
    if (span < 0) lo += span;
    else hi += span;
  }
  return [lo, hi];
}

/**
 * Strided copy of 32-bit elements (f32 or i32): for every index i of `shape`,
 * dst[dstOffset + i.dstStrides] = src[srcOffset + i.srcStrides]. Both reached ranges are checked
 * against the blocks' sizes. The blocks must not overlap. Empty shapes make no call.
 */
export function stridedCopy32(backend: Backend, p: StridedCopyParams): void {
  const n = checkShape(p.shape, 'stridedCopy32', 'shape');
  const rank = p.shape.length;
  if (!Array.isArray(p.srcStrides) || !Array.isArray(p.dstStrides) || p.srcStrides.length !== rank || p.dstStrides.length !== rank) {
    throw new ShapeError(`stridedCopy32: shape has rank ${rank} but srcStrides has ${p.srcStrides?.length} and dstStrides ${p.dstStrides?.length} entries`);
  }
  for (let d = 0; d < rank; d++) {
    const s = p.srcStrides[d]!, t = p.dstStrides[d]!;
    // Messages built only on failure: this is the hot path of every tensor copy.
    if (!Number.isSafeInteger(s) || s !== (s | 0)) checkInt32(s, `stridedCopy32: srcStrides[${d}]`);
    if (!Number.isSafeInteger(t) || t !== (t | 0)) checkInt32(t, `stridedCopy32: dstStrides[${d}]`);
  }
  const srcOffset = p.srcOffset ?? 0, dstOffset = p.dstOffset ?? 0;
  checkCount(srcOffset, 'stridedCopy32: srcOffset');
  checkCount(dstOffset, 'stridedCopy32: dstOffset');
  checkCount(p.srcSize, 'stridedCopy32: srcSize');
  checkCount(p.dstSize, 'stridedCopy32: dstSize');
  checkF32(backend, p.src, p.srcSize, 'stridedCopy32: src');
  checkF32(backend, p.dst, p.dstSize, 'stridedCopy32: dst');
  if (n === 0) return;
  const [sLo, sHi] = reach(p.shape, srcOffset, p.srcStrides);
  const [dLo, dHi] = reach(p.shape, dstOffset, p.dstStrides);
  if (sLo < 0 || sHi >= p.srcSize) {
    throw new ShapeError(`stridedCopy32: source offsets reach [${sLo}, ${sHi}], outside the source block of ${p.srcSize} elements`);
  }
  if (dLo < 0 || dHi >= p.dstSize) {
    throw new ShapeError(`stridedCopy32: destination offsets reach [${dLo}, ${dHi}], outside the destination block of ${p.dstSize} elements`);
  }
  const c = collapseDims(p.shape, p.srcStrides, p.dstStrides);
  if (c.shape.length > 0x7fff) throw new ShapeError(`stridedCopy32: rank ${c.shape.length} is too large`);
  for (const d of c.shape) checkCount(d, 'stridedCopy32: a merged dimension'); // stride-0 dims merge without bound
  const [shapePtr, ssPtr, dsPtr] = scratchI32(backend, c.shape, c.strides[0]!, c.strides[1]!);
  backend.kernels.strided_copy_32(c.shape.length, shapePtr!, p.src + srcOffset * 4, ssPtr!, p.dst + dstOffset * 4, dsPtr!);
}

/** y = trunc(x) as i32 for `n` elements (NaN -> 0, saturating). x may equal y. */
export function castF32ToI32(backend: Backend, x: number, y: number, n: number): void {
  checkCount(n, 'castF32ToI32: n');
  checkF32(backend, x, n, 'castF32ToI32: x');
  checkF32(backend, y, n, 'castF32ToI32: y');
  if (n > 0) backend.kernels.cast_f32_i32(n, x, y);
}

/** y = x as f32 for `n` i32 elements. x may equal y. */
export function castI32ToF32(backend: Backend, x: number, y: number, n: number): void {
  checkCount(n, 'castI32ToF32: n');
  checkF32(backend, x, n, 'castI32ToF32: x');
  checkF32(backend, y, n, 'castI32ToF32: y');
  if (n > 0) backend.kernels.cast_i32_f32(n, x, y);
}

/** x[i] = value (an integer in the i32 range) for `n` i32 elements: `fill` with dtype int32. */
export function fillI32(backend: Backend, x: number, n: number, value: number): void {
  fill(backend, x, n, value, { dtype: 'int32' });
}
