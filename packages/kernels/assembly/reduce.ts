// Reductions over one axis of a contiguous f32 array viewed as [outer, axis, inner].
// inner = 1 (the last axis): each output reduces one contiguous row; SIMD along the row.
// inner > 1 (a strided axis): SIMD across 4 or 16 neighbouring outputs, stepping `inner` elements
// per term. Row sums: reduce-rows.ts; column sums: reduce-columns.ts. Op codes match src/ops/reduce.ts.
// Contracts: axis >= 1 (the wrappers handle empty axes), outer >= 1, inner >= 1; out does not alias x.
import { colExtreme16, colMoments16, colSum1, colSum16, colSum4, colSum4High, demote4 } from './reduce-columns';
import { T_DIFF, T_DEV2, T_EXP, T_SQ, T_X, rowExtreme, rowProd, rowSum, smax, smin, vmax, vmin } from './reduce-rows';

import { ARGMAX, LOG_SUM_EXP, MAX, MEAN, MIN, PROD, SUM, SUM_SQUARES } from './op-codes';

@inline function rowReduce(op: i32, x: usize, n: i32): f32 {
  if (op == SUM) return <f32>rowSum(T_X, x, n, 0);
  if (op == MEAN) return <f32>(rowSum(T_X, x, n, 0) / <f64>n);
  if (op == SUM_SQUARES) return <f32>rowSum(T_SQ, x, n, 0);
  if (op == MAX) return rowExtreme(true, x, n);
  if (op == MIN) return rowExtreme(false, x, n);
  if (op == PROD) return <f32>rowProd(x, n);
  // LOG_SUM_EXP: m + log(sum e^(x - m)), m the max; an infinite or NaN max is the answer itself.
  const m = rowExtreme(true, x, n);
  if (m - m != 0) return m;
  return <f32>(<f64>m + Math.log(rowSum(T_EXP, x, n, m)));
}

@inline function colReduce4(op: i32, p: usize, axis: i32, stride: usize): v128 {
  if (op == MAX || op == MIN || op == LOG_SUM_EXP) {
    let r = v128.load(p);
    let q = p + stride;
    for (let a = 1; a < axis; a++) {
      r = op == MIN ? vmin(r, v128.load(q)) : vmax(r, v128.load(q));
      q += stride;
    }
    if (op != LOG_SUM_EXP) return r;
    // Lanes whose max is +-Inf or NaN give the max itself; others m + log(sum e^(x - m)).
    const finite = f32x4.eq(f32x4.sub(r, r), f32x4.splat(0));
    const safe = v128.and(r, finite);
    const lo = colSum4(T_EXP, p, axis, stride, safe);
    const hi = colSum4High();
    let out = f32x4.splat(0);
    out = f32x4.replace_lane(out, 0, <f32>(<f64>f32x4.extract_lane(safe, 0) + Math.log(f64x2.extract_lane(lo, 0))));
    out = f32x4.replace_lane(out, 1, <f32>(<f64>f32x4.extract_lane(safe, 1) + Math.log(f64x2.extract_lane(lo, 1))));
    out = f32x4.replace_lane(out, 2, <f32>(<f64>f32x4.extract_lane(safe, 2) + Math.log(f64x2.extract_lane(hi, 0))));
    out = f32x4.replace_lane(out, 3, <f32>(<f64>f32x4.extract_lane(safe, 3) + Math.log(f64x2.extract_lane(hi, 1))));
    return v128.bitselect(out, r, finite);
  }
  if (op == PROD) {
    let lo = f64x2.splat(1), hi = f64x2.splat(1);
    for (let a = 0; a < axis; a++) {
      const v = v128.load(p);
      lo = f64x2.mul(lo, f64x2.promote_low_f32x4(v));
      hi = f64x2.mul(hi, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
      p += stride;
    }
    return demote4(lo, hi, 1);
  }
  const kind = op == SUM_SQUARES ? T_SQ : T_X;
  const lo = colSum4(kind, p, axis, stride, f32x4.splat(0));
  return demote4(lo, colSum4High(), op == MEAN ? 1.0 / <f64>axis : 1.0);
}

@inline function colReduce1(op: i32, p: usize, axis: i32, stride: usize): f32 {
  if (op == MAX || op == MIN || op == LOG_SUM_EXP) {
    let r = load<f32>(p);
    for (let a = 1; a < axis; a++) {
      const v = load<f32>(p + <usize>a * stride);
      r = op == MIN ? smin(r, v) : smax(r, v);
    }
    if (op != LOG_SUM_EXP || r - r != 0) return r;
    return <f32>(<f64>r + Math.log(colSum1(T_EXP, p, axis, stride, r)));
  }
  if (op == PROD) {
    let s: f64 = 1;
    for (let a = 0; a < axis; a++) s *= <f64>load<f32>(p + <usize>a * stride);
    return <f32>s;
  }
  const s = colSum1(op == SUM_SQUARES ? T_SQ : T_X, p, axis, stride, 0);
  return <f32>(op == MEAN ? s / <f64>axis : s);
}

@inline function reduceLoop(op: i32, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      store<f32>(out + (<usize>o << 2), rowReduce(op, x + (<usize>o * <usize>axis << 2), axis));
    }
    return;
  }
  const stride = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>axis * stride;
    const oo = out + <usize>o * stride;
    let j = 0;
    if (op == SUM || op == MEAN || op == SUM_SQUARES || op == MAX || op == MIN) {
      for (; j + 16 <= inner; j += 16) {
        const p = xo + (<usize>j << 2), q = oo + (<usize>j << 2);
        if (op == MAX || op == MIN) colExtreme16(op == MAX, p, axis, stride, q);
        else colSum16(op == SUM_SQUARES ? T_SQ : T_X, p, axis, stride, 0, q, op == MEAN ? 1.0 / <f64>axis : 1.0);
      }
    }
    for (; j + 4 <= inner; j += 4) v128.store(oo + (<usize>j << 2), colReduce4(op, xo + (<usize>j << 2), axis, stride));
    for (; j < inner; j++) store<f32>(oo + (<usize>j << 2), colReduce1(op, xo + (<usize>j << 2), axis, stride));
  }
}

