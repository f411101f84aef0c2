// The per-op fast path for small float32 tensors. The checked kernel wrappers validate shapes and
// pointer ranges on every call, which costs more than the work itself on tiny tensors (the
// dispatch target is under a microsecond). Here every pointer and size comes from live tensors of
// this runtime's heap, created (and checked) by this package, so the raw kernel is called
// directly with one cached scratch block for the shape/stride arguments.
import { BinaryOp, type BinaryOpName, gemmWorkspaceFloats, UnaryOp, type UnaryOpName } from '@neurite/kernels';
import type { Runtime } from '../runtime.ts';

interface Scratch {
  ptr: number;
  i32: Int32Array;
  f32: Float32Array;
  buffer: ArrayBuffer;
}

const scratches = new WeakMap<Runtime, Scratch>();

function scratchOf(rt: Runtime): Scratch {
  let s = scratches.get(rt);
  const buffer = rt.heap.memory.buffer as ArrayBuffer;
  if (s === undefined) {
    const ptr = rt.heap.alloc(16);
    s = { ptr, i32: new Int32Array(buffer, ptr, 4), f32: new Float32Array(buffer, ptr, 4), buffer };
    s.i32[1] = 1; // stride 1
    s.i32[2] = 0; // stride 0 (broadcast)
    scratches.set(rt, s);
  } else if (s.buffer !== buffer) {
    s.i32 = new Int32Array(buffer, s.ptr, 4);
    s.f32 = new Float32Array(buffer, s.ptr, 4);
    s.buffer = buffer;
  }
  return s;
}

/** out = a op b for n > 0 contiguous f32 of the same shape. */
export function binarySame(rt: Runtime, op: BinaryOpName, a: number, b: number, out: number, n: number): void {
  const s = scratchOf(rt);
  s.i32[0] = n;
  rt.backend.kernels.binary_f32(BinaryOp[op], 1, s.ptr, s.ptr + 4, s.ptr + 4, a, b, out);
}

/** out = x op value (or value op x when `reversed`) for n > 0 contiguous f32. */
export function binaryScalar(rt: Runtime, op: BinaryOpName, x: number, value: number, reversed: boolean, out: number, n: number): void {
  const s = scratchOf(rt);
  s.i32[0] = n;
  s.f32[3] = value;
  const c = s.ptr + 12;
  if (reversed) rt.backend.kernels.binary_f32(BinaryOp[op], 1, s.ptr, s.ptr + 8, s.ptr + 4, c, x, out);
  else rt.backend.kernels.binary_f32(BinaryOp[op], 1, s.ptr, s.ptr + 4, s.ptr + 8, x, c, out);
}

/** y = f(x) for n > 0 contiguous f32. */
export function unaryFast(rt: Runtime, op: UnaryOpName, x: number, out: number, n: number, alpha: number): void {
  rt.backend.kernels.unary_f32(UnaryOp[op], n, x, out, alpha);
}

const gemmWork = new WeakMap<Runtime, { ptr: number; bytes: number }>();

/** C[m, n] = A[m, k] B[k, n] for contiguous f32 with m, n, k > 0 (the packing workspace is cached per runtime). */
export function gemmPlain(rt: Runtime, m: number, n: number, k: number, a: number, b: number, c: number): void {
  const bytes = gemmWorkspaceFloats(m, n, k) * 4;
  let w = gemmWork.get(rt);
  if (w === undefined || w.bytes < bytes) {
    if (w !== undefined) rt.heap.free(w.ptr);
    w = { ptr: rt.heap.alloc(bytes), bytes };
    gemmWork.set(rt, w);
  }
  rt.backend.kernels.gemm_f32(1, 0, 0, m, n, k, 1, a, k, 0, b, n, 0, 0, c, n, 0, 0, -1, 0.01, w.ptr);
}
