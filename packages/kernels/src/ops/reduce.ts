// Checked wrappers of assembly/reduce.ts. An array is viewed as [outer, axis, inner]: inner = 1
// reduces the last axis, inner > 1 a strided one. Empty axes never reach the kernels: the wrapper
// writes the identity (sum 0, mean NaN, max -Inf, min +Inf, prod 1, logSumExp -Inf).
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount, checkF32, opCode, outputF32, outputsF32 } from './checks.ts';
import type { OutOption } from './elementwise.ts';

export type ReduceOp = 'sum' | 'mean' | 'max' | 'min' | 'prod' | 'sumSquares' | 'logSumExp';
/** Op codes of reduce_f32 (must match assembly/reduce.ts). */
export const ReduceOpCode: Readonly<Record<ReduceOp, number>> = {
  sum: 0, mean: 1, max: 2, min: 3, prod: 4, sumSquares: 5, logSumExp: 6,
};
const EMPTY_AXIS_VALUE: Readonly<Record<ReduceOp, number>> = {
  sum: 0, mean: NaN, max: -Infinity, min: Infinity, prod: 1, sumSquares: 0, logSumExp: -Infinity,
};

/** Checks the [outer, axis, inner] view (and its [outer, inner] result) and returns its element count. */
function checkView(backend: Backend, what: string, x: number, outer: number, axis: number, inner: number): number {
  checkCount(outer, `${what}: outer`);
  checkCount(axis, `${what}: axis`);
  checkCount(inner, `${what}: inner`);
  const n = outer * axis * inner;
  checkCount(n, `${what}: outer * axis * inner`);
  checkCount(outer * inner, `${what}: outer * inner`); // an empty axis does not bound the result
  checkF32(backend, x, n, `${what}: x`);
  return n;
}

/**
 * out[o, j] = op over a of x[o, a, j] (out is [outer, inner]). max/min/logSumExp propagate NaN.
 * Sums accumulate in float64 per chunk. Returns out.
 */
export function reduce(backend: Backend, op: ReduceOp, x: number, outer: number, axis: number, inner: number, options: OutOption = {}): number {
  const code = opCode(ReduceOpCode, op, 'reduce');
  checkView(backend, `reduce ${op}`, x, outer, axis, inner);
  const m = outer * inner;
  const out = outputF32(backend, m, options.out, `reduce ${op}: out`);
  if (m === 0) return out;
  if (axis === 0) backend.heap.f32(out, m).fill(EMPTY_AXIS_VALUE[op]);
  else backend.kernels.reduce_f32(code, outer, axis, inner, x, out);
  return out;
}

/**
 * Index (int32, [outer, inner]) of the first maximum or minimum along the axis. A NaN beats every
 * number, so the first NaN wins (NumPy's rule). The axis must not be empty. Returns the i32 pointer.
 */
export function argReduce(backend: Backend, op: 'argmax' | 'argmin', x: number, outer: number, axis: number, inner: number, options: OutOption = {}): number {
  if (op !== 'argmax' && op !== 'argmin') throw new ShapeError(`argReduce: op must be 'argmax' or 'argmin', got ${String(op)}`);
  checkView(backend, op, x, outer, axis, inner);
  const m = outer * inner;
  if (axis === 0 && m > 0) throw new ShapeError(`${op}: axis is empty (0); an index needs at least one element`);
  const out = outputF32(backend, m, options.out, `${op}: out`);
  if (m > 0) backend.kernels.arg_reduce_f32(op === 'argmax' ? 0 : 1, outer, axis, inner, x, out);
  return out;
}

/**
 * Mean and variance along the axis, two-pass (sum (x - mean)^2 / max(axis - correction, 0)).
 * correction 0 (default) is the population variance, 1 the unbiased one. An empty axis gives NaN.
 */
export function moments(
  backend: Backend, x: number, outer: number, axis: number, inner: number,
  options: { correction?: number; mean?: number; variance?: number } = {},
): { mean: number; variance: number } {
  const correction = options.correction ?? 0;
  if (!Number.isFinite(correction)) throw new ShapeError(`moments: correction must be a finite number, got ${correction}`);
  checkView(backend, 'moments', x, outer, axis, inner);
  const m = outer * inner;
  const [mean, variance] = outputsF32(backend, [[m, options.mean, 'moments: mean'], [m, options.variance, 'moments: variance']]) as [number, number];
  if (m === 0) return { mean, variance };
  if (axis === 0) {
    backend.heap.f32(mean, m).fill(NaN);
    backend.heap.f32(variance, m).fill(NaN);
  } else {
    backend.kernels.moments_f32(outer, axis, inner, x, mean, variance, correction);
  }
  return { mean, variance };
}

/** Cumulative sum along the axis (float64 running sums); `reverse` sums from the end. out may equal x. */
export function cumsum(backend: Backend, x: number, outer: number, axis: number, inner: number, options: OutOption & { reverse?: boolean } = {}): number {
  const n = checkView(backend, 'cumsum', x, outer, axis, inner);
  const out = outputF32(backend, n, options.out, 'cumsum: out');
  if (n > 0) backend.kernels.cumsum_f32(outer, axis, inner, x, out, options.reverse === true ? 1 : 0);
  return out;
}

/** sum of x[i]^2 over n f32 (float64 chunk accumulation): the square of the global gradient norm. */
export function squaredNorm(backend: Backend, x: number, n: number): number {
  checkCount(n, 'squaredNorm: n');
  checkF32(backend, x, n, 'squaredNorm: x');
  return n === 0 ? 0 : backend.kernels.squared_norm_f32(n, x);
}

/** x[i] = min(max(x[i], lo), hi) in place over n f32; NaN stays NaN. Requires lo <= hi. */
export function clipByValue(backend: Backend, x: number, n: number, lo: number, hi: number): void {
  checkCount(n, 'clipByValue: n');
  checkF32(backend, x, n, 'clipByValue: x');
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new ShapeError(`clipByValue: need lo <= hi (both numbers), got lo ${lo} and hi ${hi}`);
  }
  if (n > 0) backend.kernels.clip_by_value_f32(n, x, lo, hi);
}