/**
 * out[o, j] = op over a of x[o, a, j], for o < outer, j < inner; axis >= 1.
 * Ops: 0 sum, 1 mean, 2 max, 3 min (NaN propagates), 4 prod, 5 sum of squares, 6 log-sum-exp.
 */
export function reduce_f32(op: i32, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  switch (op) {
    case SUM: reduceLoop(SUM, outer, axis, inner, x, out); break;
    case MEAN: reduceLoop(MEAN, outer, axis, inner, x, out); break;
    case MAX: reduceLoop(MAX, outer, axis, inner, x, out); break;
    case MIN: reduceLoop(MIN, outer, axis, inner, x, out); break;
    case PROD: reduceLoop(PROD, outer, axis, inner, x, out); break;
    case SUM_SQUARES: reduceLoop(SUM_SQUARES, outer, axis, inner, x, out); break;
    case LOG_SUM_EXP: reduceLoop(LOG_SUM_EXP, outer, axis, inner, x, out); break;
    default: unreachable();
  }
}

// ---- argmax / argmin: first occurrence; a NaN counts as larger (argmax) or smaller (argmin)
// than every number, so the first NaN wins either way, as in NumPy. ----

@inline function better(isMax: bool, v: f32, best: f32): bool {
  if (best != best) return false;
  if (v != v) return true;
  return isMax ? v > best : v < best;
}

/** Index of the first max / min of a contiguous row of n >= 1 (SIMD lanes of candidates, then a scalar merge). */
@inline function rowArg(isMax: bool, x: usize, n: i32): i32 {
  let best = load<f32>(x);
  let idx = 0;
  let i = 1;
  if (n >= 8) {
    let vb = v128.load(x);
    let vi = i32x4(0, 1, 2, 3);
    let cur = vi;
    const four = i32x4.splat(4);
    for (i = 4; i + 4 <= n; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      cur = i32x4.add(cur, four);
      const cmp = isMax ? f32x4.gt(v, vb) : f32x4.lt(v, vb);
      // v wins if strictly better or NaN, unless the lane already holds a NaN.
      const take = v128.andnot(v128.or(cmp, f32x4.ne(v, v)), f32x4.ne(vb, vb));
      vb = v128.bitselect(v, vb, take);
      vi = v128.bitselect(cur, vi, take);
    }
    // Merge the lanes: the best value, ties (and NaNs) to the smallest index.
    best = f32x4.extract_lane(vb, 0);
    idx = i32x4.extract_lane(vi, 0);
    const v1 = f32x4.extract_lane(vb, 1), i1 = i32x4.extract_lane(vi, 1);
    if (better(isMax, v1, best) || (i1 < idx && sameRank(v1, best))) { best = v1; idx = i1; }
    const v2 = f32x4.extract_lane(vb, 2), i2 = i32x4.extract_lane(vi, 2);
    if (better(isMax, v2, best) || (i2 < idx && sameRank(v2, best))) { best = v2; idx = i2; }
    const v3 = f32x4.extract_lane(vb, 3), i3 = i32x4.extract_lane(vi, 3);
    if (better(isMax, v3, best) || (i3 < idx && sameRank(v3, best))) { best = v3; idx = i3; }
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (better(isMax, v, best)) { best = v; idx = i; }
  }
  return idx;
}

/** Equal for the purpose of arg reductions (NaN equals NaN). */
@inline function sameRank(a: f32, b: f32): bool {
  return a == b || (a != a && b != b);
}

