// Checked wrappers of the reductions (assembly/reduce.ts, reduce-f64-i32.ts, moments-cumsum-f64.ts),
// every dtype through dtype.ts. An array is viewed as [outer, axis, inner]: inner = 1
// reduces the last axis, inner > 1 a strided one. Empty axes never reach the kernels: the wrapper
// writes the identity (sum 0, mean NaN, max -Inf, min +Inf, prod 1, logSumExp -Inf).
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount, checkData, opCode, outputData, outputsF32 } from './checks.ts';
import { type DTypeInfo, type DTypeOption, type KernelTable, kernelTable, type RawKernel, type ResolvedKernel, resolveKernel, unsupported } from './dtype.ts';
import type { OutOption } from './elementwise.ts';
import { ArgReduceOpCode, INT32_REDUCE_OPS, type ReduceOp, ReduceOpCode } from './op-codes.ts';

const REDUCE: KernelTable = kernelTable({ float32: 'reduce_f32', float64: 'reduce_f64', int32: 'reduce_i32' });
const ARG_REDUCE: KernelTable = kernelTable({ float32: 'arg_reduce_f32', float64: 'arg_reduce_f64', int32: 'arg_reduce_i32' });
const MOMENTS: KernelTable = kernelTable({ float32: 'moments_f32', float64: 'moments_f64' });
const CUMSUM: KernelTable = kernelTable({ float32: 'cumsum_f32', float64: 'cumsum_f64', int32: 'cumsum_i32' });
const SQUARED_NORM: KernelTable = kernelTable({ float32: 'squared_norm_f32', float64: 'squared_norm_f64' });
const CLIP: KernelTable = kernelTable({ float32: 'clip_by_value_f32', float64: 'clip_by_value_f64' });

export { type ReduceOp, ReduceOpCode };
const EMPTY_AXIS_VALUE: Readonly<Record<ReduceOp, number>> = {
  sum: 0, mean: NaN, max: -Infinity, min: Infinity, prod: 1, sumSquares: 0, logSumExp: -Infinity,
};

/** Checks the [outer, axis, inner] view (and its [outer, inner] result) and returns its element count. */
function checkView(backend: Backend, info: DTypeInfo, what: string, x: number, outer: number, axis: number, inner: number): number {
  checkCount(outer, `${what}: outer`);
  checkCount(axis, `${what}: axis`);
  checkCount(inner, `${what}: inner`);
  const n = outer * axis * inner;
  checkCount(n, `${what}: outer * axis * inner`);
  checkCount(outer * inner, `${what}: outer * inner`); // an empty axis does not bound the result
  checkData(backend, x, n, info.bytes, `${what}: x`);
  return n;
}

/** int32 has no mean or logSumExp, and no identity for max and min of an empty axis. */
function checkInt32Reduce(op: ReduceOp, code: number, axis: number, m: number): void {
  if (!INT32_REDUCE_OPS.has(code)) throw unsupported(`reduce ${op}`, 'int32', ['float32', 'float64']);
  if (axis === 0 && m > 0 && (op === 'max' || op === 'min')) {
    throw new ShapeError(`reduce ${op}: axis is empty (0); int32 has no identity for ${op}`);
  }
}

/**
 * out[o, j] = op over a of x[o, a, j] (out is [outer, inner], of x's dtype). max/min/logSumExp
 * propagate NaN. float32 sums accumulate in float64 per chunk. int32 sums and products wrap; int32
 * has no mean or logSumExp (DTypeError), and its max and min need a non-empty axis. Returns out.
 */
export function reduce(
  backend: Backend, op: ReduceOp, x: number, outer: number, axis: number, inner: number, options: OutOption & DTypeOption = {},
): number {
  const { info, name } = options.dtype === undefined ? REDUCE.float32! : resolveKernel(REDUCE, options.dtype, 'reduce', op);
  const code = opCode(ReduceOpCode, op, 'reduce');
  if (info.name === 'int32') checkInt32Reduce(op, code, axis, outer * inner);
  checkView(backend, info, `reduce ${op}`, x, outer, axis, inner);
  const m = outer * inner;
  const out = outputData(backend, m, info.bytes, options.out, `reduce ${op}: out`);
  if (m === 0) return out;
  // float32 calls the named export (a monomorphic call V8 inlines); the rest is out of line, so
  // this function stays small enough to inline into its callers (tiny reductions are hot).
  if (axis > 0 && info.name === 'float32') backend.kernels.reduce_f32(code, outer, axis, inner, x, out);
  else reduceOther(backend, info, name, op, code, outer, axis, inner, x, out);
  return out;
}

/** reduce's call for other dtypes, and the identity of an empty axis. */
function reduceOther(
  backend: Backend, info: DTypeInfo, name: ResolvedKernel['name'], op: ReduceOp, code: number,
  outer: number, axis: number, inner: number, x: number, out: number,
): void {
  const m = outer * inner;
  if (axis > 0) (backend.kernels[name] as unknown as RawKernel)(code, outer, axis, inner, x, out);
  else if (info.name === 'float64') backend.heap.f64(out, m).fill(EMPTY_AXIS_VALUE[op]);
  else if (info.name === 'int32') backend.heap.i32(out, m).fill(EMPTY_AXIS_VALUE[op]);
  else backend.heap.f32(out, m).fill(EMPTY_AXIS_VALUE[op]);
}

