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
const EXP_HI: f32 = 88.72283905206835; // above: +Inf
const EXP_LO: f32 = -87.33654475055310; // below: 0 (flushes exp's subnormal results)

// exp4's constants, splatted, in static memory. V8 11.3 builds every v128.const from general
// registers (several instructions each, every iteration); a v128.load of a table is one.
// Order: log2(e), magic, ln2 hi, ln2 lo (Cody-Waite split, Cephes expf), the six polynomial
// coefficients (Cephes expf, highest degree first), 1, hi, lo, +Inf.
const EXP_TABLE = memory.data<f32>([
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341,
  ROUND_MAGIC, ROUND_MAGIC, ROUND_MAGIC, ROUND_MAGIC,
  0.693359375, 0.693359375, 0.693359375, 0.693359375,
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4,
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4,
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3,
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3,
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2,
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1,
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1,
  1.0, 1.0, 1.0, 1.0,
  EXP_HI, EXP_HI, EXP_HI, EXP_HI,
  EXP_LO, EXP_LO, EXP_LO, EXP_LO,
  Infinity, Infinity, Infinity, Infinity,
], 16);

/** exp4's constant `k` of EXP_TABLE (the order above), splatted. */
@inline export function expConst(k: i32): v128 {
  return v128.load(EXP_TABLE + (<usize>k << 4));
}

/**
 * e^x per lane: x = n ln2 + r, |r| <= ln2/2, e^r by the Cephes degree-6 polynomial, 2^n built in
 * the exponent bits. Max relative error ~2 ulp on [-87.3, 88.7]; +Inf -> +Inf, -Inf -> 0.
 */
@inline export function exp4(x: v128): v128 {
  const magic = expConst(1);
  const t = f32x4.add(f32x4.mul(x, expConst(0)), magic);
  const n = f32x4.sub(t, magic);
  let r = nmadd(n, expConst(2), x);
  r = nmadd(n, expConst(3), r);
  let p = expConst(4);
  p = madd(p, r, expConst(5));
  p = madd(p, r, expConst(6));
  p = madd(p, r, expConst(7));
  p = madd(p, r, expConst(8));
  p = madd(p, r, expConst(9));
  const r2 = f32x4.mul(r, r);
  p = madd(p, r2, f32x4.add(r, expConst(10)));
  // n sits in the low mantissa bits of t: bits(t) - bits(magic) == n.
  const ni = i32x4.sub(t, magic);
  const scale = i32x4.shl(i32x4.add(ni, i32x4.splat(127)), 23);
  let y = f32x4.mul(p, scale);
  y = v128.bitselect(expConst(13), y, f32x4.gt(x, expConst(11)));
  return v128.andnot(y, f32x4.lt(x, expConst(12)));
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
