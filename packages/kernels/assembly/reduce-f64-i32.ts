// Reductions over one axis of a contiguous float64 or int32 array viewed as [outer, axis, inner],
// from one generic source (op codes of reduce.ts). inner = 1: each output reduces a contiguous
// row, two vectors of lanes at a time. inner > 1: vectors across 4 (then 1) neighbouring groups of
// outputs, stepping `inner` elements per term. float64 sums accumulate in 4 f64 lanes; max and min
// propagate NaN; int32 sums and products wrap, and int32 has no mean or log-sum-exp (trap).
// Contracts: axis >= 1, outer >= 1, inner >= 1; out does not alias x.
import { ARGMAX, LOG_SUM_EXP, MAX, MEAN, MIN, PROD, SUM, SUM_SQUARES } from './op-codes';

@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** r op v per lane (LOG_SUM_EXP's first pass is MAX). */
@inline function comb<T>(op: i32, r: v128, v: v128): v128 {
  switch (op) {
    case SUM: case MEAN: return v128.add<T>(r, v);
    case SUM_SQUARES: return v128.add<T>(r, v128.mul<T>(v, v));
    case PROD: return v128.mul<T>(r, v);
    case MIN: {
      if (isInteger<T>()) return v128.min<T>(r, v);
      else return v128.bitselect(v, r, v128.or(v128.lt<T>(v, r), v128.ne<T>(v, v))); // a NaN sticks
    }
    default: {
      if (isInteger<T>()) return v128.max<T>(r, v);
      else return v128.bitselect(v, r, v128.or(v128.gt<T>(v, r), v128.ne<T>(v, v)));
    }
  }
}

@inline function comb1<T>(op: i32, r: T, v: T): T {
  return v128.extract_lane<T>(comb<T>(op, v128.splat<T>(r), v128.splat<T>(v)), 0);
}

/** The starting value of a reduction whose first term is at p. */
@inline function start<T>(op: i32, p: usize): T {
  if (op == SUM || op == MEAN || op == SUM_SQUARES) return <T>0;
  if (op == PROD) return <T>1;
  return load<T>(p);
}

/** Folds the lanes of r into one value, lane 0 first. */
@inline function fold<T>(op: i32, r: v128): T {
  if (sizeof<T>() == 8) {
    return comb1<T>(op, v128.extract_lane<T>(r, 0), v128.extract_lane<T>(r, 1));
  } else {
    const s = comb1<T>(op, v128.extract_lane<T>(r, 0), v128.extract_lane<T>(r, 1));
    return comb1<T>(op, comb1<T>(op, s, v128.extract_lane<T>(r, 2)), v128.extract_lane<T>(r, 3));
  }
}

/** op over the contiguous row x[0 .. n) (n >= 1), before the final scaling. */
@inline function rowFold<T>(op: i32, x: usize, n: i32): T {
  const L = lanes<T>();
  const shift = alignof<T>();
  const first = v128.splat<T>(start<T>(op, x));
  let r0 = first, r1 = first;
  let i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const p = x + (<usize>i << shift);
    r0 = comb<T>(op, r0, v128.load(p));
    r1 = comb<T>(op, r1, v128.load(p, 16));
  }
  // Partials merge by the op itself, except sums of squares, whose partials add.
  const merge = op == SUM_SQUARES ? SUM : op;
  let s = fold<T>(merge, comb<T>(merge, r0, r1));
  for (; i < n; i++) s = comb1<T>(op, s, load<T>(x + (<usize>i << shift)));
  return s;
}

/** log sum e^x of `axis` terms at p, p + stride, ... (float64 only); m is their max. */
@inline function logSumExp(p: usize, axis: i32, stride: usize, m: f64): f64 {
  if (m - m != 0) return m; // +-Inf or NaN max: the answer itself
  let s: f64 = 0;
  for (let a = 0; a < axis; a++) s += Math.exp(load<f64>(p + <usize>a * stride) - m);
  return m + Math.log(s);
}

@inline function finish<T>(op: i32, s: T, axis: i32, p: usize, stride: usize): T {
  if (op == MEAN) {
    if (isInteger<T>()) return unreachable();
    else return <T>(<f64>s / <f64>axis);
  }
  if (op == LOG_SUM_EXP) {
    if (isInteger<T>()) return unreachable();
    else return <T>logSumExp(p, axis, stride, <f64>s);
  }
  return s;
}

