// Shared SIMD math for every kernel family. Inlined at each use.
// Contract: lanes are independent; NaN in gives NaN out; no f32x4.min/max or trunc_sat
// (V8 lowers both to long sequences): clamps use pmin/pmax and rounding uses the 1.5*2^23 trick.

/** a*b + c; fused (one rounding) in the relaxed-SIMD build, mul then add otherwise. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** c - a*b (fused in the relaxed build). */
@inline export function nmadd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, c);
  return f32x4.sub(c, f32x4.mul(a, b));
}

const ROUND_MAGIC: f32 = 12582912.0; // 1.5 * 2^23: adding it rounds |x| < 2^22 to an integer
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375; // Cody-Waite split of ln 2 (Cephes expf)
const LN2_LO: f32 = -2.12194440e-4;
const EXP_HI: f32 = 88.72283905206835; // above: +Inf
const EXP_LO: f32 = -87.33654475055310; // below: 0 (flushes exp's subnormal results)

/**
 * e^x per lane: x = n ln2 + r, |r| <= ln2/2, e^r by the Cephes degree-6 polynomial, 2^n built in
 * the exponent bits. Max relative error ~2 ulp on [-87.3, 88.7]; +Inf -> +Inf, -Inf -> 0.
 */
@inline export function exp4(x: v128): v128 {
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(ROUND_MAGIC));
  const n = f32x4.sub(t, f32x4.splat(ROUND_MAGIC));
  let r = nmadd(n, f32x4.splat(LN2_HI), x);
  r = nmadd(n, f32x4.splat(LN2_LO), r);
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  p = madd(p, r2, f32x4.add(r, f32x4.splat(1.0)));
  // n sits in the low mantissa bits of t: bits(t) - bits(magic) == n.
  const ni = i32x4.sub(t, i32x4.splat(0x4b400000));
  const scale = i32x4.shl(i32x4.add(ni, i32x4.splat(127)), 23);
  let y = f32x4.mul(p, scale);
  y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, f32x4.splat(EXP_HI)));
  return v128.andnot(y, f32x4.lt(x, f32x4.splat(EXP_LO)));
}

/** 1 / (1 + e^-x) per lane. */
@inline export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/** tanh x = 2 sigmoid(2x) - 1 (absolute error ~1e-7 near 0, exact limits at +-Inf). */
@inline export function tanh4(x: v128): v128 {
  const s = sigmoid4(f32x4.add(x, x));
  return f32x4.sub(f32x4.add(s, s), f32x4.splat(1.0));
}

/** Scalar e^x with the same polynomial as exp4, for loop tails (keeps tails bit-identical to bodies). */
@inline export function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

export function heap_base(): usize {
  return __heap_base;
}