@inline function argLoop(isMax: bool, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  const stride = <usize>inner << 2;
  if (inner == 1) {
    for (let o = 0; o < outer; o++) store<i32>(out + (<usize>o << 2), rowArg(isMax, x + (<usize>o * <usize>axis << 2), axis));
    return;
  }
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>axis * stride;
    for (let j = 0; j < inner; j++) {
      let p = xo + (<usize>j << 2);
      let best = load<f32>(p);
      let idx = 0;
      for (let a = 1; a < axis; a++) {
        p += stride;
        const v = load<f32>(p);
        if (better(isMax, v, best)) { best = v; idx = a; }
      }
      store<i32>(out + ((<usize>o * <usize>inner + <usize>j) << 2), idx);
    }
  }
}

/** out (i32) [o, j] = index along the axis of the first max (op 0) or min (op 1); axis >= 1. */
export function arg_reduce_f32(op: i32, outer: i32, axis: i32, inner: i32, x: usize, out: usize): void {
  if (op == ARGMAX) argLoop(true, outer, axis, inner, x, out);
  else argLoop(false, outer, axis, inner, x, out);
}

// ---- moments: two passes (mean, then the mean of squared deviations) ----

/**
 * mean[o, j] and variance[o, j] = sum (x - mean)^2 / max(axis - correction, 0) over a; axis >= 1.
 * Two-pass: never E[x^2] - E[x]^2.
 */
export function moments_f32(outer: i32, axis: i32, inner: i32, x: usize, mean: usize, variance: usize, correction: f32): void {
  const denom: f64 = max(<f64>axis - <f64>correction, 0);
  const stride = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>axis * stride;
    const oo = <usize>o * stride;
    if (inner == 1) {
      const x0 = load<f32>(xo); // shifted sum: exact for constant rows
      const mu = <f32>(<f64>x0 + rowSum(T_DIFF, xo, axis, x0) / <f64>axis);
      store<f32>(mean + oo, mu);
      store<f32>(variance + oo, <f32>(rowSum(T_DEV2, xo, axis, mu) / denom));
      continue;
    }
    let j = 0;
    for (; j + 16 <= inner; j += 16) {
      colMoments16(xo + (<usize>j << 2), axis, stride, mean + oo + (<usize>j << 2), variance + oo + (<usize>j << 2), 1.0 / denom);
    }
    for (; j + 4 <= inner; j += 4) {
      const p = xo + (<usize>j << 2);
      const lo = colSum4(T_X, p, axis, stride, f32x4.splat(0));
      const mu = demote4(lo, colSum4High(), 1.0 / <f64>axis);
      v128.store(mean + oo + (<usize>j << 2), mu);
      const lo2 = colSum4(T_DEV2, p, axis, stride, mu);
      v128.store(variance + oo + (<usize>j << 2), demote4(lo2, colSum4High(), 1.0 / denom));
    }
    for (; j < inner; j++) {
      const p = xo + (<usize>j << 2);
      const mu = <f32>(colSum1(T_X, p, axis, stride, 0) / <f64>axis);
      store<f32>(mean + oo + (<usize>j << 2), mu);
      store<f32>(variance + oo + (<usize>j << 2), <f32>(colSum1(T_DEV2, p, axis, stride, mu) / denom));
    }
  }
}

// ---- cumulative sum (f64 running sums) ----

/** out[o, a, j] = sum of x[o, b, j] for b <= a (reverse = 0) or b >= a (reverse = 1). out may equal x. */
export function cumsum_f32(outer: i32, axis: i32, inner: i32, x: usize, out: usize, reverse: i32): void {
  const stride = <usize>inner << 2;
  const step: isize = reverse ? -<isize>stride : <isize>stride;
  const startOff: usize = reverse ? <usize>(axis - 1) * stride : 0;
  for (let o = 0; o < outer; o++) {
    const base = <usize>o * <usize>axis * stride + startOff;
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      let off = base + (<usize>j << 2);
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      for (let a = 0; a < axis; a++) {
        const v = v128.load(x + off);
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
        hi = f64x2.add(hi, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
        v128.store(out + off, demote4(lo, hi, 1));
        off += step;
      }
    }
    for (; j < inner; j++) {
      let off = base + (<usize>j << 2);
      let s: f64 = 0;
      for (let a = 0; a < axis; a++) {
        s += <f64>load<f32>(x + off);
        store<f32>(out + off, <f32>s);
        off += step;
      }
    }
  }
}

// ---- whole-array helpers for optimizers ----

/** sum of x[i]^2 over n contiguous f32, accumulated in f64 per chunk. */
export function squared_norm_f32(n: i32, x: usize): f64 {
  return rowSum(T_SQ, x, n, 0);
}

/** x[i] = min(max(x[i], lo), hi) in place; NaN stays NaN. */
export function clip_by_value_f32(n: i32, x: usize, lo: f32, hi: f32): void {
  const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = x + (<usize>i << 2);
    v128.store(p, f32x4.pmin(f32x4.pmax(v128.load(p), vlo), vhi)); // pmax(v, lo) = v < lo ? lo : v
  }
  for (; i < n; i++) {
    const p = x + (<usize>i << 2);
    let v = load<f32>(p);
    if (v < lo) v = lo;
    if (hi < v) v = hi;
    store<f32>(p, v);
  }
}
