// Sums and extremes down strided columns (stride in bytes between consecutive rows), f64x2
// accumulation: 4 columns (f64x2 halves; the high half through colSum4High), 16 columns (one
// 64-byte line per row step) and single columns.
import { T_DEV2, T_DIFF, T_EXP, T_X, term1, term4, vmax, vmin } from './reduce-rows';

// ---- strided axis: 4 neighbouring columns at a time ----

/** f64x2 halves (low lanes 0-1, high lanes 2-3) of term sums over `axis` rows, `stride` bytes apart. */
@inline export function colSum4(kind: i32, p: usize, axis: i32, stride: usize, m: v128): v128 {
  // Returns the low half; leaves the high half in colHigh (read it with colSum4High()).
  let lo = f64x2.splat(0), h = f64x2.splat(0);
  for (let a = 0; a < axis; a++) {
    const v = term4(kind, v128.load(p), m);
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
    h = f64x2.add(h, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
    p += stride;
  }
  colHigh = h;
  return lo;
}

@inline export function colSum4High(): v128 {
  return colHigh;
}

/** f32x4 of (lo, hi) f64x2 pairs, each scaled by `scale`. */
@inline export function demote4(lo: v128, hi: v128, scale: f64): v128 {
  const s = f64x2.splat(scale);
  const a = f32x4.demote_f64x2_zero(f64x2.mul(lo, s));
  const b = f32x4.demote_f64x2_zero(f64x2.mul(hi, s));
  return i32x4.shuffle(a, b, 0, 1, 4, 5);
}

/** Scalar f64 term sum down one column. */
@inline export function colSum1(kind: i32, p: usize, axis: i32, stride: usize, m: f32): f64 {
  let s: f64 = 0;
  for (let a = 0; a < axis; a++) {
    s += <f64>term1(kind, load<f32>(p), m);
    p += stride;
  }
  return s;
}

// The high half of the last colSum4 (a per-instance global: safe when instances share memory).
let colHigh: v128 = f64x2.splat(0);

// ---- strided axis, 16 neighbouring columns (one 64-byte line per row step) ----

@inline function acc2(lo: v128, v: v128): v128 {
  return f64x2.add(lo, f64x2.promote_low_f32x4(v));
}
@inline function hiHalf(v: v128): v128 {
  return i32x4.shuffle(v, v, 2, 3, 0, 1);
}

/**
 * out[0..16) = scale * sum over `axis` rows (`stride` bytes apart) of term(p[0..16)), f64x2 sums;
 * m points at the 16 per-column shifts of T_DEV2 / T_DIFF (ignored otherwise).
 */
@inline export function colSum16(kind: i32, p: usize, axis: i32, stride: usize, m: usize, out: usize, scale: f64): void {
  let m0 = f32x4.splat(0), m1 = m0, m2 = m0, m3 = m0;
  if (kind == T_DEV2 || kind == T_DIFF || kind == T_EXP) {
    m0 = v128.load(m); m1 = v128.load(m, 16); m2 = v128.load(m, 32); m3 = v128.load(m, 48);
  }
  let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  for (let a = 0; a < axis; a++) {
    const v0 = term4(kind, v128.load(p), m0), v1 = term4(kind, v128.load(p, 16), m1);
    const v2 = term4(kind, v128.load(p, 32), m2), v3 = term4(kind, v128.load(p, 48), m3);
    a0 = acc2(a0, v0); a1 = acc2(a1, hiHalf(v0));
    a2 = acc2(a2, v1); a3 = acc2(a3, hiHalf(v1));
    a4 = acc2(a4, v2); a5 = acc2(a5, hiHalf(v2));
    a6 = acc2(a6, v3); a7 = acc2(a7, hiHalf(v3));
    p += stride;
  }
  v128.store(out, demote4(a0, a1, scale));
  v128.store(out, demote4(a2, a3, scale), 16);
  v128.store(out, demote4(a4, a5, scale), 32);
  v128.store(out, demote4(a6, a7, scale), 48);
}

/** out[0..16) = max (isMax) or min over `axis` >= 1 rows of p[0..16), NaN-propagating. */
@inline export function colExtreme16(isMax: bool, p: usize, axis: i32, stride: usize, out: usize): void {
  let r0 = v128.load(p), r1 = v128.load(p, 16), r2 = v128.load(p, 32), r3 = v128.load(p, 48);
  for (let a = 1; a < axis; a++) {
    p += stride;
    if (isMax) {
      r0 = vmax(r0, v128.load(p)); r1 = vmax(r1, v128.load(p, 16)); r2 = vmax(r2, v128.load(p, 32)); r3 = vmax(r3, v128.load(p, 48));
    } else {
      r0 = vmin(r0, v128.load(p)); r1 = vmin(r1, v128.load(p, 16)); r2 = vmin(r2, v128.load(p, 32)); r3 = vmin(r3, v128.load(p, 48));
    }
  }
  v128.store(out, r0); v128.store(out, r1, 16); v128.store(out, r2, 32); v128.store(out, r3, 48);
}

/**
 * Two-pass moments of 16 neighbouring columns: mean[0..16) and var[0..16) = sum (x - mean)^2 * invDenom.
 * `mean` is written first and read back as the shift of the second pass.
 */
@inline export function colMoments16(p: usize, axis: i32, stride: usize, mean: usize, variance: usize, invDenom: f64): void {
  colSum16(T_X, p, axis, stride, 0, mean, 1.0 / <f64>axis);
  colSum16(T_DEV2, p, axis, stride, mean, variance, invDenom);
}

