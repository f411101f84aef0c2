// Plain-TypeScript reference of assembly/reduce.ts and reduce-f64-i32.ts: float64 accumulation,
// naive loops, one formula for every dtype (int32 sums and products wrap).
import type { KernelExports } from '../generated/kernel-exports.ts';
import { ArgumentError, DTypeError } from '../errors.ts';
import type { Heap } from '../heap.ts';

type ReduceKernels = Pick<
  KernelExports,
  | `${'squared_norm' | 'clip_by_value'}_${'f32' | 'f64'}` | `moments_${'f32' | 'f64'}` | `cumsum_${'f32' | 'f64' | 'i32'}`
  | `${'reduce' | 'arg_reduce'}_${'f32' | 'f64' | 'i32'}`
>;
type View = Float32Array | Float64Array | Int32Array;

/** NaN-propagating max / min. */
const max2 = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b);
const min2 = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b);

/** One output of reduce_f32 from its `axis` terms (op codes as in src/ops/reduce.ts). */
export function reduceTerms(op: number, values: readonly number[]): number {
  const n = values.length;
  switch (op) {
    case 0: case 1: case 5: {
      let s = 0;
      for (const v of values) s += op === 5 ? v * v : v;
      return op === 1 ? s / n : s;
    }
    case 2: case 3: case 6: {
      let m = op === 3 ? Infinity : -Infinity;
      for (const v of values) m = op === 3 ? min2(m, v) : max2(m, v);
      if (op !== 6 || !Number.isFinite(m)) return m;
      let s = 0;
      for (const v of values) s += Math.exp(v - m);
      return m + Math.log(s);
    }
    case 4: {
      let p = 1;
      for (const v of values) p *= v;
      return p;
    }
    default: throw new ArgumentError(`unknown reduce op ${op}`);
  }
}

/** One output of reduce_i32: sums and products wrap modulo 2^32; no mean or log-sum-exp. */
export function reduceIntTerms(op: number, values: readonly number[]): number {
  let s = op === 4 ? 1 : op === 2 || op === 3 ? values[0]! : 0;
  for (const v of values) {
    switch (op) {
      case 0: s = (s + v) | 0; break;
      case 2: s = Math.max(s, v); break;
      case 3: s = Math.min(s, v); break;
      case 4: s = Math.imul(s, v); break;
      case 5: s = (s + Math.imul(v, v)) | 0; break;
      default: throw new DTypeError(`reduce op ${op} has no int32 form`);
    }
  }
  return s;
}

/** out[o, j] = op over x[o, :, j] of a [outer, axis, inner] array of any dtype. */
function reduceInto(xs: View, ys: View, outer: number, axis: number, inner: number, terms: (values: number[]) => number): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) ys[o * inner + j] = terms(column(xs, o, j, axis, inner));
  }
}

/** Index of the first max (op 0) or min of x[o, :, j]; the first NaN wins. */
function argInto(op: number, xs: View, ys: Int32Array, outer: number, axis: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const col = column(xs, o, j, axis, inner);
      let best = 0;
      for (let a = 1; a < axis; a++) {
        const v = col[a]!, b = col[best]!;
        if (Number.isNaN(b)) break;
        if (Number.isNaN(v) || (op === 0 ? v > b : v < b)) best = a;
      }
      ys[o * inner + j] = best;
    }
  }
}

/** The values of x[o, :, j] of a [outer, axis, inner] array. */
function column(xs: View, o: number, j: number, axis: number, inner: number): number[] {
  const out: number[] = [];
  for (let a = 0; a < axis; a++) out.push(xs[(o * axis + a) * inner + j]!);
  return out;
}

/** Two-pass mean and variance (divided by max(axis - correction, 0)) of every x[o, :, j]. */
function momentsInto(xs: View, ms: View, vs: View, outer: number, axis: number, inner: number, correction: number): void {
  const denom = Math.max(axis - correction, 0);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const col = column(xs, o, j, axis, inner);
      let s = 0;
      for (const v of col) s += v;
      const mu = s / axis;
      let d2 = 0;
      for (const v of col) d2 += (v - mu) * (v - mu);
      ms[o * inner + j] = mu;
      vs[o * inner + j] = d2 / denom;
    }
  }
}

