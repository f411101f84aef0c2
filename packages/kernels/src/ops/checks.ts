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
export function checkF32(backend: Backend, ptr: number, count: number, what: string | (() => string)): number {
  backend.heap.checkRange(ptr, count, 4, what);
  return ptr;
}

/** The output block: the caller's `out` after a range check, or a fresh allocation. */
export function outputF32(backend: Backend, count: number, out: number | undefined, what: string): number {
  if (out === undefined) return backend.heap.alloc(count * 4);
  return checkF32(backend, out, count, what);
}

/**
 * Runs `fn`, the kernel call(s) of a wrapper. If it throws (a failed worker of a threaded backend,
 * no memory left for a workspace), the outputs this wrapper allocated itself (`[ptr, out]` pairs
 * whose caller-given `out` is undefined) are freed before the error goes on: nothing leaks.
 */
export function freeOnFailure(backend: Backend, outputs: [ptr: number, given: number | undefined][], fn: () => void): void {
  try {
    fn();
  } catch (error) {
    for (const [ptr, given] of outputs) if (given === undefined) backend.heap.free(ptr);
    throw error;
  }
}

interface Scratch {
  ptr: number;
  bytes: number;
  view: Int32Array;
}
const scratch = new WeakMap<object, Scratch>();

/**
 * Writes small i32 arrays (shapes, strides) into a per-heap scratch block and returns their
 * pointers. The block lives as long as the heap; the next call overwrites it.
 */
export function scratchI32(backend: Backend, ...arrays: ArrayLike<number>[]): number[] {
  let total = 0;
  for (const a of arrays) total += a.length;
  const block = scratchBlock(backend, total * 4);
  const ptrs: number[] = [];
  let offset = 0;
  for (const a of arrays) {
    ptrs.push(block.ptr + offset * 4);
    block.view.set(a, offset);
    offset += a.length;
  }
  return ptrs;
}

/** The per-heap scratch block (at least 256 bytes), with an Int32Array view that is current. */
export function scratchBlock(backend: Backend, bytes: number): Scratch {
  const heap = backend.heap;
  let block = scratch.get(heap);
  if (block === undefined || block.bytes < bytes) {
    if (block !== undefined) heap.free(block.ptr);
    const size = Math.max(256, bytes);
    const ptr = heap.alloc(size);
    block = { ptr, bytes: size, view: heap.i32(ptr, size >> 2) };
    scratch.set(heap, block);
  } else if (block.view.buffer !== heap.memory.buffer) {
    block.view = heap.i32(block.ptr, block.bytes >> 2); // memory grew: the old view is detached
  }
  return block;
}
