import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';

/** Throws ShapeError unless `value` is a non-negative safe integer. */
export function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(`${what} must be a non-negative integer, got ${value}`);
  }
  if (value > 0x7fffffff) throw new ShapeError(`${what} = ${value} exceeds the i32 range of the kernels`);
}

const I32_MIN = -0x80000000, I32_MAX = 0x7fffffff;

/** Throws ShapeError unless `value` is an integer in the kernels' i32 range (a stride, a label). */
export function checkInt32(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < I32_MIN || value > I32_MAX) {
    throw new ShapeError(`${what} must be an integer in the i32 range, got ${value}`);
  }
}

/**
 * Throws ShapeError unless `shape` is an array of counts whose product is a count too; returns the
 * product (the element count). Messages name `${what}: ${name}` (built only on failure: hot path).
 */
export function checkShape(shape: readonly number[], what: string, name: string): number {
  if (!Array.isArray(shape)) throw new ShapeError(`${what}: ${name} must be an array of sizes, got ${String(shape)}`);
  let n = 1;
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (!Number.isSafeInteger(size) || size < 0 || size > I32_MAX) checkCount(size, `${what}: ${name}[${d}]`);
    n *= size;
  }
  if (n > I32_MAX) checkCount(n, `${what}: ${name} (element count)`);
  return n;
}

/**
 * The code of `name` in an op table, or a ShapeError. Inherited keys ('toString', '__proto__')
 * are not ops: no Object.prototype property is a number.
 */
export function opCode<K extends string>(table: Readonly<Record<K, number>>, name: K, what: string): number {
  const code: unknown = typeof name === 'string' ? table[name] : undefined;
  if (typeof code !== 'number') {
    throw new ShapeError(`${what}: op must be one of ${Object.keys(table).join(', ')}, got ${String(name)}`);
  }
  return code;
}

/** Checks `count` elements of `bytes` bytes at `ptr` (aligned to `bytes`) and returns the pointer. */
export function checkData(backend: Backend, ptr: number, count: number, bytes: number, what: string | (() => string)): number {
  backend.heap.checkRange(ptr, count, bytes, what);
  return ptr;
}

/** Checks `count` f32 (or i32) elements at `ptr` and returns the pointer. */
export function checkF32(backend: Backend, ptr: number, count: number, what: string | (() => string)): number {
  return checkData(backend, ptr, count, 4, what);
}

/** The output block of `count` elements of `bytes` bytes: the caller's `out` after a range check, or a fresh allocation. */
export function outputData(backend: Backend, count: number, bytes: number, out: number | undefined, what: string): number {
  if (out === undefined) return backend.heap.alloc(count * bytes);
  return checkData(backend, out, count, bytes, what);
}

/** outputData of f32 (or i32) elements. */
export function outputF32(backend: Backend, count: number, out: number | undefined, what: string): number {
  return outputData(backend, count, 4, out, what);
}

/**
 * Several output blocks at once: every caller-given block (`[count, given, what, bytes?]` with `given`
 * defined; `bytes` defaults to 4) is range-checked first, then the others are allocated; if an
 * allocation fails, the blocks already allocated are freed. So a bad `out` never leaks a sibling output.
 */
export function outputsF32(
  backend: Backend, specs: readonly [count: number, given: number | undefined, what: string, bytes?: number][],
): number[] {
  for (const [count, given, what, bytes] of specs) if (given !== undefined) checkData(backend, given, count, bytes ?? 4, what);
  const ptrs: number[] = [];
  try {
    for (const [count, given, , bytes] of specs) ptrs.push(given ?? backend.heap.alloc(count * (bytes ?? 4)));
  } catch (error) {
    ptrs.forEach((ptr, i) => specs[i]![1] === undefined && backend.heap.free(ptr));
    throw error;
  }
  return ptrs;
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
    if (block !== undefined) {
      heap.free(block.ptr);
      scratch.delete(heap); // a failed allocation below must not leave the freed pointer cached
    }
    const size = Math.max(256, bytes);
    const ptr = heap.alloc(size);
    block = { ptr, bytes: size, view: heap.i32(ptr, size >> 2) };
    scratch.set(heap, block);
  } else if (block.view.buffer !== heap.memory.buffer) {
    block.view = heap.i32(block.ptr, block.bytes >> 2); // memory grew: the old view is detached
  }
  return block;
}