/** Running sums along the axis (from the end when reverse), each rounded by `wrap` (int32: modulo 2^32). */
function cumsumInto(xs: View, ys: View, outer: number, axis: number, inner: number, reverse: number, wrap: (v: number) => number): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let s = 0;
      for (let k = 0; k < axis; k++) {
        const a = reverse ? axis - 1 - k : k;
        const i = (o * axis + a) * inner + j;
        s = wrap(s + xs[i]!);
        ys[i] = s;
      }
    }
  }
}

function squaredNorm(xs: View): number {
  let s = 0;
  for (const v of xs) s += v * v;
  return s;
}

/** x = min(max(x, lo), hi); NaN stays NaN. */
function clipInPlace(xs: View, lo: number, hi: number): void {
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    xs[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

export function reduceReference(heap: Heap): ReduceKernels {
  return {
    reduce_f32(op, outer, axis, inner, x, out) {
      reduceInto(heap.f32(x, outer * axis * inner), heap.f32(out, outer * inner), outer, axis, inner, (v) => reduceTerms(op, v));
    },
    reduce_f64(op, outer, axis, inner, x, out) {
      reduceInto(heap.f64(x, outer * axis * inner), heap.f64(out, outer * inner), outer, axis, inner, (v) => reduceTerms(op, v));
    },
    reduce_i32(op, outer, axis, inner, x, out) {
      reduceInto(heap.i32(x, outer * axis * inner), heap.i32(out, outer * inner), outer, axis, inner, (v) => reduceIntTerms(op, v));
    },
    arg_reduce_f32(op, outer, axis, inner, x, out) {
      argInto(op, heap.f32(x, outer * axis * inner), heap.i32(out, outer * inner), outer, axis, inner);
    },
    arg_reduce_f64(op, outer, axis, inner, x, out) {
      argInto(op, heap.f64(x, outer * axis * inner), heap.i32(out, outer * inner), outer, axis, inner);
    },
    arg_reduce_i32(op, outer, axis, inner, x, out) {
      argInto(op, heap.i32(x, outer * axis * inner), heap.i32(out, outer * inner), outer, axis, inner);
    },
    moments_f32: (outer, axis, inner, x, mean, variance, correction) => momentsInto(
      heap.f32(x, outer * axis * inner), heap.f32(mean, outer * inner), heap.f32(variance, outer * inner), outer, axis, inner, Math.fround(correction)),
    moments_f64: (outer, axis, inner, x, mean, variance, correction) => momentsInto(
      heap.f64(x, outer * axis * inner), heap.f64(mean, outer * inner), heap.f64(variance, outer * inner), outer, axis, inner, correction),
    cumsum_f32: (outer, axis, inner, x, out, reverse) =>
      cumsumInto(heap.f32(x, outer * axis * inner).slice(), heap.f32(out, outer * axis * inner), outer, axis, inner, reverse, (v) => v),
    cumsum_f64: (outer, axis, inner, x, out, reverse) =>
      cumsumInto(heap.f64(x, outer * axis * inner).slice(), heap.f64(out, outer * axis * inner), outer, axis, inner, reverse, (v) => v),
    cumsum_i32: (outer, axis, inner, x, out, reverse) =>
      cumsumInto(heap.i32(x, outer * axis * inner).slice(), heap.i32(out, outer * axis * inner), outer, axis, inner, reverse, (v) => v | 0),
    squared_norm_f32: (n, x) => squaredNorm(heap.f32(x, n)),
    squared_norm_f64: (n, x) => squaredNorm(heap.f64(x, n)),
    clip_by_value_f32: (n, x, lo, hi) => clipInPlace(heap.f32(x, n), Math.fround(lo), Math.fround(hi)),
    clip_by_value_f64: (n, x, lo, hi) => clipInPlace(heap.f64(x, n), lo, hi),
  };
}
