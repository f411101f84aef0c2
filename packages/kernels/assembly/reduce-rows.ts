// Sums and extremes of contiguous f32 rows, shared by the reduce, softmax and norm families.
// Sums keep 16 f32 partial sums over chunks of at most CHUNK elements and add the chunks in f64.
import { expNeg1, expNeg4 } from './exp-neg';

// Term kinds of a sum: x, x^2, e^(x - m) (m the maximum: x - m <= 0), (x - m)^2, x - m.
export const T_X = 0, T_SQ = 1, T_EXP = 2, T_DEV2 = 3, T_DIFF = 4;
const CHUNK = 1024;

@inline export function term4(kind: i32, v: v128, m: v128): v128 {
  if (kind == T_SQ) return f32x4.mul(v, v);
  if (kind == T_EXP) return expNeg4(f32x4.sub(v, m));
  if (kind == T_DEV2) { const d = f32x4.sub(v, m); return f32x4.mul(d, d); }
  if (kind == T_DIFF) return f32x4.sub(v, m);
  return v;
}

@inline export function term1(kind: i32, v: f32, m: f32): f32 {
  if (kind == T_SQ) return v * v;
  if (kind == T_EXP) return expNeg1(v - m);
  if (kind == T_DEV2) { const d = v - m; return d * d; }
  if (kind == T_DIFF) return v - m;
  return v;
}

@inline export function hsum64(v: v128): f64 {
  return (<f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1)) +
    (<f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3));
}

/** Sum of term(x[i]) over n contiguous f32: f32x4 partials per chunk, chunks added in f64. */
@inline export function rowSum(kind: i32, x: usize, n: i32, m: f32): f64 {
  const vm = f32x4.splat(m);
  let total: f64 = 0;
  let i = 0;
  while (i + 16 <= n) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    const end = min(n, i + CHUNK);
    for (; i + 16 <= end; i += 16) {
      const p = x + (<usize>i << 2);
      a0 = f32x4.add(a0, term4(kind, v128.load(p), vm));
      a1 = f32x4.add(a1, term4(kind, v128.load(p, 16), vm));
      a2 = f32x4.add(a2, term4(kind, v128.load(p, 32), vm));
      a3 = f32x4.add(a3, term4(kind, v128.load(p, 48), vm));
    }
    total += hsum64(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  }
  for (; i < n; i++) total += <f64>term1(kind, load<f32>(x + (<usize>i << 2)), m);
  return total;
}

/** NaN-propagating lane max / min (no f32x4.max/min: V8 lowers them to long sequences). */
@inline export function vmax(a: v128, b: v128): v128 {
  return v128.bitselect(a, b, v128.or(f32x4.gt(a, b), f32x4.ne(a, a)));
}
@inline export function vmin(a: v128, b: v128): v128 {
  return v128.bitselect(a, b, v128.or(f32x4.lt(a, b), f32x4.ne(a, a)));
}
@inline export function smax(a: f32, b: f32): f32 { return a > b || a != a ? a : b; }
@inline export function smin(a: f32, b: f32): f32 { return a < b || a != a ? a : b; }

/** Max (isMax) or min of n >= 1 contiguous f32; NaN if any element is NaN. */
@inline export function rowExtreme(isMax: bool, x: usize, n: i32): f32 {
  let r: f32 = load<f32>(x);
  let i = 0;
  if (n >= 16) {
    let a0 = v128.load(x), a1 = a0, a2 = a0, a3 = a0;
    for (; i + 16 <= n; i += 16) {
      const p = x + (<usize>i << 2);
      if (isMax) {
        a0 = vmax(a0, v128.load(p)); a1 = vmax(a1, v128.load(p, 16));
        a2 = vmax(a2, v128.load(p, 32)); a3 = vmax(a3, v128.load(p, 48));
      } else {
        a0 = vmin(a0, v128.load(p)); a1 = vmin(a1, v128.load(p, 16));
        a2 = vmin(a2, v128.load(p, 32)); a3 = vmin(a3, v128.load(p, 48));
      }
    }
    const a = isMax ? vmax(vmax(a0, a1), vmax(a2, a3)) : vmin(vmin(a0, a1), vmin(a2, a3));
    const v0 = f32x4.extract_lane(a, 0), v1 = f32x4.extract_lane(a, 1);
    const v2 = f32x4.extract_lane(a, 2), v3 = f32x4.extract_lane(a, 3);
    r = isMax ? smax(smax(r, v0), smax(smax(v1, v2), v3)) : smin(smin(r, v0), smin(smin(v1, v2), v3));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    r = isMax ? smax(r, v) : smin(r, v);
  }
  return r;
}

/** Product of n contiguous f32 in f64 (f64x2 lanes). */
@inline export function rowProd(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(1), a1 = f64x2.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    a0 = f64x2.mul(a0, f64x2.promote_low_f32x4(v));
    a1 = f64x2.mul(a1, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
  }
  let r = (f64x2.extract_lane(a0, 0) * f64x2.extract_lane(a0, 1)) * (f64x2.extract_lane(a1, 0) * f64x2.extract_lane(a1, 1));
  for (; i < n; i++) r *= <f64>load<f32>(x + (<usize>i << 2));
  return r;
}

