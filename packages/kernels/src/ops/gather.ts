// Checked wrappers of assembly/gather.ts: one per kernel. Indices are validated here, before any
// allocation; a bad one becomes a ShapeError naming its position. (The kernels check them again
// before they write anything.)
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { broadcastShapes, broadcastStrides, collapseDims, sizeOf } from './broadcast.ts';
import { checkCount, checkData, checkF32, checkShape, outputF32, scratchI32 } from './checks.ts';
import { type DTypeOption, type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import type { OutOption } from './elementwise.ts';

export interface IndexSelectParams {
  /** src viewed as [outer, axis, inner] (32-bit elements, f32 or i32). */
  src: number;
  outer: number;
  axis: number;
  inner: number;
  /** i32 indices into the middle axis, `count` of them. */
  indices: number;
  count: number;
}

function badIndex(backend: Backend, what: string, indices: number, position: number, limit: number): ShapeError {
  const value = backend.heap.i32(indices + position * 4, 1)[0];
  return new ShapeError(`${what}: indices[${position}] is ${value}, expected an index in [0, ${limit})`);
}

/** Throws the ShapeError of the first of `count` i32 indices outside [0, limit). */
function checkIndices(backend: Backend, what: string, indices: number, count: number, limit: number): void {
  const view = backend.heap.i32(indices, count);
  for (let i = 0; i < count; i++) {
    const v = view[i]!;
    if (v < 0 || v >= limit) throw badIndex(backend, what, indices, i, limit);
  }
}

/** The ShapeError of a bad index; frees the output block when the wrapper allocated it (`given` undefined). */
function rejectIndex(backend: Backend, what: string, indices: number, position: number, limit: number, out: number, given: number | undefined): ShapeError {
  const error = badIndex(backend, what, indices, position, limit);
  if (given === undefined) backend.heap.free(out);
  return error;
}

function checkSelect(backend: Backend, p: IndexSelectParams, what: string): void {
  checkCount(p.outer, `${what}: outer`);
  checkCount(p.axis, `${what}: axis`);
  checkCount(p.inner, `${what}: inner`);
  checkCount(p.count, `${what}: count`);
  checkF32(backend, p.src, p.outer * p.axis * p.inner, `${what}: src`);
  backend.heap.checkRange(p.indices, p.count, 4, `${what}: indices`);
}

/** out[o, j, :] = src[o, indices[j], :]: out is [outer, count, inner]. Returns out. */
export function indexSelect32(backend: Backend, p: IndexSelectParams & OutOption): number {
  checkSelect(backend, p, 'indexSelect');
  const n = p.outer * p.count * p.inner;
  checkCount(n, 'indexSelect: output size');
  checkIndices(backend, 'indexSelect', p.indices, p.count, p.axis);
  const out = outputF32(backend, n, p.out, 'indexSelect: out');
  if (p.count === 0) return out;
  if (n === 0 && p.axis > 0) return out;
  const bad = backend.kernels.index_select_32(p.outer, p.axis, p.inner, p.src, p.indices, p.count, out);
  if (bad >= 0) throw rejectIndex(backend, 'indexSelect', p.indices, bad, p.axis, out, p.out);
  return out;
}

const INDEX_ADD: KernelTable = kernelTable({ float32: 'index_add_f32', float64: 'index_add_f64' });

/**
 * In place: dst[o, indices[j], :] += src[o, j, :] (`dtype` float32 by default, or float64; dst is
 * [outer, axis, inner], src [outer, count, inner]). Repeated indices accumulate in order. Nothing
 * is written if an index is bad.
 */
export function indexAdd(
  backend: Backend, p: { dst: number; outer: number; axis: number; inner: number; indices: number; count: number; src: number } & DTypeOption,
): void {
  const { info, name } = p.dtype === undefined ? INDEX_ADD.float32! : resolveKernel(INDEX_ADD, p.dtype, 'indexAdd');
  checkCount(p.outer, 'indexAdd: outer');
  checkCount(p.axis, 'indexAdd: axis');
  checkCount(p.inner, 'indexAdd: inner');
  checkCount(p.count, 'indexAdd: count');
  checkData(backend, p.dst, p.outer * p.axis * p.inner, info.bytes, 'indexAdd: dst');
  backend.heap.checkRange(p.indices, p.count, 4, 'indexAdd: indices');
  checkData(backend, p.src, p.outer * p.count * p.inner, info.bytes, 'indexAdd: src');
  checkIndices(backend, 'indexAdd', p.indices, p.count, p.axis);
  if (p.count === 0) return;
  const bad = (backend.kernels[name] as unknown as RawKernel)(p.outer, p.axis, p.inner, p.dst, p.indices, p.count, p.src);
  if (bad >= 0) throw badIndex(backend, 'indexAdd', p.indices, bad, p.axis);
}

/** out [n, depth] (f32): `on` at column indices[i] of row i, `off` elsewhere. Returns out. */
export function oneHot(backend: Backend, indices: number, n: number, depth: number, options: OutOption & { on?: number; off?: number } = {}): number {
  checkCount(n, 'oneHot: n');
  checkCount(depth, 'oneHot: depth');
  checkCount(n * depth, 'oneHot: output size');
  backend.heap.checkRange(indices, n, 4, 'oneHot: indices');
  checkIndices(backend, 'oneHot', indices, n, depth);
  const out = outputF32(backend, n * depth, options.out, 'oneHot: out');
  if (n === 0) return out;
  const bad = backend.kernels.one_hot_f32(n, indices, depth, out, options.on ?? 1, options.off ?? 0);
  if (bad >= 0) throw rejectIndex(backend, 'oneHot', indices, bad, depth, out, options.out);
  return out;
}

/** out = cond != 0 ? a : b (f32; NaN counts as true) with NumPy broadcasting of all three. */
export function where(
  backend: Backend, cond: number, condShape: readonly number[], a: number, aShape: readonly number[], b: number, bShape: readonly number[],
  options: OutOption = {},
): { ptr: number; shape: number[] } {
  const condSize = checkShape(condShape, 'where', 'condShape');
  const aSize = checkShape(aShape, 'where', 'aShape');
  const bSize = checkShape(bShape, 'where', 'bShape');
  const shape = broadcastShapes(broadcastShapes(condShape, aShape, 'where'), bShape, 'where');
  const n = sizeOf(shape);
  checkCount(n, 'where: output size');
  checkF32(backend, cond, condSize, 'where: cond');
  checkF32(backend, a, aSize, 'where: a');
  checkF32(backend, b, bSize, 'where: b');
  const out = outputF32(backend, n, options.out, 'where: out');
  if (n === 0) return { ptr: out, shape };
  const c = collapseDims(shape, broadcastStrides(condShape, shape), broadcastStrides(aShape, shape), broadcastStrides(bShape, shape));
  const [sp, sc, sa, sb] = scratchI32(backend, c.shape, c.strides[0]!, c.strides[1]!, c.strides[2]!);
  backend.kernels.where_f32(c.shape.length, sp!, sc!, sa!, sb!, cond, a, b, out);
  return { ptr: out, shape };
}
