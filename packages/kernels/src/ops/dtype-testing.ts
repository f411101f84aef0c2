// Test helpers for the raw kernels of every dtype (float32, float64, int32): seeded data, copies
// into and out of the heap at unaligned offsets, and the workspace sizes the raw exports need.
import type { Backend } from '../backend.ts';
import { randomArray } from '../testing.ts';
import { gemmF64WorkspaceDoubles, pairwiseWorkspaceBytes as pairwiseBytes } from './gemm-workspace.ts';

export { gemmF64WorkspaceDoubles };

export type DType = 'f32' | 'f64' | 'i32';
export type TypedData = Float32Array | Float64Array | Int32Array;
export const BYTES: Record<DType, number> = { f32: 4, f64: 8, i32: 4 };

/** `n` seeded uniforms in [lo, hi) as `dtype` (float64 values keep all their bits; i32 floors). */
export function randomTyped(dtype: DType, n: number, seed: number, lo = -1, hi = 1): TypedData {
  const u = randomArray(n, seed, 0, 1);
  if (dtype === 'f32') return Float32Array.from(u, (v) => lo + (hi - lo) * v);
  // Two f32 uniforms per float64 so the low mantissa bits are not zero.
  const v = randomArray(n, seed + 7919, 0, 1);
  if (dtype === 'f64') return Float64Array.from(u, (x, i) => lo + (hi - lo) * (x + v[i]! * 2 ** -24));
  return Int32Array.from(u, (x) => Math.floor(lo + (hi - lo) * x));
}

/** Copies data into a new block, `offset` elements past a 16-byte boundary; returns the data pointer. */
export function putTyped(backend: Backend, dtype: DType, data: ArrayLike<number>, offset = 0): number {
  const size = BYTES[dtype];
  const ptr = backend.heap.alloc((data.length + offset) * size) + offset * size;
  view(backend, dtype, ptr, data.length).set(Array.from(data));
  return ptr;
}

/** A fresh view of n elements at ptr (never keep it across an allocation). */
export function view(backend: Backend, dtype: DType, ptr: number, n: number): TypedData {
  const { heap } = backend;
  return dtype === 'f32' ? heap.f32(ptr, n) : dtype === 'f64' ? heap.f64(ptr, n) : heap.i32(ptr, n);
}

/** A copy of n elements at ptr. */
export function readTyped(backend: Backend, dtype: DType, ptr: number, n: number): TypedData {
  return view(backend, dtype, ptr, n).slice();
}

/** Frees a block made by putTyped. */
export function freeTyped(backend: Backend, dtype: DType, ptr: number, offset = 0): void {
  backend.heap.free(ptr - offset * BYTES[dtype]);
}

/** Bytes of workspace pairwise_sqdist_<dtype> needs (assembly/pairwise.ts). */
export function pairwiseWorkspaceBytes(dtype: 'f32' | 'f64', m: number, n: number, d: number): number {
  return pairwiseBytes(BYTES[dtype] as 4 | 8, m, n, d);
}
