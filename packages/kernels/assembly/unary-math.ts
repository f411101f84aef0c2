// The formula and derivative of every unary op, once per precision: float32 (f32x4 bodies; scalar
// Mathf or float64 per lane where SIMD has no form) and float64 (scalar Math). The elementwise
// kernels of both dtypes, the GEMM epilogues and the convolution store all take them from here, so
// GEMM + activation == GEMM then unary, and a new op is written once. Op codes: op-codes.ts.
import { exp1, exp4, madd, sigmoid4, tanh4 } from './math';
import {
  ABS, CEIL, COS, EXP, EXPM1, FLOOR, GELU, LEAKY_RELU, LOG, LOG1P, NEG, RECIPROCAL, RELU, ROUND, RSQRT, SIGMOID,
  SIGN, SIN, SOFTPLUS, SQRT, SQUARE, TANH, SILU, MISH, ERF, GELU_TANH,
} from './op-codes';

const GELU_C32: f32 = 0.7978845608028654; // sqrt(2/pi)
const GELU_K32: f32 = 0.044715;
const GELU_C: f64 = 0.7978845608028654;
const GELU_K: f64 = 0.044715;

// ---- float32 ----


/** Ops with a SIMD body; the rest run scalar Mathf per lane. */
@inline export function unaryHasSimd(op: i32): bool {
  return op != LOG && op != LOG1P && op != SOFTPLUS && op != EXPM1 && op != SIN && op != COS && op != SIGN && op != ERF;
}

/** tanh(softplus(x)) = n / (n + 2) with n = e^x (e^x + 2); e^x is capped at e^20, past which the ratio is 1 in float32. */
@inline function mishRatio4(x: v128): v128 {
  const e = exp4(f32x4.pmin(x, f32x4.splat(20.0)));
  const n = f32x4.mul(e, f32x4.add(e, f32x4.splat(2.0)));
  return f32x4.div(n, f32x4.add(n, f32x4.splat(2.0)));
}

/** Exact GELU per lane, in float64 (erf has no SIMD form): the elementwise kernel and the GEMM and convolution epilogues all run it. */
function gelu4(x: v128): v128 {
  let y = x;
  y = f32x4.replace_lane(y, 0, <f32>gelu64(<f64>f32x4.extract_lane(x, 0)));
  y = f32x4.replace_lane(y, 1, <f32>gelu64(<f64>f32x4.extract_lane(x, 1)));
  y = f32x4.replace_lane(y, 2, <f32>gelu64(<f64>f32x4.extract_lane(x, 2)));
  return f32x4.replace_lane(y, 3, <f32>gelu64(<f64>f32x4.extract_lane(x, 3)));
}

@inline export function unary4(op: i32, x: v128, alpha: f32): v128 {
  const zero = f32x4.splat(0.0);
  const one = f32x4.splat(1.0);
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case EXP: return exp4(x);
    case SQRT: return f32x4.sqrt(x);
    case RSQRT: return f32x4.div(one, f32x4.sqrt(x));
    case SQUARE: return f32x4.mul(x, x);
    case RELU: return f32x4.pmax(x, zero); // x < 0 ? 0 : x (NaN stays NaN)
    case LEAKY_RELU: return v128.bitselect(f32x4.mul(x, f32x4.splat(alpha)), x, f32x4.lt(x, zero));
    case SIGMOID: return sigmoid4(x);
    case TANH: return tanh4(x);
    case GELU: return gelu4(x);
    case GELU_TANH: {
      const inner = f32x4.mul(f32x4.splat(GELU_C32), madd(f32x4.mul(f32x4.splat(GELU_K32), x), f32x4.mul(x, x), x));
      return f32x4.mul(f32x4.mul(f32x4.splat(0.5), x), f32x4.add(one, tanh4(inner)));
    }
    case RECIPROCAL: return f32x4.div(one, x);
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    case ROUND: return f32x4.nearest(x);
    case SILU: return f32x4.mul(x, sigmoid4(x));
    case MISH: return f32x4.mul(x, mishRatio4(x));
    default: return x;
  }
}

