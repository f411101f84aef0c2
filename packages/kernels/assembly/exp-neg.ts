// e^d for d <= 0: the exponential of max-subtracted logits, shared by softmax.ts and reduce-rows.ts.
import { madd, nmadd } from './math';

// 1.5 * 2^23 + 127: adding it rounds to an integer n held in the low mantissa bits already biased
// by 127, so shifting the bits left by 23 gives 2^n directly (n in [-126, 0] here).
const ROUND_MAGIC_BIASED: f32 = 12583039.0;
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375; // Cody-Waite split of ln 2 (Cephes expf)
const LN2_LO: f32 = -2.12194440e-4;
const EXP_LO: f32 = -87.33654475055310;
// exp(r) ~ 1 + r (C1 + r (C2 + r (C3 + r (C4 + r C5)))) on |r| <= ln2/2: minimax of the relative
// error (Lawson's algorithm, fitted for these kernels), 1.1e-7 in f64, ~3 ulp (1.9e-7) after f32 rounding.
const C1: f32 = 0.9999998211860657;
const C2: f32 = 0.49999096989631653;
const C3: f32 = 0.16667281091213226;
const C4: f32 = 0.041904106736183167;
const C5: f32 = 0.008313753642141819;

/**
 * e^d for d <= 0 (or NaN), the hot exp of softmax, cross-entropy and log-sum-exp (d = x - max):
 * range reduction as math.ts's exp4 but a degree-5 polynomial and a pre-biased exponent (21 vector ops instead of 27 without FMA). No
 * overflow branch (d <= 0); underflow is one clamp (pmax keeps NaN): e^d for d < -87.3 gives
 * e^-87.3 ~ 1.2e-38 instead of 0, below every tolerance of a probability.
 */
@inline export function expNeg4(d: v128): v128 {
  const x = f32x4.pmax(d, f32x4.splat(EXP_LO)); // d < lo ? lo : d
  const t = madd(x, f32x4.splat(LOG2E), f32x4.splat(ROUND_MAGIC_BIASED));
  const n = f32x4.sub(t, f32x4.splat(ROUND_MAGIC_BIASED));
  let r = nmadd(n, f32x4.splat(LN2_HI), x);
  r = nmadd(n, f32x4.splat(LN2_LO), r);
  let p = madd(f32x4.splat(C5), r, f32x4.splat(C4));
  p = madd(p, r, f32x4.splat(C3));
  p = madd(p, r, f32x4.splat(C2));
  p = madd(p, r, f32x4.splat(C1));
  p = madd(p, r, f32x4.splat(1.0));
  return f32x4.mul(p, i32x4.shl(t, 23));
}

@inline export function expNeg1(d: f32): f32 {
  return f32x4.extract_lane(expNeg4(f32x4.splat(d)), 0);
}