/**
 * Index (int32, [outer, inner]) of the first maximum or minimum along the axis of x (of `dtype`).
 * A NaN beats every number, so the first NaN wins (NumPy's rule). The axis must not be empty.
 * Returns the i32 pointer.
 */
export function argReduce(
  backend: Backend, op: 'argmax' | 'argmin', x: number, outer: number, axis: number, inner: number, options: OutOption & DTypeOption = {},
): number {
  const { info, name } = options.dtype === undefined ? ARG_REDUCE.float32! : resolveKernel(ARG_REDUCE, options.dtype, 'argReduce', op);
  const code = opCode(ArgReduceOpCode, op, 'argReduce');
  checkView(backend, info, op, x, outer, axis, inner);
  const m = outer * inner;
  if (axis === 0 && m > 0) throw new ShapeError(`${op}: axis is empty (0); an index needs at least one element`);
  const out = outputData(backend, m, 4, options.out, `${op}: out`);
  if (m > 0 && info.name === 'float32') backend.kernels.arg_reduce_f32(code, outer, axis, inner, x, out);
  else if (m > 0) (backend.kernels[name] as unknown as RawKernel)(code, outer, axis, inner, x, out);
  return out;
}

/**
 * Mean and variance along the axis, two-pass (sum (x - mean)^2 / max(axis - correction, 0)).
 * correction 0 (default) is the population variance, 1 the unbiased one. An empty axis gives NaN.
 */
export function moments(
  backend: Backend, x: number, outer: number, axis: number, inner: number,
  options: DTypeOption & { correction?: number; mean?: number; variance?: number } = {},
): { mean: number; variance: number } {
  const { info, name } = options.dtype === undefined ? MOMENTS.float32! : resolveKernel(MOMENTS, options.dtype, 'moments');
  const correction = options.correction ?? 0;
  if (!Number.isFinite(correction)) throw new ShapeError(`moments: correction must be a finite number, got ${correction}`);
  checkView(backend, info, 'moments', x, outer, axis, inner);
  const m = outer * inner, bytes = info.bytes;
  const [mean, variance] = outputsF32(backend, [[m, options.mean, 'moments: mean', bytes], [m, options.variance, 'moments: variance', bytes]]) as [number, number];
  if (m === 0) return { mean, variance };
  if (axis === 0) {
    const view = (p: number) => (bytes === 8 ? backend.heap.f64(p, m) : backend.heap.f32(p, m));
    view(mean).fill(NaN);
    view(variance).fill(NaN);
  } else {
    (backend.kernels[name] as unknown as RawKernel)(outer, axis, inner, x, mean, variance, correction);
  }
  return { mean, variance };
}

/**
 * Cumulative sum along the axis (float running sums in float64; int32 sums wrap); `reverse` sums
 * from the end. out may equal x.
 */
export function cumsum(
  backend: Backend, x: number, outer: number, axis: number, inner: number, options: OutOption & DTypeOption & { reverse?: boolean } = {},
): number {
  const { info, name } = options.dtype === undefined ? CUMSUM.float32! : resolveKernel(CUMSUM, options.dtype, 'cumsum');
  const n = checkView(backend, info, 'cumsum', x, outer, axis, inner);
  const out = outputData(backend, n, info.bytes, options.out, 'cumsum: out');
  if (n > 0) (backend.kernels[name] as unknown as RawKernel)(outer, axis, inner, x, out, options.reverse === true ? 1 : 0);
  return out;
}

/** sum of x[i]^2 over n elements of a float dtype (float64 accumulation): the square of the global gradient norm. */
export function squaredNorm(backend: Backend, x: number, n: number, options: DTypeOption = {}): number {
  const { info, name } = options.dtype === undefined ? SQUARED_NORM.float32! : resolveKernel(SQUARED_NORM, options.dtype, 'squaredNorm');
  checkCount(n, 'squaredNorm: n');
  checkData(backend, x, n, info.bytes, 'squaredNorm: x');
  return n === 0 ? 0 : (backend.kernels[name] as unknown as RawKernel)(n, x);
}

/** x[i] = min(max(x[i], lo), hi) in place over n elements of a float dtype; NaN stays NaN. Requires lo <= hi. */
export function clipByValue(backend: Backend, x: number, n: number, lo: number, hi: number, options: DTypeOption = {}): void {
  const { info, name } = options.dtype === undefined ? CLIP.float32! : resolveKernel(CLIP, options.dtype, 'clipByValue');
  checkCount(n, 'clipByValue: n');
  checkData(backend, x, n, info.bytes, 'clipByValue: x');
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new ShapeError(`clipByValue: need lo <= hi (both numbers), got lo ${lo} and hi ${hi}`);
  }
  if (n > 0) (backend.kernels[name] as unknown as RawKernel)(n, x, lo, hi);
}