@inline export function unary1(op: i32, x: f32, alpha: f32): f32 {
  switch (op) {
    case SIGN: return x > 0 ? 1.0 : x < 0 ? -1.0 : x; // keeps +-0 and NaN
    case LOG: return Mathf.log(x);
    case LOG1P: return <f32>Math.log1p(<f64>x);
    case SOFTPLUS: { // max(x, 0) + log1p(e^-|x|): no overflow at large |x|
      const m: f32 = x > 0 ? x : 0;
      return m + <f32>Math.log1p(<f64>exp1(-Mathf.abs(x)));
    }
    case EXPM1: return <f32>Math.expm1(<f64>x);
    case SIN: return Mathf.sin(x);
    case COS: return Mathf.cos(x);
    case ERF: return <f32>erf64(<f64>x);
    case GELU: return <f32>gelu64(<f64>x);
    default: return f32x4.extract_lane(unary4(op, f32x4.splat(x), alpha), 0);
  }
}

/** dy f'(x) for unary op `op` in float32, from x and y = f(x); 0 for sign, floor, ceil and round. */
@inline export function unaryGrad1(op: i32, x: f32, y: f32, dy: f32, alpha: f32): f32 {
  switch (op) {
    case NEG: return -dy;
    case ABS: return x > 0 ? dy : x < 0 ? -dy : 0;
    case EXP: return dy * y;
    case LOG: return dy / x;
    case LOG1P: return dy / (1 + x);
    case SQRT: return dy * 0.5 / y;
    case RSQRT: return dy * -0.5 * y * y * y;
    case SQUARE: return dy * 2 * x;
    case RELU: return x > 0 ? dy : 0;
    case LEAKY_RELU: return x > 0 ? dy : dy * alpha;
    case SIGMOID: return dy * y * (1 - y);
    case TANH: return dy * (1 - y * y);
    case GELU: return <f32>geluGrad64(<f64>x, <f64>dy);
    case GELU_TANH: {
      const u = GELU_C32 * (x + GELU_K32 * x * x * x);
      const t = f32x4.extract_lane(tanh4(f32x4.splat(u)), 0);
      const du = GELU_C32 * (1 + 3 * GELU_K32 * x * x);
      return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du);
    }
    case SOFTPLUS: return dy * f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0);
    case RECIPROCAL: return -dy * y * y;
    case EXPM1: return dy * (y + 1);
    case SIN: return dy * Mathf.cos(x);
    case COS: return -dy * Mathf.sin(x);
    case SILU: { // s (1 + x (1 - s))
      const sg = f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0);
      return dy * sg * (1 + x * (1 - sg));
    }
    case MISH: { // t + x (1 - t^2) sigmoid(x), t = tanh(softplus(x))
      const t = f32x4.extract_lane(mishRatio4(f32x4.splat(x)), 0);
      const sg = f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0);
      return dy * (t + x * (1 - t * t) * sg);
    }
    case ERF: return dy * <f32>(TWO_OVER_SQRT_PI * Math.exp(-<f64>x * <f64>x));
    default: return 0; // sign, floor, ceil, round: zero almost everywhere
  }
}

// ---- float64 ----