@inline function reduceLoop<T>(op: i32, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  const L = lanes<T>();
  const shift = alignof<T>();
  const stride = <usize>inner << shift;
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const row = x + <usize>o * stride * <usize>axis;
      store<T>(out + (<usize>o << shift), finish<T>(op, rowFold<T>(op, row, axis), axis, row, stride));
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>axis * stride;
    const oo = out + <usize>o * stride;
    let j = 0;
    // Four vectors of neighbouring outputs (64 contiguous bytes per term), then one, then scalars.
    for (; j + 4 * L <= inner; j += 4 * L) {
      let p = xo + (<usize>j << shift);
      let r0 = v128.splat<T>(start<T>(op, p)), r1 = r0, r2 = r0, r3 = r0;
      if (op == MAX || op == MIN || op == LOG_SUM_EXP) {
        r0 = v128.load(p); r1 = v128.load(p, 16); r2 = v128.load(p, 32); r3 = v128.load(p, 48);
      }
      for (let a = 0; a < axis; a++) {
        r0 = comb<T>(op, r0, v128.load(p));
        r1 = comb<T>(op, r1, v128.load(p, 16));
        r2 = comb<T>(op, r2, v128.load(p, 32));
        r3 = comb<T>(op, r3, v128.load(p, 48));
        p += stride;
      }
      const q = oo + (<usize>j << shift);
      v128.store(q, r0);
      v128.store(q, r1, 16);
      v128.store(q, r2, 32);
      v128.store(q, r3, 48);
    }
    for (; j + L <= inner; j += L) {
      let p = xo + (<usize>j << shift);
      let r = op == MAX || op == MIN || op == LOG_SUM_EXP ? v128.load(p) : v128.splat<T>(start<T>(op, p));
      for (let a = 0; a < axis; a++) {
        r = comb<T>(op, r, v128.load(p));
        p += stride;
      }
      v128.store(oo + (<usize>j << shift), r);
    }
    for (; j < inner; j++) {
      let p = xo + (<usize>j << shift);
      let s = start<T>(op, p);
      for (let a = 0; a < axis; a++) {
        s = comb1<T>(op, s, load<T>(p));
        p += stride;
      }
      store<T>(oo + (<usize>j << shift), s);
    }
    if (op == MEAN || op == LOG_SUM_EXP) {
      for (let jj = 0; jj < inner; jj++) {
        const q = oo + (<usize>jj << shift);
        store<T>(q, finish<T>(op, load<T>(q), axis, xo + (<usize>jj << shift), stride));
      }
    }
  }
}

@inline function reduceAny<T>(op: i32, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  switch (op) {
    case SUM: reduceLoop<T>(SUM, outer, axis, inner, x, out); break;
    case MEAN: reduceLoop<T>(MEAN, outer, axis, inner, x, out); break;
    case MAX: reduceLoop<T>(MAX, outer, axis, inner, x, out); break;
    case MIN: reduceLoop<T>(MIN, outer, axis, inner, x, out); break;
    case PROD: reduceLoop<T>(PROD, outer, axis, inner, x, out); break;
    case SUM_SQUARES: reduceLoop<T>(SUM_SQUARES, outer, axis, inner, x, out); break;
    case LOG_SUM_EXP: reduceLoop<T>(LOG_SUM_EXP, outer, axis, inner, x, out); break;
    default: unreachable();
  }
}

/** reduce_f32's contract in float64: out[o, j] = op over a of x[o, a, j]; axis >= 1. */
export function reduce_f64(op: i32, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  reduceAny<f64>(op, outer, axis, inner, x, out);
}

/** reduce_f32's contract in int32 for sum, max, min, prod and sum of squares (sums and products wrap). */
export function reduce_i32(op: i32, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  reduceAny<i32>(op, outer, axis, inner, x, out);
}

// ---- argmax / argmin: the first extreme; a NaN beats every number (the first NaN wins) ----

@inline function better<T>(isMax: bool, v: T, best: T): bool {
  if (best != best) return false;
  if (v != v) return true;
  return isMax ? v > best : v < best;
}

@inline function argLoop<T>(isMax: bool, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  const stride = <usize>inner << alignof<T>();
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>axis * stride;
    for (let j = 0; j < inner; j++) {
      let p = xo + (<usize>j << alignof<T>());
      let best = load<T>(p);
      let idx = 0;
      for (let a = 1; a < axis; a++) {
        p += stride;
        const v = load<T>(p);
        if (better<T>(isMax, v, best)) { best = v; idx = a; }
      }
      store<i32>(out + ((<usize>o * <usize>inner + <usize>j) << 2), idx);
    }
  }
}

/** arg_reduce_f32's contract in float64: out (i32) = index of the first max (op 0) or min (op 1). */
export function arg_reduce_f64(op: i32, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  argLoop<f64>(op == ARGMAX, outer, axis, inner, x, out);
}

/** arg_reduce_f32's contract in int32. */
export function arg_reduce_i32(op: i32, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  argLoop<i32>(op == ARGMAX, outer, axis, inner, x, out);
}

/** sum of x[i]^2 over n >= 0 contiguous doubles (global-norm gradient clipping). */
export function squared_norm_f64(n: i32, x: usize): f64 {
  return n == 0 ? 0 : rowFold<f64>(SUM_SQUARES, x, n);
}
