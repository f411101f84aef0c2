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
// 64/ln2, 1.5 * 2^52 (adding it rounds to an integer), ln2/64 in a high part (exact times any k
// that occurs) and a low part, 1/120, 1/24, 1/6, 1/2, the overflow and underflow bounds, 63.
const EXP64 = memory.data<f64>([
  92.33248261689366, 92.33248261689366,
  6755399441055744.0, 6755399441055744.0,
  0.01083042469326756, 0.01083042469326756,
  2.9815858269852933e-12, 2.9815858269852933e-12,
  0.008333333333333333, 0.008333333333333333,
  0.041666666666666664, 0.041666666666666664,
  0.16666666666666666, 0.16666666666666666,
  0.5, 0.5,
  709.782712893384, 709.782712893384,
  -745.1332191019412, -745.1332191019412,
  1.0, 1.0,
], 16);

/** 2^(j/64) for j = 0 .. 63, each rounded to the nearest double. */
const EXP2_64THS = memory.data<f64>([
  1.0, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284,
  1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
  1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418,
  1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687,
  1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783,
  1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303,
  1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112,
  1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647,
  1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384,
  1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267,
  1.6104903319492543, 1.6280274218573478, 1.645755478153965, 1.6636765803267364,
  1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062,
  1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
  1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656,
  1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951,
]);

@inline function c64(k: i32): v128 {
  return v128.load(EXP64 + (<usize>k << 4));
}

/**
 * e^x per f64x2 lane: x = (64 m + j) ln2/64 + r with |r| <= ln2/128 (Cody-Waite), e^x =
 * 2^m 2^(j/64) e^r: 2^(j/64) from a 64-entry table (two scalar loads), e^r - 1 by its Taylor
 * polynomial of degree 5 (truncation < 2^-54 relative), 2^m applied in two exponent steps (so
 * subnormal results come out right). Within 2 ulp of Math.exp; x > 709.78 gives +Inf,
 * x < -745.13 gives 0, NaN NaN.
 */
@inline export function exp2d(x: v128): v128 {
  const magic = c64(1);
  const t = mad(x, c64(0), magic);
  const n = f64x2.sub(t, magic);
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, c64(2))), f64x2.mul(n, c64(3)));
  // e^r - 1 = r + r^2 (1/2 + r/6 + r^2 (1/24 + r/120))
  const r2 = f64x2.mul(r, r);
  const q = mad(mad(c64(4), r, c64(5)), r2, mad(c64(6), r, c64(7)));
  const em1 = mad(r2, q, r);
  const k = i64x2.sub(t, magic); // the integer n in the low bits (|n| < 2^51)
  const j = v128.and(k, i64x2.splat(63));
  const tj = f64x2.replace_lane(
    f64x2.splat(load<f64>(EXP2_64THS + (<usize>i64x2.extract_lane(j, 0) << 3))), 1,
    load<f64>(EXP2_64THS + (<usize>i64x2.extract_lane(j, 1) << 3)));
  const m = i64x2.shr_s(k, 6);
  const m1 = i64x2.shr_s(m, 1), m2 = i64x2.sub(m, m1);
  const bias = i64x2.splat(1023);
  const s1 = i64x2.shl(i64x2.add(m1, bias), 52), s2 = i64x2.shl(i64x2.add(m2, bias), 52);
  let y = f64x2.mul(f64x2.mul(mad(tj, em1, tj), s1), s2);
  y = v128.bitselect(f64x2.splat(Infinity), y, f64x2.gt(x, c64(8)));
  y = v128.bitselect(f64x2.splat(0), y, f64x2.lt(x, c64(9)));
  return v128.bitselect(x, y, f64x2.ne(x, x));
}

/** 1 / (1 + e^-x) per f64x2 lane, as sigmoid64 (unary-math.ts): e^-|x| never overflows. */
@inline export function sigmoid2d(x: v128): v128 {
  const e = exp2d(f64x2.neg(f64x2.abs(x)));
  const one = c64(10);
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
  const two = t64(7), one = c64(10);
  const big = f64x2.sub(one, f64x2.div(two, f64x2.add(exp2d(f64x2.mul(two, ax)), one)));
  const s = f64x2.mul(x, x);
  const p = mad(mad(t64(0), s, t64(1)), s, t64(2));
  const q = mad(mad(f64x2.add(s, t64(3)), s, t64(4)), s, t64(5));
  const small = f64x2.add(x, f64x2.mul(f64x2.mul(x, s), f64x2.div(p, q)));
  const signed = v128.or(big, v128.and(x, i64x2.splat(0x8000000000000000))); // big >= 0: copy x's sign
  return v128.bitselect(signed, small, f64x2.gt(ax, t64(6)));
}