/** max(x, 0) + log1p(e^-|x|): no overflow at large |x|. */
@inline function softplus64(x: f64): f64 {
  return (x > 0 ? x : 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
}

const TWO_OVER_SQRT_PI: f64 = 1.1283791670955126;

// erfc(z) for z >= 0 by Chebyshev expansion (Numerical Recipes 3rd ed., 6.2.2, Erf::erfccheb: 28
// coefficients, full double precision): erfc(z) = t exp(-z^2 + P(4t - 2)), t = 2 / (2 + z).
const ERFC_COF = memory.data<f64>([
  -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
  3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.303655835580e-6,
  1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10,
  9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15,
  -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
], 16);

function erfcCheb(z: f64): f64 {
  const t = 2.0 / (2.0 + z), ty = 4.0 * t - 2.0;
  let d: f64 = 0, dd: f64 = 0;
  for (let j = 27; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + load<f64>(ERFC_COF + (<usize>j << 3));
    dd = tmp;
  }
  return t * Math.exp(-z * z + 0.5 * (load<f64>(ERFC_COF) + ty * d) - dd);
}

/** erf(x): the Maclaurin series below |x| = 0.5 (no cancellation near 0), 1 - erfc(|x|) above; odd; NaN stays NaN. */
export function erf64(x: f64): f64 {
  const a = Math.abs(x);
  if (a < 0.5) {
    if (x == 0) return x; // keeps -0
    const x2 = x * x;
    let term = x, sum = x;
    for (let k = 1; k < 24; k++) {
      term *= -x2 / <f64>k;
      sum += term / <f64>(2 * k + 1);
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  const c = erfcCheb(a);
  return x > 0 ? 1.0 - c : c - 1.0;
}

const SQRT1_2: f64 = 0.7071067811865476;
const INV_SQRT_2PI: f64 = 0.3989422804014327;

/** Exact GELU, x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)) (PyTorch's default form). */
function gelu64(x: f64): f64 {
  return 0.5 * x * (1.0 + erf64(x * SQRT1_2));
}

/** dy (Phi(x) + x phi(x)): the exact GELU's derivative. */
function geluGrad64(x: f64, dy: f64): f64 {
  return dy * (0.5 * (1.0 + erf64(x * SQRT1_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x));
}

/** 1 / (1 + e^-x), without overflow for large |x|. */
@inline export function sigmoid64(x: f64): f64 {
  if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1.0 + e);
}

/** f(x) for unary op `op` in float64; alpha is leaky relu's slope. Unknown codes pass x through. */
@inline export function unary64(op: i32, x: f64, alpha: f64): f64 {
  switch (op) {
    case NEG: return -x;
    case ABS: return Math.abs(x);
    case SIGN: return x > 0 ? 1.0 : x < 0 ? -1.0 : x; // keeps +-0 and NaN
    case EXP: return Math.exp(x);
    case LOG: return Math.log(x);
    case LOG1P: return Math.log1p(x);
    case SQRT: return Math.sqrt(x);
    case RSQRT: return 1.0 / Math.sqrt(x);
    case SQUARE: return x * x;
    case RELU: return x < 0 ? 0.0 : x;
    case LEAKY_RELU: return x < 0 ? alpha * x : x;
    case SIGMOID: return sigmoid64(x);
    case TANH: return Math.tanh(x);
    case GELU: return gelu64(x);
    case GELU_TANH: return 0.5 * x * (1.0 + Math.tanh(GELU_C * (x + GELU_K * x * x * x)));
    case SOFTPLUS: return softplus64(x);
    case RECIPROCAL: return 1.0 / x;
    case EXPM1: return Math.expm1(x);
    case SIN: return Math.sin(x);
    case COS: return Math.cos(x);
    case FLOOR: return Math.floor(x);
    case CEIL: return Math.ceil(x);
    case ROUND: return nearest<f64>(x); // half to even
    case SILU: return x * sigmoid64(x);
    case MISH: return x * Math.tanh(softplus64(x));
    case ERF: return erf64(x);
    default: return x;
  }
}

/** dy f'(x) for unary op `op`, from x and y = f(x); 0 for ops without a gradient (sign, floor, ceil, round). */
@inline export function unaryGrad64(op: i32, x: f64, y: f64, dy: f64, alpha: f64): f64 {
  switch (op) {
    case NEG: return -dy;
    case ABS: return x > 0 ? dy : x < 0 ? -dy : 0.0;
    case EXP: return dy * y;
    case LOG: return dy / x;
    case LOG1P: return dy / (1.0 + x);
    case SQRT: return dy * 0.5 / y;
    case RSQRT: return dy * -0.5 * y * y * y;
    case SQUARE: return dy * 2.0 * x; // (dy * 2) * x: the f64x2 body rounds the same way
    case RELU: return x > 0 ? dy : 0.0;
    case LEAKY_RELU: return x > 0 ? dy : dy * alpha;
    case SIGMOID: return dy * y * (1.0 - y);
    case TANH: return dy * (1.0 - y * y);
    case GELU: return geluGrad64(x, dy);
    case GELU_TANH: {
      const t = Math.tanh(GELU_C * (x + GELU_K * x * x * x));
      return dy * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_K * x * x));
    }
    case SOFTPLUS: return dy * sigmoid64(x);
    case RECIPROCAL: return -dy * y * y;
    case EXPM1: return dy * (y + 1.0);
    case SIN: return dy * Math.cos(x);
    case COS: return -dy * Math.sin(x);
    case SILU: {
      const sg = sigmoid64(x);
      return dy * sg * (1.0 + x * (1.0 - sg));
    }
    case MISH: {
      const t = Math.tanh(softplus64(x));
      return dy * (t + x * (1.0 - t * t) * sigmoid64(x));
    }
    case ERF: return dy * TWO_OVER_SQRT_PI * Math.exp(-x * x);
    default: return 0.0;
  }
}
