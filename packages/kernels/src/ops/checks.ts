import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';

/** Throws ShapeError unless `value` is a non-negative safe integer. */
export function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(`${what} must be a non-negative integer, got ${value}`);
  }
  if (value > 0x7fffffff) throw new ShapeError(`${what} = ${value} exceeds the i32 range of the kernels`);
}

/** Checks `count` f32 (or i32) elements at `ptr` and returns the pointer. */
export function checkF32(backend: Backend, ptr: number, count: number, what: string): number {
  backend.heap.checkRange(ptr, count, 4, what);
  return ptr;
}

/** The output block: the caller's `out` after a range check, or a fresh allocation. */
export function outputF32(backend: Backend, count: number, out: number | undefined, what: string): number {
  if (out === undefined) return backend.heap.alloc(count * 4);
  return checkF32(backend, out, count, what);
}

const scratch = new WeakMap<object, { ptr: number; bytes: number }>();

/**
 * Writes small i32 arrays (shapes, strides) into a per-heap scratch block and returns their
 * pointers. The block lives as long as the heap; the next call overwrites it.
 */
export function scratchI32(backend: Backend, ...arrays: ArrayLike<number>[]): number[] {
  const total = arrays.reduce((sum, a) => sum + a.length, 0);
  let block = scratch.get(backend.heap);
  if (block === undefined || block.bytes < total * 4) {
    if (block !== undefined) backend.heap.free(block.ptr);
    block = { ptr: backend.heap.alloc(Math.max(256, total * 4)), bytes: Math.max(256, total * 4) };
    scratch.set(backend.heap, block);
  }
  const view = backend.heap.i32(block.ptr, total);
  const ptrs: number[] = [];
  let offset = 0;
  for (const a of arrays) {
    ptrs.push(block.ptr + offset * 4);
    view.set(a, offset);
    offset += a.length;
  }
  return ptrs;
}
