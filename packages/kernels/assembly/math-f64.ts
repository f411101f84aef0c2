// Shared float64 maths: the fused multiply-add of f64x2 lanes, and f64x2 forms of exp, sigmoid
// and tanh for the bandwidth-bound kernels (softmax-f64.ts, recurrent-f64.ts). The scalar unary
// formulas live in unary-math.ts.

/** a*b + c per f64x2 lane; fused in the relaxed-SIMD build. */
@inline export function madd2(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/** a*b + c per f64x2 lane, always two roundings (the polynomials below are tuned for either). */
@inline function mad(a: v128, b: v128, c: v128): v128 {
  return f64x2.add(f64x2.mul(a, b), c);
}

// exp2d's constants, splatted, in static memory (V8 builds v128.const from general registers):
// log2(e), 1.5 * 2^52 (adding it rounds to an integer), ln2 high and low parts (Cody-Waite,
// the high part exact in 32 bits), 1/13! .. 1/2! (Taylor), 1, the overflow and underflow bounds.
const EXP64 = memory.data<f64>([
  1.4426950408889634, 1.4426950408889634,
  6755399441055744.0, 6755399441055744.0,
  0.6931471803691238, 0.6931471803691238,
  1.9082149292705877e-10, 1.9082149292705877e-10,
  1.6059043836821613e-10, 1.6059043836821613e-10,
  2.08767569878681e-9, 2.08767569878681e-9,
  2.505210838544172e-8, 2.505210838544172e-8,
  2.755731922398589e-7, 2.755731922398589e-7,
  2.7557319223985893e-6, 2.7557319223985893e-6,
  2.48015873015873e-5, 2.48015873015873e-5,
  1.984126984126984e-4, 1.984126984126984e-4,
  1.388888888888889e-3, 1.388888888888889e-3,
  8.333333333333333e-3, 8.333333333333333e-3,
  4.1666666666666664e-2, 4.1666666666666664e-2,
  1.6666666666666666e-1, 1.6666666666666666e-1,
  0.5, 0.5,
  1.0, 1.0,
  709.782712893384, 709.782712893384,
  -745.1332191019412, -745.1332191019412,
], 16);

@inline function c64(k: i32): v128 {
  return v128.load(EXP64 + (<usize>k << 4));
}

/**
 * e^x per f64x2 lane: x = n ln2 + r (|r| <= ln2/2, Cody-Waite), e^r by its Taylor polynomial of
 * degree 13 (truncation < 2^-60), times 2^n built in two exponent steps (so subnormal results
 * come out right). Within 2 ulp of Math.exp; x > 709.78 gives +Inf, x < -745.13 gives 0, NaN NaN.
 */
@inline export function exp2d(x: v128): v128 {
  const magic = c64(1);
  const t = mad(x, c64(0), magic);
  const n = f64x2.sub(t, magic);
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, c64(2))), f64x2.mul(n, c64(3)));
  let p = c64(4);
  for (let k = 5; k <= 15; k++) p = mad(p, r, c64(k)); // 1/13! .. 1/2!
  p = mad(p, r, c64(16));
  p = mad(p, r, c64(16)); // 1 + r + r^2/2! + ... + r^13/13!
  const ni = i64x2.sub(t, magic); // the integer n in the low bits (|n| < 2^51)
  const n1 = i64x2.shr_s(ni, 1), n2 = i64x2.sub(ni, n1);
  const bias = i64x2.splat(1023);
  const s1 = i64x2.shl(i64x2.add(n1, bias), 52), s2 = i64x2.shl(i64x2.add(n2, bias), 52);
  let y = f64x2.mul(f64x2.mul(p, s1), s2);
  y = v128.bitselect(f64x2.splat(Infinity), y, f64x2.gt(x, c64(17)));
  y = v128.bitselect(f64x2.splat(0), y, f64x2.lt(x, c64(18)));
  return v128.bitselect(x, y, f64x2.ne(x, x));
}

/** 1 / (1 + e^-x) per f64x2 lane, as sigmoid64 (unary-math.ts): e^-|x| never overflows. */
@inline export function sigmoid2d(x: v128): v128 {
  const e = exp2d(f64x2.neg(f64x2.abs(x)));
  const one = c64(16);
  return f64x2.div(v128.bitselect(one, e, f64x2.ge(x, f64x2.splat(0))), f64x2.add(one, e));
}

// tanh2d's rational form on |x| <= 0.625 (Cephes tanh.c): x + x^3 P(x^2) / Q(x^2).
const TANH64 = memory.data<f64>([
  -9.64399179425052238628e-1, -9.64399179425052238628e-1,
  -9.92877231001918586564e1, -9.92877231001918586564e1,
  -1.61468768441708447952e3, -1.61468768441708447952e3,
  1.12811678491632931402e2, 1.12811678491632931402e2,
  2.23548839060100448583e3, 2.23548839060100448583e3,
  4.84406305325125486048e3, 4.84406305325125486048e3,
  0.625, 0.625,
  2.0, 2.0,
], 16);

@inline function t64(k: i32): v128 {
  return v128.load(TANH64 + (<usize>k << 4));
}

/**
 * tanh per f64x2 lane (Cephes tanh.c): |x| > 0.625: 1 - 2 / (e^2|x| + 1) with x's sign; else the
 * rational form (relative accuracy near 0). Within a few ulp of Math.tanh; +-0 and NaN pass through.
 */
@inline export function tanh2d(x: v128): v128 {
  const ax = f64x2.abs(x);
  const two = t64(7), one = c64(16);
  const big = f64x2.sub(one, f64x2.div(two, f64x2.add(exp2d(f64x2.mul(two, ax)), one)));
  const s = f64x2.mul(x, x);
  const p = mad(mad(t64(0), s, t64(1)), s, t64(2));
  const q = mad(mad(f64x2.add(s, t64(3)), s, t64(4)), s, t64(5));
  const small = f64x2.add(x, f64x2.mul(f64x2.mul(x, s), f64x2.div(p, q)));
  const signed = v128.or(big, v128.and(x, i64x2.splat(0x8000000000000000))); // big >= 0: copy x's sign
  return v128.bitselect(signed, small, f64x2.gt(ax, t64(6)));
}
